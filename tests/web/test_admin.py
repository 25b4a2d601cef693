"""Moderators delete documents and set their sharing from the web, upload only
into their own communities; admins see users, communities and the audit log
(which never holds query texts); the CLI set-up of a new network, tried as a
new admin and three new users would."""
from __future__ import annotations

from urllib.parse import quote

from access_world import app_for, form_csrf, log_in, password

PHRASE_URLS = ["/?q=nachtvlinder&mode={}", "/api/search?q=nachtvlinder&mode={}", "/api/who?q=nachtvlinder&mode={}"]


def test_moderator_deletes_a_document_and_nothing_of_it_can_be_found(app):
    moderator = log_in(app, "mod-zuid")
    page = moderator.get("/documenten/zuid/dicht.md").text
    assert 'href="/verwijderen/zuid/dicht.md"' in page
    confirm = moderator.get("/verwijderen/zuid/dicht.md")
    assert confirm.status_code == 200 and "definitief verwijderen" in confirm.text
    done = moderator.post("/verwijderen/zuid/dicht.md", data={"csrf": form_csrf(moderator)})
    assert done.status_code == 200 and "volledig verwijderd" in done.text
    for reader in (moderator, log_in(app, "onderzoeker")):
        for url in [u.format(mode) for u in PHRASE_URLS for mode in ("hybrid", "dense", "lexical")]:
            assert "boterbloem" not in reader.get(url).text and "kanarie-eend" not in reader.get(url).text, url
        for url in ("/documenten/zuid/dicht.md", "/api/documents/zuid/dicht.md", "/api/documents/zuid/dicht.md/related"):
            assert reader.get(url).status_code == 404
        assert "boterbloem" not in reader.get("/bladeren/Wijkteam%20Zuid/2023-2024").text
    store = app.state.runtime.store
    assert store.catalogue.get_document("zuid/dicht.md") is None
    assert ("mod-zuid", "verwijderd", store.traces.label("zuid/dicht.md")) in [entry[1:] for entry in store.accounts.audit_log()]
    assert not [entry for entry in store.accounts.audit_log() if "dicht" in (entry[3] or "")]


def test_only_moderators_of_the_community_may_delete_or_change_sharing(app):
    for name in ("onderzoeker", "mod-oost"):   # both see zuid/open.md, neither moderates Zuid
        reader = log_in(app, name)
        assert "/verwijderen/" not in reader.get("/documenten/zuid/open.md").text
        assert reader.get("/verwijderen/zuid/open.md").status_code == 403
        token = form_csrf(reader)
        assert reader.post("/verwijderen/zuid/open.md", data={"csrf": token}).status_code == 403
        assert reader.post("/delen/zuid/open.md", data={"csrf": token, "sharing": "closed"}).status_code == 403
    assert app.state.runtime.store.catalogue.get_document("zuid/open.md") is not None


def test_moderator_overrides_sharing_per_document(app):
    moderator, outsider = log_in(app, "mod-zuid"), log_in(app, "lid-noord")
    assert outsider.get("/api/documents/zuid/open.md").status_code == 200
    response = moderator.post("/delen/zuid/open.md", data={"csrf": form_csrf(moderator), "sharing": "closed"},
                              follow_redirects=False)
    location = response.headers["location"]
    assert response.status_code == 303 and location == "/documenten/zuid/open.md?zichtbaarheid_bewaard=1#moderatie"
    assert "Zichtbaarheid bewaard: alleen voor de eigen groep." in moderator.get(location).text   # said, not guessed
    assert outsider.get("/api/documents/zuid/open.md").status_code == 404
    assert "dotterbloem" not in outsider.get("/?q=zandloper").text
    assert 'value="closed" selected' in moderator.get("/documenten/zuid/open.md").text
    page = moderator.post("/delen/zuid/open.md", data={"csrf": form_csrf(moderator), "sharing": ""}).text
    assert "Zichtbaarheid bewaard: zoals de groep (gedeeld met het netwerk)." in page
    assert outsider.get("/api/documents/zuid/open.md").status_code == 200   # follows the community again
    assert moderator.post("/delen/zuid/open.md", data={"csrf": form_csrf(moderator), "sharing": "x"}).status_code == 422


def test_moderators_upload_only_into_their_own_communities(app):
    moderator = log_in(app, "mod-zuid")
    token = form_csrf(moderator)
    note = ("notitie.md", "Verslag over de ransuil in de wijk.".encode(), "text/markdown")
    refused = moderator.post("/upload", data={"community": "PG Noord", "csrf": token}, files=[("files", note)])
    assert refused.status_code == 400 and "moderator" in refused.text
    smuggled = ("smokkel.md", '---\ncommunity: "PG Oost"\n---\nVerslag over de ransuil.\n'.encode(), "text/markdown")
    report = moderator.post("/upload", data={"community": "Wijkteam Zuid", "csrf": token},
                            files=[("files", note), ("files", smuggled)])
    assert report.status_code == 200 and "geen moderator" in report.text
    store = app.state.runtime.store
    assert store.catalogue.get_document("Wijkteam Zuid/notitie.md").meta.community == "Wijkteam Zuid"
    assert store.catalogue.get_document("smokkel.md") is None and store.catalogue.get_document("PG Oost/smokkel.md") is None
    assert log_in(app, "lid-noord").get("/upload").status_code == 403


