"""Nineteenth round (fusion and lexical): both halves of every seen set, leave-one-set-out, by the WORST margin.

`python -m bench.tuning.tune_nineteenth SET... --data-dir DIR [--stage dump|keep|fusion]`

Every set but the one being written (eval-cases-17, refused by name) is seen since the last judged
round, so this round reads BOTH halves of each (`both_halves`: the held-out questions relabelled as
tuning ones, their own half kept as `was`), cached per set as tune_nineteenth-<set>.pickle by
bench.tuning.tune_documents.analysed (ingested afresh under DIR/cache/eval; `--stage dump` makes them).

The default stage scores every on-topic question of both halves (the product's legs fused as
search._fusion.fuse_hybrid, tune_sixth's legs; the floor's line as search._floor.split draws it,
tune_eighteenth's presentations; the lexical mode as tune_eighteenth_lexical ranks it) against the eval's
naive RRF and BM25+Snowball, and prints per family: each row's margin per set (both halves pooled), its
worst set, how many sets it is below, its mean, and the same on the tuning and the held-out halves; each
family chosen leave-one-set-out (the product among its rows) by the worst margin and by the mean; and
chosen on random halves of every set's questions against the product (tune_sixth.cross_validate).
Families: fusion 18 (a weaker document keeps its place within 0.01 of the line) kept or reverted; the rank
part's weights and share moved toward naive RRF's form with the product's legs (`toward_naive`); that
form only for questions whose legs disagree (`agreement`, `switched`); the product's weights by the worst
margin; the lexical mode's k1 x b x stems' weight, lexical 18 kept or reverted.

Measured (docs/history/searching-rounds.md, "Fusion, nineteenth round", has the tables): nineteen sets, 1,841 on-topic
questions (901 held-out), ingested at 54712dc. Hybrid today over naive RRF: worst set -0.10 (eval-cases-8),
below on 1 of 19, mean +1.03; fusion 18 reverted -0.71, 3 below, +0.86; kept in every fold. Lexical today
over BM25+Snowball: worst -1.25 (eval-oneline), 3 below, mean +1.53; reverted -1.22, 6 below, +1.21; kept
by the mean in every fold. Held back, every other family's worst set is lower than today's (toward naive
RRF -0.59, weights by the worst margin -0.64) or level (the fallback when the legs disagree: -0.07 against
-0.10, mean +1.028 against +1.027, 1-6 questions per set move, worse on question halves); the lexical
grid's worst rises (-0.66) but its mean falls (+1.46). Nothing adopted.
"""
from __future__ import annotations

import dataclasses
import itertools
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from bench.evaluate import Dataset, load_dataset
from bench.tuning import command
from bench.tuning import tune_eighteenth_lexical as lexical18
from bench.tuning.tune_documents import analysed
from bench.tuning.tune_eighteenth import Question18, evidence_within, load, today
from bench.tuning.tune_seventeenth import PRODUCT
from bench.tuning.tune_seventeenth import Config as Config17
from bench.tuning.tune_sixth import Config, best_of, cross_validate

UNSEEN = ("eval-cases-17", "eval-notes-22")  # being written: never loaded, never run


def seen(directory: Path, unseen: tuple[str, ...] = UNSEEN) -> Path:
    """`directory`, unless it is a set being written now (`unseen`: their names; later rounds pass theirs)."""
    if directory.resolve().name in unseen:
        raise SystemExit(f"{directory} is being written and is never tuned on")
    return directory


def both_halves(directory: Path, unseen: tuple[str, ...] = UNSEEN) -> Dataset:
    """The set with every question in its tuning half (`was` keeps the half it had)."""
    dataset = load_dataset(seen(directory, unseen))
    return dataclasses.replace(dataset, queries=[dict(q, half="tune", was=q["half"]) for q in dataset.queries],
                               offtopic=[dict(q, half="tune", was=q["half"]) for q in dataset.offtopic])


def cached(directory: Path, data_dir: Path, unseen: tuple[str, ...] = UNSEEN) -> dict:
    """The set's both halves as bench.tuning.tune_documents.analysed reads them (made on first use)."""
    return analysed([seen(directory, unseen)], data_dir / f"tune_nineteenth-{directory.resolve().name}.pickle",
                    lambda d: both_halves(d, unseen))[0]


Ranker = Callable[[Question18], np.ndarray]  # a question's candidates in the order the page shows them


def presented(config: Config | Config17, kept_within: float = 0.01) -> Ranker:
    """`config`'s fused order with the floor's line (search._floor.split): a weaker document above the
    last confident one keeps its place within `kept_within` of the line (0: the confident first, the
    order before the eighteenth round)."""
    def rank(q: Question18) -> np.ndarray:
        order = q.fused(config)
        return (evidence_within(kept_within)(order, q) if kept_within else today(order, q))[0]
    return rank


