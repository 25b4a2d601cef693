"""Thirteenth round: the floor for statement- and situation-style off-topic inputs, tuning halves
only, decided leave-one-set-out (`python -m bench.tuning.tune_thirteenth_floor SET... --data-dir DIR
[--keep 0.95] [--verbose]`; docs/history/searching-rounds.md, "Floor, thirteenth round: statements").

Reads bench.tuning.tune_floor_rule's per-set dumps of the tuning questions (`python -m
bench.tuning.tune_floor_rule SET... --data-dir DIR --stage dump`, under DIR/cache/floor-rule; held-out
questions are never loaded). Today's rule (search._floor: cosine + 0.03 × evidence − 2.5 × spread
≥ 0.81364) is kept, its line too; each decision lowers the score of some inputs by c × a feature,
c chosen on the training sets as the one answering the fewest of their off-topic questions while
every training set keeps at least `keep` of its on-topic questions (or what today's rule keeps,
when that is less; ties: the smaller c), then scored on the held-back set.

The input's form is bench.tuning.tune_eleventh.form's: a *statement* is neither a question (no "?",
no question word or inverted verb first) nor a keyword query (at most five words); an on-topic
situation told in the first person is one too, so every decision is judged on them as well.
Features, each read as a search could (wordfreq's Dutch frequencies for a term's rarity, the
visible passages for the rest):

- `statement`: 1 for a statement (a higher line for every statement);
- `care_miss_Z`: for a statement, 1 − the share (weighted by 8 − Zipf) of its *care-specific*
  terms (Zipf below Z in general Dutch) that one of its three best-cosine documents holds; 1 when it
  has no such term (only generic words); 0 for other forms;
- `generic_Z`: for a statement, 1 when none of its three best-cosine documents holds any of its
  terms of Zipf below Z;
- `miss_ev`: for a statement, 1 − its lexical evidence (the rule's own, corpus idf);
- `miss_bg`: for a statement, 1 − its evidence weighted by 8 − Zipf (tune_tenth's ev_bg_3);
- `long_words`: for a statement, (words − 8) / 10 clipped at 0 (a line rising with the length);
- the same care-specific miss for every form (`any_care_miss_Z`), not statements only.
"""
from __future__ import annotations

import math
import pickle
import sys
from pathlib import Path
from typing import Callable

import numpy as np

from bench.tuning import command, tune_eleventh, tune_tenth

Question = tuple[bool, dict]
Score = Callable[[dict], float]
LINE = 0.81364          # search._floor's threshold for multilingual-e5-small
ZIPFS = (3.0, 3.5, 4.0)
GRID = (0.002, 0.005, 0.0075, 0.01, 0.015, 0.02, 0.03, 0.04, 0.06, 0.1)


def care_share(terms: list[str], held: list[list[str]], below: float) -> float | None:
    """The largest share, over the held-term lists, of the care-specific terms (Zipf < `below`),
    weighted by 8 − Zipf; None when the input has no such term."""
    rare = {t: tune_tenth.info(t) for t in terms if tune_tenth.zipf(t) < below}
    total = sum(rare.values())
    if not total:
        return None
    return max((sum(w for t, w in rare.items() if t in h) / total for h in held), default=0.0)


def features(row: dict) -> dict:
    f = tune_tenth.features(row)
    kind = tune_eleventh.form(row["text"])
    f["form"] = kind
    s = float(kind == "statement")
    f["statement"] = s
    held = row["held"][:3]
    for z in ZIPFS:
        share = care_share(row["terms"], held, z)
        miss = 1.0 if share is None else 1.0 - share
        f[f"care_miss_{z}"] = s * miss
        f[f"any_care_miss_{z}"] = miss
        f[f"generic_{z}"] = s * float(share is None or share == 0.0)
    f["miss_ev"] = s * (1.0 - f["evidence_3"])
    f["miss_bg"] = s * (1.0 - f["ev_bg_3"])
    f["long_words"] = s * max(0.0, (row["words"] - 8) / 10)
    f["rule"] = rule(f)
    return f


def load(out: Path, names: list[str]) -> list[list[Question]]:
    return [[(row["off"], features(row)) for row in pickle.loads((out / f"{name}.pkl").read_bytes())]
            for name in names]


def rule(f: dict) -> float:
    return f["cos"] + 0.03 * f["evidence_3"] - 2.5 * f["spread"]


def counts(questions: list[Question], score: Score) -> tuple[int, int, int, int]:
    """(on-topic kept, on-topic, off-topic answered, off-topic) at today's line."""
    on = [score(f) >= LINE for off, f in questions if not off]
    offs = [score(f) >= LINE for off, f in questions if off]
    return sum(on), len(on), sum(offs), len(offs)


