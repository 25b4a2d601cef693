"""Nineteenth round (lexical): the lexical mode's WORST margin over BM25+Snowball, chosen on tuning halves,
leave-one-set-out, judged on the seen held-out halves.

`python -m bench.tuning.tune_nineteenth_lexical SET... --data-dir DIR [--check SET...] [--stage dump|score]`

Reads both halves of every set, cached as tune_nineteenth-<set>.pickle (bench.tuning.tune_nineteenth's caches;
`--stage dump` makes a missing one: eval-cases-17 is seen since the last session and may be cached here, the sets
being written now, eval-notes-23 and eval-cases-18, are refused by name). Every choice is made on the TUNING
halves only (`was` == "tune"): per family, the variant with the best worst margin over BM25+Snowball on the
other sets' tuning halves (the mean breaking ties; the product is a row of every family) is scored on the set
left out ("LOSO"); the variant chosen on all the fit sets' tuning halves is then scored on their HELD-OUT halves
(seen, never chosen on). `--check SET` names sets scored beside them and never chosen on (demo/eval-oneline).

The lexical mode is ranked as the product ranks it (store._bm25_documents: the query's known forms, whole-document
BM25 of the rows' lemmas plus a share of BM25 of their Snowball stems, over the index rows in memory), with one
score vector per query term (or stem group) so that variants reweight terms:

- k1 x b x the stems' weight (one k1 and b for both), and the stems at their own k1 and b;
- query terms whose lemma is one of Snowball's stop words dropped (the analyser drops a stop word by its surface
  form: "kunt", "werden", "doet" are kept, as the lemmas "kunnen", "worden", "doen");
- query terms that are common in general Dutch (wordfreq Zipf at or above 5.5 / 6 / 6.5) weighted 0 / 0.5;
- a query term counted as often as the question says it (1 + log n, or n), as bm25s counts repeated tokens.

It also prints, per set and half, where the product loses to BM25+Snowball by the question's form (terms, one
sentence or a situation), by the relevant documents' length, and the questions it loses most on.

The bar, written before any figure was read: adopt only if the leave-one-set-out worst margin on the tuning halves
rises (its mean falls by at most 0.10 points), the choice on all tuning halves lifts the held-out minimum with no
set's held-out nDCG@10 falling by more than 0.3 points, eval-oneline falls by at most 0.3, hybrid falls nowhere.

Measured (docs/history/searching-rounds.md, "Lexical, nineteenth round", has the tables): nineteen sets, 952 + 911 on-topic
questions. Today: tuning worst -0.16 (eval-cases-17), mean +1.642; held-out worst -2.21 (demo/eval), 5 below,
mean +1.501. Pooled, no class of care question loses; Rijksoverheid's short answers do (-2.44 +- 0.72 points,
b 0.3). No family passes: k1 x b x stems LOSO -0.84, the stems' own k1 and b -0.21, query-term counts -0.46, k1
and b by length -0.62; stop lemmas dropped and the mixes with bm25s-like stems are never chosen over the product;
common Dutch words (Zipf >= 6.25) at half weight: LOSO -0.14 and held-out minimum -1.76, but eval-cases-6's
held-out half -0.55 (the coarser grid's Zipf >= 6 at 0: -1.59). Nothing adopted.

Twentieth round (`--families "the repeated lead counted in at most T rows"`, bar in docs/history/searching-rounds.md): every row
starts with its document's analysed title (ingest.lexical_texts), so whole-document BM25 counts a long document's
title once per passage; `lead_capped` keeps the lead all of a document's rows share in its first T rows only
(T 1-3, b 0.3-0.6). LOSO picks the product on every fold (-0.16, mean +1.642); the best capped rows are -0.17
(T 2) and -0.18 (T 3) on the tuning halves, and at b 0.3 every T lowers Rijksoverheid (held-out -0.85 -> -0.97
.. -0.99): its titles are the files' ids ("vac" and a uuid), no word of a question, so the title's count cannot be
what favours its long answers; only b moves them. Not adopted.
"""
from __future__ import annotations