def test_a_refused_upload_form_says_to_choose_the_files_again_and_one_group_is_filled_in(app):
    """Walking a moderator's first upload: the group left empty refuses the form; the page
    says nothing was processed and the files must be chosen again (a browser keeps no file
    input), what was typed stays. A moderator of one group finds it filled in."""
    moderator = log_in(app, "mod-zuid")
    assert 'id="f-community" name="community" type="text" value="Wijkteam Zuid"' in moderator.get("/upload").text
    notes = [("files", (f"notitie-{n}.md", b"Verslag over de ransuil.", "text/markdown")) for n in (1, 2)]
    page = moderator.post("/upload", data={"community": "", "cycle": "2023-2024", "csrf": form_csrf(moderator)},
                          files=notes)
    assert page.status_code == 400 and "Kies een groep waarvan u moderator bent" in page.text
    assert "Er is niets verwerkt. Kies daarna de 2 bestanden opnieuw" in page.text and 'value="2023-2024"' in page.text
    assert app.state.runtime.store.catalogue.get_document("Wijkteam Zuid/notitie-1.md") is None
    page = moderator.post("/upload", data={"community": "", "csrf": form_csrf(moderator)}, files=notes[:1])
    assert "Kies daarna het bestand opnieuw" in page.text   # not 'de 1 bestand'


def test_api_upload_with_a_token_needs_no_csrf_token_and_a_revoked_role_counts_at_once(app):
    from fastapi.testclient import TestClient

    store = app.state.runtime.store
    api = TestClient(app, headers={"Authorization": f"Bearer {store.accounts.create_token('mod-zuid')}"})
    note = ("api.md", "Verslag over de ransuil.".encode(), "text/markdown")
    response = api.post("/api/upload", data={"community": "Wijkteam Zuid"}, files=[("files", note)])
    assert response.status_code == 200 and response.json()["files"][0]["status"] == "ingested"
    reader = log_in(app, "lid-noord")
    assert reader.get("/api/documents/noord/geheim.md").status_code == 200
    store.accounts.revoke("lid-noord", "PG Noord")
    assert reader.get("/api/documents/noord/geheim.md").status_code == 404


def test_admin_sees_users_communities_and_the_audit_log(app):
    reader = log_in(app, "lid-noord")
    reader.get("/?q=zilverreiger+meneer+Peeters")
    reader.get("/documenten/noord/geheim.md")
    moderator = log_in(app, "mod-zuid")   # packs are a moderator's
    made = moderator.post("/api/packs", data={"naam": "Sessie 1", "groep": "Wijkteam Zuid", "csrf": form_csrf(moderator)})
    assert moderator.get(f"/pakketten/{made.json()['id']}/export.md").status_code == 200
    assert log_in(app, "onderzoeker").get("/themas/export.csv?wat=passages").status_code == 200
    admin = log_in(app, "beheerder")
    overview = admin.get("/beheer").text
    assert "onderzoeker in PG Noord" in overview and ">beheerder</a> (beheerder)" in overview and "gesloten" in overview
    audit = admin.get("/beheer/audit")
    assert audit.status_code == 200 and "noord/geheim.md" in audit.text and "bekeken" in audit.text
    assert "pakket geëxporteerd" in audit.text and "ingelogd" in audit.text
    assert "thema&#39;s geëxporteerd (passages, csv)" in audit.text
    logged = " ".join(str(part) for entry in app.state.runtime.store.accounts.audit_log() for part in entry)
    assert "zilverreiger" not in logged and "Peeters" not in logged   # never what anyone searched for
    for name in ("lid-noord", "mod-zuid", "onderzoeker"):
        assert log_in(app, name).get("/beheer/audit").status_code == 403
    assert "Beheer" in admin.get("/").text and ">Beheer<" not in reader.get("/").text


