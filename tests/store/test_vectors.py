"""The vector collection: its HNSW settings, exact search over the in-process copy (temp dir)."""
import chromadb
import numpy as np
from chromadb.config import Settings as ChromaSettings

from store._vectors import HNSW, VectorIndex


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


def _filled(tmp_path, n: int = 50) -> tuple[VectorIndex, list[str], np.ndarray]:
    index = VectorIndex(tmp_path / "chroma", None, "c" * 32)
    vectors = np.random.default_rng(3).normal(size=(n, 16)).astype(np.float32)
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
    ids = [f"v{i}" for i in range(n)]
    index.upsert(ids, vectors, 1)
    return index, ids, vectors


def test_exact_search_is_brute_force_over_the_given_ids_small_share_or_large(tmp_path):
    index, ids, vectors = _filled(tmp_path)
    query = vectors[7] + 0.1 * vectors[8]
    index.exact(query, ids, 5)  # the whole collection is now in memory
    for subset in (ids[:6], ids[::2], ids):  # scored row by row, or the whole matrix then picked
        scores = vectors[[ids.index(i) for i in subset]] @ query
        expected = [subset[i] for i in np.argsort(-scores)[:5]]
        assert [vid for vid, _ in index.exact(query, subset, 5)] == expected


def test_ids_without_a_vector_are_looked_for_again_on_the_next_search(tmp_path):
    index, ids, vectors = _filled(tmp_path)
    wanted = ids + ["later"]
    assert "later" not in {vid for vid, _ in index.exact(vectors[0], wanted, 60)}
    index.upsert(["later"], vectors[:1], 2)
    assert "later" in {vid for vid, _ in index.exact(vectors[0], wanted, 60)}


def test_a_reopened_client_keeps_the_copied_vectors(tmp_path, monkeypatch):
    index, ids, vectors = _filled(tmp_path)
    index.exact(vectors[0], ids, 5)
    reopened = VectorIndex(tmp_path / "chroma", None, "c" * 32)
    reopened.inherit(index)
    monkeypatch.setattr(reopened, "_fetch", lambda missing: (_ for _ in ()).throw(AssertionError(missing)))
    assert reopened.exact(vectors[0], ids, 1)[0][0] == "v0"
