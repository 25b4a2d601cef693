"""Simple baselines measured side by side with the product's retrievers.

Exact numpy cosine over the very same vectors is the reference for the dense
retriever (its speed and what recall@10 means); an in-memory BM25 library
(bm25s) over the very same analysed terms is the reference for the lexical one.
"""
from __future__ import annotations

import numpy as np

from store import Store


class BruteForce:
    """Every ready chunk's vector in one matrix, with its chunk pk and community."""

    def __init__(self, store: Store) -> None:
        pks, ids, communities = [], [], []
        for document in store.catalogue.list_documents():
            for chunk in store.catalogue.chunks_of(document.pk):
                pks.append(chunk.pk)
                ids.append(chunk.vector_id)
                communities.append(document.meta.community)
        self.pks = np.array(pks)
        self.matrix = store.vectors.get(ids)
        self.communities = np.array(communities, dtype=object)
        self._masks: dict[str, np.ndarray] = {}

    def search(self, vector: np.ndarray, limit: int, community: str | None = None) -> list[int]:
        """Chunk pks of the `limit` nearest vectors (within one community when given)."""
        scores = self.matrix @ vector
        if community is not None:
            scores = np.where(self._mask(community), scores, -np.inf)
        top = np.argpartition(-scores, min(limit, len(scores)) - 1)[:limit]
        top = top[np.isfinite(scores[top])]
        return [int(self.pks[i]) for i in top[np.argsort(-scores[top])]]

    def _mask(self, community: str) -> np.ndarray:
        if community not in self._masks:
            self._masks[community] = self.communities == community
        return self._masks[community]


class Bm25:
    """bm25s over the lexical index's own analysed bodies (lemmas, compound parts)."""

    def __init__(self, store: Store) -> None:
        import logging

        import bm25s

        logging.getLogger("bm25s").setLevel(logging.WARNING)  # it logs each index build at DEBUG
        rows = store.db.conn().execute("SELECT rowid, body FROM chunks_fts").fetchall()
        self.pks = np.array([row[0] for row in rows])
        self._bm25 = bm25s.BM25()
        self._bm25.index([row[1].split() for row in rows], show_progress=False)

    def search(self, terms: list[str], limit: int) -> list[int]:
        if not terms:
            return []
        docs, _ = self._bm25.retrieve([terms], k=min(limit, len(self.pks)), show_progress=False, n_threads=1)
        return [int(self.pks[i]) for i in docs[0]]

