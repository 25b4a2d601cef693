"""From chunk rankings to one document ranking: the pure arithmetic of retrieval.

Both legs rank chunks; users get documents. A document's evidence in one leg is
its best chunk plus a share of its next ones (`Fusion.dense_more`, `lexical_more`), so a
report that answers the question in several places outranks one lucky
sentence. The two legs' document rankings are then fused either by weighted
reciprocal rank fusion or by weighted normalised scores; which one, and every
weight, was chosen on the tuning halves of the evaluation sets (bench/tuning/tune.py),
where the figures behind each default are printed. Hybrid then blends in a share
of rank fusion of dense and whole-document BM25 (`fuse_hybrid`, bench/tuning/tune_fourth.py;
since the seventh round over the lemmas and over the Snowball stems, bench/tuning/tune_seventh.py).
"""
from __future__ import annotations

from dataclasses import dataclass, field

Ranking = list[tuple[int, float]]  # (chunk pk, score), best first, higher is better


@dataclass
class RankedDocument:
    document_pk: int
    score: float
    chunks: Ranking = field(default_factory=list)  # its matching chunks, best first


@dataclass(frozen=True)
class Fusion:
    method: str = "rrf"            # "rrf": weighted reciprocal ranks; "score": weighted normalised scores
    rrf_k: int = 60
    dense_weight: float = 1.0
    lexical_weight: float = 1.0
    dense_more: float = 0.0        # weight of a document's 2nd and 3rd chunk score in its dense score
    lexical_more: float = 0.0      # the same in its lexical score
    passages_counted: int = 3
    rank_share: float = 0.0        # share of rank fusion blended in (`fuse_hybrid`)
    rank_dense: float = 1.0        # the rank part's leg weights: dense,
    rank_lemmas: float = 1.0       # whole-document BM25 of the lemmas,
    rank_stems: float = 0.0        # and of the Snowball stems (0: that leg is not run)


def by_document(ranking: Ranking, document_of: dict[int, int], more: float = 0.0,
                counted: int = 3) -> list[RankedDocument]:
    """A chunk ranking as a document ranking (chunks of unknown documents dropped)."""
    documents: dict[int, RankedDocument] = {}
    for pk, score in ranking:
        if pk in document_of:
            documents.setdefault(document_of[pk], RankedDocument(document_of[pk], 0.0)).chunks.append((pk, score))
    for doc in documents.values():
        scores = [s for _, s in doc.chunks[:counted]]
        doc.score = scores[0] + more * sum(scores[1:])
    return sorted(documents.values(), key=lambda d: -d.score)


def _normalised(ranking: list[RankedDocument]) -> dict[int, float]:
    """Scores mapped to 0..1 within the list (min-max), so cosine and BM25 compare."""
    if not ranking:
        return {}
    top, bottom = max(d.score for d in ranking), min(d.score for d in ranking)
    span = top - bottom
    return {d.document_pk: (d.score - bottom) / span if span > 0 else 1.0 for d in ranking}


def _leg_scores(ranking: list[RankedDocument], fusion: Fusion) -> dict[int, float]:
    if fusion.method == "score":
        return _normalised(ranking)
    return {d.document_pk: 1.0 / (fusion.rrf_k + rank + 1) for rank, d in enumerate(ranking)}


def fuse(dense: list[RankedDocument], lexical: list[RankedDocument], fusion: Fusion = Fusion()) -> list[RankedDocument]:
    """One document ranking from the two legs (see `fuse_legs`)."""
    return fuse_legs([(dense, fusion.dense_weight), (lexical, fusion.lexical_weight)], fusion)


def fuse_legs(legs: list[tuple[list[RankedDocument], float]], fusion: Fusion = Fusion()) -> list[RankedDocument]:
    """One document ranking from weighted legs; a document's chunks are ordered by
    their own fused rank, so its best passages come from every list. The product
    fuses two legs; bench/tuning/tune.py measures a third (whole-document BM25) with it."""
    scores: dict[int, float] = {}
    chunk_scores: dict[int, float] = {}
    chunks_of: dict[int, dict[int, None]] = {}  # dict as an ordered set
    for ranking, weight in legs:
        for pk, score in _leg_scores(ranking, fusion).items():
            scores[pk] = scores.get(pk, 0.0) + weight * score
        for doc in ranking:
            chunks = chunks_of.setdefault(doc.document_pk, {})
            for chunk_rank, (pk, _) in enumerate(doc.chunks):
                chunk_scores[pk] = chunk_scores.get(pk, 0.0) + weight / (fusion.rrf_k + chunk_rank + 1)
                chunks[pk] = None
    fused = [RankedDocument(pk, score, sorted(((c, chunk_scores[c]) for c in chunks_of[pk]), key=lambda c: -c[1]))
             for pk, score in scores.items()]
    return sorted(fused, key=lambda doc: (-doc.score, doc.document_pk))


def fuse_hybrid(dense: list[RankedDocument], lexical: list[RankedDocument], whole: list[RankedDocument],
                fusion: Fusion, stems: list[RankedDocument] | None = None) -> list[RankedDocument]:
    """Hybrid's ranking: (1 - `rank_share`) x `fuse` of dense and the passage leg, plus
    `rank_share` x weighted reciprocal rank fusion (k `rrf_k`) of dense, `whole` (the
    whole-document lexical ranking over the lemmas) and `stems` (the same over the
    Snowball stems), with weights `rank_dense`, `rank_lemmas`, `rank_stems`: naive RRF's
    form with our own legs, scaled by its largest possible value so both parts run 0..1.
    Score fusion keeps how far apart a leg's scores are; the rank part rewards documents
    several legs rank high, and brings in whole-document evidence. A document's chunks
    are ordered as in `fuse`; one found only by a whole-document leg keeps its own best
    passages (the lemmas' before the stems')."""
    fused = fuse(dense, lexical, fusion)
    if not fusion.rank_share:
        return fused
    legs = [(dense, fusion.rank_dense), (whole, fusion.rank_lemmas), (stems or [], fusion.rank_stems)]
    total = sum(weight for _, weight in legs)
    ranks: dict[int, float] = {}
    for ranking, weight in legs:
        for rank, doc in enumerate(ranking):
            ranks[doc.document_pk] = ranks.get(doc.document_pk, 0.0) + \
                weight * (fusion.rrf_k + 1) / (fusion.rrf_k + rank + 1) / total
    documents = {doc.document_pk: doc for doc in fused}
    for ranking, weight in legs[1:]:
        for doc in ranking if weight else []:
            documents.setdefault(doc.document_pk, RankedDocument(doc.document_pk, 0.0, list(doc.chunks)))
    share = fusion.rank_share
    blended = [RankedDocument(pk, (1 - share) * doc.score + share * ranks.get(pk, 0.0), doc.chunks)
               for pk, doc in documents.items()]
    return sorted(blended, key=lambda doc: (-doc.score, doc.document_pk))
