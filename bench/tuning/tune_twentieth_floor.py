"""Twentieth floor round: does anything the search already computes, added to the eighteenth round's head, answer
fewer off-topic inputs (near-domain care questions, `naburig`, above all) without losing on-topic ones? `python -m
bench.tuning.tune_twentieth_floor SET... --data-dir DIR [--only NAME...] [--verbose]` (docs/history/searching-rounds.md, "Floor,
twentieth round").

The inputs are the eighteenth round's dumps (bench.tuning.tune_eighteenth_floor, `--stage dump` there) of the seen
sets' tuning halves: demo/eval, rijksoverheid-faq, eval-cases, -2 ... -16, demo/eval-oneline and a copy of
eval-cases-17's tuning half (seen since stop 38). Only tuning questions are loaded; a set being written now
(`UNSEEN`) is refused by name.

**The bar, written before any result of this round was computed.** The baseline is the product's decision
(`head:qmp@C0.001`, the line refitted so that every training set keeps today's count of on-topic inputs), refitted
in every leave-one-set-out fold exactly as `tune_eighteenth_floor --export` fits it. A candidate is adopted only if,
leave-one-set-out over the twenty tuning halves, it (1) answers at least 10% fewer off-topic inputs held back than
the baseline does, summed over the held-back sets, and at least 5 fewer naburig ones; (2) keeps, on every held-back
set, at least as many on-topic inputs as the baseline keeps there (none lost against it anywhere); (3) then, in the
product, on the seen held-out halves (`praktijkgeheugen eval --half heldout`), keeps on every set at least as many
on-topic questions as the product before it and answers fewer off-topic ones in total; (4) costs no model pass: only
arithmetic over what the search already holds (the question's embedding, the dense and lexical rankings, the visible
passages' term counts).

Candidates, each fitted on the training folds only (vectorised: the head's output and every feature are computed
once per fold):

- `baseline`: the product's head refitted per fold (c of either sign from tune_seventeenth_floor.HEAD_GRID, the line
  refitted, the fewest off-topic training inputs answered; tune_seventeenth_floor.head);
- `head+F`: the baseline's score + d x F / sd(F) (sd over the training inputs), d of either sign from
  tune_sixteenth_floor.SCALED, the line refitted, the fewest off-topic training inputs answered (ties: smaller |d|),
  the head's own c kept as the fold chose it; F of the brief's kinds, all in the dumps:
  lexical coverage of the question (`evidence_k`, `plain_k`: its idf-weighted or plain share held by one of the k
  best-cosine documents; `stem_k`: the same in Snowball stems; `known`: the idf share of its terms some passage
  holds; `dpass_known_1`, `ddoc3_known_1`, `dinf_pass`, `absent_rarest`: its distinctive terms missing), the legs'
  agreement (`agree_k`, `disagree_3`, `whole_out_3`, `whole_overlap_3`, `whole_rel`, `lexbest_gap`), the gap at the
  top (`gap5`, `gap10`, `gap10_z`, `pgap10`, `doc_gap`, `stand_k`, `doc_stand_k`), how many passages stand near the
  best (`near_d`), and the corpus centroid (`centroid`, `centroid_z`, `mean_all`);
- `head+F+G` (`--pairs`): two of them, the second fitted after the first;
- `--stage heads`: other heads in place of the baseline's, at C 0.0003-0.01: `head:qmp` (the baseline's kind),
  `head:base` (the question less its passage beside today's rule's inputs, BASE), `head:all` (beside BASE and every
  feature), `head:wide` (beside BASE and WIDE's five, chosen after seeing the single features' held-back counts);
  `--stage nested`: `head:nested5`, WIDE's five chosen inside each fold on its training sets only;
- `--stage heldout`: the seen held-out halves counted once (the product's own retrieval and floor per question; the
  product as it is, and the baseline and `head:base@C0.003` fitted on every tuning half): information for the bar's
  (3), never fitted on.

Measured (7 December; twenty tuning halves, 982 on-topic and 581 off-topic inputs, 230 naburig): held back, today's
rule answers 138 (naburig 86), the baseline 69 (35) keeping 971. No `head+F` meets the bar (the best without a loss,
`stem_1`, 65 (30); `mean_all` 57 (25) loses demo/eval's and eval-cases-6's inputs). `head:base@C0.003` answers 48 (25)
and loses one of rijksoverheid-faq's 245; `head:wide@C0.001` 60 (30) within (1) and (2), but its list has seen the
folds, and chosen inside them (`head:nested5`) it answers 56 (27) and loses eval-cases-6's and -12's inputs. On the
seen held-out halves (941 on-topic, 553 off-topic, 214 naburig): today's rule 926 kept, 155 answered (98); the product
927, 92 (48); `head:base@C0.003` 925, 59 (34), with eval-cases-8, -9 and eval-oneline one on-topic question fewer. Not
adopted (docs/history/searching-rounds.md, "Floor, twentieth round").
"""
from __future__ import annotations

