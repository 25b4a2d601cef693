"""Sixth round: hybrid by its WORST margin over naive RRF, with the floor, tuning halves only.

`python -m bench.tuning.tune_sixth SET... --data-dir DIR [--repeats N]` reads bench.tuning.tune_documents'
per-set caches of the tuning halves (`analysed`, as bench.tuning.tune_fourth names them:
tune_fourth-<set>.pickle; held-out questions are never loaded) and scores, per tuning
question, every configuration of a grid through the product's own functions:

- legs: dense (a document's best passage cosine), the passage leg (FTS5's BM25 of the
  index's rows, a document's best passage plus 0.3 of its next two), whole-document BM25
  over the rows' lemmas (store._bm25_documents.documents_within, the lexical mode's
  ranking) and whole-document BM25 over the Snowball stems of the same rows
  (`documents_within(..., stems=True)`), all over the ingested index rows in memory;
- a configuration: score fusion (min-max scaled legs, weights), plus `share` of RRF (k,
  leg weights, scaled to 0..1 by its largest possible value), as search._fusion.fuse_hybrid;
- then the relevance floor as search.search applies it (search._floor, with its constants:
  cosine + coverage of the best two lexical passages + the question's lexical evidence in
  its best-cosine documents (seventh round) - the query's spread over all passages, each
  weighted, judged over the first 50): confident documents first, then the weaker ones. That is
  what `praktijkgeheugen eval` scores for hybrid, so the margins printed are the eval's.

Naive RRF is `praktijkgeheugen eval`'s: RRF k=60 of BM25+Snowball and dense, with the
questions embedded one at a time as a search embeds them (bench.evaluate.CachedQueries;
the first part of this round: the tuner used to embed them in batches, and the bundled
model's dynamic int8 quantisation gives a question in a batch a slightly different
vector, so the tuner's naive RRF was 0.869 where the eval's was 0.855 on eval-cases-3).

The lexical mode is scored against BM25+Snowball the same way: today's (whole-document
BM25 of the lemmas, with known forms), and stems beside the lemmas (the stem BM25 added
with a weight, or fused by rank), or stems alone.

The bar, set before measuring: adopt a hybrid change only if the worst margin over naive
RRF across the six tuning halves rises by at least 0.5 nDCG points and the macro over
them does not fall; for the lexical mode, the worst margin over BM25+Snowball likewise.
Fewer parameters are preferred. A cross-validated check (choosing the best point of a
family on one random half of every set's questions, scoring it on the other) is printed
beside, as the fourth round did.

Measured (worst margin in nDCG points over the six tuning halves; docs/history/searching-rounds.md, "Sixth
round", has the figures per set). Hybrid before: -1.76 (demo/eval), macro 0.8288.
- Stems as a third RRF leg beside dense and whole-document lemmas (weight 0.25-1.0, k 30-100,
  share 0.4-0.8): at best -1.55 (+0.21): below the bar. Stems instead of the lemmas in the RRF
  part, or sharing the lexical side with them: at best -0.61 / -1.16, but only at shares other
  than today's (at 0.6: -1.43 / -1.30). Stems in the score part: at best -0.56 at share 0.8, -1.46
  at 0.6. The lexical mode's new ranking (lemmas + 0.5 x stems) in the RRF part: at best -0.18,
  with dense 0.65 in the score part (the change adopted below); with 0.55 -0.59 at share 0.8,
  -1.13 at 0.6.
- RRF k (20-100) x share (0.4-0.8) alone: at best -0.85; rank fusion alone -0.82 or lower.
- More weight on dense: score fusion's dense weight 0.6-0.7 (share 0.6) and the RRF part's dense
  weight 1.25-1.75 all pass the bar. Adopted: score fusion's dense weight 0.55 -> 0.65 (one
  number; k 60 and share 0.6 kept): worst -0.29 (eval-cases-3), macro 0.8328; every share of
  0.3-0.8 passes the bar at 0.65, and 0.6 and 0.7 pass at share 0.6 (the centre of the region).
  It costs eval-cases-3 1.3 +- 0.9 points per question; score dense 0.6 (worst -0.91, every set
  within 0.13 points of before or above) and RRF dense 1.5 (-0.51) are the cautious neighbours.
  Cross-validated choice within the families: -0.03 to +0.26 points, so the gain is of the size
  of choosing noise; on random halves the adopted point's worst margin beats the old product's
  in 68% of 200 splits (score dense 0.6: 86%).
- The lexical mode (before -3.14, eval-cases-4; macro 0.7692): known forms + 0.5 x stems -1.83,
  macro 0.7702 (shares 0.25-1.0: -2.50 to -2.25); adopted. Stems alone -2.81, RRF of both -1.87.
Latency: whole-document BM25 of lemmas + 0.5 x stems at 10,000 passages 1.4 ms p50 against 1.1
ms for lemmas alone (`--latency`, on a loaded machine); hybrid's change costs nothing.
"""
from __future__ import annotations

