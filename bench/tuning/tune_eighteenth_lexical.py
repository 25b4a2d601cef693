"""Eighteenth round (lexical): the lexical mode's WORST margin over BM25+Snowball, leave-one-set-out.

`python -m bench.tuning.tune_eighteenth_lexical SET... --data-dir DIR [--check SET...] [--show N]`
reads bench.tuning.tune_documents' per-set caches of the tuning halves (tune_fourth-<set>.pickle, as
bench.tuning.tune_sixth and tune_seventeenth do; held-out questions are never loaded) and ranks every
on-topic tuning question by variants of the lexical mode through the product's own functions
(store._bm25_documents: known forms, whole-document BM25 of the rows' lemmas plus a share of BM25 of
their Snowball stems, over the index rows in memory), scored with nDCG@10 against the eval's
BM25+Snowball ranking of the same question (bm25s, k1 1.5, b 0.75, its Dutch stop words; cached).

Variants: k1 x b x the stems' weight (both BM25s at one k1 and b); the lemmas at a grid k1 and b with
the stems at bm25s' k1 1.5 and b 0.75; query terms whose df is above a share of the documents dropped
(stop words the lemmatiser keeps). Documents' lengths are the sums over their rows (the title repeated
in every passage: the title weighting); the grid's b is how that length counts.

A choice must carry to a set it did not see: per set, the variant with the best worst margin over the
OTHER sets (the macro breaking ties) is scored on the set left out; the procedure's "LOSO worst
margin" is the lowest of those held-back margins, to compare with the product's worst margin over the
same sets; the same for the macro. `--check SET` names sets taking part in no choice. It also prints,
per set, how many questions the product wins and loses against BM25+Snowball, by the length of their
relevant documents against the set's mean (short / long) and by the number of query terms, and the
questions it loses most on with their terms.

Measured (docs/history/searching-rounds.md, "Lexical, eighteenth round", has the figures per set): before, the
lexical mode (k1 2.0, b 0.6, stems 0.5) had a worst margin of -2.38 points (eval-cases-13; eval-cases-4
-1.83, eval-cases-15 -0.16), macro 0.8010 (BM25+Snowball 0.7892); its losses were long questions over
long reports. k1 1.2, b 0.3, stems 0.75: worst +0.01 (eval-cases-4), macro 0.8065, above
BM25+Snowball on all seventeen; leave-one-set-out worst -0.95 (Rijksoverheid, whose short answers
lose by a lower b: -0.77 +- 0.39 points per question) against -2.38, held-back macro 0.8058 against
0.8010, chosen on sixteen of seventeen folds: adopted for the lexical mode only (hybrid's legs keep
k1 2.0, b 0.6, so hybrid is unchanged). The stems at bm25s' k1 and b: LOSO worst -0.75 with one more
constant and four distinct choices; dropping common query terms: LOSO worst -2.55. The check set
demo/eval-oneline (one-sentence situations, `--check`, never chosen on): 0.8382 -> 0.8276 against
BM25+Snowball 0.8492 (-1.06 +- 0.68 points per question): the choice does not carry to it, and with it
as an eighteenth fit set no variant carries (LOSO worst -2.51 against -2.38).
"""
from __future__ import annotations

import itertools
import sys
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from bench.metrics import ndcg_at
from bench.tuning import command
from bench.tuning.tune_documents import analysed
from bench.tuning.tune_sixth import rows_in_memory
from search._retrieve import CANDIDATES, LEXICAL_B, LEXICAL_K1, LEXICAL_STEMS
from store._bm25 import _TOKEN, view_of
from store._bm25_documents import K1, B, _best, _bm25, _masked_rows, _stem_groups, known_forms

K1S = (0.8, 1.0, 1.2, 1.5, 2.0, 2.5, 3.0, 4.0, 5.0)
BS = (0.0, 0.15, 0.3, 0.45, 0.6, 0.75, 0.9)
STEM_WEIGHTS = (0.0, 0.25, 0.5, 0.75, 1.0, 1.5)
BM25S = (1.5, 0.75)  # the baseline's k1 and b


@dataclass(frozen=True)
class Variant:
    k1: float = K1
    b: float = B
    stems: float = 0.5
    stem_k1b: tuple[float, float] | None = None  # the stems' own k1 and b (None: the lemmas')
    common: float = 1.0  # query terms in more than this share of the documents dropped (1: none)

    def label(self) -> str:
        text = f"k1 {self.k1:g} b {self.b:g} stems {self.stems:g}"
        if self.stem_k1b:
            text += f" (stems at k1 {self.stem_k1b[0]:g} b {self.stem_k1b[1]:g})"
        if self.common < 1:
            text += f" drop df > {self.common:g}"
        return text