import math
import sys
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from bench.tuning import command, tune_eighteenth_floor, tune_seventeenth_floor
from bench.tuning.tune_sixteenth_floor import LINE, SCALED, Question, today

UNSEEN = ("eval-cases-18", "eval-notes-23")   # being written this session: never loaded
FEATURES = ("evidence_1", "evidence_5", "plain_1", "plain_3", "stem_1", "stem_3", "known", "dpass_known_1",
            "ddoc3_known_1", "dinf_pass", "absent_rarest", "agree_1", "agree_3", "agree_5", "disagree_3",
            "whole_out_3", "whole_overlap_3", "whole_rel", "lexbest_gap", "gap5", "gap10", "gap10_z", "pgap10",
            "doc_gap", "stand_10", "stand_20", "stand_50", "doc_stand_5", "doc_stand_10", "near_0.01", "near_0.02",
            "near_0.03", "centroid", "centroid_z", "mean_all", "log_words")
HEAD_C = 0.001      # the product's head (tune_eighteenth_floor.ADOPTED_C)
KEEP = 1.0          # ... keeping today's count of on-topic inputs on every training set (ADOPTED_KEEP)


@dataclass
class Half:
    """One set's tuning inputs as arrays: off-topic, naburig, today's score, the head's input and the features."""
    name: str
    questions: list[Question]
    off: np.ndarray
    near: np.ndarray
    today: np.ndarray
    qmp: np.ndarray
    features: np.ndarray


def seen(directory: Path) -> Path:
    """`directory`, unless it is (or is a copy named after) a set being written now (`UNSEEN`)."""
    if directory.resolve().name in UNSEEN or directory.resolve().name.startswith(UNSEEN):
        raise SystemExit(f"{directory} is being written and is never tuned on")
    return directory


def halves(data_dir: Path, directories: list[Path]) -> list[Half]:
    names, sets = tune_eighteenth_floor.load(data_dir, [seen(d) for d in directories])
    out = []
    for name, questions in zip(names, sets):
        out.append(Half(name, questions, np.array([off for off, _ in questions]),
                        np.array([off and f["category"] == "naburig" for off, f in questions]),
                        np.array([today(f) for _, f in questions]),
                        np.array([f["_qmp"] for _, f in questions], np.float64),
                        np.array([[float(f[n]) for n in FEATURES] for _, f in questions])))
    return out


WIDE = ("cos", "evidence_3", "spread", "lone", "mean_all", "stem_1", "absent_rarest", "gap10", "agree_3")


BASE = ("cos", "evidence_3", "spread", "lone")   # today's rule's own inputs


def widen(every: list[Half]) -> None:
    """`_wide`: the question less its best passage beside the scalar features WIDE (the head standardises them);
    `_base`: beside today's rule's inputs alone; `_all`: beside those and every feature of FEATURES."""
    for h in every:
        for _, f in h.questions:
            f["_wide"] = np.concatenate([f["_qmp"], [float(f[n]) for n in WIDE]])
            f["_base"] = np.concatenate([f["_qmp"], [float(f[n]) for n in BASE]])
            f["_all"] = np.concatenate([f["_qmp"], [float(f[n]) for n in BASE + FEATURES]])


def needs(train: list[Half]) -> list[int]:
    """tune_sixteenth_floor.needs at KEEP: each training set's count of on-topic inputs today's rule keeps."""
    return [max(1, min(int((h.today[~h.off] >= LINE).sum()), math.ceil(KEEP * int((~h.off).sum())))) for h in train]


def line_for(scores: list[np.ndarray], train: list[Half], need: list[int]) -> float:
    return min(float(np.sort(s[~h.off])[::-1][n - 1]) for s, h, n in zip(scores, train, need))


