"""Twenty-first round (lexical): the lexical mode against BM25+Snowball on every set's TUNING half.

`python -m bench.tuning.tune_twentyfirst_lexical SET... --data-dir DIR [--tuning-only SET...] [--check SET...]
[--stage dump|score]`

Sets: the seen sets (both halves cached by bench.tuning.tune_nineteenth.cached, `was` keeping each question's
half) and `--tuning-only` sets (the fresh demo/eval-cases-19): of those only the questions the eval's own rule
puts in the tuning half are loaded (`tuning_only`), with their qrels alone, so nothing of the held-out half
reaches the cache. eval-notes-25 is refused by name. Every choice reads the tuning halves only; the seen sets'
held-out halves are printed as a check.

The lexical mode is ranked as the product ranks it (store._bm25_documents over the index rows in memory, the
nineteenth round's per-term cache), with this round's families: b from the spread (cv) of the visible documents'
lengths, continuous (clip(slope x cv)) or above a cv; the lemma and stem legs each scaled by its best and weighted
by its separation (1 - the 10th best / the best), or the stems weighing more where the lemma leg's best document
lacks some of the question's words; BM25 of the Snowball stems of the surface forms (what bm25s matches) as a third
leg. It prints where the product loses, and by `vocabulary` how the product's words compare with bm25s' tokens.

The bar (written before any variant's figure was read): among the rows that drop no set's tuning half by more than
0.5 points and leave no more tuning halves below BM25+Snowball, the one of highest macro; adopted only if that macro
is at least 0.05 points above the product's over the 21 tuning halves, and hybrid drops nowhere.

Measured (docs/history/searching-rounds.md, "Lexical, twenty-first round"): 21 tuning halves (1,036 on-topic questions), the
product's macro 0.8154, below BM25+Snowball on eval-cases-17 (-0.16) and eval-cases-19 (-0.55). The losses are no
vocabulary gap: pooled, questions whose stems are the same on both sides gain +0.83 +- 0.44 points, those where
bm25s has a stem the product lacks +2.53; the words differ mostly as lemma against inflected surface form ("zegt",
"woont", "nachts") and by accents. The bar's choice, b 0.75 where the cv is at least 0.5 (Rijksoverheid alone,
cv 0.58; every other corpus 0.16-0.44), lifts the macro by 0.032 points (< 0.05; leave-one-set-out 0.8149 against
0.8154). The surface stems' leg at 0.75 lifts the macro most (+0.104) but drops eval-cases-9 by 1.10 and eval-cases-5
by 0.83 points. Nothing adopted.
"""
from __future__ import annotations

import dataclasses
import itertools
import sys
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from bench.evaluate import Dataset, load_dataset
from bench.metrics import ndcg_at
from bench.tuning import command
from bench.tuning import tune_nineteenth as nineteenth
from bench.tuning.tune_documents import Documents, analysed
from bench.tuning.tune_nineteenth_lexical import Ranker as Ranker19
from bench.tuning.tune_sixth import rows_in_memory
from search._retrieve import CANDIDATES, LEXICAL_B, LEXICAL_K1, LEXICAL_STEMS
from store._bm25 import _TOKEN
from store._bm25_documents import _best, known_forms

UNSEEN = ("eval-notes-25",)  # being written this session: never loaded, never run


def tuning_only(directory: Path) -> Dataset:
    """The set's tuning half alone (the eval's half selection), its questions marked `was` tune, the
    held-out questions and their qrels dropped before anything else reads them."""
    dataset = load_dataset(nineteenth.seen(directory, UNSEEN))
    kept = [dict(q, was="tune") for q in dataset.half("tune")]
    ids = {q["id"] for q in kept}
    return dataclasses.replace(dataset, queries=kept, qrels={i: g for i, g in dataset.qrels.items() if i in ids},
                               offtopic=[dict(q, was="tune") for q in dataset.offtopic if q["half"] == "tune"])


def cached(directory: Path, data_dir: Path, tuning: bool = False) -> dict:
    """The set as bench.tuning.tune_documents.analysed reads it: both halves of a seen set, or the tuning half
    alone (`tuning`), cached in `data_dir` (made on first use)."""
    if not tuning:
        return nineteenth.cached(directory, data_dir, UNSEEN)
    name = nineteenth.seen(directory, UNSEEN).resolve().name
    return analysed([directory], data_dir / f"tune_twentyfirst-tuning-{name}.pickle", tuning_only)[0]



