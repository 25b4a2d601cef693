"""The retrievers, their fusion, and the evidence the relevance floor reads.

Dense: the query embedding against chunk vectors. Lexical: BM25 over the query's
analysed terms (text._analysis). In hybrid both rank chunks; each chunk ranking
becomes a document ranking and the two are fused (search._fusion, parameters
chosen on tuning halves in bench/tuning/tune.py), with a share of rank fusion of dense and
whole-document BM25 of the lemmas and of the Snowball stems blended in (bench/tuning/tune_fourth.py,
bench/tuning/tune_seventh.py). Mode `lexical` ranks whole documents
(store._bm25_documents): alone, that ranked better than a document's best
passages; fused with dense, the passages did (bench/tuning/tune_documents.py). Filters are passed down to both retrievers,
which apply them before taking the top hits, so every score and count comes
from what the caller may see.

A retriever that fails is logged by its kind and frames, never its message (which may
quote the search), and fails the search: hybrid
never quietly becomes dense-only. An error that reopening may cure (a busy or
briefly unreadable store, a Chroma server that dropped the connection) is
retried once, on the failing leg's own thread, after reopening.
"""
from __future__ import annotations

import logging
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Callable, TypeVar

import numpy as np

from errors import kind_of, without_message
from search._fusion import Fusion, RankedDocument, Ranking, fuse_hybrid
from search._fusion import by_document as _by_document
from store import Filters, Snapshot, Store, is_transient
from text import analyze

__all__ = ["CANDIDATES", "FUSION", "RankedDocument", "Retrieval", "by_document", "retrieve"]

# Chosen on the tuning halves (bench/tuning/tune.py prints the grid; docs/history/searching-rounds.md "Retrieval quality"):
# min-max normalised scores, dense 0.55 and lexical 0.45, a document's lexical score
# its best passage plus 0.3 of its next two. Tuning-half nDCG@10, demo/eval /
# Rijksoverheid / eval-cases: 0.779 / 0.931 / 0.806 (naive RRF 0.780 / 0.912 / 0.781;
# RRF k=60 of our legs 0.765 / 0.919 / 0.767). Extra dense passages hurt (long
# documents collect cosine), so `dense_more` stays 0.
# Fourth round (bench/tuning/tune_fourth.py), chosen by the worst margin over naive RRF across
# the tuning halves: 0.6 of RRF (k 60) of dense and whole-document BM25 blended into that
# score fusion (search._fusion.fuse_hybrid). Tuning-half nDCG@10 demo/eval / Rijksoverheid /
# eval-cases / eval-cases-2: 0.786 / 0.932 / 0.796 / 0.861 against 0.779 / 0.926 / 0.799 /
# 0.862 without it (naive RRF 0.783 / 0.913 / 0.774 / 0.829): the worst margin over naive
# RRF -0.42 -> +0.35 points, the macro 0.841 -> 0.844.
# Sixth round (bench/tuning/tune_sixth.py), six tuning halves, scored with the floor as `praktijkgeheugen
# eval` scores hybrid, against its naive RRF: score fusion's dense weight 0.55 -> 0.65. Tuning-half
# nDCG@10 demo/eval / Rijksoverheid / eval-cases / -2 / -3 / -4: 0.780 / 0.929 / 0.786 / 0.867 /
# 0.865 / 0.746 -> 0.805 / 0.931 / 0.787 / 0.877 / 0.852 / 0.745 (naive RRF 0.798 / 0.914 / 0.784 /
# 0.840 / 0.855 / 0.727): the worst margin -1.76 -> -0.29 points, the macro 0.8288 -> 0.8328.
# Seventh round (bench/tuning/tune_seventh.py), seven tuning halves, scored as the sixth: the rank part
# fuses three legs, dense 1.5, whole-document BM25 of the lemmas 0.5 and of the Snowball stems 1
# (naive RRF's kind of lexical evidence beside ours; before: dense 1, lemmas 1), share 0.6 kept.
# Tuning-half nDCG@10 demo/eval / Rijksoverheid / eval-cases / -2 / -3 / -4 / -5: 0.7997 / 0.9309 /
# 0.7882 / 0.8750 / 0.8503 / 0.7490 / 0.8066 -> 0.7993 / 0.9312 / 0.7874 / 0.8728 / 0.8565 / 0.7477 /
# 0.8071 (naive RRF 0.7981 / 0.9157 / 0.7842 / 0.8400 / 0.8548 / 0.7265 / 0.7812): the worst margin
# -0.44 -> +0.13 points, above naive RRF on all seven; the macro 0.8285 -> 0.8289. Within noise:
# resampling each set's questions, the expected worst margin is -1.45 before and -1.24 after.
FUSION = Fusion(method="score", dense_weight=0.65, lexical_weight=0.35, lexical_more=0.3, rank_share=0.6,
                rank_dense=1.5, rank_lemmas=0.5, rank_stems=1.0)