def fewest(train: list[Half], need: list[int], base: list[np.ndarray], extra: list[np.ndarray],
           grid: tuple[float, ...]) -> tuple[float, float]:
    """(d, line): base + d x extra answering the fewest off-topic training inputs at the refitted line (ties: the
    smaller |d|), as tune_sixteenth_floor._fewest chooses."""
    best: tuple[int, float, float, float] | None = None
    for d in (0.0,) + grid + tuple(-g for g in grid):
        scores = [b + d * e for b, e in zip(base, extra)]
        line = line_for(scores, train, need)
        key = (sum(int((s[h.off] >= line).sum()) for s, h in zip(scores, train)), abs(d))
        if best is None or key < best[:2]:
            best = (key[0], key[1], d, line)
    assert best is not None
    return best[2], best[3]


class Fold:
    """The baseline fitted on `train`: the head's output over its sd on every half, its c and line (`kind`, `strength`:
    another head: `_wide`, the question less its passage beside the scalar features WIDE; another C)."""

    def __init__(self, train: list[Half], every: list[Half], kind: str = "_qmp", strength: float = HEAD_C):
        parts = tune_seventeenth_floor.head_parts([h.questions for h in train], kind, strength)
        self.lift = {h.name: (np.array([f[kind] for _, f in h.questions], np.float64) @ parts["w"] + parts["b"])
                     / parts["sd"] for h in every}
        self.parts, self.kind = parts, kind
        self.need = needs(train)
        self.train = train
        c, self.line = fewest(train, self.need, [h.today for h in train], [self.lift[h.name] for h in train],
                              tune_seventeenth_floor.HEAD_GRID)
        self.score = {h.name: h.today + c * self.lift[h.name] for h in every}
        self.c = c

    def plus(self, columns: list[int], every: list[Half]) -> tuple[dict[str, np.ndarray], float, list[float]]:
        """The baseline + d x each feature of `columns` / its training sd, fitted one after the other."""
        score, line, ds = dict(self.score), self.line, []
        for j in columns:
            sd = float(np.concatenate([h.features[:, j] for h in self.train]).std()) or 1.0
            d, line = fewest(self.train, self.need, [score[h.name] for h in self.train],
                             [h.features[:, j] / sd for h in self.train], SCALED)
            score = {h.name: score[h.name] + d * h.features[:, j] / sd for h in every}
            ds.append(d)
        return score, line, ds


    def apply(self, f: dict) -> float:
        """The fitted score of an input outside the fit (a held-out question's features, `heldout_features`)."""
        return today(f) + self.c * (float(np.asarray(f[self.kind], np.float64) @ self.parts["w"]) + self.parts["b"]) \
            / self.parts["sd"]


HELD_OUT = {"eval-cases-17-tune": "demo/eval-cases-17"}   # a copy's store -> the set whose held-out half it was cut from


def heldout_features(store, embedder, text: str) -> dict:
    """What the fitted decisions read of one question, through the product's own retrieval and floor (hybrid, no
    filters, as `praktijkgeheugen eval` asks): today's rule's inputs, the question less its best passage's stored
    vector, and whether the product as it is (search._floor.floor_for: the shipped head) answers it."""
    from dataclasses import replace

    from search._floor import FLOORS, declarative, floor_for, judge, question_evidence
    from search._retrieve import retrieve
    from store import Filters

    retrieval = retrieve(store, embedder, text, Filters(), "hybrid")
    product = floor_for(embedder.name)
    answered = max(judge(store, retrieval, product, text), default=-math.inf) >= product.threshold
    chunk = store.catalogue.chunks_by_pk([retrieval.best_chunk]).get(retrieval.best_chunk)
    passage = store.vectors.get([chunk.vector_id])[0]
    f: dict = {"cos": max(retrieval.cosine.values()), "spread": retrieval.spread, "passages": retrieval.spread_of,
         "evidence_3": question_evidence(store, retrieval, 3), "lone": float(declarative(text)), "product": answered,
         "rule": max(judge(store, retrieval, replace(FLOORS[embedder.name], head=None), text), default=-math.inf)}
    f["_qmp"] = np.asarray(retrieval.query_vector - passage, np.float64)
    f["_base"] = np.concatenate([f["_qmp"], [float(f[n]) for n in BASE]])
    return f