import functools
import itertools
import math
import sys
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from bench.metrics import ndcg_at
from bench.tuning import command
from bench.tuning import tune_nineteenth as nineteenth
from bench.tuning.tune_eighteenth_lexical import best_of, loso
from bench.tuning.tune_sixth import rows_in_memory
from search._retrieve import CANDIDATES, LEXICAL_B, LEXICAL_K1, LEXICAL_STEMS
from store._bm25 import _TOKEN, view_of
from store._bm25_documents import _best, _bm25, _stem_groups, known_forms
from text import stem as stem_of

UNSEEN = ("eval-notes-23", "eval-cases-18")  # being written this session: never loaded, never run


def seen(directory: Path) -> Path:
    return nineteenth.seen(directory, UNSEEN)


def cached(directory: Path, data_dir: Path) -> dict:
    """The set's both halves (bench.tuning.tune_nineteenth's cache, `was` keeping each question's half)."""
    return nineteenth.cached(directory, data_dir, UNSEEN)


@dataclass(frozen=True)
class Variant:
    k1: float = LEXICAL_K1
    b: float = LEXICAL_B
    stems: float = LEXICAL_STEMS
    stem_k1b: tuple[float, float] | None = None  # the stems' own k1 and b (None: the lemmas')
    stop_lemmas: bool = False    # drop query terms whose lemma is a Snowball stop word
    zipf: float = 99.0           # query terms at or above this general-Dutch Zipf frequency ...
    zipf_weight: float = 1.0     # ... weigh this much
    qtf: str = "one"             # a term's weight by its count in the question: one, log (1 + ln n), raw (n)
    by_length: tuple[int, int, float, float] | None = None  # (low, high, k1, b): questions of low..high terms ranked
                                                             # at this k1 and b (the stems too)
    mix: str = ""            # "score": + mix_weight x BM25 of the stems alone at bm25s' k1 1.5, b 0.75, each
    mix_weight: float = 0.0  # scaled by its best; "rrf": weighted RRF (k 60) of the two rankings, 1 and mix_weight
    lead: int = 0            # the lead every row of a document repeats (`lead_capped`) kept in its first `lead` rows
                             # only (0: in every row, as the index holds it)

    def label(self) -> str:
        text = f"k1 {self.k1:g} b {self.b:g} stems {self.stems:g}"
        if self.stem_k1b:
            text += f" (stems at k1 {self.stem_k1b[0]:g} b {self.stem_k1b[1]:g})"
        if self.stop_lemmas:
            text += ", stop lemmas dropped"
        if self.zipf < 99:
            text += f", Zipf >= {self.zipf:g} x {self.zipf_weight:g}"
        if self.qtf != "one":
            text += f", qtf {self.qtf}"
        if self.mix:
            text += f", {self.mix} mix with the stems at bm25s' k1, b x {self.mix_weight:g}"
        if self.by_length:
            text += f", {self.by_length[0]}-{self.by_length[1]} terms at k1 {self.by_length[2]:g} b {self.by_length[3]:g}"
        if self.lead:
            text += f", the repeated lead counted in {self.lead} row{'s' if self.lead > 1 else ''} at most"
        return text


PRODUCT = Variant()