def test_the_audit_log_has_a_json_twin_for_admins_only(app):
    """/beheer/audit had no JSON twin, unlike /beheer, /beheer/gebruiker, /beheer/groep and
    /status: a script that watches for `rol gegeven` in a closed group had to scrape HTML."""
    reader = log_in(app, "lid-noord")
    reader.get("/documenten/noord/geheim.md")
    admin = log_in(app, "beheerder")
    answer = admin.get("/api/beheer/audit?limit=3")
    assert answer.status_code == 200 and answer.json()["limit"] == 3
    entries = answer.json()["entries"]
    assert len(entries) == 3 and entries[0]["actor"] == "beheerder" and entries[0]["action"] == "ingelogd"
    assert {"at", "actor", "by_owner", "action", "tekst", "target", "address"} == set(entries[0])
    assert any(e["action"] == "bekeken" and e["target"] == "noord/geheim.md"
               for e in admin.get("/api/beheer/audit").json()["entries"])
    assert admin.get("/api/beheer/audit?limit=0").status_code == 422
    for name in ("lid-noord", "mod-zuid", "onderzoeker"):
        assert log_in(app, name).get("/api/beheer/audit").status_code == 403


# --- the CLI, as a new admin would use it --------------------------------------
# (the `cli` fixture is in tests/conftest.py)


def _write(folder, name: str, community: str, word: str, author: str) -> None:
    (folder / name).write_text(f"""---
title: "Verslag {word}"
community: "{community}"
cycle: "2024-2025"
authors: ["{author}"]
---
De groep sprak over de {word} en over eenzaamheid in de buurt.
""", "utf-8")


def test_new_network_set_up_from_the_cli(cli, store, tmp_path, fake_embedder):
    """Two communities and three users made with the CLI; each sees exactly what they should.
    The `store` fixture is on the CLI's own settings, so its database (SQLite file or
    PostgreSQL schema) is the one the commands write to."""
    import ingest

    assert cli("communities", "add", "PG Brugge", "--closed", "--no-pseudonymise")[0] == 0
    assert cli("communities", "add", "Wijkteam Gent", "--no-pseudonymise")[0] == 0   # shared: the default
    for name, extra in (("els", ()), ("karim", ()), ("beheer", ("--admin",))):
        assert cli("users", "add", name, "--password-stdin", *extra, stdin=password(name) + "\n")[0] == 0
    assert cli("users", "grant", "els", "--community", "PG Brugge", "--role", "moderator")[0] == 0
    assert cli("users", "grant", "karim", "--community", "Wijkteam Gent", "--role", "lid")[0] == 0
    folder = tmp_path / "docs"
    folder.mkdir()
    _write(folder, "brugge.md", "PG Brugge", "reigerbos", "Els Maes")
    _write(folder, "gent.md", "Wijkteam Gent", "kraanvogel", "Karim Haddou")
    ingest.ingest_paths(store, fake_embedder, [folder])
    app = app_for(store, fake_embedder)
    seen = {}
    for name in ("els", "karim", "beheer"):
        client = log_in(app, name)
        seen[name] = {d["doc_id"] for d in client.get("/api/documents").json()["documents"]}
        page = client.get("/?q=eenzaamheid+buurt").text
        assert ("reigerbos" in page) == (name == "els") and ("kraanvogel" in page) == (name != "beheer"), name
    # An admin without a role in any community reads nothing, shared material included.
    assert seen == {"els": {"brugge.md", "gent.md"}, "karim": {"gent.md"}, "beheer": set()}
    assert log_in(app, "els").get("/verwijderen/brugge.md").status_code == 200
    assert log_in(app, "karim").get("/upload").status_code == 403
    assert log_in(app, "beheer").get("/beheer").status_code == 200


def test_deleting_a_user_can_remove_their_authorship(cli, store, tmp_path, fake_embedder):
    import ingest

    cli("communities", "add", "Wijkteam Gent", "--no-pseudonymise")
    folder = tmp_path / "docs"
    folder.mkdir()
    _write(folder, "gent.md", "Wijkteam Gent", "kraanvogel", "Karim Haddou")
    ingest.ingest_paths(store, fake_embedder, [folder])
    for name in ("Karim Haddou", "els"):
        cli("users", "add", name, stdin=password(name) + "\n")
    assert cli("users", "grant", "Karim Haddou", "--community", "Wijkteam Gent", "--role", "lid")[0] == 0
    assert cli("users", "delete", "els")[0] == 0
    code, out, _ = cli("users", "delete", "Karim Haddou", "--remove-authorship")
    assert code == 0 and "removed from 1 document(s) of their communities" in out
    assert store.accounts.users() == [] and store.catalogue.get_document("gent.md").meta.authors == []
    assert "Karim Haddou" not in store.catalogue.facets()["authors"]
    assert cli("users", "delete", "niemand")[0] == 2


def test_a_closed_document_is_not_found_by_a_quoted_id(app):
    """Ids with odd characters are compared exactly: no way around the check by encoding."""
    outsider = log_in(app, "lid-noord")
    for variant in ("oost/geheim.md", "oost//geheim.md", "./oost/geheim.md", "OOST/GEHEIM.MD", "oost/geheim.md%00"):
        assert outsider.get(f"/api/documents/{quote(variant, safe='/')}").status_code == 404, variant