CANDIDATES = 100
# The lexical mode adds this share of whole-document BM25 over the rows' Snowball stems to
# that over their lemmas (store._bm25_documents.documents_within). Sixth round
# (bench/tuning/tune_sixth.py, six tuning halves): its worst margin over BM25+Snowball -3.14 ->
# -1.83 points (eval-cases-4), the macro 0.7692 -> 0.7702; shares 0.25-1.0 all raise it.
LEXICAL_STEMS = 0.75
# Eighteenth round (bench/tuning/tune_eighteenth_lexical.py, seventeen tuning halves, chosen leave-one-set-out
# by the worst margin over BM25+Snowball): the lexical mode's BM25 saturates sooner and normalises a
# document's length less than hybrid's legs (K1 2.0, B 0.6, kept there): k1 2.0 -> 1.2, b 0.6 -> 0.3,
# stems 0.5 -> 0.75. A long report that names the question's words often is no longer pushed below
# a short one that names them once, and one repeated common word counts less. Worst margin over the
# seventeen -2.38 (eval-cases-13) -> +0.01 (eval-cases-4), macro 0.8010 -> 0.8065; held back (each set
# scored by the choice made on the other sixteen) worst -0.95, macro 0.8058, better on 14 of 17. It does
# not carry to one-sentence questions: demo/eval-oneline's tuning half, never chosen on, 0.8382 -> 0.8276
# (BM25+Snowball 0.8492); docs/history/searching-rounds.md, "Lexical, eighteenth round".
LEXICAL_K1, LEXICAL_B = 1.2, 0.3
# Hybrid runs BM25 on this pool while the query is embedded and the vectors
# searched; both release the GIL, so on 2 cores the two overlap.
_BOTH = ThreadPoolExecutor(max_workers=4, thread_name_prefix="lexical")
log = logging.getLogger(__name__)
T = TypeVar("T")


@dataclass
class Retrieval:
    """One ranking of documents for a query, with what the floor needs to judge it."""

    documents: list[RankedDocument]
    terms: list[str] = field(default_factory=list)         # the query's lexical terms
    cosine: dict[int, float] = field(default_factory=dict)  # document pk -> best chunk cosine
    lexical_chunks: dict[int, list[int]] = field(default_factory=dict)  # document pk -> its lexical hits
    dense_floor: float = 0.0  # the lowest cosine among the dense candidates (a bound for the rest)
    spread: float = 0.0       # std of the query's cosines over the chunks searched (search._floor)
    spread_of: int = 0        # how many chunks that was measured on (0: not measured)
    filters: Filters = field(default_factory=Filters)  # what was ranked under (the floor's statistics)
    snapshot: Snapshot | None = None                   # and at which moment
    query_vector: np.ndarray | None = None  # the question's embedding (the floor's head, search._floor.Head)
    best_chunk: int | None = None           # the chunk of the best dense cosine, whose stored vector the head reads


def query_terms_for_index(query: str) -> list[str]:
    return sorted(set(analyze(query, for_query=True)))


def lexical(store: Store, terms: list[str], filters: Filters, limit: int = CANDIDATES,
            snapshot: Snapshot | None = None) -> Ranking:
    return store.lexical.search(terms, filters, limit, snapshot)


def dense(store: Store, vector: np.ndarray, filters: Filters, limit: int = CANDIDATES,
          snapshot: Snapshot | None = None) -> tuple[Ranking, float, int]:
    """The chunks nearest to the query's embedding, with the spread of the query's cosines
    over all the chunks searched and their number (store._dense.Vectors.search_spread)."""
    return store.vectors.search_spread(vector, filters, limit, snapshot)


def by_document(store: Store, ranking: Ranking, more: float = 0.0) -> list[RankedDocument]:
    """A chunk ranking as a document ranking (search._fusion.by_document)."""
    return _by_document(ranking, store.catalogue.document_of_chunks([pk for pk, _ in ranking]), more)


