"""The vector collection's HNSW settings; exact search over the in-process copy; vectors in SQLite."""
import chromadb
import numpy as np
from chromadb.config import Settings as ChromaSettings

from store._vectors import HNSW, VectorCopy, VectorIndex, read_vectors, write_vectors


def _hnsw(index: VectorIndex) -> dict:
    return index._collection.configuration["hnsw"]


def test_a_new_collection_gets_the_denser_graph(tmp_path):
    hnsw = _hnsw(VectorIndex(tmp_path / "chroma", None, "a" * 32))
    assert (hnsw["max_neighbors"], hnsw["ef_construction"], hnsw["ef_search"]) == (32, 200, 200)


def test_an_older_collection_gets_the_wider_search_on_open(tmp_path):
    client = chromadb.PersistentClient(path=str(tmp_path / "chroma"), settings=ChromaSettings(anonymized_telemetry=False))
    client.get_or_create_collection(f"praktijkgeheugen_{'b' * 12}", metadata={"hnsw:space": "cosine"})
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