def families() -> dict[str, list[Variant]]:
    out: dict[str, list[Variant]] = {"product": [PRODUCT]}
    out["k1 x b x stems"] = [Variant(k, b, w) for k, b, w in itertools.product(
        (0.8, 1.0, 1.2, 1.5, 2.0, 3.0), (0.15, 0.3, 0.45, 0.6, 0.75), (0.5, 0.75, 1.0, 1.5))]
    out["stems at their own k1, b"] = [Variant(stems=w, stem_k1b=(k, b)) for k, b, w in itertools.product(
        (0.8, 1.2, 1.5, 2.0), (0.15, 0.3, 0.45, 0.6, 0.75), (0.75, 1.0))]
    out["stop lemmas dropped"] = [Variant(k, b, w, stop_lemmas=True) for k, b, w in itertools.product(
        (1.2, 1.5, 2.0), (0.3, 0.45, 0.6), (0.75, 1.0))]
    out["common Dutch words weighed less"] = [Variant(zipf=z, zipf_weight=x, stop_lemmas=s)
                                              for z, x, s in itertools.product((5.5, 6.0, 6.5), (0.0, 0.5),
                                                                               (False, True))]
    # Widened after the first run had printed the family above (with its held-out rows): a finer grid of
    # the threshold and the weight, still chosen on the tuning halves only.
    out["common Dutch words weighed less, finer"] = [Variant(zipf=z, zipf_weight=x) for z, x in itertools.product(
        (5.5, 5.75, 6.0, 6.25, 6.5), (0.0, 0.25, 0.5, 0.75))]
    out["query term counts"] = [Variant(k, b, qtf=f) for k, b, f in itertools.product(
        (1.2, 1.5), (0.3, 0.45), ("log", "raw"))]
    out["by the question's length"] = [Variant(by_length=(lo, hi, k, b)) for (lo, hi), k, b in itertools.product(
        ((1, 4), (1, 6), (13, 999), (9, 999)), (0.8, 1.2, 2.0), (0.15, 0.3, 0.6, 0.75)) if (k, b) != (1.2, 0.3)]
    out["mixed with BM25 of the stems at bm25s' k1 and b"] = [
        Variant(mix=m, mix_weight=x) for m, x in itertools.product(("score", "rrf"), (0.25, 0.5, 1.0, 2.0))]
    # Twentieth round: every row holds its document's title, so a long document's title terms count once per
    # passage in its whole-document BM25 (bar: /tmp/lexical20/BAR.txt, written before its figures).
    out["the repeated lead counted in at most T rows"] = [Variant(b=b, lead=t) for t, b in itertools.product(
        (1, 2, 3), (0.3, 0.45, 0.6))]
    return out


def lead_capped(s: dict, keep: int) -> list:
    """`rows_in_memory` with the lead of a document (the longest run of terms every one of its rows starts with:
    the analysed title, ingest.lexical_texts puts it first in every row, and a heading when all its rows share
    one) removed from all its rows but the first `keep` (by chunk pk, the document's order). A document of
    one row is as it was."""
    document_of, bodies = s["document_of"], s["bodies"]
    tokens = {int(pk): _TOKEN.findall(bodies.get(int(pk), "")) for pk in s["chunk_pks"]}
    of: dict[int, list[int]] = {}
    for pk in sorted(tokens):
        of.setdefault(document_of[pk], []).append(pk)
    capped = dict(bodies)
    for pks in of.values():
        if len(pks) <= keep:
            continue
        lead = 0
        first = tokens[pks[0]]
        while lead < len(first) and all(len(tokens[pk]) > lead and tokens[pk][lead] == first[lead] for pk in pks):
            lead += 1
        for pk in pks[keep:]:
            capped[pk] = " ".join(tokens[pk][lead:])
    return rows_in_memory(dict(s, bodies=capped))


def _rrf(scores: np.ndarray, k: int = 60) -> np.ndarray:
    """1 / (k + rank) of each document with a nonzero score (ties by position), 0 for the others."""
    out = np.zeros(len(scores))
    held = np.flatnonzero(scores)
    order = held[np.argsort(-scores[held], kind="stable")]
    out[order] = 1.0 / (k + 1 + np.arange(len(order)))
    return out


@dataclass
class SetScores:
    name: str
    half: np.ndarray     # per question: "tune" or "heldout"
    values: np.ndarray   # variants x questions
    bm25: np.ndarray
    lengths: np.ndarray  # mean length of the question's relevant documents / the set's mean
    terms: list[list[str]]
    ids: list[str]
    texts: list[str]


