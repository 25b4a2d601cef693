"""The vector index: one Chroma collection, embedded or on a Chroma server.

Only vector ids, embeddings and the owning document's primary key are kept here;
everything else lives in SQLite. The collection name carries the deployment id so
two data dirs can share one Chroma server without seeing each other's vectors.
"""
from __future__ import annotations

from pathlib import Path
from urllib.parse import urlparse

import numpy as np


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
        self._collection = self._client.get_or_create_collection(
            self.name, metadata={"hnsw:space": "cosine"}
        )

    def upsert(self, ids: list[str], vectors: np.ndarray, document_pk: int) -> None:
        if not ids:
            return
        self._collection.upsert(
            ids=ids,
            embeddings=vectors.astype(np.float32),
            metadatas=[{"doc": document_pk} for _ in ids],
        )

    def delete(self, ids: list[str]) -> None:
        if ids:
            self._collection.delete(ids=ids)

    def query(self, vector: np.ndarray, limit: int, document_pks: list[int] | None) -> list[tuple[str, float]]:
        """Nearest vectors as (id, cosine similarity), restricted to some documents."""
        count = self._collection.count()
        if count == 0 or document_pks == []:
            return []
        where = None if document_pks is None else {"doc": {"$in": document_pks}}
        result = self._collection.query(
            query_embeddings=[vector.astype(np.float32)],
            n_results=min(limit, count),
            where=where,
            include=["distances"],
        )
        return [(i, 1.0 - d) for i, d in zip(result["ids"][0], result["distances"][0])]

    def get(self, ids: list[str]) -> np.ndarray:
        """Stored vectors for ids, in the order given."""
        result = self._collection.get(ids=ids, include=["embeddings"])
        by_id = dict(zip(result["ids"], result["embeddings"]))
        return np.array([by_id[i] for i in ids if i in by_id], dtype=np.float32)

    def ids(self) -> set[str]:
        """All vector ids (for consistency checks)."""
        return set(self._collection.get(include=[])["ids"])

    def count(self) -> int:
        return self._collection.count()

    def reset(self) -> None:
        """Drop and recreate the collection (used when re-embedding everything)."""
        self._client.delete_collection(self.name)
        self._collection = self._client.get_or_create_collection(
            self.name, metadata={"hnsw:space": "cosine"}
        )