import itertools
import math
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from bench.evaluate import naive_rrf
from bench.metrics import ndcg_at
from bench.tuning import command
from bench.tuning.tune_documents import analysed
from bench.tuning.tune_fourth import Query
from search._floor import coverage, evidence, floor_for
from search._fusion import by_document
from search._retrieve import CANDIDATES, FUSION
from store._bm25 import Postings
from store._bm25_documents import documents_within, known_forms, terms_held

MODEL = "multilingual-e5-small@onnx-int8"
LEGS = ("dense", "passages", "whole", "stems", "mixed")  # mixed: whole + 0.5 x stems (own terms)


@dataclass(frozen=True)
class Config:
    """(1 - share) x score fusion (weights per leg) + share x RRF (k, weights per leg)."""

    score: tuple[float, ...]   # per leg of LEGS (missing ones 0)
    rrf: tuple[float, ...]
    k: int = 60
    share: float = 0.0

    def label(self) -> str:
        def legs(weights):
            return ",".join(f"{n[0]}{w:g}" for n, w in zip(LEGS, weights) if w)

        return f"score[{legs(self.score)}] + {self.share:g} x rrf k={self.k}[{legs(self.rrf)}]"


# "The product" below is hybrid before this round (the fourth round's blend); ADOPTED is
# search._retrieve.FUSION now.
PRODUCT = Config((0.55, 0.45), (1.0, 0.0, 1.0), 60, 0.6)
ADOPTED = Config((FUSION.dense_weight, FUSION.lexical_weight), (1.0, 0.0, 1.0), FUSION.rrf_k, FUSION.rank_share)


class Question(Query):
    """One on-topic tuning question (bench.tuning.tune_fourth.Query: its candidates, each leg's
    min-max score and rank, the gains) with each candidate's verdict by the floor."""

    def __init__(self, legs: list[list[tuple[int, float]]], gains: dict[int, float], idcg: float,
                 confidence: dict[int, float], threshold: float, judged: int) -> None:
        super().__init__(legs, gains, idcg, {})
        self.sure = np.array([confidence[pk] >= threshold for pk in self.pks.tolist()])
        self.judged = judged

    def ndcg(self, c, floor: bool = True) -> float:
        order = self.fused(c)
        if floor:  # confident documents of the judged head first, then the rest, each in order
            head, rest = order[:self.judged], order[self.judged:]
            order = np.concatenate([head[self.sure[head]], head[~self.sure[head]], rest])
        return self.ndcg_of(order)

    def ndcg_of(self, order: np.ndarray) -> float:
        """nDCG@10 of candidates in `order` (indices into the candidates)."""
        order = order[:10]
        dcg = float((self.gain[order] / np.log2(np.arange(2, len(order) + 2))).sum())
        return dcg / self.idcg if self.idcg else 0.0

    def fused(self, c) -> np.ndarray:
        """The candidates (indices) in the order of configuration `c`'s fused score, before the floor."""
        present = np.isfinite(self.rank)
        n = len(self.norm)  # the legs this question holds (bench.tuning.tune_seventh has more)
        weights = _padded(c.score, n)[:, None]
        score = np.where(present, weights * self.norm, 0.0).sum(axis=0)
        used = _padded(c.score, n) > 0
        if c.share:
            legs = _padded(c.rrf, n)[:, None]
            rrf = np.where(present, legs / (c.k + self.rank + 1), 0.0).sum(axis=0) * (c.k + 1) / legs.sum()
            score = (1 - c.share) * score + c.share * rrf
            used |= _padded(c.rrf, n) > 0
        candidate = np.flatnonzero(present[used].any(axis=0))
        return candidate[np.argsort(-score[candidate], kind="stable")]