def heldout(every: list[Half], data_dir: Path, directories: list[Path]) -> None:
    """The seen held-out halves, counted once: the product as it is, and the baseline and `head:base@C0.003` fitted on
    every tuning half (never on a held-out question; nothing is chosen here)."""
    import models
    from bench.evaluate import load_dataset

    widen(every)
    fits = {"baseline (refit on all)": Fold(every, every), "head:base@C0.003": Fold(every, every, "_base", 0.003)}
    embedder = models.get_embedder(models.DEFAULT_MODEL, data_dir / "models")
    totals: dict[str, list[int]] = {}
    for h, directory in zip(every, directories):
        dataset = load_dataset(Path(HELD_OUT.get(h.name, directory)))
        store = tune_seventeenth_floor.store_of(data_dir, h.name)
        try:
            inputs = [(False, "on", q["text"]) for q in dataset.half("heldout")] + [
                (True, q.get("category", "algemeen"), q["text"]) for q in dataset.offtopic if q["half"] == "heldout"]
            rows = [(off, category, heldout_features(store, embedder, text)) for off, category, text in inputs]
        finally:
            store.close()
        cells = {"today's rule": [f["rule"] >= LINE for _, _, f in rows],
                 "product": [f["product"] for _, _, f in rows]}
        cells.update({label: [fold.apply(f) >= fold.line for _, _, f in rows] for label, fold in fits.items()})
        line = []
        for label, yes in cells.items():
            counted = tally(yes, rows)
            totals[label] = [a + b for a, b in zip(totals.get(label, [0] * 6), counted)]
            line.append(f"{label} " + "{}/{},{}/{},{}/{}".format(*counted))
        print(f"  held out {h.name:22s} " + " | ".join(line), flush=True)
    for label, t in totals.items():
        print(f"  held out, all sets: {label:24s} " + "on {}/{}, off {}/{}, naburig {}/{}".format(*t), flush=True)


def tally(yes: list[bool], rows: list[tuple[bool, str, dict]]) -> list[int]:
    """Of (off-topic, category, features) rows and whether each is answered: on-topic kept, on-topic inputs,
    off-topic answered, off-topic inputs, naburig answered, naburig inputs."""
    return [sum(y for y, (o, _, _) in zip(yes, rows) if not o), sum(not o for o, _, _ in rows),
            sum(y for y, (o, _, _) in zip(yes, rows) if o), sum(o for o, _, _ in rows),
            sum(y for y, (o, c, _) in zip(yes, rows) if o and c == "naburig"),
            sum(o and c == "naburig" for o, c, _ in rows)]


def cell(h: Half, score: np.ndarray, line: float) -> tuple[int, int, int, int, int, int]:
    yes = score >= line
    return (int(yes[~h.off].sum()), int((~h.off).sum()), int(yes[h.off].sum()), int(h.off.sum()),
            int(yes[h.near].sum()), int(h.near.sum()))


def heads(every: list[Half], kinds: tuple[str, ...] = ("_qmp", "_wide", "_base", "_all"),
          strengths: tuple[float, ...] = (0.0003, 0.001, 0.003, 0.01)) -> None:
    """Other heads in place of the baseline's, leave-one-set-out: other C, and the wide head."""
    widen(every)
    folds = [Fold(every[:i] + every[i + 1:], every) for i in range(len(every))]
    base = [cell(h, fold.score[h.name], fold.line) for h, fold in zip(every, folds)]
    for kind in kinds:
        for strength in strengths:
            cells = []
            for i, h in enumerate(every):
                fold = Fold(every[:i] + every[i + 1:], every, kind, strength)
                cells.append(cell(h, fold.score[h.name], fold.line))
            report(f"head:{kind[1:]}@C{strength:g}", every, cells, base, None, True)
            fitted = Fold(every, every, kind, strength)   # fitted on every half and counted on them (in sample)
            print("      fitted on all: " + ", ".join("{}/{},{}/{},{}/{}".format(*[sum(c[k] for c in totals)
                  for k in range(6)]) for totals in [[cell(h, fitted.score[h.name], fitted.line) for h in every]])
                  + f" (c {fitted.c:g}, line {fitted.line:.5f})", flush=True)


def nested(every: list[Half], size: int = 5, strength: float = HEAD_C) -> None:
    """The wide head with its scalar features chosen inside each fold: the `size` features of FEATURES whose `head+F`
    answers the fewest off-topic inputs of the fold's training sets (fitted and counted on them; ties: FEATURES'
    order), beside today's rule's inputs (BASE). What `_wide`'s list (chosen after seeing the single features'
    held-back counts) would give had it been chosen on the training sets only."""
    folds = [Fold(every[:i] + every[i + 1:], every) for i in range(len(every))]
    base = [cell(h, fold.score[h.name], fold.line) for h, fold in zip(every, folds)]
    cells, picked = [], []
    for i, (h, fold) in enumerate(zip(every, folds)):
        train = every[:i] + every[i + 1:]
        fewest_off = []
        for j in range(len(FEATURES)):
            score, line, _ = fold.plus([j], train)
            fewest_off.append((sum(int((score[t.name][t.off] >= line).sum()) for t in train), j))
        chosen = [FEATURES[j] for _, j in sorted(fewest_off)[:size]]
        picked.append(chosen)
        for t in every:
            for _, f in t.questions:
                f["_nested"] = np.concatenate([f["_qmp"], [float(f[n]) for n in BASE + tuple(chosen)]])
        inner = Fold(train, every, "_nested", strength)
        cells.append(cell(h, inner.score[h.name], inner.line))
        print(f"  fold {h.name}: {chosen}", file=sys.stderr, flush=True)
    report(f"head:nested{size}@C{strength:g}", every, cells, base, None, True)
    print("      chosen: " + "; ".join(f"{h.name} {','.join(c)}" for h, c in zip(every, picked)))


