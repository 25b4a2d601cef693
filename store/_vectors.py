"""The vector index: one Chroma collection, embedded or on a Chroma server.

Only vector ids, embeddings and the owning document's primary key are kept here;
everything else lives in SQLite. The collection name carries the deployment id so
two data dirs can share one Chroma server without seeing each other's vectors.

Two ways to find nearest vectors, chosen by the caller (store._read):
* `query`: Chroma's HNSW graph over the whole collection (approximate, fast at any size);
* `exact`: brute-force cosine over a given set of ids, for small access-filtered
  subsets. Chroma's own metadata filter was measured at ~94 ms p50 for a filter
  matching 10% of 100k vectors; exact search over those 10k vectors takes a few ms
  and has perfect recall. Its vectors come from an in-process copy (`_Mirror`),
  filled from Chroma on first use: a vector id names one chunk text and a
  collection holds one model's vectors, so a copied vector never goes stale.
"""
from __future__ import annotations

import threading
from pathlib import Path
from urllib.parse import urlparse

import numpy as np

_GET_BATCH = 5000  # ids per Chroma get (a server limits the request size)
# The HNSW graph: twice Chroma's default links per node and search breadth. On
# 10k generated Dutch chunks (sentences recombined, so many near neighbours) the
# defaults found 0.89 of the exact top 10, ef_search 200 alone 0.96, all three
# 0.98, with queries still a few ms; a denser graph costs ~30% longer inserts.
HNSW = {"hnsw:space": "cosine", "hnsw:M": 32, "hnsw:construction_ef": 200, "hnsw:search_ef": 200}


class VectorIndex:
    def __init__(self, chroma_dir: Path, chroma_url: str | None, deployment_id: str) -> None:
        import chromadb
        from chromadb.config import Settings as ChromaSettings

        chroma_settings = ChromaSettings(anonymized_telemetry=False, allow_reset=False)
        if chroma_url:
            url = urlparse(chroma_url)
            self._client = chromadb.HttpClient(
                host=url.hostname or "localhost",
                port=url.port or 8000,
                ssl=url.scheme == "https",
                settings=chroma_settings,
            )
        else:
            chroma_dir.mkdir(parents=True, exist_ok=True)
            self._client = chromadb.PersistentClient(path=str(chroma_dir), settings=chroma_settings)
        self.name = f"praktijkgeheugen_{deployment_id[:12]}"
        self._collection = self._client.get_or_create_collection(self.name, metadata=HNSW)
        self._raise_search_breadth()
        self._mirror = _Mirror()

    def _raise_search_breadth(self) -> None:
        """An index made with smaller settings gets the wider search at once; its links
        per node are fixed when it is built (`praktijkgeheugen reindex` builds it anew)."""
        hnsw = (self._collection.configuration or {}).get("hnsw") or {}
        if hnsw.get("ef_search", HNSW["hnsw:search_ef"]) < HNSW["hnsw:search_ef"]:
            self._collection.modify(configuration={"hnsw": {"ef_search": HNSW["hnsw:search_ef"]}})

    def upsert(self, ids: list[str], vectors: np.ndarray, document_pk: int) -> None:
        if not ids:
            return
        self._collection.upsert(ids=ids, embeddings=vectors.astype(np.float32),
                                metadatas=[{"doc": document_pk} for _ in ids])

    def delete(self, ids: list[str]) -> None:
        if ids:
            self._collection.delete(ids=ids)

    def query(self, vector: np.ndarray, limit: int) -> list[tuple[str, float]]:
        """Nearest vectors in the whole collection as (id, cosine similarity), via HNSW."""
        result = self._collection.query(
            query_embeddings=[vector.astype(np.float32)], n_results=limit, include=["distances"])
        return [(i, 1.0 - d) for i, d in zip(result["ids"][0], result["distances"][0])]

    def exact(self, vector: np.ndarray, ids: list[str], limit: int) -> list[tuple[str, float]]:
        """Nearest among ``ids`` as (id, cosine), by brute force (vectors are L2-normalised)."""
        known, matrix = self._mirror.rows(ids, self._fetch)
        if not known:
            return []
        scores = matrix @ vector.astype(np.float32)
        top = np.argpartition(-scores, limit - 1)[:limit] if len(known) > limit else np.arange(len(known))
        top = top[np.argsort(-scores[top])]
        return [(known[i], float(scores[i])) for i in top]

    def get(self, ids: list[str]) -> np.ndarray:
        """Stored vectors for ids, in the order given (ids without a vector are left out)."""
        return self._mirror.rows(ids, self._fetch)[1]

    def ids(self) -> set[str]:
        """All vector ids (for consistency checks)."""
        return set(self._collection.get(include=[])["ids"])

    def count(self) -> int:
        return self._collection.count()

    def _fetch(self, ids: list[str]) -> tuple[list[str], np.ndarray]:
        found, vectors = [], []
        for start in range(0, len(ids), _GET_BATCH):
            result = self._collection.get(ids=ids[start:start + _GET_BATCH], include=["embeddings"])
            found += result["ids"]
            vectors += list(result["embeddings"])
        return found, np.array(vectors, dtype=np.float32)


class _Mirror:
    """An in-process copy of vectors by id, filled on demand; safe for a thread pool."""

    def __init__(self) -> None:
        self._row: dict[str, int] = {}
        self._matrix = np.zeros((0, 0), np.float32)
        self._lock = threading.Lock()

    def rows(self, ids: list[str], fetch) -> tuple[list[str], np.ndarray]:
        """(ids that have a vector, their vectors as one matrix), fetching unknown ids first."""
        missing = [i for i in ids if i not in self._row]
        if missing:
            self.add(*fetch(missing))
        with self._lock:
            known = [i for i in ids if i in self._row]
            return known, self._matrix[[self._row[i] for i in known]]

    def add(self, ids: list[str], vectors: np.ndarray) -> None:
        if not ids:
            return
        with self._lock:
            new = [n for n, i in enumerate(ids) if i not in self._row]
            size = len(self._row)
            if size + len(new) > len(self._matrix):
                grown = np.zeros((max(2 * len(self._matrix), size + len(new)), vectors.shape[1]), np.float32)
                if size:
                    grown[:size] = self._matrix[:size]
                self._matrix = grown
            self._matrix[size:size + len(new)] = vectors[new]
            self._row.update((ids[n], size + k) for k, n in enumerate(new))