def agreement(q: Question18, top: int = 10) -> float:
    """The share of the dense leg's first `top` documents that a whole-document lexical leg (lemmas or
    stems) also ranks among its first `top`: how far the legs agree on this question."""
    dense = q.rank[0] < top
    lexical = np.minimum(q.rank[2], q.rank[3]) < top
    return float((dense & lexical).sum()) / top


def switched(below: float, fallback: Config, kept_within: float = 0.01) -> Ranker:
    """The product's fusion, or `fallback` when the legs agree on less than `below` of the first ten."""
    usual, other = presented(PRODUCT, kept_within), presented(fallback, kept_within)
    return lambda q: other(q) if agreement(q) < below else usual(q)


def toward_naive(t: float, share: float = 1.0) -> Config:
    """The product's fusion moved a share `t` of the way to naive RRF's form with the product's own legs:
    the rank part's weights from (dense 1.5, lemmas 0.5, stems 1) to (dense 1, stems 1), its share from
    0.6 to `share` (1: rank fusion alone)."""
    rrf = tuple(round((1 - t) * a + t * b, 4) for a, b in zip(PRODUCT.rrf, (1.0, 0.0, 0.0, 1.0)))
    return Config(PRODUCT.score, rrf, PRODUCT.k, round((1 - t) * PRODUCT.share + t * share, 4))


def families() -> dict[str, dict[str, Ranker]]:
    """The hybrid rankings tried, by family (the product first)."""
    out: dict[str, dict[str, Ranker]] = {
        "product": {"product (fusion 18: kept within 0.01)": presented(PRODUCT)},
        "fusion 18 reverted": {"confident first (before fusion 18)": presented(PRODUCT, 0.0)},
    }
    out["toward naive RRF"] = {f"toward naive RRF t {t:g}, share to {a:g}": presented(toward_naive(t, a))
                               for t, a in itertools.product((0.25, 0.5, 0.75, 1.0), (0.8, 1.0))}
    out["naive-like when the legs disagree"] = {
        f"agreement < {b:g}: toward naive t {t:g} share to {a:g}": switched(b, toward_naive(t, a))
        for b, t, a in itertools.product((0.1, 0.2, 0.3, 0.4, 0.5), (0.5, 1.0), (0.8, 1.0))}
    out["weights by the worst margin"] = {
        f"score dense {wd:g}, share {a:g}, rank dense {rd:g} lemmas {rl:g} stems 1": presented(
            Config((wd, round(1 - wd, 2)), (rd, 0.0, rl, 1.0), 60, a))
        for wd, a, rd, rl in itertools.product((0.55, 0.65, 0.75), (0.5, 0.6, 0.7, 0.8), (1.0, 1.5, 2.0),
                                               (0.0, 0.5, 1.0))}
    return out


LEXICAL = {"lexical 18 (k1 1.2, b 0.3, stems 0.75)": lexical18.PRODUCT,
           "lexical 18 reverted (k1 2.0, b 0.6, stems 0.5)": lexical18.BEFORE,
           **{v.label(): v for v in (lexical18.Variant(k1, b, w) for k1, b, w in itertools.product(
               (0.8, 1.0, 1.2, 1.5, 2.0), (0.15, 0.3, 0.45, 0.6, 0.75), (0.5, 0.75, 1.0)))
              if (v.k1, v.b, v.stems) not in ((1.2, 0.3, 0.75), (2.0, 0.6, 0.5))}}


@dataclass
class Scored:
    """One set's on-topic questions, both halves: nDCG@10 of every hybrid ranking and lexical variant."""

    name: str
    half: np.ndarray      # per question: "tune" or "heldout"
    naive: np.ndarray
    bm25: np.ndarray
    hybrid: np.ndarray    # rankings (families' order) x questions
    lexical: np.ndarray   # LEXICAL x questions
    answered: int


def score(s: dict, rankers: list[Ranker]) -> Scored:
    t = load(s)
    questions: list[Question18] = t.questions  # type: ignore[assignment]
    half = np.array([q["was"] for q in s["queries"] if not q.get("offtopic")])
    assert len(half) == len(questions)
    hybrid = np.array([[q.ndcg_of(rank(q)) for q in questions] for rank in rankers])
    lexical = lexical18.score_set(s, list(LEXICAL.values()))
    assert np.allclose(lexical.bm25, t.bm25)
    answered = sum(bool(q.sure[q.fused(PRODUCT)[:q.judged]].any()) for q in questions)
    return Scored(s["name"], half, t.naive, t.bm25, hybrid, lexical.values, answered)


def per_set(values: list[np.ndarray], sets: list[Scored], half: str | None = None) -> np.ndarray:
    """rows x sets: each row's mean over a set's questions (of one half, or both)."""
    return np.stack([v[:, t.half == half].mean(axis=1) if half else v.mean(axis=1)
                     for v, t in zip(values, sets)], axis=1)


