"""The vector collection's HNSW settings; exact search over the in-process copy; vectors in SQLite."""
import chromadb
import numpy as np
from chromadb.config import Settings as ChromaSettings

from store._vectors import _MODIFY_ATTEMPTS, HNSW, VectorCopy, VectorIndex, read_vectors, write_vectors


def _hnsw(index: VectorIndex) -> dict:
    return index._collection.configuration["hnsw"]


def test_a_new_collection_gets_the_denser_graph(tmp_path):
    hnsw = _hnsw(VectorIndex(tmp_path / "chroma", None, "a" * 32))
    assert (hnsw["max_neighbors"], hnsw["ef_construction"], hnsw["ef_search"]) == (32, 200, 200)


def test_an_older_collection_gets_the_wider_search_on_open(tmp_path):
    client = chromadb.PersistentClient(path=str(tmp_path / "chroma"), settings=ChromaSettings(anonymized_telemetry=False))
    client.get_or_create_collection(f"praktijkgeheugen_{'b' * 12}", metadata={"hnsw:space": "cosine"})
    client.close()  # the old deployment's client is gone: the store opens the files alone
    hnsw = _hnsw(VectorIndex(tmp_path / "chroma", None, "b" * 32))
    assert hnsw["ef_search"] == HNSW["hnsw:search_ef"] and hnsw["max_neighbors"] == 16  # links stay until reindex


def _copy(n: int = 50) -> tuple[VectorCopy, list[str], np.ndarray, dict]:
    """A copy over `n` random vectors, fetching from a dict that a test can grow."""
    vectors = np.random.default_rng(3).normal(size=(n, 16)).astype(np.float32)
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
    ids = [f"v{i}" for i in range(n)]
    source = dict(zip(ids, vectors))

    def fetch(wanted):
        found = [i for i in wanted if i in source]
        return found, np.array([source[i] for i in found], np.float32)
    return VectorCopy("model", fetch), ids, vectors, source


def test_exact_search_is_brute_force_over_the_given_ids_small_share_or_large():
    copy, ids, vectors, _ = _copy()
    query = vectors[7] + 0.1 * vectors[8]
    copy.exact(query, ids, 5)  # the whole set is now in memory
    for subset in (ids[:6], ids[::2], ids):  # scored row by row, or the whole matrix then picked
        scores = vectors[[ids.index(i) for i in subset]] @ query
        expected = [subset[i] for i in np.argsort(-scores)[:5]]
        assert [vid for vid, _ in copy.exact(query, subset, 5)] == expected


def test_ids_without_a_vector_are_looked_for_again_on_the_next_search():
    copy, ids, vectors, source = _copy()
    wanted = ids + ["later"]
    assert "later" not in {vid for vid, _ in copy.exact(vectors[0], wanted, 60)}
    source["later"] = vectors[0]
    assert "later" in {vid for vid, _ in copy.exact(vectors[0], wanted, 60)}


def test_vectors_round_trip_through_sqlite_as_float32(store):
    conn = store.db.conn()
    conn.execute("INSERT INTO documents(doc_id, content_hash, text, state) VALUES ('d', 'h', 't', 'ready')")
    for n in range(3):
        conn.execute('INSERT INTO chunks(document_id, ordinal, text, start, "end", vector_id)'
                     " VALUES (1, ?, 't', 0, 1, ?)", (n, f"v{n}"))
    vectors = np.random.default_rng(5).normal(size=(3, 8)).astype(np.float32)
    write_vectors(conn, "chunk_vectors", [1, 2, 3], vectors)
    found, read = read_vectors(conn, ["v2", "v0", "absent"])
    assert sorted(found) == ["v0", "v2"] and read.dtype == np.float32
    assert np.array_equal(read[found.index("v2")], vectors[2])


class _LockedCollection:
    """A collection made with the narrower search whose change fails `locked` times."""

    def __init__(self, locked: int) -> None:
        self.configuration = {"hnsw": {"ef_search": 100}}
        self.locked, self.tries = locked, 0

    def modify(self, configuration):
        from chromadb.errors import InternalError
        self.tries += 1
        if self.tries <= self.locked:
            raise InternalError("database is locked")
        self.configuration = configuration


def _index_over(collection) -> VectorIndex:
    index = VectorIndex.__new__(VectorIndex)
    index._collection = collection
    return index


def test_a_locked_collection_gets_the_wider_search_on_a_later_try(monkeypatch):
    monkeypatch.setattr("store._vectors._MODIFY_PAUSE_S", 0.0)
    collection = _LockedCollection(locked=2)
    _index_over(collection)._raise_search_breadth()
    assert collection.tries == 3 and collection.configuration["hnsw"]["ef_search"] == HNSW["hnsw:search_ef"]


def test_a_collection_locked_at_every_try_still_opens_with_a_warning(monkeypatch, caplog):
    monkeypatch.setattr("store._vectors._MODIFY_PAUSE_S", 0.0)
    collection = _LockedCollection(locked=99)
    _index_over(collection)._raise_search_breadth()
    assert collection.tries == _MODIFY_ATTEMPTS and collection.configuration["hnsw"]["ef_search"] == 100
    assert "left for the next open" in caplog.text