@dataclass(frozen=True)
class Variant:
    """The lexical mode's whole-document BM25 (lemmas + `stems` x Snowball stems, one k1 and b) and this round's
    families: b from the corpus's document lengths, and the two legs fused by their evidence."""
    k1: float = LEXICAL_K1
    b: float = LEXICAL_B
    stems: float = LEXICAL_STEMS
    b_cv: tuple[float, float, float] | None = None   # b = clip(slope x cv, low, high); cv: the std / mean of the
                                                     # visible documents' lengths
    b_above: tuple[float, float] | None = None       # (cv, b): b where the lengths' cv is at least cv, else `b`
    surface: float = 0.0     # + this x whole-document BM25 of the Snowball stems of the rows' and the question's
                             # surface forms (bench.tuning.tune_documents' "stem" analysis: what bm25s matches)
    surface_at: tuple[float, float] = (LEXICAL_K1, LEXICAL_B)   # that leg's k1 and b
    evidence: str = ""       # "separation": each leg scaled by its best and weighted by its separation ^ gamma;
    gamma: float = 1.0       # "thin": the stems weigh stems x (1 + gamma x the share of the question's words the
                             # lemma leg's best document lacks)

    def label(self) -> str:
        text = f"k1 {self.k1:g} b {self.b:g} stems {self.stems:g}"
        if self.b_cv:
            text += f", b = clip({self.b_cv[0]:g} x cv, {self.b_cv[1]:g}, {self.b_cv[2]:g})"
        if self.b_above:
            text += f", b {self.b_above[1]:g} where cv >= {self.b_above[0]:g}"
        if self.surface:
            text += f", + {self.surface:g} x BM25 of the surface forms' stems"
            if self.surface_at != (LEXICAL_K1, LEXICAL_B):
                text += f" at k1 {self.surface_at[0]:g} b {self.surface_at[1]:g}"
        if self.evidence:
            text += f", legs by {self.evidence} (gamma {self.gamma:g})"
        return text

    def b_for(self, cv: float) -> float:
        if self.b_cv:
            return float(min(max(self.b_cv[0] * cv, self.b_cv[1]), self.b_cv[2]))
        if self.b_above and cv >= self.b_above[0]:
            return self.b_above[1]
        return self.b


PRODUCT = Variant()


def families() -> dict[str, list[Variant]]:
    out: dict[str, list[Variant]] = {"product": [PRODUCT]}
    out["b from the lengths' cv"] = [Variant(b_cv=(s, lo, hi)) for s, lo, hi in itertools.product(
        (1.0, 1.25, 1.5, 2.0), (0.15, 0.3), (0.6, 0.75, 0.9))]
    out["b above a cv"] = [Variant(b_above=(c, b)) for c, b in itertools.product((0.35, 0.5), (0.45, 0.6, 0.75))]
    out["the surface forms' stems as a third leg"] = [Variant(stems=w, surface=x) for w, x in itertools.product(
        (0.0, 0.75), (0.25, 0.5, 1.0))]
    # Widened after the row above had printed its figures (tuning and held-out): that leg at bm25s' own k1 and b
    # and between, still chosen on the tuning halves by the same bar.
    out["the surface forms' stems as a third leg, widened"] = [
        Variant(stems=w, surface=x, surface_at=at) for w, x, at in itertools.product(
            (0.0, 0.75), (0.5, 0.75, 1.0), ((1.2, 0.3), (1.5, 0.75)))]
    out["legs by separation"] = [Variant(stems=w, evidence="separation", gamma=g) for w, g in itertools.product(
        (0.5, 0.75, 1.0), (0.5, 1.0, 2.0))]
    out["stems where the lemmas are thin"] = [Variant(stems=w, evidence="thin", gamma=g) for w, g in
                                             itertools.product((0.5, 0.75), (0.5, 1.0, 2.0))]
    return out


def spread(lengths: np.ndarray) -> float:
    """The coefficient of variation of the documents' lengths (0 for no document)."""
    mean = float(lengths.mean()) if len(lengths) else 0.0
    return float(lengths.std()) / mean if mean > 0 else 0.0