BEFORE = Variant()  # the lexical mode before this round: hybrid's K1 2.0 and B 0.6, stems 0.5
PRODUCT = Variant(LEXICAL_K1, LEXICAL_B, LEXICAL_STEMS)  # since this round


def grid() -> dict[str, list[Variant]]:
    families = {"product": [BEFORE, PRODUCT]}
    families["k1 x b x stems' weight"] = [Variant(k, b, w) for k, b, w in itertools.product(K1S, BS, STEM_WEIGHTS)]
    families["lemmas' k1 x b, stems at bm25s' k1 and b"] = [
        Variant(k, b, w, BM25S) for k, b, w in itertools.product(K1S, BS, STEM_WEIGHTS[1:])]
    families["common query terms dropped"] = [
        Variant(K1, B, w, None, c) for c, w in itertools.product((0.2, 0.3, 0.5), STEM_WEIGHTS)]
    return families


@dataclass
class SetScores:
    name: str
    values: np.ndarray  # variants x questions
    bm25: np.ndarray
    lengths: np.ndarray  # per question: mean length of its relevant documents / the set's mean
    terms: list[list[str]]
    ids: list[str]


def score_set(s: dict, variants: list[Variant]) -> SetScores:
    everything = rows_in_memory(s)
    view = view_of(everything)
    ids = s["doc_ids"]
    rows: dict[str, tuple[np.ndarray, np.ndarray]] = {}
    position = {int(pk): j for j, pk in enumerate(view.documents)}
    average = float(view.lengths.mean())
    values, bm25, lengths, terms_of, names = [], [], [], [], []
    for i, q in enumerate(s["queries"]):
        if q.get("offtopic"):
            continue
        qrels = s["qrels"][q["id"]]
        known = known_forms(everything, s["terms"]["lemma"][1][i])
        words = sorted({t for term in known for t in _TOKEN.findall(term)})
        df = {w: len(np.unique(rows.setdefault(w, _masked_rows(view, w))[0] if w not in rows else rows[w][0]))
              for w in words}
        row = []
        cache: dict = {}
        for v in variants:
            kept = [w for w in words if df[w] <= v.common * len(view.documents)] or words
            key = tuple(kept)
            if (key, v.k1, v.b) not in cache:
                cache[key, v.k1, v.b] = _bm25(view, [[w] for w in kept], v.k1, v.b, rows)
            stem_at = v.stem_k1b or (v.k1, v.b)
            if (key, "stems", stem_at) not in cache:
                cache[key, "stems", stem_at] = _bm25(view, _stem_groups(view.parts, kept), *stem_at, rows)
            scores = cache[key, v.k1, v.b] + v.stems * cache[key, "stems", stem_at] if kept else np.zeros(1)
            order = _best(scores, view.documents, CANDIDATES) if kept else np.zeros(0, dtype=np.int64)
            row.append(ndcg_at([ids[int(view.documents[j])] for j in order], qrels))
        values.append(row)
        bm25.append(ndcg_at(s["bm25"][i], qrels))
        pk_of = {d: pk for pk, d in ids.items()}
        relevant = [view.lengths[position[pk_of[d]]] for d, g in qrels.items() if g > 0 and d in pk_of
                    and pk_of[d] in position]
        lengths.append(float(np.mean(relevant)) / average if relevant else 1.0)
        terms_of.append(known)
        names.append(q["id"])
    return SetScores(s["name"], np.array(values).T, np.array(bm25), np.array(lengths), terms_of, names)


def best_of(values: np.ndarray, base: np.ndarray) -> int:
    """The row with the best worst margin over `base` (the macro breaking ties)."""
    m = values - base
    return int(np.lexsort((-m.mean(axis=1), -np.round(m.min(axis=1), 10)))[0])


def loso(values: np.ndarray, base: np.ndarray, rows: list[int]) -> tuple[np.ndarray, list[int]]:
    margins, chosen = [], []
    for j in range(values.shape[1]):
        others = [x for x in range(values.shape[1]) if x != j]
        i = rows[best_of(values[rows][:, others], base[others])]
        chosen.append(i)
        margins.append(values[i, j] - base[j])
    return np.array(margins), chosen


def diagnose(t: SetScores, product: int) -> None:
    d = t.values[product] - t.bm25
    short, many = t.lengths < 1.0, np.array([len(x) for x in t.terms]) > 4
    parts = []
    for label, where in (("short relevant", short), ("long relevant", ~short), ("<= 4 terms", ~many),
                         ("> 4 terms", many)):
        if where.any():
            parts.append(f"{label} {int(where.sum())}: {d[where].mean() * 100:+.2f}")
    print(f"  {t.name}: wins {int((d > 1e-9).sum())} loses {int((d < -1e-9).sum())} of {len(d)}; "
          + "; ".join(parts))
    for j in np.argsort(d)[:2]:
        if d[j] < 0:
            print(f"    {t.ids[j]} {d[j] * 100:+.1f} relevant length x{t.lengths[j]:.2f}: {' '.join(t.terms[j])}")


