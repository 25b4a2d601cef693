"""Vectors in SQLite: searches read them from there (a reader below the exact-search
size never opens Chroma), older data dirs copy them in once, and a reindex with
another model swaps them in one step."""
import numpy as np
import pytest

import ingest
import search
from dutch_docs import write_docs
from fakes import FakeEmbedder
from store import open_store
from store._vectors import VectorIndex

QUERY = "huurachterstand en brieven van de woningcorporatie"
DEBTS = "wt-zuid/2023-2024/casus-schulden.md"


@pytest.fixture
def data_dir(settings, fake_embedder, tmp_path):
    store = open_store(settings)
    ingest.ingest_paths(store, fake_embedder, [write_docs(tmp_path / "docs")])
    store.close()
    return settings.data_dir


def _vectors(store) -> dict[int, bytes]:
    return dict(store.db.conn().execute("SELECT chunk_id, vector FROM chunk_vectors"))


def test_a_reader_searches_every_mode_without_opening_chroma(data_dir, settings, monkeypatch):
    monkeypatch.setattr(VectorIndex, "__init__", lambda *a, **k: pytest.fail("a reader opened Chroma"))
    reader = open_store(settings)
    try:
        search.warm_up(reader, FakeEmbedder())
        for mode in search.MODES:
            assert search.search(reader, FakeEmbedder(), QUERY, mode=mode).hits[0].doc_id == DEBTS
        assert search.related(reader, DEBTS, k=3)  # reads the document's own vectors
    finally:
        reader.close()


def test_each_chunk_vector_in_sqlite_is_the_one_in_chroma(data_dir, settings):
    store = open_store(settings)
    try:
        chunks = dict(store.db.conn().execute("SELECT id, vector_id FROM chunks"))
        kept = _vectors(store)
        assert kept.keys() == chunks.keys()
        with store.writer():
            found, from_chroma = store.vectors.fetch(list(chunks.values()))
        for vector_id, vector in zip(found, from_chroma):
            pk = next(pk for pk, vid in chunks.items() if vid == vector_id)
            assert np.array_equal(np.frombuffer(kept[pk], "<f4"), vector)
    finally:
        store.close()


def test_a_data_dir_from_before_schema_4_copies_its_vectors_from_chroma_once(data_dir, settings):
    store = open_store(settings)
    expected = _vectors(store)
    with store.db.transaction() as conn:
        conn.execute("DELETE FROM chunk_vectors")
        conn.execute("DELETE FROM meta WHERE key = 'chunk_vectors_filled'")
        conn.execute("UPDATE meta SET value = '3' WHERE key = 'schema_version'")
    store.close()
    store = open_store(settings)
    try:
        assert _vectors(store) == expected and store.maintenance.check().ok
        assert store.db.get_meta("chunk_vectors_filled") == "1"
        assert search.search(store, FakeEmbedder(), QUERY, mode="dense").hits[0].doc_id == DEBTS
    finally:
        store.close()


def test_a_chunk_without_its_vector_in_sqlite_is_reported_and_repaired(data_dir, settings):
    store = open_store(settings)
    try:
        expected = _vectors(store)
        with store.db.transaction() as conn:
            conn.execute("DELETE FROM chunk_vectors WHERE chunk_id = (SELECT MIN(chunk_id) FROM chunk_vectors)")
        assert len(store.maintenance.check().missing_vectors) == 1
        ingest.repair(store, FakeEmbedder)
        assert store.maintenance.check().ok and _vectors(store) == expected
    finally:
        store.close()


class OtherEmbedder(FakeEmbedder):
    name = "other-embedder"

    def _embed(self, texts):
        return -super()._embed(texts)  # other vectors, same neighbours


def test_a_reindex_with_another_model_swaps_the_vectors_and_the_copy(data_dir, settings):
    store = open_store(settings)
    try:
        assert search.search(store, FakeEmbedder(), QUERY, mode="dense").hits[0].doc_id == DEBTS
        before = _vectors(store)
        ingest.reindex(store, OtherEmbedder())
        after = _vectors(store)
        assert after.keys() == before.keys() and store.vectors.embedding_model == OtherEmbedder.name
        assert all(np.array_equal(np.frombuffer(after[pk], "<f4"), -np.frombuffer(before[pk], "<f4")) for pk in before)
        assert not store.db.conn().execute("SELECT COUNT(*) FROM chunk_vectors_next").fetchone()[0]
        assert search.search(store, OtherEmbedder(), QUERY, mode="dense").hits[0].doc_id == DEBTS
        assert store.maintenance.check().ok
    finally:
        store.close()
