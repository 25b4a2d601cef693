"""Tenancy attack 38's probes that held, kept as tests (no hole found in these classes).

* A form field that names a group (a pack's group, a name list's or client list's group,
  an upload's group, and the group a file's own front matter or JSONL line names) answers
  a closed group the caller has no role in as a group never made: status, redirect and
  body, for a moderator of another group, a member of a closed group, a researcher and an
  admin of nothing. test_filter_values.py asks the same of query-string filters only; a
  form's refusal that checked "does this group exist" before "may you act in it" would
  have told an outsider a closed group's name ("Deze groep bestaat niet" against "Kies
  een groep waarvan u moderator bent"). Nothing is stored for either.
* An admin without a role in a closed group who switches its pseudonymisation on (the
  admin's group page) learns nothing from the status page about whether the group's
  documents name clients: the switch writes every document of the group again (the
  class of test_admin_client_names_status.py: the effect of a change on documents the
  caller may not read, observed through the store-wide record of the last theme run),
  so the run counts the group's passages, which the page already shows per group,
  whether or not its documents named someone.

Each passes on 54712dc, on SQLite and PostgreSQL (PRAKTIJKGEHEUGEN_TEST_BACKEND=postgresql).
"""
from __future__ import annotations

import json
import re
from urllib.parse import quote, quote_plus

import pytest

import search.themes as themes
from access_world import form_csrf
from security_world import add_closed_document

CLOSED, NEVER = "PG Oost", "PG Nergens"


def _normal(response, group: str) -> tuple[int, str, str]:
    """Status, redirect and body with the group's name (in every spelling a page writes
    it) and the CSRF token replaced."""
    text = re.sub(r'(name="csrf" value=")[^"]+', r"\1C", response.text)
    location = response.headers.get("location", "")
    for shown in (group, quote(group), quote_plus(group)):
        text, location = text.replace(shown, "GROEP"), location.replace(shown, "GROEP")
    return response.status_code, location, text


def _group_forms(client, csrf: str, group: str) -> dict[str, tuple]:
    headers = {"accept": "application/json", "x-csrf-token": csrf}
    file = [("files", ("verslag.md", b"De buren in de wijk spraken over de thuiszorg.", "text/markdown"))]
    asks = {
        "pack": lambda: client.post("/api/packs", data={"naam": "Sessie", "groep": group, "csrf": csrf}),
        "pack page": lambda: client.post("/pakketten", data={"naam": "Sessie", "groep": group, "csrf": csrf}),
        "names": lambda: client.post("/groep/namen", data={"groep": group, "soort": "keep",
                                                            "namen": "Buurthuis De Linde", "csrf": csrf}),
        "names json": lambda: client.post("/api/groep/namen", headers=headers, data={
            "groep": group, "soort": "member", "namen": "Anna Lid", "csrf": csrf}),
        "clients": lambda: client.post("/groep/clientnamen", data={"groep": group, "namen": "Quilbert", "csrf": csrf}),
        "clients json": lambda: client.post("/api/groep/clientnamen", headers=headers,
                                            data={"groep": group, "namen": "Quilbert", "csrf": csrf}),
        "upload": lambda: client.post("/api/upload", data={"community": group, "csrf": csrf}, files=file),
        "upload page": lambda: client.post("/upload", data={"community": group, "csrf": csrf}, files=file),
        "names page": lambda: client.get(f"/groep/namen?groep={quote(group)}"),
        "names page json": lambda: client.get(f"/api/groep/namen?groep={quote(group)}"),
    }
    return {label: _normal(ask(), group) for label, ask in asks.items()}


@pytest.mark.parametrize("name", ["mod-zuid", "lid-noord", "onderzoeker", "beheerder"])
def test_a_form_naming_a_closed_group_answers_as_one_never_made(world, name):
    client = world.client(name)
    csrf = form_csrf(client, "/beheer" if name == "beheerder" else "/pakketten")
    before = {d.doc_id for d in world.store.catalogue.list_documents()}
    closed, never = _group_forms(client, csrf, CLOSED), _group_forms(client, csrf, NEVER)
    assert [label for label in closed if closed[label] != never[label]] == []
    assert all(status in (303, 400, 403, 404, 422) for status, *_ in closed.values()), closed
    assert {d.doc_id for d in world.store.catalogue.list_documents()} == before
    assert world.store.packs.all(None) == []
    assert world.store.accounts.community_names(CLOSED, "member") == []
    assert world.store.clients.client_name_count(CLOSED) == 0


def _upload_naming(client, group: str, form_group: str) -> dict[str, tuple]:
    front = f'---\ntitle: Verslag\ncommunity: "{group}"\n---\nDe buren in de wijk spraken over de thuiszorg.\n'
    line = json.dumps({"id": "verslag-1", "community": group, "title": "Verslag",
                       "text": "De buren in de wijk spraken over de thuiszorg."})
    answers = {}
    for label, name, body in (("front matter", "verslag.md", front), ("jsonl", "verslag.jsonl", line)):
        data = {"csrf": form_csrf(client, "/upload"), **({"community": form_group} if form_group else {})}
        answers[label] = _normal(client.post("/api/upload", data=data, files=[
            ("files", (name, body.encode(), "application/octet-stream"))]), group)
    return answers


@pytest.mark.parametrize("form_group", ["Wijkteam Zuid", ""], ids=["form names own group", "form names none"])
def test_a_file_naming_a_closed_group_is_refused_as_one_naming_a_group_never_made(world, form_group):
    client = world.client("mod-zuid")
    before = {d.doc_id for d in world.store.catalogue.list_documents()}
    assert _upload_naming(client, CLOSED, form_group) == _upload_naming(client, NEVER, form_group)
    assert {d.doc_id for d in world.store.catalogue.list_documents()} == before


def _switch_on(admin, group: str) -> tuple[int, dict]:
    """The admin switches `group`'s pseudonymisation on; (what the last theme run counted,
    the group's passages as the status page shows them)."""
    response = admin.post("/beheer/groep/instellingen", data={
        "csrf": form_csrf(admin, "/beheer"), "naam": group, "delen": "closed", "pseudonimiseren": "1"},
        follow_redirects=False)
    assert response.status_code == 303, response.text
    themes.wait_for_tagging(admin.app.state.runtime.store, 60)
    status = admin.get("/api/status").json()
    passages = next(c["chunks"] for c in status["communities"] if c["name"] == group)
    return status["runs"]["themes"]["detail"]["passages"], passages


def test_switching_a_closed_groups_pseudonymisation_on_tells_its_admin_nothing_new(world, tmp_path):
    """PG Noord's documents name a client the rules find, PG Oost's do not; both had
    pseudonymisation off. The admin, with no role in either, reads the same on the status
    page after switching each on: the theme run counted the group's passages."""
    add_closed_document(world, tmp_path / "docs", "noord/huisbezoek.md",
                        "Huisbezoek bij mevrouw Quilbertha Wintermans. Mevrouw Wintermans woont alleen.")
    themes.tag_now(world.store, world.app.state.runtime.embedder, world.data_dir)   # nothing left to tag
    admin = world.client("beheerder")
    for group in ("PG Oost", "PG Noord"):
        counted, passages = _switch_on(admin, group)
        assert counted == passages, group
    text = world.store.catalogue.get_document("huisbezoek.md").text
    assert "Wintermans" not in text   # the switch did pseudonymise PG Noord's documents
