"""The HNSW settings of the vector collection (embedded Chroma in a temp dir)."""
import chromadb
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
