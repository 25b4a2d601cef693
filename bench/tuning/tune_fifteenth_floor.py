"""Fifteenth round: small learned floors (2-5 features) decided leave-one-set-out, with per-category rates;
tuning halves plus eval-cases-12's both halves (seen since stop 27) (`python -m bench.tuning.tune_fifteenth_floor
SET... --data-dir DIR [--keep 0.95] [--also NAME=SET]`; docs/history/searching-rounds.md, "Floor, fifteenth round").

Reads the dumps of bench.tuning.tune_fourteenth_floor (`--stage dump`, which writes tune_floor_rule's as well):
per set its tuning questions, on-topic and off-topic. eval-cases-12's held-out half is dumped as a copy of the
set whose halves are swapped (queries' `split` and qrels/tune.tsv <-> heldout.tsv), named `eval-cases-12h`,
and joins eval-cases-12's fold (`--also eval-cases-12=eval-cases-12h`): one corpus is one fold, so no
held-back set shares its corpus with a training set.

Every candidate scores an input by a function fitted on the training sets only, and its line is the highest
value at which every training set keeps `keep` of its on-topic inputs (or what today's rule keeps there, if
that is less); the held-back set is then counted at that line. Candidates:

- `today`: search._floor's rule and line, nothing fitted;
- `rule+c*F`: today's score less c × a feature (c from a grid, the line refitted with it);
- `logit[F...]`: logistic regression (balanced classes, standardised features, C = 1) over cosine, evidence and
  spread (the rule's three) and one or two more features;
- `nested`: the procedure, not a candidate: in each fold the candidate answering the fewest off-topic *training*
  inputs (in-sample, at its training line) is chosen among all the above and scored held back, so the
  figure includes the selection.

Besides the earlier rounds' features: `lone`, 1 for one declarative sentence (`declarative`), and `asks_what`,
1 for an input opened by an information question word ("hoe", "wat", "welke", "hoeveel", ...). `--probe TEXT...`
with `--corpus` prints each text's best confidence under today's rule less the line, over that corpus (ingested
into --data-dir once): how one-sentence inputs the sets do not hold fare.

Measured (7 December; the fourteenth round's dumps of twelve care sets and eval-cases-12's, eval-cases-12's
held-out half dumped as eval-cases-12h; 536 on-topic, 387 off-topic inputs): held back, today's rule answers 113
(statements 38 of 45, care questions 62 of 156, far questions 11 of 156, general ones 2 of 30); 0.04 off a
one-sentence statement at today's line (c 0.04 in twelve folds, 0.03 in one) 76 with no on-topic input lost, the
best of all; two features with the line refitted, or the nested choice, 61-62 but 3-4 on-topic inputs lost.
0.04 not adopted: on the demo corpus on-topic one-sentence situations score as high over the line as off-topic
one-sentence statements (+0.014 to +0.056 against −0.013 to +0.034), so the penalty would refuse them, and
the sets hold one such on-topic input. Chosen afterwards on demo/eval-oneline's tuning half (one-sentence care
situations and statements), 0.01 was adopted (search._floor; docs/history/searching-rounds.md, "Floor, fifteenth round").

Off-topic inputs are counted per category (the sets' `category`: "stelling" everyday statements, "ver" far
questions, "naburig" care questions the corpus does not answer; demo/eval's come from
demo/offtopic-general.jsonl, "algemeen").
"""
from __future__ import annotations

import argparse
import itertools
import json
import math
import re
import sys
from pathlib import Path
from typing import Callable

import numpy as np

from bench.tuning import tune_fourteenth_floor, tune_thirteenth_floor
from search import _floor

Question = tuple[bool, dict]
Score = Callable[[dict], float]
LINE = tune_thirteenth_floor.LINE
GRID = (0.002, 0.005, 0.0075, 0.01, 0.015, 0.02, 0.03, 0.04, 0.06, 0.1)
BASE = ("cos", "evidence_3", "spread")
EXTRA = ("lone", "lone_solo_doc_1", "solo_doc_1", "solo_doc_3", "st_solo_doc_1", "st_solo_doc_3", "statement", "doc_miss_1", "pass_miss_1",
         "whole_rel", "whole_out_3", "agree_3", "stand_50", "known", "any_care_miss_3.5", "log_words", "doc_gap",
         "centroid", "evidence_1", "st_doc_miss_1", "st_pass_miss_1")
