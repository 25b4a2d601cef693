"""The retrievers and their fusion.

Dense: the query embedding against chunk vectors (Chroma). Lexical: BM25 (FTS5)
over lemmas and compound parts of the query. Both rank chunks; results are
documents, so each chunk ranking becomes a document ranking (a document ranks
by its best chunk) and hybrid fuses the two document rankings with reciprocal
rank fusion, which needs no calibration between cosine and BM25 scores and
stays sound when one list is empty. Fusing at document level (the unit users
get) measured better than fusing chunks (see the README's evaluation).
Filters are passed down to both retrievers, which apply them before taking the top hits.

A retriever that fails is logged with its cause and fails the search: hybrid
never quietly becomes dense-only. An error that reopening may cure (a busy or
briefly unreadable store, a Chroma server that dropped the connection) is
retried once, on the failing leg's own thread, after reopening.
"""
from __future__ import annotations

import logging
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Callable

from store import Filters, Store, is_transient
from store._analyzer import analyze

RRF_K = 60
CANDIDATES = 100
# Hybrid runs BM25 in SQLite on this pool while the query is embedded and the
# vectors searched; both release the GIL, so on 2 cores the two overlap.
_BOTH = ThreadPoolExecutor(max_workers=4, thread_name_prefix="lexical")
Ranking = list[tuple[int, float]]  # (chunk pk, score), best first
log = logging.getLogger(__name__)


@dataclass
class RankedDocument:
    document_pk: int
    score: float
    chunks: Ranking = field(default_factory=list)  # its matching chunks, best first


def lexical(store: Store, query: str, filters: Filters, limit: int = CANDIDATES) -> Ranking:
    return store.lexical_search(sorted(set(analyze(query, for_query=True))), filters, limit)


def dense(store: Store, embedder, query: str, filters: Filters, limit: int = CANDIDATES) -> Ranking:
    vector = embedder.embed_queries([query])[0]
    return store.dense_search(vector, filters, limit)


def by_document(store: Store, ranking: Ranking) -> list[RankedDocument]:
    """A chunk ranking as a document ranking: each document at its best chunk."""
    chunks = store.chunks_by_pk([pk for pk, _ in ranking])
    documents: dict[int, RankedDocument] = {}
    for pk, score in ranking:
        if pk in chunks:
            doc = documents.setdefault(chunks[pk].document_pk, RankedDocument(chunks[pk].document_pk, score))
            doc.chunks.append((pk, score))
    return list(documents.values())


def fuse(rankings: list[list[RankedDocument]], k: int = RRF_K) -> list[RankedDocument]:
    """Reciprocal rank fusion of document rankings; a document's chunks are
    ordered by their own fused rank, so its best passages come from both lists."""
    scores: dict[int, float] = {}
    chunk_scores: dict[int, float] = {}
    chunks_of: dict[int, dict[int, None]] = {}  # dict as an ordered set
    for ranking in rankings:
        for rank, doc in enumerate(ranking):
            scores[doc.document_pk] = scores.get(doc.document_pk, 0.0) + 1.0 / (k + rank + 1)
            for chunk_rank, (pk, _) in enumerate(doc.chunks):
                chunk_scores[pk] = chunk_scores.get(pk, 0.0) + 1.0 / (k + chunk_rank + 1)
                chunks_of.setdefault(doc.document_pk, {})[pk] = None
    fused = [RankedDocument(pk, score, sorted(((c, chunk_scores[c]) for c in chunks_of[pk]),
                                              key=lambda chunk: -chunk[1]))
             for pk, score in scores.items()]
    return sorted(fused, key=lambda doc: -doc.score)


def retrieve(store: Store, embedder, query: str, filters: Filters, mode: str,
             limit: int = CANDIDATES) -> list[RankedDocument]:
    """Documents ranked for one mode, each with its matching chunks."""
    lexical_leg = lambda: by_document(store, lexical(store, query, filters, limit))  # noqa: E731
    dense_leg = lambda: by_document(store, dense(store, embedder, query, filters, limit))  # noqa: E731
    if mode == "lexical":
        return _leg("lexical", store, lexical_leg)
    if mode == "dense":
        return _leg("dense", store, dense_leg)
    lexical_ranking = _BOTH.submit(_leg, "lexical", store, lexical_leg)
    dense_ranking = _leg("dense", store, dense_leg)
    return fuse([dense_ranking, lexical_ranking.result()])


def _leg(name: str, store: Store, run: Callable[[], list[RankedDocument]]) -> list[RankedDocument]:
    """One retriever's ranking; a transient store error is retried once after reopening,
    any failure is logged with its cause and raised."""
    try:
        return run()
    except Exception as exc:
        if not is_transient(exc):
            log.exception("%s retrieval failed", name)
            raise
        log.warning("%s retrieval failed (%s: %s); reopening the store and trying once more",
                    name, type(exc).__name__, exc)
    store.recover()
    try:
        return run()
    except Exception:
        log.exception("%s retrieval failed again after reopening the store", name)
        raise