def main(argv: list[str]) -> int:
    parser = command.arguments()
    parser.add_argument("--check", nargs="*", type=Path, default=[], help="sets scored, never chosen on")
    parser.add_argument("--show", type=int, default=5)
    args = parser.parse_args(argv)
    families = grid()
    variants = list(dict.fromkeys(v for family in families.values() for v in family))
    index = {v: j for j, v in enumerate(variants)}
    sets = [score_set(analysed([d], args.data_dir / f"tune_fourth-{d.resolve().name}.pickle")[0], variants)
            for d in args.sets + args.check]
    checked = {Path(d).resolve().name for d in args.check}
    fit = [j for j, t in enumerate(sets) if t.name not in checked]
    check = [j for j, t in enumerate(sets) if t.name in checked]
    values = np.array([[t.values[i].mean() for t in sets] for i in range(len(variants))])
    bm25 = np.array([t.bm25.mean() for t in sets])
    vf, bf = values[:, fit], bm25[fit]
    p, now = index[BEFORE], index[PRODUCT]
    print("sets:", " ".join(f"{sets[j].name}({len(sets[j].bm25)})" for j in fit + check))

    def row(label: str, v: np.ndarray, base: np.ndarray) -> None:
        print(f"  {label:52s} " + " ".join(f"{x:.4f}" for x in v) + f"  macro {v.mean():.4f}  margins "
              + " ".join(f"{x * 100:+.2f}" for x in v - base) + f"  worst {(v - base).min() * 100:+.2f}")

    print("\n== per set (fit, then checked)")
    row("bm25+snowball", bm25[fit + check], bm25[fit + check])
    row("before (k1 2, b 0.6, stems 0.5)", values[p, fit + check], bm25[fit + check])
    row(f"product ({PRODUCT.label()})", values[now, fit + check], bm25[fit + check])
    print("\n== where the lexical mode lost before this round (lexical - bm25+snowball per question, points)")
    for j in fit + check:
        diagnose(sets[j], p)
    print("\n== the same for the product (this round's choice)")
    for j in fit + check:
        diagnose(sets[j], now)
    for name, family in families.items():
        if name == "product":
            continue
        rows = [p] + [index[v] for v in family]
        margins = vf[rows] - bf
        order = np.lexsort((-margins.mean(axis=1), -margins.min(axis=1)))
        print(f"\n== {name} ({len(family)}), best by the worst margin over every fit set:")
        for i in order[:args.show]:
            row(variants[rows[i]].label(), vf[rows[i]], bf)
        held, chosen = loso(vf, bf, rows)
        before = vf[p] - bf
        print("  LOSO held back: " + " ".join(f"{sets[fit[j]].name} {x * 100:+.2f} ({y * 100:+.2f})"
                                              for j, (x, y) in enumerate(zip(held, before))))
        print(f"  LOSO worst margin {held.min() * 100:+.2f} (before {before.min() * 100:+.2f}); macro of the "
              f"held-back {np.mean([values[c, fit[j]] for j, c in enumerate(chosen)]):.4f} (before "
              f"{vf[p].mean():.4f}); better on {int((held > before + 1e-9).sum())}, worse on "
              f"{int((held < before - 1e-9).sum())}; {len(set(chosen))} distinct choices: "
              + "; ".join(sorted({variants[c].label() for c in chosen})))
        for j in check:
            i = rows[best_of(vf[rows], bf)]
            print(f"  checked {sets[j].name}: {values[i, j]:.4f} (before {values[p, j]:.4f}, bm25 {bm25[j]:.4f})")
    print(f"\n== worst margin over the fit sets by k1 (rows) x b (columns), stems {PRODUCT.stems:g}")
    print("        " + " ".join(f"{b:>6g}" for b in BS))
    for k in K1S:
        print(f"  {k:>4g}  " + " ".join(f"{(vf[index[Variant(k, b, PRODUCT.stems)]] - bf).min() * 100:+6.2f}"
                                      for b in BS))
    print("\n== the product - before, per question (points, mean +- standard error)")
    for j in fit + check:
        d = sets[j].values[now] - sets[j].values[p]
        print(f"  {sets[j].name}: {d.mean() * 100:+.2f} +- {d.std(ddof=1) / np.sqrt(len(d)) * 100:.2f}; "
              f"{int((d > 1e-9).sum())} up, {int((d < -1e-9).sum())} down of {len(d)}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
