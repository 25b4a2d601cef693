"""Tenancy round 27, item 2: a sharing change touches only committed versions, under
the writer lock, and a version still being written takes it when it is published.

`set_document_sharing` updated every row of a document id, also a version an upload or
`ingest --move` was staging: a document whose only version was staged answered "changed"
and then lost the setting at publish (it carries only committed versions' settings), and
a move's staged row in another group decided which group's links were made again. Runs
on PostgreSQL too (PRAKTIJKGEHEUGEN_TEST_BACKEND=postgresql)."""
from __future__ import annotations

import threading

import ingest
from access_world import SOUTH
from fakes import FakeEmbedder


def _ingest_with(world, tmp_path, doc_id: str, body: str, during) -> list:
    """Ingest one document of Wijkteam Zuid; `during(pk)` runs while its new version is
    staged (after its vectors, before it is published). What `during` returned."""
    seen: list = []
    index = world.store.catalogue.index_vectors

    def staged(pk, vectors):
        index(pk, vectors)
        seen.append(during(pk))

    world.store.catalogue.index_vectors = staged
    try:
        path = tmp_path / "in" / doc_id
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(f"---\ntitle: Verslag\ncommunity: \"{SOUTH}\"\n---\n{body}\n", "utf-8")
        report = ingest.ingest_paths(world.store, FakeEmbedder(), [tmp_path / "in"])
        assert [o.status for o in report.outcomes] in (["ingested"], ["replaced"]), report.outcomes
    finally:
        del world.store.catalogue.index_vectors
    return seen


def _sharing_of(world, pk: int):
    return world.store.db.conn().execute("SELECT sharing FROM documents WHERE id = ?", (pk,)).fetchone()[0]


def test_a_staged_version_is_not_changed_and_takes_the_setting_when_published(world, tmp_path):
    def close(pk):
        changed = world.store.accounts.set_document_sharing("zuid/open.md", "closed")
        return changed, _sharing_of(world, pk)

    [(changed, staged_sharing)] = _ingest_with(world, tmp_path, "zuid/open.md", "Nieuwe versie, zandloper.", close)
    assert changed is True
    assert staged_sharing is None                     # the staged row was left alone
    assert world.store.accounts.document_sharing("zuid/open.md") == ("closed", "shared")   # and took it at publish
    assert world.client("lid-noord").get("/api/documents/zuid/open.md").status_code == 404


def test_a_document_that_is_only_staged_has_no_sharing_to_change(world, tmp_path):
    [changed] = _ingest_with(world, tmp_path, "zuid/nieuw.md", "Een nieuw verslag, de fuut.",
                             lambda pk: world.store.accounts.set_document_sharing("zuid/nieuw.md", "closed"))
    assert changed is False                           # not "changed", then lost at publish
    assert world.store.accounts.document_sharing("zuid/nieuw.md") == (None, "shared")


def test_a_sharing_change_holds_the_writer_lock(world, monkeypatch):
    held: list[bool] = []
    transaction = world.store.db.transaction

    def spied():
        held.append(world.store.lock.held())
        return transaction()

    monkeypatch.setattr(world.store.db, "transaction", spied)
    thread = threading.Thread(target=lambda: world.store.accounts.set_document_sharing("zuid/open.md", "closed"))
    thread.start()
    thread.join(120)
    assert held and all(held)