def _padded(weights: tuple[float, ...], n: int = len(LEGS)) -> np.ndarray:
    return np.array(list(weights) + [0.0] * (n - len(weights)))


@dataclass
class Tuning:
    name: str
    questions: list[Question]
    naive: np.ndarray        # per question nDCG@10 of naive RRF (the eval's)
    bm25: np.ndarray         # of BM25+Snowball
    dense: np.ndarray        # of dense alone (the dense mode)
    lexical: dict            # label -> per question nDCG@10 of a lexical-mode variant


def _fused(*rankings: list[tuple[int, float]], weights: tuple[float, ...]) -> list[tuple[int, float]]:
    """Scores added with weights (a lexical-mode variant)."""
    out: dict[int, float] = {}
    for ranking, weight in zip(rankings, weights):
        for d, v in ranking:
            out[d] = out.get(d, 0.0) + weight * v
    return sorted(out.items(), key=lambda x: (-x[1], x[0]))[:CANDIDATES]


def _rrf(*rankings: list[tuple[int, float]], k: int = 60, weights: tuple[float, ...]) -> list[tuple[int, float]]:
    out: dict[int, float] = {}
    for ranking, weight in zip(rankings, weights):
        for r, (d, _) in enumerate(ranking):
            out[d] = out.get(d, 0.0) + weight / (k + r + 1)
    return sorted(out.items(), key=lambda x: (-x[1], x[0]))[:CANDIDATES]


def rows_in_memory(s: dict) -> list:
    """A set's index rows as store._bm25_documents ranks them (every row visible)."""
    document_of = s["document_of"]
    rows = [(int(pk), s["bodies"].get(int(pk), ""), "", document_of[int(pk)]) for pk in s["chunk_pks"]]
    postings = Postings("tune", rows)
    postings.index_forms()
    return [(postings, np.ones(len(postings.pks), dtype=bool))]


@dataclass
class Legs:
    """One on-topic question's judgements and the product's legs (bench.tuning.tune_seventh adds more)."""

    qrels: dict
    gains: dict[int, float]
    idcg: float
    dense: list[tuple[int, float]]
    passages: list[tuple[int, float]]
    whole: list          # DocumentHit: whole-document BM25 of the lemmas
    stems: list          # DocumentHit: of the Snowball stems alone
    spread: float        # the query's spread as the floor measures it
    cosine: dict[int, float]
    lexical_chunks: dict[int, list[int]]
    evidence: float = 0.0   # the question's lexical evidence in its best-cosine documents (seventh floor)


