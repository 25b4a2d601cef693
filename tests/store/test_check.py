"""The reconciler: store.maintenance.check finds every difference between SQLite and the
indexes, ingest.repair fixes each kind (fake embedder, temp data dir)."""
import numpy as np

import ingest
import search
from dutch_docs import DOCS
from store import ChunkDraft, DocumentDraft, DocumentMeta

DEBTS = "wt-zuid/2023-2024/casus-schulden.md"


def _found(store, embedder, query: str, mode: str) -> list[str]:
    return [h.doc_id for h in search.search(store, embedder, query, k=5, mode=mode).hits]


def test_a_fresh_ingest_checks_clean(filled):
    report = filled.maintenance.check()
    assert report.ok and set(report.counts().values()) == {0}


def test_every_kind_of_difference_is_found_and_repaired(filled, fake_embedder):
    debts = filled.catalogue.get_document(DEBTS)
    chunks = filled.catalogue.chunks_of(debts.pk)
    with filled.db.transaction() as conn:  # damage the indexes behind the store's back
        conn.execute("DELETE FROM chunks_fts WHERE rowid = ?", (chunks[0].pk,))
        conn.execute("INSERT INTO chunks_fts(rowid, body) VALUES (99999, 'wees')")
    filled.vectors.delete([chunks[-1].vector_id])
    filled.vectors.upsert(["stray-vector"], np.ones((1, 64), np.float32) / 8, 12345)
    pending = filled.catalogue.stage(DocumentDraft("half.md", "Half ingelezen.", DocumentMeta(title="Half"), None,
                                         "h" * 64, [ChunkDraft(0, "Half ingelezen.", 0, 15, None, "half")]))

    report = filled.maintenance.check()
    assert report.leftovers == [pending] and report.missing_lexical == [chunks[0].pk]
    assert report.orphan_lexical == [99999] and report.missing_vectors == [chunks[-1].pk]
    assert report.orphan_vectors == ["stray-vector"] and not report.ok

    fixed = ingest.repair(filled, lambda: fake_embedder)
    assert fixed.counts() == report.counts()
    assert filled.maintenance.check().ok
    assert filled.catalogue.get_document("half.md") is None
    assert {c.vector_id for c in chunks} <= filled.vectors.ids()
    assert _found(filled, fake_embedder, "huurachterstand betalingsregeling", "lexical")[0] == DEBTS
    assert _found(filled, fake_embedder, "huurachterstand betalingsregeling", "dense")[0] == DEBTS


def test_repair_loads_no_model_when_no_vector_is_missing(filled):
    with filled.db.transaction() as conn:
        conn.execute("DELETE FROM chunks_fts")

    def no_model():
        raise AssertionError("the embedder was loaded for lexical rows only")

    report = ingest.repair(filled, no_model)
    assert len(report.missing_lexical) == filled.catalogue.stats()["chunks"] and filled.maintenance.check().ok


def test_an_abandoned_collection_is_dropped(filled):
    filled.db.set_meta("vector_collection_next", "half-built")
    filled.vectors.open_index("half-built").upsert(["x"], np.ones((1, 64), np.float32), 1)
    assert filled.maintenance.check().abandoned_collections == ["half-built"]
    ingest.repair(filled, lambda: None)
    assert filled.maintenance.check().ok and filled.db.get_meta("vector_collection_next") is None


def test_a_lost_vector_index_is_rebuilt_from_the_database(filled, fake_embedder):
    filled.vectors.delete(sorted(filled.vectors.ids()))
    assert len(filled.maintenance.check().missing_vectors) == filled.catalogue.stats()["chunks"]
    ingest.repair(filled, lambda: fake_embedder)
    assert filled.maintenance.check().ok and filled.catalogue.stats()["vectors"] == filled.catalogue.stats()["chunks"]
    assert len(filled.catalogue.list_documents()) == len(DOCS)


def test_the_server_reconciles_at_start_up(filled, fake_embedder, caplog):
    from fastapi.testclient import TestClient

    from web.app import create_app
    from web.runtime import Runtime

    filled.vectors.delete(sorted(filled.vectors.ids())[:1])
    runtime = Runtime(filled.settings, store=filled, embedder=fake_embedder)
    with TestClient(create_app(runtime, warm_up=False)):
        assert filled.maintenance.check().ok
    assert "reconciler fixed: 1 missing_vectors" in caplog.text


def test_the_start_up_check_does_not_wait_for_a_busy_writer(filled, fake_embedder, caplog):
    import threading

    from web.app import RECONCILE_WAIT, _reconcile
    from web.runtime import Runtime

    runtime = Runtime(filled.settings, store=filled, embedder=fake_embedder)
    held, done = threading.Event(), threading.Event()

    def writer():
        with filled.writer():
            held.set()
            done.wait()   # until the check below is over, however long a busy machine takes

    thread = threading.Thread(target=writer)
    thread.start()
    assert held.wait(120)
    try:
        _reconcile(runtime)
    finally:
        done.set()
        thread.join()
    assert "start-up check skipped" in caplog.text and RECONCILE_WAIT <= 5