# Question words asking for information rather than experience (not adopted: see the docs, "Floor, fifteenth round").
INFORMATION = frozenset("hoe wat welke welk hoeveel hoelang wanneer waar waarom".split())
_WORD = re.compile(r"[^\W_]+")
CATEGORIES = ("stelling", "ver", "naburig", "algemeen")


# `lone`: the product's test (search._floor.declarative, adopted at 0.01 on demo/eval-oneline), the same
# question openers as bench.tuning.tune_eleventh.OPENERS.
declarative = _floor.declarative


def probe(data_dir: Path, corpus: Path, texts: list[str]) -> None:
    """Each text's best confidence under today's rule, less the line, searched over `corpus` ingested into
    `data_dir` (once; the model from `data_dir`/models), and whether it is one declarative sentence."""
    import ingest
    import models
    from search._floor import floor_for, judge
    from search._retrieve import retrieve
    from store import Filters, Settings, open_store

    embedder = models.get_embedder(models.DEFAULT_MODEL, data_dir / "models")
    fresh = not (data_dir / "probe-ingested").exists()
    store = open_store(Settings(data_dir=data_dir, model=embedder.name))
    try:
        if fresh:
            assert not ingest.ingest_paths(store, embedder, [corpus]).failed
            (data_dir / "probe-ingested").write_text("1")
        floor = floor_for(embedder.name)
        for text in texts:
            confidences = judge(store, retrieve(store, embedder, text, Filters(), "hybrid"), floor)
            print(f"{max(confidences, default=float('-inf')) - floor.threshold:+.4f} "
                  f"{'statement' if declarative(text) else 'other':9s} {text}", flush=True)
    finally:
        store.close()


def categories(root: Path) -> dict[str, str]:
    """An off-topic input's text -> its category, over every set's offtopic.jsonl and the general one."""
    out: dict[str, str] = {}
    for path in sorted(root.glob("demo/eval-cases*/offtopic.jsonl")) + [root / "demo/offtopic-general.jsonl"]:
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                row = json.loads(line)
                out.setdefault(row["text"], row.get("category") or "algemeen")
    return out


def load(data_dir: Path, names: list[str], also: dict[str, list[str]], root: Path) -> list[list[Question]]:
    kinds = categories(root)
    sets = []
    for name in names:
        questions: list[Question] = []
        for part, part_name in enumerate([name] + also.get(name, [])):
            for off, f in tune_fourteenth_floor.load(data_dir, [part_name])[0]:
                f = dict(f, half=part, text=f.get("text", ""))
                questions.append((off, f))
        sets.append(questions)
    for questions, name in zip(sets, names):
        texts = _texts(data_dir, [name] + also.get(name, []))
        assert len(texts) == len(questions), name
        for (off, f), text in zip(questions, texts):
            f["text"] = text
            f["category"] = kinds.get(text, "?") if off else "on"
            f["lone"] = float(declarative(text))
            f["lone_solo_doc_1"] = f["lone"] * f["solo_doc_1"]
            words = _WORD.findall(text.lower())
            f["asks_what"] = float(bool(words) and words[0] in INFORMATION)
    return sets


def _texts(data_dir: Path, names: list[str]) -> list[str]:
    import pickle
    out = []
    for name in names:
        out += [row["text"] for row in pickle.loads((data_dir / "cache" / "floor-rule" / f"{name}.pkl").read_bytes())]
    return out


def line_for(train: list[list[Question]], score: Score, keep: float) -> float:
    """The highest line at which every training set keeps `keep` of its on-topic inputs (or today's keep)."""
    line = math.inf
    for questions in train:
        on = sorted((score(f) for off, f in questions if not off), reverse=True)
        today = sum(1 for off, f in questions if not off and tune_thirteenth_floor.rule(f) >= LINE)
        need = max(1, min(today, math.ceil(keep * len(on))))
        line = min(line, on[need - 1])
    return line


def counts(questions: list[Question], score: Score, line: float) -> tuple[int, int, int, int]:
    on = [score(f) >= line for off, f in questions if not off]
    offs = [score(f) >= line for off, f in questions if off]
    return sum(on), len(on), sum(offs), len(offs)


def penalties(*names: str) -> Callable[[list[list[Question]], float], tuple[Score, float]]:
    """Today's score less c_i × each of `names` (each c from the grid, every combination), the line refitted;
    the combination answering the fewest off-topic training inputs (ties: the first, smaller c's)."""
    def fit(train: list[list[Question]], keep: float) -> tuple[Score, float]:
        best = None
        for cs in itertools.product((0.0,) + GRID, repeat=len(names)):
            def score(f: dict, cs: tuple[float, ...] = cs) -> float:
                return tune_thirteenth_floor.rule(f) - sum(c * f[n] for c, n in zip(cs, names))
            line = line_for(train, score, keep)
            answered = sum(counts(q, score, line)[2] for q in train)
            if best is None or answered < best[0]:
                best = (answered, score, line)
        assert best is not None
        return best[1], best[2]
    return fit