def _separation(scores: np.ndarray, at: int = 10) -> float:
    """1 - the `at`-th best score / the best (1 when fewer documents score, 0 when none does)."""
    top = np.sort(scores[scores > 0])[::-1]
    if not len(top):
        return 0.0
    return 1.0 - (float(top[at - 1]) / float(top[0]) if len(top) >= at else 0.0)


class Ranker(Ranker19):
    """The nineteenth round's per-term BM25 cache with this round's variants."""

    def __init__(self, parts: list) -> None:
        super().__init__(parts)
        self.cv = spread(self.view.lengths)

    def legs(self, words: list[str], k1: float, b: float) -> tuple[np.ndarray, np.ndarray]:
        """(BM25 of the lemmas, BM25 of the Snowball stem groups) of the question's words."""
        lemmas = sum((self.group_scores((w,), k1, b) for w in words), np.zeros(len(self.view.documents)))
        stems = sum((self.group_scores(tuple(g), k1, b) for g in self.stem_groups(words) if g),
                    np.zeros(len(self.view.documents)))
        return lemmas, stems

    def scores21(self, words: list[str], v: Variant, surface: np.ndarray | None = None) -> np.ndarray:
        """`words` (the question's known forms) scored under `v`; `surface`: the third leg's scores (by
        `surface_leg`), added at v.surface."""
        if v.surface and surface is not None:
            return self.scores21(words, dataclasses.replace(v, surface=0.0)) + v.surface * surface
        lemmas, stems = self.legs(words, v.k1, v.b_for(self.cv))
        if v.evidence == "separation":
            return sum((_separation(x) ** v.gamma * x / max(x.max(), 1e-9) * w
                        for x, w in ((lemmas, 1.0), (stems, v.stems))), np.zeros(len(lemmas)))
        if v.evidence == "thin" and lemmas.max() > 0:
            best = int(np.argmax(lemmas))
            held = sum(1 for w in words if self.group_scores((w,), v.k1, v.b_for(self.cv))[best] > 0)
            return lemmas + v.stems * (1 + v.gamma * (1 - held / len(words))) * stems
        return lemmas + v.stems * stems


def surface_leg(s: dict, ranker: Ranker, k1: float, b: float) -> list[np.ndarray]:
    """Per question of `s`: whole-document BM25 (Lucene idf) of the Snowball stems of its surface forms over the
    rows' surface forms' stems (bench.tuning.tune_documents.Documents), over `ranker`'s documents."""
    documents = Documents(s["chunk_pks"], s["terms"]["stem"][0], s["document_of"])
    position = {int(pk): j for j, pk in enumerate(ranker.view.documents)}
    out = []
    for terms in s["terms"]["stem"][1]:
        vector = np.zeros(len(position))
        for pk, score in documents.scores(terms, k1, b, "lucene").items():
            vector[position[int(pk)]] = score
        out.append(vector)
    return out


@dataclass
class SetScores:
    name: str
    half: np.ndarray     # per question: "tune" or "heldout"
    values: np.ndarray   # variants x questions
    bm25: np.ndarray
    ids: list[str]
    texts: list[str]
    terms: list[list[str]]
    cv: float


def score_set(s: dict, variants: list[Variant]) -> SetScores:
    everything = rows_in_memory(s)
    ranker = Ranker(everything)
    ids = s["doc_ids"]
    surface = {at: surface_leg(s, ranker, *at) for at in {v.surface_at for v in variants if v.surface}}
    values, bm25, names, halves, texts, terms = [], [], [], [], [], []
    for i, q in enumerate(s["queries"]):
        if q.get("offtopic"):
            continue
        qrels = s["qrels"][q["id"]]
        known = known_forms(everything, s["terms"]["lemma"][1][i])
        words = sorted({t for term in known for t in _TOKEN.findall(term)})
        row = []
        for v in variants:
            order = _best(ranker.scores21(words, v, surface[v.surface_at][i] if v.surface else None), ranker.view.documents,
                          CANDIDATES)
            row.append(ndcg_at([ids[int(ranker.view.documents[j])] for j in order], qrels))
        values.append(row)
        bm25.append(ndcg_at(s["bm25"][i], qrels))
        names.append(q["id"])
        halves.append(q["was"])
        texts.append(q["text"])
        terms.append(words)
    return SetScores(s["name"], np.array(halves), np.array(values).T, np.array(bm25), names, texts, terms, ranker.cv)