def legs_of(s: dict, i: int, everything: list, pk_of: dict) -> Legs:
    """Question `i`'s judgements, legs and what the floor reads: the best cosine (the dense
    candidates' lowest for others), the best lexical passages (passage leg, else whole
    document, else stems), the query's spread over every passage."""
    floor = floor_for(MODEL)
    document_of, qrels, terms = s["document_of"], s["qrels"][s["queries"][i]["id"]], s["terms"]["lemma"][1][i]
    gains = {pk_of[d]: 2.0 ** g - 1 for d, g in qrels.items() if d in pk_of and g > 0}
    ideal = sorted((g for g in qrels.values() if g > 0), reverse=True)[:10]
    idcg = sum((2 ** g - 1) / math.log2(r + 2) for r, g in enumerate(ideal))
    dense_docs = by_document(s["dense"][i], document_of)
    postings = everything[0][0]
    chunks = [(pk, -v) for pk, v in postings.best(terms, CANDIDATES)] if terms else []
    passage_docs = by_document(chunks, document_of, FUSION.lexical_more)
    whole_hits = documents_within(everything, terms, CANDIDATES)
    stem_hits = documents_within(everything, terms, CANDIDATES, lemmas=0.0, stems=1.0)
    lexical_chunks = {d: [pk for pk, _ in c] for d, _, c in stem_hits}
    lexical_chunks.update({d: [pk for pk, _ in c] for d, _, c in whole_hits})
    lexical_chunks.update({d.document_pk: [pk for pk, _ in d.chunks] for d in passage_docs})
    spread = float(np.std(s["matrix"] @ s["query_vectors"][i]))
    cosine = {d.document_pk: max(v for _, v in d.chunks) for d in dense_docs}
    # since the seventh floor: the question's lexical evidence in its best-cosine documents
    best = sorted(cosine, key=lambda d: -cosine[d])[:floor.evidence_top]
    held, frequency, rows_seen = terms_held(everything, terms, best)
    shown = max((evidence(terms, held[d], frequency, rows_seen) for d in best), default=0.0) if terms else 0.0
    return Legs(qrels, gains, idcg, [(d.document_pk, d.score) for d in dense_docs],
                [(d.document_pk, d.score) for d in passage_docs], whole_hits, stem_hits,
                spread if len(s["chunk_pks"]) >= floor.spread_min else floor.reference_spread,
                cosine, lexical_chunks, shown)


def question_of(s: dict, i: int, q: Legs, legs: list[list[tuple[int, float]]]) -> Question:
    """The question with each candidate's verdict by the floor (search._floor.judge)."""
    floor = floor_for(MODEL)
    terms, lowest = s["terms"]["lemma"][1][i], min(q.cosine.values())
    confidence = {d: q.cosine.get(d, lowest) - floor.spread_weight * q.spread + floor.evidence_weight * q.evidence
                  + floor.coverage_weight * coverage(
        terms, [s["bodies"][pk] for pk in q.lexical_chunks.get(d, [])[:floor.passages] if pk in s["bodies"]])
        for d in {d for leg in legs for d, _ in leg}}
    return Question(legs, q.gains, q.idcg, confidence, floor.threshold, floor.judged)


def each_question(s: dict) -> Iterator[tuple[int, Legs, list, tuple[float, float, float]]]:
    """Per on-topic question: its index, its legs, the rows in memory, and nDCG@10 of naive
    RRF (the eval's), BM25+Snowball and dense alone."""
    everything = rows_in_memory(s)
    pk_of = {v: k for k, v in s["doc_ids"].items()}
    for i, query in enumerate(s["queries"]):
        if query.get("offtopic"):
            continue
        q = legs_of(s, i, everything, pk_of)
        dense_ids = [s["doc_ids"][d] for d, _ in q.dense]
        yield i, q, everything, (ndcg_at(naive_rrf([s["bm25"][i], dense_ids])[:CANDIDATES], q.qrels),
                                 ndcg_at(s["bm25"][i], q.qrels), ndcg_at(dense_ids, q.qrels))


