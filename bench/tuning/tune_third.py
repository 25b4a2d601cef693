"""Third round of ideas, measured on the tuning halves only (`python -m bench.tuning.tune_third SET... --data-dir DIR`).

Reads bench.tuning.tune_documents' cache of the tuning halves (its `analysed`: chunk and
query terms per analysis, the dense candidates, every chunk and query vector),
so every idea is scored in memory over the same rankings as bench.tuning.tune and
bench.tuning.tune_documents, next to the product and the naive baselines:

1. lexical pseudo-relevance feedback (RM3): the query expanded with the
   best-weighted terms of its first `k` documents (each document's term
   distribution weighted by its first-pass score, optionally times the term's
   idf), interpolated with the original query at `original`; for the lexical
   mode (whole documents) and for hybrid's passage leg, whose feedback
   documents come from the lexical leg itself or from the fused first pass;
2. a document-level dense signal: the cosine of the query with each document's
   mean passage vector or its first passage, added to the dense leg's document
   score or fused as a third leg;
3. the lexical mode with both fields at query time: whole-document BM25 over
   lemmas fused (RRF or normalised scores) with whole-document BM25 over
   Snowball stems;
4. fusion over three legs in naive RRF's form (dense, whole-document lexical,
   passage lexical; RRF, equal weights) over a region of k and weights.

The decision rule, set beforehand: an idea is adopted only if it is above the
product on the macro of the tuning halves, not below it on any single half by
more than noise, and a region of its grid (not a lone point) is. Each grid also
gets a cross-validated check (`cross_validated`): choose on half the tuning
questions, score on the others.
Measured (docs/history/searching-rounds.md, "Third round of ideas"): none adopted. Feedback and
the stem field have regions a few tenths of a point above the product, and
cross-validated they are at or below it (the fused-feedback gain comes from one
set, demo/eval-cases-2, and costs eval-cases); the document-level dense signal
and three-leg RRF are below the product everywhere.
"""
from __future__ import annotations

import itertools
import math
import sys

import numpy as np

from bench.evaluate import naive_rrf
from bench.metrics import ndcg_at
from bench.tuning import command
from bench.tuning.tune_documents import Documents, analysed, baseline, chunk_rankings, row
from search._fusion import Fusion, RankedDocument, Ranking, by_document, fuse_legs
from search._retrieve import FUSION
from store._bm25 import K1, Postings, _idf, _top
from store._bm25_documents import K1 as DOC_K1
from store._bm25_documents import B as DOC_B
from text import stem

CANDIDATES = 100
ORIGINAL = (0.5, 0.65, 0.8, 0.9)  # the original query's share in the expanded query


# --- 1. lexical pseudo-relevance feedback -------------------------------------------------

def feedback_terms(docs: Documents, ranked: list[tuple[int, float]], k: int, terms: int,
                   idf: bool) -> dict[str, float]:
    """RM3's relevance model from the first `k` documents: each document's term
    distribution (tf / length) weighted by its normalised first-pass score, summed;
    the `terms` best, normalised to sum 1. With `idf`, each term's weight is
    multiplied by its whole-document idf (common words then weigh little)."""
    head = [(d, s) for d, s in ranked[:k] if d in docs.tf and s > 0]
    total = sum(s for _, s in head)
    if not head or total <= 0:
        return {}
    model: dict[str, float] = {}
    for d, s in head:
        length = docs.length[d]
        for w, n in docs.tf[d].items():
            model[w] = model.get(w, 0.0) + (s / total) * n / length
    if idf:
        n_docs = len(docs.tf)
        for w in model:
            df = len(docs.postings.get(w, ()))
            model[w] *= math.log(1 + (n_docs - df + 0.5) / (df + 0.5))
    best = sorted(model.items(), key=lambda item: -item[1])[:terms]
    norm = sum(v for _, v in best)
    return {w: v / norm for w, v in best} if norm > 0 else {}


def expanded(query: list[str], model: dict[str, float], original: float) -> dict[str, float]:
    """The original terms (sharing `original`) interpolated with the feedback model."""
    if not query:
        return {}
    weights = {w: original / len(query) for w in query}
    for w, v in model.items():
        weights[w] = weights.get(w, 0.0) + (1 - original) * v
    return weights


