"""Seventeenth round (fusion): hybrid's WORST margin over naive RRF, chosen leave-one-set-out.

`python -m bench.tuning.tune_seventeenth SET... --data-dir DIR --check SET` reads bench.tuning.tune_documents'
per-set caches of the tuning halves (tune_fourth-<set>.pickle, as bench.tuning.tune_sixth and
tune_seventh do; held-out questions are never loaded) and scores every configuration of a grid per
on-topic tuning question, through the product's own functions, with the relevance floor applied as
`praktijkgeheugen eval` applies it (bench.tuning.tune_sixth.Question: confident documents of the
judged head first), against the eval's naive RRF (RRF k=60 of BM25+Snowball via bm25s and dense).

Earlier rounds chose a configuration by its worst margin over all the tuning halves at once. This
round asks how a choice carries to a set it did not see: for each set, the configuration with the
best worst margin over the OTHER sets (the macro breaking ties) is scored on the set left out; the
procedure's "LOSO worst margin" is the lowest of those held-back margins, to compare with the
product's worst margin over the same sets. `--check SET` names sets (eval-cases-15's tuning half, new
data) that take no part in any choice: they are printed once per decision, as a final check.

Legs per question (documents, over the ingested index rows in memory; bench.tuning.tune_seventh's
first seven, then the aggregation variants):

- dense: a document's best passage cosine; passages: FTS5 BM25 passages, best plus 0.3 of the next
  two (the product); whole / stems: whole-document BM25 of the lemmas / of the Snowball stems (k1 2.0,
  b 0.6; the product's rank legs); stems-bm25s: the stems at bm25s' k1 1.5 and b 0.75 (the product's
  equivalent of naive RRF's lexical leg); mode: the lexical mode's ranking; bm25s: BM25+Snowball
  itself (a reference: the product does not run it);
- dense-top2: best cosine plus 0.5 x the second; dense-sum2: best plus the second (passage vs
  document evidence); passages-best: the passage leg's best passage alone; passages-sum2: its best
  plus the second.

A configuration: score fusion (per-leg weights over the legs' scores scaled within the list:
min-max as the product, or z-score, or by rank, or divided by the best) blended with `share` of
weighted RRF (k, per-leg weights; scaled to 0..1 by its largest possible value), as
search._fusion.fuse_hybrid; optionally another share and score dense weight for questions of more
than `long` terms. The floor's decisions are untouched by construction: it reads the dense cosines,
the question's evidence and spread, never a fused score; every configuration here ranks the same
candidates (the legs the product runs), so the documents judged confident are the same, only their
order and that of the weaker ones changes (the script counts answered questions per configuration
and prints any configuration whose count differs from the product's).

Measured (docs/history/searching-rounds.md, "Fusion, seventeenth round (7 December)", has the figures per set): today's
worst margin over the seventeen fit sets -2.01 (eval-cases-10), macro 0.8551. Held back (LOSO by the worst
margin): naive RRF's form as the rank part -2.37, the rank legs' k and weights with the stems at bm25s'
k1 and b -1.98, z-scored legs -1.73, aggregation -2.40, another share and dense weight above 8 terms -1.76
(better than today on 11 held-back sets, worse on 5; eval-cases-15 0.8428 -> 0.8456). Chosen on random
halves of the questions the last two do worse than today on the other halves (-0.30 and -0.07 points of
worst margin), and every set moves within 1.8 standard errors: not adopted. Without the floor's order
(confident documents first) hybrid is above naive RRF on 15 of 17 halves (worst -1.35 instead of -2.01):
on -10, -5 and -9 the floor's order, not the fusion, costs the margin.
"""
from __future__ import annotations

import itertools
import sys
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from bench.tuning import command
from bench.tuning.tune_seventh import ADOPTED
from bench.tuning.tune_sixth import (
    Question,
    Tuning,
    _padded,
    best_of,
    cross_validate,
    each_question,
    loaded_sets,
    print_candidate,
    print_families,
    question_of,
)
from search._fusion import by_document
from search._retrieve import CANDIDATES, FUSION
from store._bm25_documents import documents_within, known_forms

LEGS = ("dense", "passages", "whole", "stems", "stems-bm25s", "mode", "bm25s",
        "dense-top2", "dense-sum2", "passages-best", "passages-sum2")
DENSE, PASSAGES, WHOLE, STEMS, STEMS_BM25S, MODE, BM25S, DENSE_TOP2, DENSE_SUM2, PASSAGES_BEST, PASSAGES_SUM2 = \
    range(len(LEGS))