def loso(values: np.ndarray, base: np.ndarray, rows: list[int], by: str = "worst") -> list[int]:
    """Leave one set out: per set, the row among `rows` with the best worst margin over the other sets
    (the macro breaking ties; `by` "mean": the best mean margin)."""
    chosen = []
    for j in range(values.shape[1]):
        others = [x for x in range(values.shape[1]) if x != j]
        v, b = values[rows][:, others], base[others]
        chosen.append(rows[best_of(v, b) if by == "worst" else int(np.argmax((v - b).mean(axis=1)))])
    return chosen


def report(label: str, margins: np.ndarray, names: list[str], halves: tuple[np.ndarray, np.ndarray]) -> str:
    """A row: the margin per set (points), the worst set, how many below, the mean; and per half."""
    tune, held = halves
    return (f"  {label}\n    per set " + " ".join(f"{x * 100:+.2f}" for x in margins)
            + f"\n    worst {margins.min() * 100:+.2f} ({names[int(np.argmin(margins))]}), below on "
            f"{int((margins < 0).sum())} of {len(margins)}, mean {margins.mean() * 100:+.3f}; tuning halves: worst "
            f"{tune.min() * 100:+.2f}, below on {int((tune < 0).sum())}; held-out halves: worst {held.min() * 100:+.2f} "
            f"({names[int(np.argmin(held))]}), below on {int((held < 0).sum())}, mean {held.mean() * 100:+.2f}"
            + "\n    held-out halves " + " ".join(f"{x * 100:+.2f}" for x in held))


def compare(title: str, labels: list[str], values: list[np.ndarray], base: list[np.ndarray], sets: list[Scored],
            rows_of: dict[str, list[int]], repeats: int) -> None:
    """Each row's margins over `base` (per set, both halves; and per half), then each family chosen
    leave-one-set-out by the worst margin and by the mean, and chosen on random halves of every set's
    questions against the product (row 0; tune_sixth.cross_validate)."""
    names = [t.name for t in sets]
    both = per_set(values, sets)
    b = per_set([x[None] for x in base], sets)[0]
    tune = per_set(values, sets, "tune") - per_set([x[None] for x in base], sets, "tune")[0]
    held = per_set(values, sets, "heldout") - per_set([x[None] for x in base], sets, "heldout")[0]
    print(f"\n== {title}: margins in points, sets " + " ".join(names))
    for family, rows in rows_of.items():
        if len(rows) == 1:
            i = rows[0]
            print(report(labels[i], both[i] - b, names, (tune[i], held[i])))
            continue
        i = rows[best_of(both[rows], b)]
        print(f"  [{family}: {len(rows)} rows; best in-sample {labels[i]}]")
        print(report("  in-sample best", both[i] - b, names, (tune[i], held[i])))
        for by in ("worst", "mean"):
            chosen = loso(both, b, rows, by)
            j = np.arange(len(sets))
            print(report(f"  LOSO by the {by} margin (picks: {'; '.join(sorted({labels[c] for c in chosen}))})",
                         both[chosen, j] - b, names, (tune[chosen, j], held[chosen, j])))
        assert rows[0] == 0
        print("    " + cross_validate([v[rows] for v in values], base, repeats))


def main(argv: list[str]) -> int:
    parser = command.arguments()
    parser.add_argument("--stage", choices=("dump", "score"), default="score")
    parser.add_argument("--repeats", type=int, default=200, help="random question halves of the cross-validated check")
    args = parser.parse_args(argv)
    if args.stage == "dump":
        for directory in args.sets:
            s = cached(directory, args.data_dir)
            print(f"{s['name']}: {len(s['queries'])} questions cached", flush=True)
        return 0
    fams = families()
    labels = [label for family in fams.values() for label in family]
    rankers = [rank for family in fams.values() for rank in family.values()]
    rows_of, n = {}, 0
    for name, family in fams.items():  # a family with a choice may also keep the product (row 0)
        rows_of[name] = ([0] if n else []) + list(range(n, n + len(family))) if len(family) > 1 else [n]
        n += len(family)
    rows_of["fusion 18 kept or reverted"] = [0, 1]
    rows_of["every ranking"] = list(range(n))
    sets = []
    for directory in args.sets:
        sets.append(score(cached(directory, args.data_dir), rankers))
        t = sets[-1]
        print(f"{t.name}: {len(t.naive)} on-topic ({int((t.half == 'heldout').sum())} held-out), {t.answered} "
              f"answered; naive RRF {t.naive.mean():.4f}, product {t.hybrid[0].mean():.4f}, BM25+Snowball "
              f"{t.bm25.mean():.4f}, lexical {t.lexical[0].mean():.4f}", flush=True)
    compare("hybrid over naive RRF", labels, [t.hybrid for t in sets], [t.naive for t in sets], sets, rows_of,
            args.repeats)
    compare("lexical over BM25+Snowball", list(LEXICAL), [t.lexical for t in sets], [t.bm25 for t in sets], sets,
            {"lexical 18": [0], "reverted": [1], "kept or reverted": [0, 1],
             "k1 x b x stems' weight": list(range(len(LEXICAL)))}, args.repeats)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