def logit(names: tuple[str, ...]) -> Callable[[list[list[Question]], float], tuple[Score, float]]:
    def fit(train: list[list[Question]], keep: float) -> tuple[Score, float]:
        w, b = logistic_weights(train, names)

        def score(f: dict) -> float:
            return float(b + sum(wi * f[n] for wi, n in zip(w, names)))
        return score, line_for(train, score, keep)
    return fit


def logistic_weights(train: list[list[Question]], names: tuple[str, ...]) -> tuple[np.ndarray, float]:
    """Logistic regression (balanced classes, standardised features, C = 1) of on-topic against off-topic over the
    training inputs' `names`: its weights and intercept on the features' own scale."""
    from sklearn.linear_model import LogisticRegression

    rows = [(off, f) for q in train for off, f in q]
    x = np.array([[f[n] for n in names] for _, f in rows])
    y = np.array([0 if off else 1 for off, _ in rows])
    mean, std = x.mean(0), x.std(0) + 1e-9
    model = LogisticRegression(class_weight="balanced", C=1.0, max_iter=1000).fit((x - mean) / std, y)
    return model.coef_[0] / std, float(model.intercept_[0] - (model.coef_[0] * mean / std).sum())


def fixed(name: str, bold: bool = False) -> Callable[[list[list[Question]], float], tuple[Score, float]]:
    """Today's rule and line, its score less c × `name`: bench.tuning.tune_fourteenth_floor.fit (c the grid's
    value answering the fewest off-topic training inputs with every training set keeping `keep`, or today's
    keep where that is lower; ties to the smaller c)."""
    def fit(train: list[list[Question]], keep: float) -> tuple[Score, float]:
        c = tune_fourteenth_floor.fit(name, train, keep, bold)
        score = tune_thirteenth_floor.penalised(name, c)
        score.c = c  # type: ignore[attr-defined]
        return score, LINE
    return fit


def today(train: list[list[Question]], keep: float) -> tuple[Score, float]:
    return tune_thirteenth_floor.rule, LINE


def candidates() -> dict[str, Callable]:
    out: dict[str, Callable] = {"today": today, "line": penalties("line")}
    for name in ("lone", "lone_solo_doc_1", "asks_what", "st_solo_doc_1", "any_care_miss_3.5", "solo_doc_3", "evidence_1"):
        out[f"fixed-c*{name}"] = fixed(name)
    for name in EXTRA:
        out[f"rule+c*{name}"] = penalties(name)
    for name in ("any_care_miss_3.5", "solo_doc_3", "evidence_1", "doc_gap", "centroid", "stand_50"):
        out[f"rule+c1*lone+c2*{name}"] = penalties("lone", name)
    out["logit[base]"] = logit(BASE)
    for name in EXTRA:
        out[f"logit[base+{name}]"] = logit(BASE + (name,))
    for a, b in itertools.combinations(("lone", "solo_doc_1", "st_solo_doc_1", "doc_miss_1", "whole_rel", "stand_50",
                                        "known", "statement", "agree_3"), 2):
        out[f"logit[base+{a}+{b}]"] = logit(BASE + (a, b))
    return out


def per_category(questions: list[Question], score: Score, line: float) -> dict[str, tuple[int, int]]:
    out = {}
    for kind in CATEGORIES:
        rows = [score(f) >= line for off, f in questions if off and f["category"] == kind]
        if rows:
            out[kind] = (sum(rows), len(rows))
    return out