@dataclass(frozen=True)
class Config:
    """(1 - share) x score fusion (weights per leg of LEGS, scores scaled by `norm`) + share x RRF
    (k, weights per leg); for a question of more than `long` terms (0: never) `long_share` and
    `long_dense` (the score part's dense weight, the rest to the passage leg) instead."""

    score: tuple[float, ...]
    rrf: tuple[float, ...]
    k: int = 60
    share: float = 0.0
    norm: str = "minmax"
    long: int = 0
    long_share: float = 0.0
    long_dense: float = 0.0

    def label(self) -> str:
        def legs(weights: tuple[float, ...]) -> str:
            return ",".join(f"{n}{w:g}" for n, w in zip(LEGS, weights) if w)

        text = f"score[{legs(self.score)}] + {self.share:g} x rrf k={self.k}[{legs(self.rrf)}]"
        if self.norm != "minmax":
            text += f" norm={self.norm}"
        if self.long:
            text += f" (> {self.long} terms: share {self.long_share:g}, dense {self.long_dense:g})"
        return text


PRODUCT = Config((FUSION.dense_weight, FUSION.lexical_weight),
                 (FUSION.rank_dense, 0.0, FUSION.rank_lemmas, FUSION.rank_stems), FUSION.rrf_k, FUSION.rank_share)
assert (PRODUCT.score, PRODUCT.rrf, PRODUCT.k, PRODUCT.share) == (ADOPTED.score, ADOPTED.rrf, ADOPTED.k, ADOPTED.share)


class Question17(Question):
    """tune_sixth's Question with the legs' raw scores (for other scalings) and its number of terms."""

    raw: np.ndarray
    terms: int

    def with_raw(self, legs: list[list[tuple[int, float]]], terms: int) -> Question17:
        where = {pk: i for i, pk in enumerate(self.pks.tolist())}
        self.raw = np.full((len(legs), len(self.pks)), np.nan)
        for j, leg in enumerate(legs):
            for d, v in leg:
                self.raw[j, where[d]] = v
        self.terms = terms
        self.scaled: dict[str, np.ndarray] = {"minmax": self.norm}
        return self

    def scale(self, norm: str) -> np.ndarray:
        """Each leg's scores scaled within its list (absent documents at the list's lowest)."""
        if norm not in self.scaled:
            present = np.isfinite(self.rank)
            out = np.zeros_like(self.norm)
            for j in range(len(self.raw)):
                v = self.raw[j, present[j]]
                if not len(v):
                    continue
                if norm == "z":
                    s = (v - v.mean()) / v.std() if v.std() > 0 else np.zeros_like(v)
                    s = s - s.min()  # absent documents (0) at the list's lowest
                elif norm == "rank":
                    s = 1.0 - self.rank[j, present[j]] / len(v)
                elif norm == "max":
                    s = v / v.max() if v.max() > 0 else np.ones_like(v)
                else:
                    raise ValueError(norm)
                out[j, present[j]] = s
            self.scaled[norm] = out
        return self.scaled[norm]

    def fused(self, c) -> np.ndarray:
        present = np.isfinite(self.rank)
        n = len(self.norm)
        score_w, share = _padded(c.score, n), c.share
        if c.long and self.terms > c.long:
            score_w, share = score_w.copy(), c.long_share
            score_w[DENSE], score_w[PASSAGES] = c.long_dense, round(1 - c.long_dense, 4)
        score = np.where(present, score_w[:, None] * self.scale(c.norm), 0.0).sum(axis=0)
        used = score_w > 0
        if share:
            legs = _padded(c.rrf, n)[:, None]
            rrf = np.where(present, legs / (c.k + self.rank + 1), 0.0).sum(axis=0) * (c.k + 1) / legs.sum()
            score = (1 - share) * score + share * rrf
            used |= _padded(c.rrf, n) > 0
        candidate = np.flatnonzero(present[used].any(axis=0))
        return candidate[np.argsort(-score[candidate], kind="stable")]

    def answered(self, c) -> bool:
        """Whether the floor leaves the question an answer (a confident document in the judged head)."""
        return bool(self.sure[self.fused(c)[:self.judged]].any())


