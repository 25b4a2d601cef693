"""The status page (`/status`, `/api/status`) and `praktijkgeheugen status` (issue #17):
the same facts from one function (store.health.report), for admins only. Attacked as
a moderator of another group, a member, a researcher, an account without a role, an
API token of a non-admin, a logged-out visitor and a form without its CSRF token:
none of them learns a closed group's counts."""
from __future__ import annotations

import json
import re

import pytest
from fastapi.testclient import TestClient

from access_world import EAST, NORTH, SOUTH, USERS, app_for, form_csrf, log_in

NON_ADMINS = [name for name, (admin, _) in USERS.items() if not admin]


def _counts(answer: dict) -> dict:
    return {c["name"]: (c["documents"], c["sharing"]) for c in answer["communities"]}


def _break_lexical_index(store) -> None:
    """A chunk of a ready document loses its lexical row: what `check` must find."""
    with store.db.transaction() as conn:
        conn.execute("DELETE FROM chunks_fts WHERE rowid = (SELECT MIN(id) FROM chunks)")


def test_an_admin_sees_every_community_and_the_last_ingest(app):
    admin = log_in(app, "beheerder")
    answer = admin.get("/api/status").json()
    assert _counts(answer) == {NORTH: (2, "closed"), EAST: (1, "closed"), SOUTH: (2, "shared")}
    assert answer["totals"]["documents"] == 5
    assert sum(c["chunks"] for c in answer["communities"]) == answer["totals"]["chunks"] > 0
    ingest = answer["runs"]["ingest"]
    assert ingest["ok"] and ingest["detail"]["ingested"] == 5 and ingest["detail"]["failed"] == 0
    assert answer["schema"]["data_dir"] == answer["schema"]["code"]
    assert answer["model"] == {"configured": "fake-embedder", "index": "fake-embedder", "matches": True}
    database = "chroma" if app.state.runtime.store.settings.database_url else "praktijkgeheugen.sqlite3"   # PostgreSQL: the server's
    assert answer["disk"]["bytes"] > 0 and database in answer["disk"]["parts"]
    page = admin.get("/status")
    assert page.status_code == 200
    for community in (NORTH, EAST, SOUTH):
        assert community in page.text
    assert "Laatste invoer" in page.text and "gelukt" in page.text
    assert re.search(r"gebruikt \d+,\d (MB|GB); er is nog \d+,\d (MB|GB) vrij", page.text)
    assert 'href="/status"' in admin.get("/beheer").text


def test_watched_folders_show_their_last_pass(app):
    store = app.state.runtime.store
    good, bad = store.watch.folder_id("/srv/verslagen/zuid", SOUTH), store.watch.folder_id("/srv/verslagen/oost", EAST)
    store.watch.finish_pass(good)
    store.watch.finish_pass(bad, "PermissionError: /srv/verslagen/oost")
    admin = log_in(app, "beheerder")
    watched = {w["folder"]: w for w in admin.get("/api/status").json()["watched"]}
    assert watched["/srv/verslagen/zuid"]["ok"] and watched["/srv/verslagen/zuid"]["last_pass"]
    assert watched["/srv/verslagen/oost"]["ok"] is False
    page = admin.get("/status").text
    assert "Bewaakte map /srv/verslagen/oost" in page and "mislukt" in page


def test_the_check_runs_on_demand_and_its_result_is_kept_with_its_time(app):
    admin = log_in(app, "beheerder")
    assert admin.get("/api/status").json()["check"] is None
    assert "nog niet uitgevoerd" in admin.get("/status").text
    done = admin.post("/status/controleren", data={"csrf": form_csrf(admin, "/status")}, follow_redirects=False)
    assert done.status_code == 303 and done.headers["location"] == "/status?melding=gecontroleerd"
    check = admin.get("/api/status").json()["check"]
    assert check["ok"] and check["at"] and check["fresh"] is False
    _break_lexical_index(app.state.runtime.store)
    assert admin.get("/api/status").json()["check"]["ok"]   # a GET shows the kept result: it does not run the check
    again = admin.post("/api/status/check", headers={"x-csrf-token": form_csrf(admin, "/status")}).json()
    assert again["check"]["ok"] is False and again["check"]["found"]["missing_lexical"] == 1 and again["ok"] is False
    page = admin.get("/status").text
    assert "Er zijn verschillen gevonden" in page and "passages zonder trefwoordindex: 1" in page
    assert ("beheerder", "consistentiecontrole uitgevoerd", None) in \
        [entry[1:] for entry in app.state.runtime.store.accounts.audit_log()]