def report(names: list[str], sets: list[list[Question]], keep: float, verbose: bool, only: list[str]) -> None:
    fits = {n: f for n, f in candidates().items() if n == "today" or not only or any(o in n for o in only)}
    results: dict[str, list] = {}
    inner: dict[str, list[int]] = {}
    for name, fit in fits.items():
        cells, train_answered = [], []
        for i, questions in enumerate(sets):
            train = sets[:i] + sets[i + 1:]
            score, line = fit(train, keep)
            cells.append((counts(questions, score, line), per_category(questions, score, line), score, line))
            train_answered.append(sum(counts(q, score, line)[2] for q in train))
        results[name] = cells
        inner[name] = train_answered
    base = [c[0] for c in results["today"]]
    print(f"leave-one-set-out at keep {keep} (held-back set: on-topic kept, off-topic answered): " + " | ".join(names))
    rows = []
    for name, cells in results.items():
        answered = sum(c[0][2] for c in cells)
        rows.append((answered, name))
    for _, name in sorted(rows):
        cells = results[name]
        _print(name, cells, base)
    # the nested procedure: per fold the candidate with the fewest off-topic training inputs answered
    nested = []
    chosen = []
    for i in range(len(sets)):
        pick = min(fits, key=lambda n: (inner[n][i], n != "today"))
        chosen.append(pick)
        nested.append(results[pick][i])
    _print("nested (chosen per fold)", nested, base)
    print("  chosen per fold: " + ", ".join(chosen))
    for name in [n for n in ("today", "fixed-c*lone", "rule+c*lone") if n in results] + ["nested (chosen per fold)"]:
        cells = nested if name.startswith("nested") else results[name]
        totals: dict[str, list[int]] = {}
        for cell in cells:
            for kind, (a, n) in cell[1].items():
                totals.setdefault(kind, [0, 0])
                totals[kind][0] += a
                totals[kind][1] += n
        print(f"  per category, {name}: " + ", ".join(f"{k} {a}/{n}" for k, (a, n) in totals.items()))
    for name in [n for n in ("today", "fixed-c*lone") if n in results]:
        for set_name, questions, cell in zip(names, sets, results[name]):
            parts = sorted({f["half"] for _, f in questions})
            if len(parts) > 1:
                print(f"  {name}, {set_name} per dump (its own, then --also): " + " | ".join(
                    "{}/{},{}/{} ({})".format(*counts([(o, f) for o, f in questions if f["half"] == part], cell[2],
                                                      cell[3]),
                                              ",".join(f"{k} {a}/{n}" for k, (a, n) in per_category(
                                                  [(o, f) for o, f in questions if f["half"] == part], cell[2],
                                                  cell[3]).items()))
                    for part in parts))
    if verbose:
        for _, best in sorted(rows)[:3]:
            print(f"  {best}: per set and category " + " | ".join(
                f"{s}: " + ",".join(f"{k} {a}/{n}" for k, (a, n) in c[1].items()) for s, c in zip(names, results[best])))


def _print(name: str, cells: list, base: list) -> None:
    answered = sum(c[0][2] for c in cells)
    offs = sum(c[0][3] for c in cells)
    lost = sum(b[0] - c[0][0] for c, b in zip(cells, base))
    low = min(c[0][0] / c[0][1] for c in cells)
    under = sum(c[0][0] < math.ceil(0.95 * c[0][1]) for c in cells)
    better = sum(c[0][2] < b[2] for c, b in zip(cells, base))
    worse = sum(c[0][2] > b[2] for c, b in zip(cells, base))
    print(f"  {name:36s} " + " ".join(f"{c[0][0]}/{c[0][1]},{c[0][2]}/{c[0][3]}" for c in cells)
          + f" | off {answered}/{offs}, better {better}, worse {worse}, on lost {lost}, lowest keep {low:.3f},"
          f" under 95% {under}" + (" | c per fold " + ",".join(f"{getattr(c[2], 'c', 0):g}" for c in cells)
                                   if hasattr(cells[0][2], "c") else ""), flush=True)


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("sets", nargs="*", type=Path)
    parser.add_argument("--probe", nargs="+", metavar="TEXT", help="with --corpus: each text's margin over the line")
    parser.add_argument("--corpus", type=Path, help="the corpus --probe searches (ingested into --data-dir once)")
    parser.add_argument("--data-dir", type=Path, required=True)
    parser.add_argument("--keep", type=float, default=0.95)
    parser.add_argument("--also", action="append", default=[], help="NAME=DUMP: add DUMP's inputs to NAME's fold")
    parser.add_argument("--verbose", action="store_true")
    parser.add_argument("--only", action="append", default=[], help="only the candidates whose name holds this")
    args = parser.parse_args(argv)
    if args.probe:
        probe(args.data_dir, args.corpus, args.probe)
        return 0
    names = [p.name for p in args.sets]
    also: dict[str, list[str]] = {}
    for item in args.also:
        name, extra = item.split("=", 1)
        also.setdefault(name, []).append(extra)
    sets = load(args.data_dir, names, also, Path.cwd())
    report(names, sets, args.keep, args.verbose, args.only)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