def load(s: dict) -> Tuning:
    """Every leg and baseline of one set's on-topic tuning questions."""
    ids = s["doc_ids"]
    questions, baselines = [], []
    lexical: dict[str, list[float]] = {}
    for i, q, everything, measured in each_question(s):
        qrels, terms, dense = q.qrels, s["terms"]["lemma"][1][i], q.dense
        whole = [(d, v) for d, v, _ in q.whole]
        stems = [(d, v) for d, v, _ in q.stems]
        mixed = _fused(whole, stems, weights=(1.0, 0.5))
        questions.append(question_of(s, i, q, [dense, q.passages, whole, stems, mixed]))
        baselines.append(measured)
        known = known_forms(everything, terms)
        mode = [(d, v) for d, v, _ in documents_within(everything, known, CANDIDATES)]
        variants = {"lexical mode (lemmas, known forms)": mode, "stems alone": stems,
                    "lemmas without known forms": whole}
        for weight in (0.25, 0.5, 0.75, 1.0):
            variants[f"known forms + {weight} x stems"] = [
                (d, v) for d, v, _ in documents_within(everything, known, CANDIDATES, stems=weight)]
            variants[f"lemmas + {weight} x stems"] = _fused(whole, stems, weights=(1.0, weight))
        for k in (10, 30, 60):
            variants[f"rrf k={k} of known forms and stems"] = _rrf(mode, stems, k=k, weights=(1.0, 1.0))
        for label, ranking in variants.items():
            lexical.setdefault(label, []).append(ndcg_at([ids[d] for d, _ in ranking], qrels))
    naive, bm25, dense_mode = np.array(baselines).T
    return Tuning(s["name"], questions, naive, bm25, dense_mode, {k: np.array(v) for k, v in lexical.items()})


CANDIDATES_TO_CHECK = list(dict.fromkeys([ADOPTED, Config((0.65, 0.35), (1, 0, 1), 60, 0.6),
                                         Config((0.6, 0.4), (1, 0, 1), 60, 0.6), Config((0.55, 0.45), (1.5, 0, 1), 60, 0.6)]))


def grid() -> dict[str, list[Config]]:
    """The families tried, each a list of configurations (the product first in each)."""
    d, p = PRODUCT.score  # the grid around hybrid before this round
    shares = (0.4, 0.5, 0.6, 0.7, 0.8)
    families: dict[str, list[Config]] = {"product": [PRODUCT]}
    families["k and share (no stems)"] = [Config((d, p, 0, 0), (1, 0, 1, 0), k, a)
                                          for k, a in itertools.product((20, 30, 60, 100), shares)]
    families["rrf leg weights (no stems)"] = [Config((d, p, 0, 0), (wd, wp, 1, 0), 60, 0.6)
                                              for wd, wp in itertools.product((0.75, 1.0, 1.25, 1.5), (0, 0.5, 1.0))]
    families["stems as a third rrf leg"] = [Config((d, p, 0, 0), (1, 0, 1, x), k, a)
                                            for x, k, a in itertools.product((0.25, 0.5, 1.0), (30, 60, 100), shares)]
    families["stems instead of lemmas in rrf"] = [Config((d, p, 0, 0), (1, 0, 0, 1), k, a)
                                                  for k, a in itertools.product((30, 60, 100), shares)]
    families["lemmas and stems share the lexical rrf side"] = [
        Config((d, p, 0, 0), (1, 0, 0.5, 0.5), k, a) for k, a in itertools.product((30, 60, 100), shares)]
    families["stems in the score part"] = [Config((d, round(p * (1 - x), 4), 0, round(p * x, 4)), (1, 0, 1, 0), 60, a)
                                           for x, a in itertools.product((0.25, 0.5), shares)]
    families["score fusion dense weight"] = [Config((wd, round(1 - wd, 2), 0, 0), (1, 0, 1, 0), 60, a)
                                             for wd, a in itertools.product((0.45, 0.5, 0.6, 0.65), shares)]
    families["dense emphasis: score dense weight x rrf dense weight x share"] = [
        Config((wd, round(1 - wd, 2)), (rd, 0, 1), 60, a)
        for wd, rd, a in itertools.product((0.55, 0.6, 0.65, 0.7, 0.75), (1.0, 1.5), (0.3, 0.4, 0.5, 0.6, 0.7, 0.8))]
    families["the lexical mode's ranking with stems (lemmas + 0.5 x stems) in rrf"] = [
        Config((wd, round(1 - wd, 2)), (1, 0, 0, 0, 1), k, a)
        for wd, k, a in itertools.product((0.55, 0.65), (30, 60, 100), shares)]
    families["rank fusion alone (no score part)"] = [Config((d, p, 0, 0), legs, k, 1.0) for legs, k in
                                                     itertools.product(((1, 0, 1, 0), (1, 0, 1, 1), (1, 0, 0, 1),
                                                                        (2, 0, 1, 1), (1, 1, 1, 0), (1, 1, 1, 1)),
                                                                       (30, 60, 100))]
    return families