def load(s: dict) -> Tuning:
    """Every leg of one set's on-topic tuning questions, and the eval's baselines."""
    ids, document_of = s["doc_ids"], s["document_of"]
    pk_of = {v: k for k, v in ids.items()}
    questions: list[Question] = []
    baselines = []
    for i, q, everything, measured in each_question(s):
        terms = s["terms"]["lemma"][1][i]
        stem_b = documents_within(everything, terms, CANDIDATES, k1=1.5, b=0.75, lemmas=0.0, stems=1.0)
        mode = documents_within(everything, known_forms(everything, terms), CANDIDATES, stems=0.5)
        baseline = [(pk_of[d], float(CANDIDATES - r)) for r, d in enumerate(s["bm25"][i][:CANDIDATES]) if d in pk_of]
        postings = everything[0][0]
        chunks = [(pk, -v) for pk, v in postings.best(terms, CANDIDATES)] if terms else []
        aggregated = [[(d.document_pk, d.score) for d in by_document(ranking, document_of, more, counted)]
                      for ranking, more, counted in ((s["dense"][i], 0.5, 2), (s["dense"][i], 1.0, 2),
                                                     (chunks, 0.0, 1), (chunks, 1.0, 2))]
        legs = ([q.dense, q.passages] + [[(d, v) for d, v, _ in hits] for hits in (q.whole, q.stems, stem_b, mode)]
                + [baseline] + aggregated)
        question = question_of(s, i, q, legs)
        question.__class__ = Question17  # the same question, with the raw scores added below
        assert isinstance(question, Question17)
        questions.append(question.with_raw(legs, len(terms)))
        baselines.append(measured)
    naive, bm25, dense_mode = np.array(baselines).T
    return Tuning(s["name"], questions, naive, bm25, dense_mode, {})


def grid() -> dict[str, list[Config]]:
    """The families tried (the product first)."""
    p = PRODUCT
    shares = (0.4, 0.5, 0.6, 0.7, 0.8)
    families: dict[str, list[Config]] = {"product": [p]}

    def rrf(**weights: float) -> tuple[float, ...]:
        return tuple(weights.get(name.replace("-", "_"), 0.0) for name in LEGS)

    families["naive RRF's form (share 1, no score part): bm25s itself (reference), the product's stems at bm25s' "
             "k1 and b, at its own k1 and b"] = [
        Config(p.score, rrf(dense=1, **{lex: 1}), 60, 1.0) for lex in ("bm25s", "stems_bm25s", "stems")]
    families["naive RRF's form (dense + the stems at bm25s' k1 and b) as the rank part"] = [
        Config(p.score, rrf(dense=d, stems_bm25s=1), k, a)
        for d, k, a in itertools.product((1.0, 1.5, 2.0), (30, 60), shares + (0.9,))]
    families["rank legs: dense, lemmas, stems, stems at bm25s' k1 and b; k; share"] = [
        Config(p.score, rrf(dense=d, whole=lem, stems=st, stems_bm25s=sb), k, a)
        for d, lem, st, sb, k, a in itertools.product((1.0, 1.5, 2.0), (0.0, 0.5, 1.0), (0.0, 0.5, 1.0),
                                                      (0.0, 0.5, 1.0), (30, 60, 100), (0.5, 0.6, 0.7))
        if st or sb]
    families["score normalisation (z-score, by rank, by the best) x score dense weight x share"] = [
        Config((wd, round(1 - wd, 2)), p.rrf, 60, a, norm)
        for norm, wd, a in itertools.product(("z", "rank", "max"), (0.55, 0.65, 0.75), shares)]
    families["aggregation: a document's dense and passage evidence (best, + 0.3 / 0.5 / 1 x the next)"] = [
        Config(tuple(p.score[0] if j == dl else p.score[1] if j == pl else 0.0 for j in range(len(LEGS))), p.rrf, 60, a)
        for dl, pl, a in itertools.product((DENSE, DENSE_TOP2, DENSE_SUM2), (PASSAGES, PASSAGES_BEST, PASSAGES_SUM2),
                                           (0.5, 0.6, 0.7))]
    families["query length: another share and dense weight above n terms"] = [
        Config(p.score, p.rrf, 60, p.share, "minmax", n, a, wd)
        for n, a, wd in itertools.product((3, 5, 8, 12), (0.4, 0.5, 0.6, 0.7, 0.8), (0.55, 0.65, 0.75))
        if (a, wd) != (p.share, p.score[0])]
    return families


def loso(values: np.ndarray, naive: np.ndarray, rows: list[int], by: str = "worst") -> tuple[np.ndarray, list[int]]:
    """Leave one set out: per set, the configuration among `rows` with the best worst margin (or
    mean margin, `by`) over the other sets; its margin on the set left out, and which it was."""
    margins, chosen = [], []
    for j in range(values.shape[1]):
        others = [x for x in range(values.shape[1]) if x != j]
        v, base = values[rows][:, others], naive[others]
        i = best_of(v, base) if by == "worst" else int(np.argmax((v - base).mean(axis=1)))
        chosen.append(rows[i])
        margins.append(values[rows[i], j] - naive[j])
    return np.array(margins), chosen