def per_set(sets: list[SetScores], half: str) -> tuple[np.ndarray, np.ndarray]:
    """(variants x sets of mean nDCG@10, sets of BM25+Snowball's) over one half (nan where a set lacks it)."""
    def mean(x: np.ndarray, at: np.ndarray) -> np.ndarray:
        return x[..., at].mean(axis=-1) if at.any() else np.full(x.shape[:-1], np.nan)
    return (np.stack([mean(t.values, t.half == half) for t in sets], axis=1),
            np.array([mean(t.bm25, t.half == half) for t in sets]))


def admissible(tune: np.ndarray, base: np.ndarray, product: int, fall: float = 0.005) -> np.ndarray:
    """The rows that drop no set by more than `fall` against the product and leave no more sets below `base`."""
    below = (tune < base).sum(axis=1)
    return np.flatnonzero(((tune - tune[product]).min(axis=1) >= -fall - 1e-12) & (below <= below[product]))


def choose(tune: np.ndarray, base: np.ndarray, product: int, fall: float = 0.005) -> int:
    """The bar's choice: the admissible row of highest macro (the product when it is the best)."""
    rows = admissible(tune, base, product, fall)
    return int(rows[np.argmax(tune[rows].mean(axis=1))])


def loso_bar(tune: np.ndarray, base: np.ndarray, product: int) -> tuple[np.ndarray, list[int]]:
    """Each set scored by the bar's choice made on the other sets' tuning halves."""
    margins, chosen = [], []
    for j in range(tune.shape[1]):
        others = [x for x in range(tune.shape[1]) if x != j]
        i = choose(tune[:, others], base[others], product)
        chosen.append(i)
        margins.append(tune[i, j] - base[j])
    return np.array(margins), chosen


def vocabulary(text: str, words: list[str]) -> str:
    """How the product's words of a question compare with BM25+Snowball's tokens (bm25s: its Dutch stop words and
    the Snowball stemmer), both as Snowball stems: "same", "bm25s has more" (a stem the product's words lack:
    tokenisation, hyphens, compounds, a lemma whose stem differs), "product has more" (a word bm25s drops or never
    forms) or "both differ"."""
    import bm25s
    import Stemmer

    stemmer = Stemmer.Stemmer("dutch")
    theirs = set(bm25s.tokenize([text], stopwords="nl", stemmer=stemmer, return_ids=False, show_progress=False)[0])
    ours = set(bm25s.tokenize([" ".join(words)], stopwords="nl", stemmer=stemmer, return_ids=False,
                              show_progress=False)[0])
    more, fewer = bool(theirs - ours), bool(ours - theirs)
    return {(False, False): "same", (True, False): "bm25s has more", (False, True): "product has more",
            (True, True): "both differ"}[(more, fewer)]


def by_vocabulary(sets: list[SetScores], row: int, half: str = "tune") -> None:
    """Lexical - BM25+Snowball per question (points, mean +- standard error) by `vocabulary`, pooled and per set."""
    classes = ("same", "bm25s has more", "product has more", "both differ")
    pooled: dict[str, list[float]] = {c: [] for c in classes}
    for t in sets:
        at = np.flatnonzero(t.half == half)
        kinds = [vocabulary(t.texts[j], t.terms[j]) for j in at]
        d = (t.values[row, at] - t.bm25[at]) * 100
        parts = []
        for c in classes:
            x = d[[k == c for k in kinds]]
            pooled[c] += list(x)
            if len(x):
                parts.append(f"{c} {len(x)}: {x.mean():+.2f}")
        print(f"  {t.name:20s} " + "; ".join(parts))
    for c in classes:
        x = np.array(pooled[c])
        if len(x):
            print(f"  pooled {c}: {len(x)} questions, {x.mean():+.2f} +- {x.std(ddof=1) / np.sqrt(len(x)):.2f}; "
                  f"lost {int((x < 0).sum())}, won {int((x > 0).sum())}")


def disagreements(t: SetScores, row: int, show: int = 6) -> None:
    """The tuning questions the product loses most to BM25+Snowball on, with their terms."""
    at = np.flatnonzero(t.half == "tune")
    d = t.values[row, at] - t.bm25[at]
    print(f"  {t.name} (cv {t.cv:.2f}) tuning: {d.mean() * 100:+.2f}; wins {int((d > 1e-9).sum())} loses "
          f"{int((d < -1e-9).sum())} of {len(d)}")
    for j in at[np.argsort(d)[:show]]:
        if t.values[row, j] < t.bm25[j]:
            print(f"    {t.ids[j]} {(t.values[row, j] - t.bm25[j]) * 100:+.1f} | {t.texts[j][:90]} | {' '.join(t.terms[j])}")