def test_the_check_button_needs_the_forms_csrf_token(app):
    admin = log_in(app, "beheerder")
    assert admin.post("/status/controleren", data={"csrf": "verkeerd"}).status_code == 403
    assert admin.post("/api/status/check").status_code == 403
    assert admin.get("/api/status").json()["check"] is None


@pytest.mark.parametrize("name", NON_ADMINS)
def test_no_one_but_an_admin_sees_the_status(app, name):
    """Moderators of other groups, members, researchers and accounts without a role are
    refused, by session and by API token, and the refusal tells nothing of the counts."""
    store = app.state.runtime.store
    client = log_in(app, name)
    token = TestClient(app, headers={"Authorization": f"Bearer {store.accounts.create_token(name)}"})
    for caller in (client, token):
        for answer in (caller.get("/status"), caller.get("/api/status"),
                       caller.post("/api/status/check", headers={"x-csrf-token": form_csrf(client)})):
            assert answer.status_code == 403, (name, answer.request.url)
            assert "documents" not in answer.text and EAST not in answer.text
    refused = client.post("/status/controleren", data={"csrf": form_csrf(client)})
    assert refused.status_code == 403
    assert store.health.last("check") is None


def test_a_visitor_is_sent_to_the_login(app):
    visitor = TestClient(app)
    page = visitor.get("/status", follow_redirects=False)
    assert page.status_code == 303 and page.headers["location"].startswith("/inloggen")
    assert visitor.get("/api/status").status_code == 401
    assert visitor.post("/api/status/check").status_code in (401, 403)


def test_an_admins_api_token_sees_it(app):
    store = app.state.runtime.store
    api = TestClient(app, headers={"Authorization": f"Bearer {store.accounts.create_token('beheerder')}"})
    assert api.post("/api/status/check").json()["check"]["ok"] is True
    assert _counts(api.get("/api/status").json())[EAST] == (1, "closed")


# --- the command ----------------------------------------------------------------------
def test_the_command_shows_the_same_facts_and_fails_when_the_check_does(access_store, fake_embedder, cli):
    store = access_store
    code, out, _ = cli("status", "--json")
    assert code == 0, out
    answer = json.loads(out)
    web = app_for(store, fake_embedder)
    via_web = log_in(web, "beheerder").get("/api/status").json()
    assert set(answer) == set(via_web) and _counts(answer) == _counts(via_web)
    assert answer["check"]["ok"] and answer["check"]["fresh"] is True
    code, out, _ = cli("status")
    assert code == 0 and f"{EAST}: 1 documents" in out and "check        ok" in out
    _break_lexical_index(store)
    code, out, _ = cli("status")
    assert code == 1 and "PROBLEMS: missing_lexical=1" in out
    assert store.health.last("check").ok is False   # the page shows what the command found


def test_the_command_refuses_a_data_dir_that_does_not_exist(cli, tmp_path):
    code, _, err = cli("status", "--data-dir", str(tmp_path / "typo"))
    assert code == 2 and "no data dir" in err
    assert not (tmp_path / "typo").exists()


def test_a_backup_and_a_failed_ingest_are_recorded(access_store, fake_embedder, tmp_path, cli):
    import ingest

    store = access_store
    assert store.health.last("backup") is None
    code, _, _ = cli("backup", str(tmp_path / "kopie.tar.gz"))
    assert code == 0
    backup = store.health.last("backup")
    assert backup.ok and backup.detail["documents"] == 5 and backup.detail["bytes"] > 0
    bad = tmp_path / "kapot" / "leeg.md"
    bad.parent.mkdir()
    bad.write_text("---\ntitle: [onaf\n---\n", "utf-8")
    report = ingest.ingest_paths(store, fake_embedder, [bad])
    assert report.failed
    run = store.health.last("ingest")
    assert run.ok is False and run.detail["failed"] == 1
    assert "leeg.md" not in json.dumps(run.detail)   # counts only: no file or document name is kept


def test_an_ingest_that_stops_is_recorded_as_failed(access_store, tmp_path):
    """An error that ends the whole run (here another model than the index's) is recorded, then raised."""
    import ingest
    from fakes import FakeEmbedder
    from store import ModelMismatchError

    store = access_store
    other = FakeEmbedder()
    other.name = "een-ander-model"
    with pytest.raises(ModelMismatchError):
        ingest.ingest_paths(store, other, [tmp_path / "docs"])
    run = store.health.last("ingest")
    assert run.ok is False and run.detail["error"] == "ModelMismatchError"