@functools.lru_cache(maxsize=None)
def _zipf(word: str) -> float:
    import wordfreq

    return float(wordfreq.zipf_frequency(word, "nl"))


class Ranker:
    """Whole-document scores of a question's words under a Variant, over index rows in memory (every row
    visible), each term's (or stem group's) BM25 computed once per k1 and b and reweighted per variant."""

    def __init__(self, parts: list) -> None:
        self.view = view_of(parts)
        self.rows: dict = {}
        self.groups: dict = {}
        self.stems: dict = {}

    def group_scores(self, group: tuple[str, ...], k1: float, b: float) -> np.ndarray:
        key = (group, k1, b)
        if key not in self.groups:
            self.groups[key] = _bm25(self.view, [list(group)], k1, b, self.rows)
        return self.groups[key]

    def stem_groups(self, kept: list[str]) -> list[list[str]]:
        if tuple(kept) not in self.stems:
            self.stems[tuple(kept)] = _stem_groups(self.view.parts, kept)
        return self.stems[tuple(kept)]

    def scores(self, words: list[str], v: Variant, counts: dict[str, int] | None = None) -> np.ndarray:
        """`words` (the query's known forms, split as the index splits them) scored under `v`;
        `counts`: how often the question says each (for `qtf`)."""
        from text import SNOWBALL_STOP

        def weight(word: str) -> float:
            if v.stop_lemmas and word in SNOWBALL_STOP:
                return 0.0
            w = v.zipf_weight if v.zipf < 99 and _zipf(word) >= v.zipf else 1.0
            n = max((counts or {}).get(word, 1), 1)
            return w * {"one": 1.0, "log": 1 + math.log(n), "raw": float(n)}[v.qtf]
        kept = [w for w in words if weight(w) > 0] or words
        k1, b = v.k1, v.b
        if v.by_length and v.by_length[0] <= len(words) <= v.by_length[1]:
            k1, b = v.by_length[2], v.by_length[3]
        scores = np.zeros(len(self.view.documents))
        for w in kept:
            scores += weight(w) * self.group_scores((w,), k1, b)
        if v.stems:
            stem_at = v.stem_k1b or (k1, b)
            for group in self.stem_groups(kept):
                stem = stem_of(group[0]) if group else ""
                members = [w for w in kept if stem_of(w) == stem]
                if group and members:
                    scores += v.stems * max(weight(w) for w in members) * self.group_scores(tuple(group), *stem_at)
        if v.mix:
            alone = sum((self.group_scores(tuple(g), 1.5, 0.75) for g in self.stem_groups(kept) if g),
                        np.zeros(len(self.view.documents)))
            if v.mix == "score":
                scores = scores / max(scores.max(), 1e-9) + v.mix_weight * alone / max(alone.max(), 1e-9)
            else:
                scores = _rrf(scores) + v.mix_weight * _rrf(alone)
        return scores


