"""Tenancy round 27, item 1: rights are checked again under the writer lock.

A request checks its caller's rights when it starts and then waits for the writer lock
(held here by the test, as a long upload or `ingest --move` would hold it). While it
waits the caller loses the right (a moderator's role revoked, an admin's flag taken
away) or the document moves to another group; when the lock comes free the request
must write nothing and say why, in Dutch (store._rights). Before, every one of these
wrote. Runs on PostgreSQL too (PRAKTIJKGEHEUGEN_TEST_BACKEND=postgresql).
"""
from __future__ import annotations

import threading

import pytest

import ingest
import search.themes
from access_world import BY_ID, EAST, SOUTH, form_csrf
from fakes import FakeEmbedder

REFUSAL = "Uw rechten zijn gewijzigd terwijl uw verzoek wachtte"


def _while_waiting(world, monkeypatch, send, change):
    """Hold the writer lock, start `send()` (a request) in a thread, wait until it asks
    for the lock, `change()` the rights, let go; the request's response."""
    search.themes.wait_for_tagging()   # no background writer asks for the lock meanwhile
    main, asked = threading.get_ident(), threading.Event()
    acquire = world.store.lock._acquire

    def spy(timeout):
        if threading.get_ident() != main:
            asked.set()
        return acquire(timeout)

    monkeypatch.setattr(world.store.lock, "_acquire", spy)
    answer: list = []
    thread = threading.Thread(target=lambda: answer.append(send()))
    with world.store.writer():
        thread.start()
        assert asked.wait(120), "the request never asked for the writer lock"
        change()
    thread.join(300)
    assert answer, "the request did not finish"
    return answer[0]


def _refused(response) -> None:
    assert response.status_code == 409, response.text
    assert REFUSAL in response.text


def _revoke_south(world):
    return lambda: world.store.accounts.revoke("mod-zuid", SOUTH)


def test_an_upload_by_a_moderator_removed_meanwhile_writes_nothing(world, monkeypatch):
    mod = world.client("mod-zuid")
    csrf = form_csrf(mod, "/upload")
    before = {d.doc_id for d in world.store.catalogue.list_documents()}
    response = _while_waiting(world, monkeypatch, lambda: mod.post(
        "/api/upload", data={"community": SOUTH, "csrf": csrf},
        files=[("files", ("laat.md", b"Een verslag over de fuut in de wijk.\n", "text/markdown"))]),
        _revoke_south(world))
    _refused(response)
    assert {d.doc_id for d in world.store.catalogue.list_documents()} == before
    assert world.files() == {}
    assert not [e for e in world.store.accounts.audit_log() if e[2] == "geüpload"]


def test_a_delete_by_a_moderator_removed_meanwhile_deletes_nothing(world, monkeypatch):
    mod = world.client("mod-zuid")
    csrf = form_csrf(mod, "/verwijderen/zuid/open.md")
    response = _while_waiting(world, monkeypatch, lambda: mod.post("/verwijderen/zuid/open.md", data={"csrf": csrf}),
                              _revoke_south(world))
    _refused(response)
    assert world.store.catalogue.get_document("zuid/open.md") is not None


def test_a_sharing_change_on_a_document_moved_meanwhile_changes_nothing(world, monkeypatch, tmp_path):
    mod = world.client("mod-zuid")
    csrf = form_csrf(mod, "/documenten/zuid/open.md")

    def move():   # ingest --move: the document is PG Oost's (closed) now
        path = tmp_path / "verhuis" / "zuid" / "open.md"
        path.parent.mkdir(parents=True)
        path.write_text(BY_ID["zuid/open.md"].text().replace(SOUTH, EAST), "utf-8")
        report = ingest.ingest_paths(world.store, FakeEmbedder(), [tmp_path / "verhuis"],
                                     scope=ingest.Scope(move=True))
        assert [o.status for o in report.outcomes] == ["replaced"]

    response = _while_waiting(world, monkeypatch, lambda: mod.post(
        "/delen/zuid/open.md", data={"sharing": "shared", "csrf": csrf}), move)
    _refused(response)
    assert world.store.accounts.document_sharing("zuid/open.md") == (None, "closed")   # still closed, as PG Oost
    assert world.client("lid-noord").get("/api/documents/zuid/open.md").status_code == 404