def main(argv: list[str]) -> int:
    parser = command.arguments()
    parser.add_argument("--check", nargs="*", default=[], help="sets scored once per decision, never chosen on")
    parser.add_argument("--show", type=int, default=5)
    parser.add_argument("--only", nargs="*", default=[], help="families whose name holds one of these")
    parser.add_argument("--repeats", type=int, default=200, help="random question halves of the cross-validated check")
    args = parser.parse_args(argv)
    checked = {Path(d).resolve().name for d in args.check}
    sets, naive = loaded_sets(args.sets, args.data_dir, load)
    fit = [j for j, t in enumerate(sets) if t.name not in checked]
    check = [j for j, t in enumerate(sets) if t.name in checked]
    families = {name: family for name, family in grid().items()
                if name == "product" or not args.only or any(o in name for o in args.only)}
    configs = list(dict.fromkeys(c for family in families.values() for c in family))
    tables = [np.array([[q.ndcg(c) for q in t.questions] for c in configs]) for t in sets]
    answered = np.array([[sum(q.answered(c) for q in t.questions) for t in sets] for c in configs])
    values = np.stack([tab.mean(axis=1) for tab in tables], axis=1)
    index = {c: j for j, c in enumerate(configs)}
    names = [sets[j].name for j in fit]
    print("fit on:", " ".join(names), "| checked only:", " ".join(sets[j].name for j in check))
    changed = [configs[i].label() for i in range(len(configs)) if (answered[i] != answered[index[PRODUCT]]).any()]
    print(f"configurations whose floor leaves a different number of on-topic questions answered: {len(changed)}",
          *changed[:5], sep="\n  ")
    vf, nf = values[:, fit], naive[fit]

    def row(label: str, v: np.ndarray, base: np.ndarray) -> None:
        print(f"  {label:28s} " + " ".join(f"{x:.4f}" for x in v) + f"  macro {v.mean():.4f}  margins "
              + " ".join(f"{x * 100:+.2f}" for x in v - base) + f"  worst {(v - base).min() * 100:+.2f}")

    print("\n== per set (fit sets, then checked):", " ".join(names + [sets[j].name for j in check]))
    order = fit + check
    row("naive RRF", naive[order], naive[order])
    row("hybrid today (product)", values[index[PRODUCT], order], naive[order])
    for c in families[list(families)[1]] if len(families) > 1 else []:
        row(c.label()[-40:], values[index[c], order], naive[order])
    unfloored = [np.array([np.mean([q.ndcg(c, floor=False) for q in sets[j].questions]) for j in order])
                 for c in (PRODUCT, Config(PRODUCT.score, (1.0,) + (0.0,) * 5 + (1.0,), 60, 1.0))]
    row("product, no floor", unfloored[0], naive[order])
    row("naive RRF's form, no floor", unfloored[1], naive[order])
    print(f"\nproduct: worst margin over the fit sets {(vf[index[PRODUCT]] - nf).min() * 100:+.2f}, "
          f"macro {vf[index[PRODUCT]].mean():.4f}")
    everything = list(range(len(configs)))
    procedures = [(f"family: {name}", [index[c] for c in [PRODUCT] + fam]) for name, fam in families.items()
                  if name != "product"] + [("every family together", everything)]
    for title, rows in procedures:
        for by in ("worst", "mean"):
            m, chosen = loso(vf, nf, rows, by)
            product = vf[index[PRODUCT]] - nf
            print(f"\n== LOSO by the {by} margin, {title} ({len(rows)} configurations)")
            print("  held back: " + " ".join(f"{n} {x * 100:+.2f} ({y * 100:+.2f})" for n, x, y in zip(names, m, product)))
            print(f"  LOSO worst margin {m.min() * 100:+.2f} (product {product.min() * 100:+.2f}); mean "
                  f"{m.mean() * 100:+.2f} ({product.mean() * 100:+.2f}); better than the product on "
                  f"{int((m > product + 1e-9).sum())}, worse on {int((m < product - 1e-9).sum())} held-back sets")
            picks = {configs[i].label() for i in chosen}
            print(f"  {len(picks)} distinct choices, e.g. {configs[chosen[0]].label()}")
            if by == "worst":
                i = rows[best_of(vf[rows], nf)]
                print(f"  chosen on every fit set: {configs[i].label()}")
                row("  fit sets", vf[i], nf)
                for j in check:
                    print(f"  checked {sets[j].name}: {values[i, j]:.4f} (product {values[index[PRODUCT], j]:.4f}, "
                          f"naive RRF {naive[j]:.4f})")
                print_candidate(configs[i], sets, [tab[index[PRODUCT]] for tab in tables], naive)
                print("  " + cross_validate([tables[j][rows] for j in fit], [sets[j].naive for j in fit], args.repeats)
                      + " (choosing in this family on random halves of every fit set's questions)")
    print_families(families, PRODUCT, configs, [tables[j] for j in fit], [sets[j].naive for j in fit], args.show,
                   args.repeats, 100)  # over the fit sets only
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