def report(label: str, every: list[Half], cells: list, base: list, ds: list | None, verbose: bool = False) -> None:
    lost = sum(max(0, b[0] - c[0]) for c, b in zip(cells, base))
    fewer = [h.name for h, c, b in zip(every, cells, base) if c[0] < b[0]]
    under = [h.name for h, c in zip(every, cells) if c[0] < math.ceil(0.95 * c[1])]
    signs = " ".join("{:+.3g}..{:+.3g}".format(min(d[i] for d in ds), max(d[i] for d in ds))
                     for i in range(len(ds[0]))) if ds else ""
    print(f"  {label:30s} off {sum(c[2] for c in cells)}/{sum(c[3] for c in cells)}, naburig "
          f"{sum(c[4] for c in cells)}/{sum(c[5] for c in cells)}, on {sum(c[0] for c in cells)}/"
          f"{sum(c[1] for c in cells)}, lost vs baseline {lost} {fewer}, under 95% {under} | d {signs}"
          + ("\n      " + " ".join("{}/{},{}/{},{}/{}".format(*c) for c in cells) if verbose else ""),
          flush=True)


def loso(every: list[Half], only: list[str], pairs: bool, verbose: bool, names: tuple[str, ...] = FEATURES) -> None:
    """Every candidate fitted on all sets but one, counted on the held-back one, beside the baseline (`names`: the
    columns of the halves' feature matrices; tune_twentyfirst_floor passes its own)."""
    folds = []
    for i, h in enumerate(every):
        folds.append(Fold(every[:i] + every[i + 1:], every))
        print(f"  fold {h.name}: head c {folds[-1].c:g}, line {folds[-1].line:.5f}", file=sys.stderr, flush=True)
    labels: dict[str, list[int]] = {"baseline": []}
    chosen = [j for j, n in enumerate(names) if not only or any(o == n for o in only)]
    for j in chosen:
        labels[f"head+{names[j]}"] = [j]
    if pairs:
        for j in chosen:
            for k in chosen:
                if j < k:
                    labels[f"head+{names[j]}+{names[k]}"] = [j, k]
    today_cells = [cell(h, h.today, LINE) for h in every]
    rows = []
    for label, columns in labels.items():
        cells, ds = [], []
        for h, fold in zip(every, folds):
            score, line, d = fold.plus(columns, every)
            cells.append(cell(h, score[h.name], line))
            ds.append(d)
        rows.append((label, cells, ds))
    base = rows[0][1]
    print("leave-one-set-out (held back: on-topic kept/inputs, off-topic answered/inputs, naburig answered/inputs): "
          + " | ".join(h.name for h in every))
    print("  today        " + " ".join("{}/{},{}/{},{}/{}".format(*c) for c in today_cells)
          + f" | off {sum(c[2] for c in today_cells)}, naburig {sum(c[4] for c in today_cells)}")
    for label, cells, ds in sorted(rows, key=lambda r: sum(c[2] for c in r[1])):
        report(label, every, cells, base, ds if ds[0] else None, verbose)


def main(argv: list[str]) -> int:
    args = command.floor_arguments(("score", "heads", "nested", "heldout"),
                                   "score: head+F leave-one-set-out; heads: other heads; nested: the wide head chosen per fold").parse_args(
        [a for a in argv if a != "--pairs"])
    if args.stage == "heldout":
        heldout(halves(args.data_dir, args.sets), args.data_dir, args.sets)
    elif args.stage == "nested":
        nested(halves(args.data_dir, args.sets))
    elif args.stage == "heads":
        heads(halves(args.data_dir, args.sets), tuple(f"_{o}" for o in args.only) or ("_qmp", "_wide", "_base", "_all"))
    else:
        loso(halves(args.data_dir, args.sets), args.only, "--pairs" in argv, args.verbose)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