def figures(values: np.ndarray, base: np.ndarray) -> str:
    m = values - base
    return (" ".join(f"{v:.4f}" for v in values) + f"  macro {values.mean():.4f}  margins "
            + " ".join(f"{x * 100:+.2f}" for x in m) + f"  worst {m.min() * 100:+.2f}")


def best_of(values: np.ndarray, base: np.ndarray) -> int:
    """The configuration with the best worst margin, the macro breaking ties."""
    low, mean = (values - base).min(axis=1), values.mean(axis=1)
    top = np.flatnonzero(low >= low.max() - 1e-9)
    return int(top[np.argmax(mean[top])])


def cross_validate(tables: list[np.ndarray], naive: list[np.ndarray], repeats: int, seed: int = 6) -> str:
    """Choose the best worst margin of a family (rows of `tables`) on one random half of every
    set's questions; its worst margin and macro on the other half, less the product's (row 0)."""
    rng = np.random.default_rng(seed)
    worst, macro = [], []
    for _ in range(repeats):
        folds = [rng.permutation(t.shape[1]) < t.shape[1] // 2 for t in tables]
        a = np.stack([t[:, f].mean(axis=1) for t, f in zip(tables, folds)], axis=1)
        base_a = np.array([n[f].mean() for n, f in zip(naive, folds)])
        i = best_of(a, base_a)
        b = np.stack([t[:, ~f].mean(axis=1) for t, f in zip(tables, folds)], axis=1)
        base_b = np.array([n[~f].mean() for n, f in zip(naive, folds)])
        worst.append((b[i] - base_b).min() - (b[0] - base_b).min())
        macro.append(b[i].mean() - b[0].mean())
    w = np.array(worst)
    return (f"cross-validated ({repeats} splits): worst margin {w.mean() * 100:+.2f} points against the product"
            f" (better in {np.mean(w > 0):.0%}, worse in {np.mean(w < 0):.0%}), macro {np.mean(macro) * 100:+.2f}")


def print_families(families: dict, product, configs: list, tables: list[np.ndarray], naive: list[np.ndarray],
                   show: int, repeats: int, width: int) -> None:
    """Per family of configurations: how many beat the product's worst margin over naive RRF,
    the best `show` of them, and the cross-validated check of choosing within the family."""
    index = {c: j for j, c in enumerate(configs)}
    values = np.stack([tab.mean(axis=1) for tab in tables], axis=1)
    base = np.array([n.mean() for n in naive])
    product_worst = (values[index[product]] - base).min()
    for name, family in families.items():
        if name == "product":
            continue
        rows = [index[c] for c in family]
        v = values[rows]
        low = (v - base).min(axis=1)
        print(f"\n== {name}: {len(rows)} configurations; {int((low > product_worst).sum())} with a worst margin"
              f" above the product's ({product_worst * 100:+.2f}); {int((low >= product_worst + 0.005).sum())}"
              f" at least 0.5 points above; {int((low > 0).sum())} above naive RRF on every tuning half")
        for j in np.lexsort((-v.mean(axis=1), -low))[:show]:
            print(f"  {family[j].label():{width}s} {figures(v[j], base)}")
        print("  " + cross_validate([tab[[index[product]] + rows] for tab in tables], naive, repeats))


def print_lexical(sets: list[Tuning], repeats: int, width: int) -> None:
    """The lexical-mode variants against BM25+Snowball, by their worst margin."""
    print("\n== lexical mode against BM25+Snowball")
    bm25 = np.array([t.bm25.mean() for t in sets])
    labels = list(sets[0].lexical)
    lex = np.array([[t.lexical[label].mean() for t in sets] for label in labels])
    for j in np.lexsort((-lex.mean(axis=1), -(lex - bm25).min(axis=1))):
        print(f"  {labels[j]:{width}s} {figures(lex[j], bm25)}")
    lex_tables = [np.array([t.lexical[label] for label in labels]) for t in sets]
    print("  " + cross_validate(lex_tables, [t.bm25 for t in sets], repeats))


def latency(passages: int = 10_000, repeats: int = 200) -> str:
    """Whole-document BM25 of lemmas and of stems over a synthetic index of `passages` rows
    (2,000 words, Zipf-like, 120 terms per row, 3 rows per document; 4 query terms)."""
    rng = np.random.default_rng(6)
    words = [f"w{i}{'en' if i % 3 else ''}" for i in range(2000)]
    p = 1 / np.arange(1, len(words) + 1)
    p /= p.sum()
    rows = [(i, " ".join(rng.choice(words, 120, p=p)), "", i // 3) for i in range(passages)]
    postings = Postings("latency", rows)
    postings.index_forms()
    parts = [(postings, np.ones(passages, dtype=bool))]
    queries = [list(rng.choice(words[:400], 4)) for _ in range(repeats)]
    out = []
    for label, lemmas, stems in (("lemmas (before)", 1.0, 0.0), ("stems alone", 0.0, 1.0),
                                 ("lemmas + 0.5 x stems (the lexical mode now)", 1.0, 0.5)):
        times = []
        for terms in queries:
            started = time.perf_counter()
            documents_within(parts, terms, CANDIDATES, lemmas=lemmas, stems=stems)
            times.append(time.perf_counter() - started)
        out.append(f"{label} p50 {np.median(times) * 1000:.2f} ms p90 {np.quantile(times, 0.9) * 1000:.2f} ms")
    return f"whole-document BM25 at {passages} passages: " + "; ".join(out)


def loaded_sets(paths: list[Path], data_dir: Path, load_one) -> tuple[list, np.ndarray]:
    """Each set's tuning half as `load_one` reads bench.tuning.tune_fourth's cache (made on first
    use), with the baselines printed; and naive RRF's nDCG@10 per set."""
    sets = [load_one(analysed([d], data_dir / f"tune_fourth-{d.resolve().name}.pickle")[0]) for d in paths]
    print("sets:", " ".join(f"{t.name}({len(t.questions)})" for t in sets))
    naive = np.array([t.naive.mean() for t in sets])
    bm25 = np.array([t.bm25.mean() for t in sets])
    print("naive rrf       ", " ".join(f"{v:.4f}" for v in naive), f" macro {naive.mean():.4f}")
    print("bm25+snowball   ", " ".join(f"{v:.4f}" for v in bm25), f" macro {bm25.mean():.4f}")
    print("dense           ", " ".join(f"{t.dense.mean():.4f}" for t in sets))
    return sets, naive


def scored(families: dict, sets: list) -> tuple[list, list[np.ndarray]]:
    """Every configuration of `families` once, and per set its questions' nDCG@10 under each."""
    configs = list(dict.fromkeys(c for family in families.values() for c in family))
    return configs, [np.array([[q.ndcg(c) for q in t.questions] for c in configs]) for t in sets]


def print_candidate(candidate, sets: list, product: list[np.ndarray], naive: np.ndarray) -> list[np.ndarray]:
    """Print a candidate's figures and, per set, its per-question gain over the product's
    (`product`: each set's questions' nDCG@10); returns its per-question nDCG@10 per set."""
    per_question = [np.array([q.ndcg(candidate) for q in t.questions]) for t in sets]
    v = np.array([r.mean() for r in per_question])
    print(f"\n== candidate {candidate.label()}: {figures(v, naive)}")
    for t, r, mine in zip(sets, per_question, product):
        d = r - mine
        print(f"  {t.name}: candidate - product per question {d.mean() * 100:+.2f} +- "
              f"{d.std(ddof=1) / np.sqrt(len(d)) * 100:.2f} points")
    return per_question


def main(argv: list[str]) -> int:
    parser = command.grid_arguments()
    parser.add_argument("--latency", action="store_true", help="only time the whole-document legs")
    args = parser.parse_args(argv)
    if args.latency:
        print(latency())
        return 0
    sets, naive = loaded_sets(args.sets, args.data_dir, load)
    families = grid()
    configs, tables = scored(families, sets)
    plain = [np.array([[q.ndcg(c, floor=False) for q in t.questions] for c in (PRODUCT,)]) for t in sets]
    values = np.stack([tab.mean(axis=1) for tab in tables], axis=1)
    index = {c: j for j, c in enumerate(configs)}
    print("product hybrid without the floor", figures(np.array([p[0].mean() for p in plain]), naive))
    print("product hybrid with the floor   ", figures(values[index[PRODUCT]], naive))
    adopted = np.array([np.mean([q.ndcg(ADOPTED) for q in t.questions]) for t in sets])
    print("adopted (search._retrieve.FUSION)", figures(adopted, naive))
    for t, tab in zip(sets, tables):
        d = tab[index[PRODUCT]] - t.naive
        print(f"noise {t.name}: hybrid - naive rrf per question {d.mean() * 100:+.2f} +- "
              f"{d.std(ddof=1) / np.sqrt(len(d)) * 100:.2f} points")
    print_families(families, PRODUCT, configs, tables, [t.naive for t in sets], args.show, args.repeats, 75)
    shares = (0.3, 0.4, 0.5, 0.6, 0.7, 0.8)
    regions = (("score fusion's dense weight", (0.5, 0.55, 0.6, 0.65, 0.7, 0.75),
                lambda x, a: Config((x, round(1 - x, 2)), (1, 0, 1), 60, a)),
               ("the rrf part's dense weight (score fusion 0.55 / 0.45)", (1.0, 1.25, 1.5, 1.75, 2.0, 2.5),
                lambda x, a: Config((0.55, 0.45), (x, 0, 1), 60, a)))
    for title, xs, config_of in regions:
        print(f"\n== the region of {title} (rows) x rank share (columns), rrf k=60 of dense and whole documents:"
              " worst margin over naive RRF in points / macro")
        print("        " + "".join(f"{a:>16g}" for a in shares))
        for x in xs:
            cells = []
            for a in shares:
                v = np.array([np.mean([q.ndcg(config_of(x, a)) for q in t.questions]) for t in sets])
                cells.append(f"{(v - naive).min() * 100:+.2f} / {v.mean():.4f}")
            print(f"  {x:<6g}" + "".join(f"{c:>16s}" for c in cells), flush=True)
    for candidate in CANDIDATES_TO_CHECK:
        per_question = print_candidate(candidate, sets, [tab[index[PRODUCT]] for tab in tables], naive)
        rng = np.random.default_rng(6)
        better = []
        for _ in range(args.repeats):
            folds = [rng.permutation(len(t.questions)) < len(t.questions) // 2 for t in sets]
            base = np.array([t.naive[f].mean() for t, f in zip(sets, folds)])
            mine = np.array([r[f].mean() for r, f in zip(per_question, folds)])
            product = np.array([tab[index[PRODUCT]][f].mean() for tab, f in zip(tables, folds)])
            better.append((mine - base).min() - (product - base).min())
        b = np.array(better)
        print(f"  on random halves of every set's questions ({args.repeats}): worst margin {b.mean() * 100:+.2f} points"
              f" against the product's (higher in {np.mean(b > 0):.0%}, lower in {np.mean(b < 0):.0%})")
    print_lexical(sets, args.repeats, 45)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