def weighted_documents(docs: Documents, weights: dict[str, float], k1: float = DOC_K1,
                       b: float = DOC_B) -> list[tuple[int, float]]:
    """Whole-document BM25 (Lucene idf) with a weight per query term, best first."""
    n = len(docs.tf)
    out: dict[int, float] = {}
    for w, weight in weights.items():
        hits = docs.postings.get(w, [])
        if not hits:
            continue
        idf = math.log(1 + (n - len(hits) + 0.5) / (len(hits) + 0.5))
        for d, tf in hits:
            norm = k1 * (1 - b + b * docs.length[d] / docs.avg)
            out[d] = out.get(d, 0.0) + weight * idf * tf * (k1 + 1) / (tf + norm)
    return sorted(out.items(), key=lambda x: (-x[1], x[0]))[:CANDIDATES]


def weighted_passages(postings: Postings, weights: dict[str, float]) -> Ranking:
    """Passage BM25 as store._bm25.Postings.best scores it, with a weight per term."""
    scores = np.zeros(len(postings.pks))
    for term, weight in weights.items():
        rows, tf = postings._slice(term)
        if len(rows):
            scores[rows] += weight * _idf(len(postings.pks), len(rows)) * tf * (K1 + 1) / (tf + postings._norm[rows])
    matched = np.flatnonzero(scores)
    return [(pk, -score) for pk, score in _top(postings.pks[matched], scores[matched], CANDIDATES)]


# --- 2. a document-level dense signal ------------------------------------------------------

def document_vectors(s: dict, which: str) -> tuple[np.ndarray, np.ndarray]:
    """(document pks, unit vectors): each document's mean passage vector, or its first passage's."""
    rows: dict[int, list[int]] = {}
    for i, pk in enumerate(s["chunk_pks"]):
        rows.setdefault(s["document_of"][int(pk)], []).append(i)
    pks = np.array(sorted(rows))
    matrix = s["matrix"]
    if which == "first":
        vectors = np.stack([matrix[min(rows[d], key=lambda i: s["chunk_pks"][i])] for d in pks])
    else:
        vectors = np.stack([matrix[rows[d]].mean(axis=0) for d in pks])
    return pks, vectors / np.linalg.norm(vectors, axis=1, keepdims=True)


def dense_documents(s: dict, i: int, vectors: tuple[np.ndarray, np.ndarray], add: float) -> list[RankedDocument]:
    """The dense leg with `add` times the document-level cosine added to its best passage's."""
    passages = by_document(s["dense"][i], s["document_of"])
    pks, matrix = vectors
    cosine = dict(zip(pks.tolist(), (matrix @ s["query_vectors"][i]).tolist()))
    for doc in passages:
        doc.score += add * cosine[doc.document_pk]
    return sorted(passages, key=lambda d: -d.score)


def document_leg(s: dict, i: int, vectors: tuple[np.ndarray, np.ndarray]) -> list[RankedDocument]:
    pks, matrix = vectors
    scores = matrix @ s["query_vectors"][i]
    top = np.argsort(-scores)[:CANDIDATES]
    return [RankedDocument(int(pks[j]), float(scores[j])) for j in top]


# --- scoring ---------------------------------------------------------------------------------

def per_query(s: dict, ranked_per_query) -> np.ndarray:
    """nDCG@10 of each on-topic tuning question."""
    return np.array([ndcg_at([s["doc_ids"][d] for d in ranked_per_query(i)], s["qrels"][q["id"]])
                     for i, q in enumerate(s["queries"]) if not q.get("offtopic")])


def ndcg(s: dict, ranked_per_query) -> float:
    return float(per_query(s, ranked_per_query).mean())