def score_set(s: dict, variants: list[Variant]) -> SetScores:
    from text import analyze

    everything = rows_in_memory(s)
    ranker = Ranker(everything)
    rankers = {0: ranker} | {lead: Ranker(lead_capped(s, lead)) for lead in sorted({v.lead for v in variants} - {0})}
    view = ranker.view
    ids = s["doc_ids"]
    position = {int(pk): j for j, pk in enumerate(view.documents)}
    average = float(view.lengths.mean())
    pk_of = {d: pk for pk, d in ids.items()}
    values, bm25, lengths, terms_of, names, halves, texts = [], [], [], [], [], [], []
    for i, q in enumerate(s["queries"]):
        if q.get("offtopic"):
            continue
        qrels = s["qrels"][q["id"]]
        original = s["terms"]["lemma"][1][i]
        known = known_forms(everything, original)
        counts: dict[str, int] = {}
        said = analyze(q["text"], for_query=True)
        for term in original:   # each original term's known form, counted as often as the question says it
            form = known_forms(everything, [term])[0]
            counts[form] = counts.get(form, 0) + said.count(term)
        words = sorted({t for term in known for t in _TOKEN.findall(term)})
        row = []
        for v in variants:
            scores = rankers[v.lead].scores(words, v, counts)
            order = _best(scores, rankers[v.lead].view.documents, CANDIDATES)
            row.append(ndcg_at([ids[int(rankers[v.lead].view.documents[j])] for j in order], qrels))
        values.append(row)
        bm25.append(ndcg_at(s["bm25"][i], qrels))
        relevant = [view.lengths[position[pk_of[d]]] for d, g in qrels.items() if g > 0 and d in pk_of
                    and pk_of[d] in position]
        lengths.append(float(np.mean(relevant)) / average if relevant else 1.0)
        terms_of.append(known)
        names.append(q["id"])
        halves.append(q["was"])
        texts.append(q["text"])
    return SetScores(s["name"], np.array(halves), np.array(values).T, np.array(bm25), np.array(lengths),
                     terms_of, names, texts)


def per_set(sets: list[SetScores], half: str | None) -> tuple[np.ndarray, np.ndarray]:
    """(variants x sets of mean nDCG@10, sets of BM25+Snowball's) over one half or both."""
    values = np.stack([t.values[:, t.half == half].mean(axis=1) if half else t.values.mean(axis=1)
                       for t in sets], axis=1)
    base = np.array([t.bm25[t.half == half].mean() if half else t.bm25.mean() for t in sets])
    return values, base


def form(text: str) -> str:
    """A question's form: a few terms (no sentence end, at most 6 words), one sentence, or a situation."""
    words = text.split()
    ends = sum(text.count(c) for c in ".?!")
    if len(words) <= 6 and not text.rstrip().endswith((".", "?", "!")):
        return "terms"
    return "one sentence" if ends <= 1 and len(words) <= 25 else "situation"


def diagnose(t: SetScores, row: int) -> None:
    for half in ("tune", "heldout"):
        at = t.half == half
        d = (t.values[row] - t.bm25)[at]
        lengths, forms = t.lengths[at], np.array([form(x) for x in np.array(t.texts)[at]])
        many = np.array([len(x) for x, a in zip(t.terms, at) if a]) > 4
        parts = []
        for label, where in (("short relevant", lengths < 1), ("long relevant", lengths >= 1),
                             ("<= 4 terms", ~many), ("> 4 terms", many),
                             *((f, forms == f) for f in ("terms", "one sentence", "situation"))):
            if where.any():
                parts.append(f"{label} {int(where.sum())}: {d[where].mean() * 100:+.2f}")
        print(f"  {t.name} {half}: {d.mean() * 100:+.2f}; wins {int((d > 1e-9).sum())} loses "
              f"{int((d < -1e-9).sum())} of {len(d)}; " + "; ".join(parts))
        idx = np.flatnonzero(at)
        for j in idx[np.argsort(d)[:3]]:
            if t.values[row][j] < t.bm25[j]:
                print(f"    {t.ids[j]} {(t.values[row][j] - t.bm25[j]) * 100:+.1f} x{t.lengths[j]:.2f} "
                      f"[{form(t.texts[j])}] {' '.join(t.terms[j])}")


def line(label: str, v: np.ndarray, base: np.ndarray, names: list[str]) -> str:
    m = (v - base) * 100
    return (f"  {label:60s} worst {m.min():+.2f} ({names[int(np.argmin(m))]}), below on {int((m < 0).sum())}, "
            f"mean {m.mean():+.3f}\n      " + " ".join(f"{x:+.2f}" for x in m))


