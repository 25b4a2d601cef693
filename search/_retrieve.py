"""The retrievers and their fusion, at chunk level.

Dense: the query embedding against chunk vectors (Chroma). Lexical: BM25 (FTS5)
over lemmas of the query. Hybrid: reciprocal rank fusion, which needs no score
calibration between cosine and BM25 and is robust when one list is empty.
Filters are passed down to both retrievers, which apply them before ranking.
"""
from __future__ import annotations

from store import Filters, Store
from store._analyzer import analyze

RRF_K = 60
CANDIDATES = 100


def lexical(store: Store, query: str, filters: Filters, limit: int = CANDIDATES) -> list[tuple[int, float]]:
    terms = sorted(set(analyze(query)))
    if not terms:
        return []
    match = " OR ".join(f'"{term}"' for term in terms)
    return store.lexical_search(match, filters, limit)


def dense(store: Store, embedder, query: str, filters: Filters, limit: int = CANDIDATES) -> list[tuple[int, float]]:
    vector = embedder.embed_queries([query])[0]
    return store.dense_search(vector, filters, limit)


def fuse(*ranked: list[tuple[int, float]], k: int = RRF_K) -> list[tuple[int, float]]:
    """Reciprocal rank fusion of ranked (id, score) lists."""
    scores: dict[int, float] = {}
    for ranking in ranked:
        for rank, (item, _) in enumerate(ranking):
            scores[item] = scores.get(item, 0.0) + 1.0 / (k + rank + 1)
    return sorted(scores.items(), key=lambda pair: pair[1], reverse=True)


def retrieve(store: Store, embedder, query: str, filters: Filters, mode: str) -> list[tuple[int, float]]:
    """Ranked (chunk pk, score) for one mode."""
    if mode == "lexical":
        return lexical(store, query, filters)
    if mode == "dense":
        return dense(store, embedder, query, filters)
    return fuse(dense(store, embedder, query, filters), lexical(store, query, filters))