def main(argv: list[str]) -> int:
    parser = command.arguments()
    parser.add_argument("--tuning-only", nargs="*", type=Path, default=[], help="sets of which only the tuning "
                        "half is ever loaded")
    parser.add_argument("--check", nargs="*", type=Path, default=[], help="sets scored, never chosen on")
    parser.add_argument("--stage", choices=("dump", "score"), default="score")
    parser.add_argument("--diagnose", action="store_true", help="the product against BM25+Snowball only")
    args = parser.parse_args(argv)
    if args.stage == "dump":
        for directory in args.sets + args.check:
            s = cached(directory, args.data_dir)
            print(f"{s['name']}: {len(s['queries'])} questions cached", flush=True)
        for directory in args.tuning_only:
            s = cached(directory, args.data_dir, tuning=True)
            print(f"{s['name']}: {len(s['queries'])} tuning questions cached", flush=True)
        return 0
    fams = {"product": [PRODUCT]} if args.diagnose else families()
    variants = list(dict.fromkeys(v for family in fams.values() for v in family))
    p = variants.index(PRODUCT)
    sets = [score_set(cached(d, args.data_dir), variants) for d in args.sets]
    sets += [score_set(cached(d, args.data_dir, tuning=True), variants) for d in args.tuning_only]
    checks = [score_set(cached(d, args.data_dir), variants) for d in args.check]
    names = [t.name for t in sets]
    tune, base = per_set(sets, "tune")
    held, held_base = per_set(sets, "heldout")
    print("== per set: cv of the lengths; BM25+Snowball and the product, tuning / held-out (a check) nDCG@10")
    for j, t in enumerate(sets):
        print(f"  {t.name:20s} cv {t.cv:.2f}  BM25+Snowball {base[j]:.4f} / {held_base[j]:.4f}  product "
              f"{tune[p, j]:.4f} / {held[p, j]:.4f}")
    print("\n== where the product loses (tuning halves)")
    for t in sets:
        disagreements(t, p)
    print("\n== the product - BM25+Snowball by how their query terms compare (tuning halves)")
    by_vocabulary(sets, p)
    if args.diagnose:
        return 0

    def show(i: int) -> None:
        m = (tune[i] - base) * 100
        d = (tune[i] - tune[p]) * 100
        h = (held[i] - held_base) * 100
        print(f"  {variants[i].label()}\n    tuning macro {np.mean(tune[i]):.4f} ({np.mean(d):+.3f}), below on "
              f"{int((m < 0).sum())}, worst margin {m.min():+.2f} ({names[int(np.argmin(m))]}), largest fall "
              f"{d.min():+.2f} ({names[int(np.argmin(d))]})\n    per set (margin over BM25+Snowball): "
              + " ".join(f"{x:+.2f}" for x in m)
              + f"\n    held-out (a check): worst margin {np.nanmin(h):+.2f}, below on {int((h < 0).sum())}, per set "
              + " ".join("." if np.isnan(x) else f"{x:+.2f}" for x in h))
        for c in checks:
            print(f"    {c.name} (both halves, a check): {c.values[i].mean():.4f} (product {c.values[p].mean():.4f}, "
                  f"BM25+Snowball {c.bm25.mean():.4f})")
    print("\n== the product")
    show(p)
    for name, family in fams.items():
        if name == "product":
            continue
        rows = [p] + [variants.index(v) for v in family]
        print(f"\n== {name} ({len(family)}), by tuning macro")
        for i in sorted(rows, key=lambda r: -tune[r].mean())[:4]:
            show(i)
    chosen = choose(tune, base, p)
    out, picks = loso_bar(tune, base, p)
    print(f"\n== the bar's choice over all rows: {variants[chosen].label()}")
    show(chosen)
    print(f"  LOSO by the bar: worst margin {out.min() * 100:+.2f} ({names[int(np.argmin(out))]}) against the "
          f"product's {(tune[p] - base).min() * 100:+.2f}; held-back macro {np.mean(out + base):.4f} against "
          f"{tune[p].mean():.4f}; picks: " + "; ".join(sorted({variants[c].label() for c in picks})))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