def main(argv: list[str]) -> int:
    parser = command.arguments()
    parser.add_argument("--check", nargs="*", type=Path, default=[], help="sets scored, never chosen on")
    parser.add_argument("--stage", choices=("dump", "score"), default="score")
    parser.add_argument("--families", nargs="*", default=None, help="only these families (with the product)")
    args = parser.parse_args(argv)
    if args.stage == "dump":
        for directory in args.sets + args.check:
            s = cached(directory, args.data_dir)
            print(f"{s['name']}: {len(s['queries'])} questions cached", flush=True)
        return 0
    fams = {name: family for name, family in families().items()
            if args.families is None or name == "product" or name in args.families}
    variants = list(dict.fromkeys(v for family in fams.values() for v in family))
    index = {v: j for j, v in enumerate(variants)}
    sets = [score_set(cached(d, args.data_dir), variants) for d in args.sets + args.check]
    checked = {Path(d).resolve().name for d in args.check}
    fit = [j for j, t in enumerate(sets) if t.name not in checked]
    check = [j for j, t in enumerate(sets) if t.name in checked]
    names = [sets[j].name for j in fit]
    p = index[PRODUCT]
    tune, tune_base = per_set([sets[j] for j in fit], "tune")
    held, held_base = per_set([sets[j] for j in fit], "heldout")
    both, both_base = per_set(sets, None)
    print("sets: " + " ".join(f"{t.name}({int((t.half == 'tune').sum())}+{int((t.half == 'heldout').sum())})"
                              for t in sets))
    print("\n== per set, nDCG@10: tuning / held-out halves")
    for j, t in enumerate(sets):
        at = t.half == "tune"
        print(f"  {t.name:20s} BM25+Snowball {t.bm25[at].mean():.4f} / {t.bm25[~at].mean():.4f}; product "
              f"{t.values[p, at].mean():.4f} / {t.values[p, ~at].mean():.4f}")
    print("\n== where the product loses to BM25+Snowball (lexical - BM25+Snowball per question, points)")
    for t in sets:
        diagnose(t, p)
    print(f"\n== product, margins over the fit sets ({' '.join(names)})")
    print(line("tuning halves", tune[p], tune_base, names))
    print(line("held-out halves", held[p], held_base, names))
    for name, family in fams.items():
        if name == "product":
            continue
        rows = [p] + [index[v] for v in family if v != PRODUCT]
        margins = tune[rows] - tune_base
        order = np.lexsort((-margins.mean(axis=1), -margins.min(axis=1)))
        print(f"\n== {name} ({len(family)}): best by the worst margin on the tuning halves")
        for i in order[:4]:
            print(line(variants[rows[i]].label(), tune[rows[i]], tune_base, names))
            print(line("    (its held-out halves, never chosen on)", held[rows[i]], held_base, names))
        out, chosen = loso(tune, tune_base, rows)
        before = tune[p] - tune_base
        print(f"  LOSO (tuning halves): worst {out.min() * 100:+.2f} ({names[int(np.argmin(out))]}) against the "
              f"product's {before.min() * 100:+.2f}; mean {out.mean() * 100:+.3f} against {before.mean() * 100:+.3f}; "
              f"below on {int((out < 0).sum())} against {int((before < 0).sum())}; picks: "
              + "; ".join(sorted({variants[c].label() for c in chosen})))
        print("      " + " ".join(f"{x * 100:+.2f}" for x in out))
        i = rows[best_of(tune[rows], tune_base)]
        drop = (held[i] - held[p]) * 100
        print(line(f"chosen on all tuning halves ({variants[i].label()}): held-out", held[i], held_base, names))
        print(f"      against the product's held-out: worst {(held[p] - held_base).min() * 100:+.2f}; largest fall "
              f"of a set's held-out nDCG@10 {drop.min():+.2f} ({names[int(np.argmin(drop))]})")
        for j in check:
            print(f"      checked {sets[j].name} (both halves): {both[i, j]:.4f} (product {both[p, j]:.4f}, "
                  f"BM25+Snowball {both_base[j]:.4f})")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