def retrieve(store: Store, embedder, query: str, filters: Filters, mode: str,
             limit: int = CANDIDATES, fusion: Fusion = FUSION) -> Retrieval:
    """Documents ranked for one mode, each with its matching chunks. Both legs read
    the catalogue at one snapshot (store._snapshot), so they rank the same chunks."""
    terms = query_terms_for_index(query) if mode != "dense" else []
    snapshot = store.catalogue.snapshot()
    lexical_leg = lambda: by_document(store, lexical(store, terms, filters, limit, snapshot),  # noqa: E731
                                      fusion.lexical_more)
    seen: dict[str, object] = {}

    def dense_leg() -> tuple[list[RankedDocument], float, int]:
        # The query is embedded once, outside the leg that a transient store error retries
        # (`_leg`): a retry searched the store again and embedded the question again too,
        # so "one query embedding per search" held only while the store answered at once.
        # Likely why tests/web/test_pages.py::test_the_search_page_ranks_and_embeds_once
        # failed once in a full CI run and never alone: embedded Chroma says "database is
        # locked" under load (store._vectors), and a run short of descriptors fails opens.
        vector = embedder.embed_queries([query])[0]

        def search() -> tuple[list[RankedDocument], float, int]:
            ranking, spread, counted = dense(store, vector, filters, limit, snapshot)
            seen.update(query_vector=vector, best_chunk=max(ranking, key=lambda hit: hit[1])[0] if ranking else None)
            return by_document(store, ranking, fusion.dense_more), spread, counted
        return _leg("dense", store, search)
    def whole(words: list[str], passages_known: set[int]) -> tuple[list[RankedDocument], list[RankedDocument]]:
        """Whole-document BM25 of the lemmas, and of the Snowball stems when the rank part uses them
        (without the passages of documents an earlier leg found: hybrid does not read them)."""
        if fusion.rank_stems:
            lemmas, stems = store.lexical.documents_and_stems(words, filters, limit, snapshot, passages_known)
        else:
            lemmas, stems = store.lexical.documents(words, filters, limit, snapshot), []
        return ([RankedDocument(pk, score, chunks) for pk, score, chunks in lemmas],
                [RankedDocument(pk, score, chunks) for pk, score, chunks in stems])
    if mode == "lexical":
        # A term no allowed passage holds becomes the form of that word they hold most
        # (store.Lexical.documents_known; bench/tuning/tune_fifth.py: the lexical mode's worst margin
        # over BM25+Snowball rose; in hybrid it fell, so hybrid and its floor keep the terms),
        # and a share of BM25 over the same rows' Snowball stems is added (bench/tuning/tune_sixth.py),
        # at its own k1 and b (bench/tuning/tune_eighteenth_lexical.py).
        hits, known = _leg("lexical", store, lambda: store.lexical.documents_known(
            terms, filters, limit, snapshot, stems=LEXICAL_STEMS, k1=LEXICAL_K1, b=LEXICAL_B))
        return Retrieval([RankedDocument(pk, score, chunks) for pk, score, chunks in hits], known)
    if mode == "dense":
        documents, spread, counted = dense_leg()
        return _with_dense(Retrieval(documents, spread=spread, spread_of=counted, **seen))  # type: ignore[arg-type]
    # The lexical rankings on one pool thread (whole-document BM25 takes about a millisecond
    # at these sizes), while the query is embedded on this one.
    def both() -> tuple[list[RankedDocument], tuple[list[RankedDocument], list[RankedDocument]]]:
        passage_documents = lexical_leg()
        known = {d.document_pk for d in passage_documents}
        return passage_documents, whole(terms, known) if fusion.rank_share else ([], [])
    lexical_rankings = _BOTH.submit(_leg, "lexical", store, both)
    dense_documents, spread, counted = dense_leg()
    lexical_documents, (whole_documents, stem_documents) = lexical_rankings.result()
    # Coverage (the floor) reads a document's best lexical passages: the passage leg's, or
    # for a document only whole-document BM25 found, the passages it returned with it (the
    # lemmas' leg before the stems'; so those legs leave out the passages of documents an
    # earlier leg found, which nothing reads: fuse_hybrid keeps them in the same order).
    lexical_chunks = {d.document_pk: [pk for pk, _ in d.chunks] for d in stem_documents}
    lexical_chunks.update({d.document_pk: [pk for pk, _ in d.chunks] for d in whole_documents})
    lexical_chunks.update({d.document_pk: [pk for pk, _ in d.chunks] for d in lexical_documents})
    retrieval = Retrieval(fuse_hybrid(dense_documents, lexical_documents, whole_documents, fusion, stem_documents),
                          terms, lexical_chunks=lexical_chunks, spread=spread, spread_of=counted, filters=filters,
                          snapshot=snapshot, **seen)  # type: ignore[arg-type]
    return _with_dense(retrieval, dense_documents)


def _with_dense(retrieval: Retrieval, dense_documents: list[RankedDocument] | None = None) -> Retrieval:
    """Record each document's best dense cosine (the raw score, before any fusion)."""
    for doc in dense_documents if dense_documents is not None else retrieval.documents:
        retrieval.cosine[doc.document_pk] = max(score for _, score in doc.chunks)
    retrieval.dense_floor = min(retrieval.cosine.values(), default=0.0)
    return retrieval


def _leg(name: str, store: Store, run: Callable[[], T]) -> T:
    """One retriever's ranking; a transient store error is retried once after reopening,
    any failure is logged by its kind and frames (errors.without_message) and raised."""
    try:
        return run()
    except Exception as exc:
        if not is_transient(exc):
            log.error("%s retrieval failed: %s", name, without_message(exc))
            raise
        log.warning("%s retrieval failed (%s); reopening the store and trying once more", name, kind_of(exc))
    store.recover()
    try:
        return run()
    except Exception as exc:
        log.error("%s retrieval failed again after reopening the store: %s", name, without_message(exc))
        raise