def fit(name: str, train: list[list[Question]], keep: float) -> float:
    """The c of rule − c × `name` answering the fewest off-topic training questions with every
    training set keeping `keep` of its on-topic questions (or today's keep, if lower)."""
    floors = [min(counts(q, rule)[0], math.ceil(keep * counts(q, rule)[1])) for q in train]

    def cost(c: float) -> tuple[int, float]:
        rows = [counts(q, penalised(name, c)) for q in train]
        if any(kept < need for (kept, *_), need in zip(rows, floors)):
            return (10 ** 9, c)
        return (sum(r[2] for r in rows), c)
    return min((0.0,) + GRID, key=cost)


def penalised(name: str, c: float) -> Score:
    return lambda f: rule(f) - c * f[name]


DECISIONS = (["statement"] + [f"care_miss_{z}" for z in ZIPFS] + [f"generic_{z}" for z in ZIPFS]
             + ["miss_ev", "miss_bg", "long_words"] + [f"any_care_miss_{z}" for z in ZIPFS])


def report(names: list[str], sets: list[list[Question]], keep: float, verbose: bool) -> None:
    print("forms per set (on-topic question/keyword/statement | off-topic question/keyword/statement),"
          " and today's rule on statements (on-topic kept, off-topic answered):")
    for name, questions in zip(names, sets):
        def forms(off_topic: bool) -> str:
            kinds = [f["form"] for off, f in questions if off == off_topic]
            return "/".join(str(kinds.count(k)) for k in ("question", "keyword", "statement"))
        st = [(off, f) for off, f in questions if f["statement"]]
        kept, on, ans, offs = counts(st, rule)
        print(f"  {name:20s} on {forms(False):10s} off {forms(True):10s} statements: kept {kept}/{on},"
              f" answered {ans}/{offs}")
    print("means over statements (on-topic / off-topic answered by the rule / other off-topic):")
    st = [(off, f) for q in sets for off, f in q if f["statement"]]
    for name in ("rule", "cos", "evidence_3", "ev_bg_3") + tuple(n for n in DECISIONS if not n.startswith("any")):
        values = [f[name] for off, f in st if not off] or [float("nan")]
        slip = [f[name] for off, f in st if off and rule(f) >= LINE] or [float("nan")]
        rest = [f[name] for off, f in st if off and rule(f) < LINE] or [float("nan")]
        print(f"  {name:18s} {np.mean(values):.3f} ({len(values)}) / {np.mean(slip):.3f} ({len(slip)}) / "
              f"{np.mean(rest):.3f} ({len(rest)})")
    if verbose:
        for off, f in st:
            print(f"    {'OFF' if off else 'on '} rule {rule(f):.4f} ev {f['evidence_3']:.2f} care3.5 "
                  f"{1 - f['care_miss_3.5']:.2f} words {f['log_words']:.2f}")
    header = " | ".join(names)
    print(f"leave-one-set-out at keep {keep} (held-back set: on-topic kept, off-topic answered): {header}")
    base = [counts(q, rule) for q in sets]
    print(f"  {'today (c = 0)':22s} " + "  ".join(f"{k}/{n},{a}/{o}" for k, n, a, o in base)
          + f"  | off-topic {sum(r[2] for r in base)}/{sum(r[3] for r in base)}")
    for name in DECISIONS:
        cells: list[tuple[int, int, int, int]] = []
        chosen: list[float] = []
        for i, questions in enumerate(sets):
            c = fit(name, sets[:i] + sets[i + 1:], keep)
            chosen.append(c)
            cells.append(counts(questions, penalised(name, c)))
        better = sum(r[2] < b[2] for r, b in zip(cells, base))
        worse = sum(r[2] > b[2] for r, b in zip(cells, base))
        low = min(r[0] / r[1] for r in cells)
        lost = sum(b[0] - r[0] for r, b in zip(cells, base))
        all_c = fit(name, sets, keep)
        print(f"  {name:22s} " + "  ".join(f"{k}/{n},{a}/{o}" for k, n, a, o in cells)
              + f"  | off-topic {sum(r[2] for r in cells)}/{sum(r[3] for r in cells)}, better on {better},"
              f" worse on {worse}, on-topic lost {lost}, lowest keep {low:.3f} | c per fold "
              + ",".join(f"{c:g}" for c in chosen) + f" | all sets c={all_c:g}", flush=True)


def main(argv: list[str]) -> int:
    parser = command.arguments(__doc__)
    parser.add_argument("--keep", type=float, default=0.95)
    parser.add_argument("--verbose", action="store_true", help="every statement's scores")
    args = parser.parse_args(argv)
    names = command.set_names(args.sets)
    sets = load(args.data_dir / "cache" / "floor-rule", names)
    report(names, sets, args.keep, args.verbose)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