def test_a_metadata_edit_by_a_moderator_removed_meanwhile_makes_no_version(world, monkeypatch):
    mod = world.client("mod-zuid")
    csrf = form_csrf(mod, "/documenten/zuid/open.md")
    before = world.store.catalogue.get_document("zuid/open.md")
    response = _while_waiting(world, monkeypatch, lambda: mod.post(
        "/api/documents/zuid/open.md/metadata",
        data={"csrf": csrf, "title": "Nieuwe titel", "type": "casus", "authors": "Zeno Openhart"}),
        _revoke_south(world))
    _refused(response)
    after = world.store.catalogue.get_document("zuid/open.md")
    assert (after.pk, after.meta.title) == (before.pk, before.meta.title)


def test_a_client_name_correction_by_a_moderator_removed_meanwhile_lists_nothing(world, monkeypatch):
    mod = world.client("mod-zuid")
    csrf = form_csrf(mod, "/documenten/zuid/open.md")
    before = world.store.catalogue.get_document("zuid/open.md").pk
    response = _while_waiting(world, monkeypatch, lambda: mod.post(
        "/api/documents/zuid/open.md/client-names", data={"csrf": csrf, "namen": "Kanariedas"}),
        _revoke_south(world))
    _refused(response)
    assert world.store.clients.client_name_count(SOUTH) == 0
    after = world.store.catalogue.get_document("zuid/open.md")
    assert after.pk == before and "kanariedas" in after.text


@pytest.mark.parametrize("kind", ["keep", "member"])
def test_a_name_list_change_by_a_moderator_removed_meanwhile_changes_nothing(world, monkeypatch, kind):
    mod = world.client("mod-zuid")
    csrf = form_csrf(mod, "/upload")
    response = _while_waiting(world, monkeypatch, lambda: mod.post(
        "/api/groep/namen", data={"csrf": csrf, "groep": SOUTH, "soort": kind, "actie": "toevoegen",
                                  "namen": "Buurthuis De Linde"}), _revoke_south(world))
    _refused(response)
    assert world.store.accounts.community_names(SOUTH, kind) == []


def test_a_role_given_by_an_admin_demoted_meanwhile_is_not_given(world, monkeypatch):
    admin = world.client("beheerder")
    csrf = form_csrf(admin, "/beheer")

    def demote():
        with world.store.db.transaction() as conn:
            conn.execute("UPDATE users SET is_admin = 0 WHERE name = ?", ("beheerder",))

    response = _while_waiting(world, monkeypatch, lambda: admin.post(
        "/beheer/gebruiker/rol", data={"csrf": csrf, "naam": "beheerder", "groep": EAST, "rol": "lid"}), demote)
    _refused(response)
    assert world.store.accounts.user("beheerder").roles == {}


def test_a_request_whose_rights_still_hold_writes_after_the_wait(world, monkeypatch):
    """The control: the same wait with nothing changed writes as before."""
    mod = world.client("mod-zuid")
    csrf = form_csrf(mod, "/upload")
    response = _while_waiting(world, monkeypatch, lambda: mod.post(
        "/api/upload", data={"community": SOUTH, "csrf": csrf},
        files=[("files", ("laat.md", b"Een verslag over de fuut in de wijk.\n", "text/markdown"))]),
        lambda: world.store.accounts.revoke("mod-oost", EAST))   # someone else's role
    assert response.status_code == 200, response.text
    assert response.json()["files"][0]["status"] == "ingested"


def test_a_background_thread_is_not_the_request(world):
    """Threads do not inherit a request's context: a theme run started by a request of
    a moderator removed later still writes its tags (the owner's work)."""
    from store import acting_as

    marks: list = []

    def run():
        with world.store.writer():
            marks.append(True)

    acting_as(world.store.accounts.user("mod-zuid"))
    try:
        world.store.accounts.revoke("mod-zuid", SOUTH)
        thread = threading.Thread(target=run)
        thread.start()
        thread.join(60)
        assert marks == [True]
        with pytest.raises(Exception, match="no longer moderates"):
            with world.store.writer():
                pass
    finally:
        acting_as(None)