def cross_validated(product: list[np.ndarray], grid: list[list[np.ndarray]], repeats: int = 200,
                    seed: int = 15) -> None:
    """Would choosing a grid point on half the tuning questions help on the other half?
    Each repeat splits every set's tuning questions at random in two, picks the point
    (or the product) with the best macro nDCG@10 on one part and scores it against the
    product on the other. This is selection noise measured within the tuning halves:
    a grid whose best point only fits its questions shows a change near zero here."""
    rng = np.random.default_rng(seed)
    changes = []
    for _ in range(repeats):
        folds = [rng.permutation(len(p)) < len(p) // 2 for p in product]
        candidates = [product] + grid
        chosen = max(candidates, key=lambda c: np.mean([v[f].mean() for v, f in zip(c, folds)]))
        changes.append([chosen[j][~f].mean() - product[j][~f].mean() for j, f in enumerate(folds)])
    change = np.array(changes)
    print("cross-validated change against the product (choose on one half of the tuning questions, score on the"
          f" other, {repeats} splits): per set " + " ".join(f"{c:+.4f}" for c in change.mean(axis=0))
          + f"  macro {change.mean():+.4f}; better in {np.mean(change.mean(axis=1) > 0):.0%} of splits,"
          f" worse in {np.mean(change.mean(axis=1) < 0):.0%}", flush=True)


def pks_of(ranking: list[RankedDocument]) -> list[int]:
    return [d.document_pk for d in ranking]


def as_documents(ranked: list[tuple[int, float]]) -> list[RankedDocument]:
    return [RankedDocument(d, v) for d, v in ranked]


class Set:
    """One tuning half with its first-pass rankings (lemma analysis, as the index holds)."""

    def __init__(self, s: dict) -> None:
        self.s = s
        chunk_terms, self.queries = s["terms"]["lemma"]
        self.postings = Postings("tune", [(int(pk), " ".join(t)) for pk, t in zip(s["chunk_pks"], chunk_terms)])
        self.passages = chunk_rankings(s, "lemma")
        self.docs = Documents(s["chunk_pks"], chunk_terms, s["document_of"])
        self.chunks = Documents(s["chunk_pks"], chunk_terms, {int(pk): int(pk) for pk in s["chunk_pks"]})
        self.stem_docs = Documents(s["chunk_pks"], s["terms"]["stem"][0], s["document_of"])
        self.whole = [weighted_documents(self.docs, {w: 1.0 for w in q}) for q in self.queries]
        self.stem_whole = [weighted_documents(self.stem_docs, {w: 1.0 for w in q}) for q in s["terms"]["stem"][1]]
        # Stems of the indexed lemmas: a stem field the product could derive from its lemma rows.
        lemma_stems = Documents(s["chunk_pks"], [[stem(w) for w in c] for c in chunk_terms], s["document_of"])
        self.lemma_stem_whole = [weighted_documents(lemma_stems, {stem(w): 1.0 for w in q}) for q in self.queries]
        self.dense = [by_document(d, s["document_of"]) for d in s["dense"]]

    def lexical_leg(self, ranking: Ranking) -> list[RankedDocument]:
        return by_document(ranking, self.s["document_of"], FUSION.lexical_more)

    def hybrid(self, i: int, lexical: Ranking | None = None, dense=None, extra=()) -> list[RankedDocument]:
        legs = [(dense if dense is not None else self.dense[i], FUSION.dense_weight),
                (self.lexical_leg(self.passages[i] if lexical is None else lexical), FUSION.lexical_weight)]
        return fuse_legs(legs + list(extra), FUSION)


def prf_lexical_mode(t: Set, i: int, idea: dict) -> list[int]:
    first = t.whole[i]
    model = feedback_terms(t.docs, first, idea["k"], idea["terms"], idea["idf"])
    if not model:
        return [d for d, _ in first]
    return [d for d, _ in weighted_documents(t.docs, expanded(t.queries[i], model, idea["original"]))]


def prf_hybrid(t: Set, i: int, idea: dict) -> list[int]:
    if idea["source"] == "passages":  # the first pass's best passages, not whole documents
        first, units = t.passages[i], t.chunks
    elif idea["source"] == "fused":
        first, units = [(d.document_pk, d.score) for d in t.hybrid(i)], t.docs
    else:
        first, units = [(d.document_pk, d.score) for d in t.lexical_leg(t.passages[i])], t.docs
    model = feedback_terms(units, first, idea["k"], idea["terms"], idea["idf"])
    if not model:
        return pks_of(t.hybrid(i))
    return pks_of(t.hybrid(i, weighted_passages(t.postings, expanded(t.queries[i], model, idea["original"]))))


def fused_fields(t: Set, i: int, idea: dict) -> list[int]:
    """Whole-document BM25 over lemmas fused with one over Snowball stems of the words
    (`of` "words", a second analysis) or of the indexed lemmas (`of` "lemmas")."""
    stems = t.lemma_stem_whole[i] if idea.get("of") == "lemmas" else t.stem_whole[i]
    fusion = Fusion(idea["method"], idea.get("k", 60))
    return pks_of(fuse_legs([(as_documents(t.whole[i]), 1.0), (as_documents(stems), idea["stem"])], fusion))


def three_rrf(t: Set, i: int, idea: dict) -> list[int]:
    fusion = Fusion("rrf", idea["k"])
    whole = as_documents(t.stem_whole[i] if idea.get("stems") else t.whole[i])
    legs = [(t.dense[i], idea["dense"]), (whole, idea["whole"]), (t.lexical_leg(t.passages[i]), idea["passages"])]
    return pks_of(fuse_legs(legs, fusion))


def noise(sets: list[Set]) -> None:
    """Per set: the product against the naive baselines per question (mean difference and
    its standard error), i.e. how far apart two systems must be for a half to tell."""
    for t in sets:
        s = t.s
        hybrid = per_query(s, lambda i, t=t: pks_of(t.hybrid(i)))
        lexical = per_query(s, lambda i, t=t: [d for d, _ in t.whole[i]])
        bm25 = np.array([ndcg_at(s["bm25"][i], s["qrels"][q["id"]])
                         for i, q in enumerate(s["queries"]) if not q.get("offtopic")])
        naive = np.array([ndcg_at(naive_rrf([s["bm25"][i], [s["doc_ids"][d] for d in pks_of(t.dense[i])]]),
                                  s["qrels"][q["id"]])
                          for i, q in enumerate(s["queries"]) if not q.get("offtopic")])
        print(f"noise {s['name']} ({len(hybrid)} questions): hybrid - naive rrf {_paired(hybrid, naive)};"
              f" lexical - bm25+snowball {_paired(lexical, bm25)}", flush=True)


def _paired(a: np.ndarray, b: np.ndarray) -> str:
    d = a - b
    return f"{d.mean():+.4f} +- {d.std(ddof=1) / np.sqrt(len(d)):.4f}"


def report(label: str, sets: list[Set], ranked, family: list | None = None) -> list[float]:
    figures = [ndcg(t.s, lambda i, t=t: ranked(t, i)) for t in sets]
    print(row(label, figures), flush=True)
    if family is not None:
        family.append(figures)
    return figures


def summary(name: str, family: list[list[float]], product: list[float]) -> None:
    """How a whole grid stands against the product: a region, not its best point, decides."""
    macro = [sum(f) / len(f) for f in family]
    above = sum(m > sum(product) / len(product) for m in macro)
    per_set = " ".join(f"{np.median([f[j] - product[j] for f in family]):+.4f}" for j in range(len(product)))
    print(f"summary {name}: {above} of {len(family)} points above the product's macro; median macro"
          f" {np.median(macro):.4f} (product {sum(product) / len(product):.4f}); median change per set {per_set}",
          flush=True)


def main(argv: list[str]) -> int:
    parser = command.arguments()
    parser.add_argument("--idea", choices=("prf", "dense", "fields", "three", "cv", "all"), default="all")
    args = parser.parse_args(argv)
    raw = analysed(args.sets, args.data_dir / "tune_documents.pickle")
    sets = [Set(s) for s in raw]
    print("sets:", " ".join(f"{t.s['name']}({len(t.s['queries'])})" for t in sets))
    print(row("baseline bm25+snowball", [baseline(t.s, "bm25") for t in sets]))
    print(row("baseline naive rrf", [baseline(t.s, "naive") for t in sets]))
    hybrid = report("product hybrid", sets, lambda t, i: pks_of(t.hybrid(i)))
    lexical = report("product lexical (whole documents)", sets, lambda t, i: [d for d, _ in t.whole[i]])
    noise(sets)
    family: list[list[float]] = []
    if args.idea in ("prf", "all"):
        family = []
        for k, terms, original, idf in itertools.product((3, 5, 10), (5, 10, 20, 30), ORIGINAL, (False, True)):
            idea: dict = {"k": k, "terms": terms, "original": original, "idf": idf}
            report(f"prf lexical mode {idea}", sets, lambda t, i, idea=idea: prf_lexical_mode(t, i, idea), family)
        summary("prf lexical mode", family, lexical)
        for source in ("lexical", "fused", "passages"):
            family = []
            for k, terms, original, idf in itertools.product((3, 5, 10), (5, 10, 20, 30), ORIGINAL, (False, True)):
                idea = {"source": source, "k": k, "terms": terms, "original": original, "idf": idf}
                report(f"prf hybrid {idea}", sets, lambda t, i, idea=idea: prf_hybrid(t, i, idea), family)
            summary(f"prf hybrid, feedback from the {source} first pass", family, hybrid)
            family = []
            for k, terms, original in itertools.product((3, 5), (5, 10), (0.8, 0.9)):
                idea = {"source": source, "k": k, "terms": terms, "original": original, "idf": False}
                report(f"prf hybrid (best region) {idea}", sets, lambda t, i, idea=idea: prf_hybrid(t, i, idea), family)
            summary(f"prf hybrid, {source} first pass, k 3-5, 5-10 terms, original 0.8-0.9", family, hybrid)
    if args.idea in ("cv", "all"):
        product = [per_query(t.s, lambda i, t=t: pks_of(t.hybrid(i))) for t in sets]
        for source in ("lexical", "fused", "passages"):
            grid = [[per_query(t.s, lambda i, t=t, idea=idea: prf_hybrid(t, i, idea)) for t in sets]
                    for idea in ({"source": source, "k": k, "terms": n, "original": o, "idf": idf} for k, n, o, idf
                                 in itertools.product((3, 5, 10), (5, 10, 20, 30), ORIGINAL, (False, True)))]
            print(f"prf hybrid, feedback from the {source} first pass:", end=" ")
            cross_validated(product, grid)
        lexical_product = [per_query(t.s, lambda i, t=t: [d for d, _ in t.whole[i]]) for t in sets]
        grid = [[per_query(t.s, lambda i, t=t, idea=idea: prf_lexical_mode(t, i, idea)) for t in sets]
                for idea in ({"k": k, "terms": n, "original": o, "idf": idf} for k, n, o, idf
                             in itertools.product((3, 5, 10), (5, 10, 20, 30), ORIGINAL, (False, True)))]
        print("prf lexical mode:", end=" ")
        cross_validated(lexical_product, grid)
        for of in ("words", "lemmas"):
            grid = [[per_query(t.s, lambda i, t=t, idea=idea: fused_fields(t, i, idea)) for t in sets]
                    for idea in ({"of": of, "method": m, "k": k, "stem": w} for w, (m, k) in itertools.product(
                        (0.25, 0.5, 0.75, 1.0), (("score", 60), ("rrf", 10), ("rrf", 30), ("rrf", 60))))]
            print(f"lexical mode, lemma field and a field of the {of}' stems fused:", end=" ")
            cross_validated(lexical_product, grid)
    if args.idea in ("dense", "all"):
        vectors = {which: [document_vectors(t.s, which) for t in sets] for which in ("mean", "first")}
        for which in ("mean", "first"):
            family = []
            for add in (0.1, 0.25, 0.5, 1.0):
                report(f"dense document signal {which} added x{add}", sets,
                       lambda t, i, which=which, add=add: pks_of(t.hybrid(
                           i, dense=dense_documents(t.s, i, vectors[which][sets.index(t)], add))), family)
            summary(f"dense document signal {which}, added", family, hybrid)
            family = []
            for weight in (0.1, 0.2, 0.3, 0.45):
                report(f"dense document signal {which} as a third leg x{weight}", sets,
                       lambda t, i, which=which, weight=weight: pks_of(t.hybrid(
                           i, extra=[(document_leg(t.s, i, vectors[which][sets.index(t)]), weight)])), family)
            summary(f"dense document signal {which}, third leg", family, hybrid)
    if args.idea in ("fields", "all"):
        for of in ("words", "lemmas"):
            family = []
            for weight, (method, k) in itertools.product((0.25, 0.5, 0.75, 1.0),
                                                         (("score", 60), ("rrf", 10), ("rrf", 30), ("rrf", 60))):
                idea = {"of": of, "method": method, "k": k, "stem": weight}
                report(f"lexical mode lemma+stem fields {idea}", sets,
                       lambda t, i, idea=idea: fused_fields(t, i, idea), family)
            summary(f"lexical mode, lemma field and a field of the {of}' stems fused", family, lexical)
    if args.idea in ("three", "all"):
        naive = [baseline(t.s, "naive") for t in sets]
        for stems in (False, True):
            family = []
            for k, dense, whole, passages in itertools.product((30, 45, 60, 80, 100), (0.8, 1.0, 1.25), (0.8, 1.0),
                                                               (0.8, 1.0)):
                idea = {"stems": stems, "k": k, "dense": dense, "whole": whole, "passages": passages}
                report(f"three legs rrf {idea}", sets, lambda t, i, idea=idea: three_rrf(t, i, idea), family)
            summary(f"three legs rrf, whole documents of {'stems' if stems else 'lemmas'}", family, hybrid)
            at_naive = sum(all(f[j] >= naive[j] for j in range(len(naive))) for f in family)
            print(f"summary: {at_naive} of {len(family)} points at or above naive RRF on every tuning half", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
