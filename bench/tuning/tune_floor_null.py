"""A corpus-specific null distribution for the relevance floor, checked leave-one-set-out
on the tuning halves (`python -m bench.tuning.tune_floor_null SET... --data-dir DIR`; sixth round,
docs/history/searching-rounds.md "Floor, sixth round"). Not adopted.

The e5 cosines are compressed and their level depends on the corpus. A fixed list of 85
generic Dutch questions no care corpus answers (bench/tuning/data/floor_null_questions_nl.txt, in
three sections: everyday; government, tax and money; work and administration near care) is
embedded, and three readings of it are scored beside the product's rule (cosine + 0.03 ×
coverage − 2 × spread, search._floor):

- **the corpus's null distribution**: each generic question's best cosine among the visible
  passages; a question is confident when its best judged document clears a quantile of it,
  or mean + k · sd, or by a z-score against it (alone, or beside coverage and spread). Per
  corpus this is one number, so within a set it orders questions as before: only how a
  threshold carries from one corpus to another can change;
- **the spread against the null's**: the query's spread less the generic questions' mean
  spread over the same passages;
- **per passage** ("hub"): the generic questions' mean cosine to each judged document's best
  passage, subtracted with a weight (a passage every question lands near says little);
- **per question** ("nearest"): the question's cosine to its nearest generic question.

Each decision's threshold is the highest that keeps an answer for `keep` of every training
set's on-topic tuning questions (bench.tuning.tune_floor.threshold); leave-one-set-out fits it
(and any weight) on all sets but one and scores the one, at that threshold and at the
held-back set's own keep ("same keep"). Only tuning halves are loaded (bench.tuning.tune.prepare).

The bar, set before measuring: adopted only if, leave-one-set-out at keep 0.95, the share of
off-topic questions answered falls by at least a third against the product's rule, both at
the training sets' threshold (with no held-back set keeping fewer on-topic questions) and at
the same keep. `--apart L` leaves out the generic questions within cosine L of any tuning
question (on- or off-topic), to see how much of a gain is the list repeating the sets' own
questions: several are near-copies of tuning off-topic questions (cosine 0.99+).
"""
from __future__ import annotations

import itertools
import pickle
import sys
from functools import partial
from pathlib import Path
from typing import Callable

import numpy as np

from bench.tuning import command, tune_floor

NULL_FILE = Path(__file__).resolve().parent / "data" / "floor_null_questions_nl.txt"
WEIGHT = 0.03   # the product's coverage weight
QUANTILES = (0.5, 0.75, 0.9, 0.95, 1.0)
SECTIONS = ((), ("alledaags",), ("werk en administratie (zorgnabij)",))
Question = tuple[bool, dict]
Score = Callable[[dict], float]


def null_questions(path: Path = NULL_FILE, sections: tuple[str, ...] = ()) -> list[str]:
    """The generic questions (of the named sections only, when given)."""
    out, section = [], ""
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("## "):
            section = line[3:].strip()
        elif line.strip() and not line.startswith("#") and (not sections or section in sections):
            out.append(line.strip())
    return out


def dump(sets: list[Path], data_dir: Path, out: Path) -> None:
    """Per set: each tuning question's judged head (cosine, coverage), spread, each judged
    document's best dense passage, the question vectors and the corpus matrix, pickled so the
    decisions are scored without ranking again."""
    import models
    from bench.evaluate import CachedQueries, load_dataset
    from bench.tuning.tune import DEFAULT, Lexical, floor_features, judged_head, lexical_rankings, prepare
    from search._retrieve import FUSION

    embedder = CachedQueries(models.get_embedder(models.DEFAULT_MODEL, data_dir / "models"))
    out.mkdir(parents=True, exist_ok=True)
    for directory in sets:
        p = prepare(load_dataset(directory), embedder, data_dir / "cache" / "eval")
        lexical = lexical_rankings(p, Lexical(DEFAULT))
        row = {int(pk): i for i, pk in enumerate(p.chunk_pks)}
        heads = []  # per question: each judged document's best dense passage (its row; -1: not ranked)
        for i, dense in enumerate(p.dense):
            head = judged_head(p, i, lexical[i], dense, FUSION, 50)
            best = {d.document_pk: row[max(d.chunks, key=lambda c: c[1])[0]] for d in head.dense}
            heads.append([best.get(d.document_pk, -1) for d in head.documents])
        record = {"name": p.name, "features": floor_features(p, lexical, FUSION), "heads": heads,
                  "matrix": np.asarray(p.matrix, dtype=np.float32),
                  "queries": np.asarray(p.query_vectors, dtype=np.float32)}
        (out / f"{p.name}.pkl").write_bytes(pickle.dumps(record))
        print("dumped", p.name, len(heads), "questions", len(p.chunk_pks), "passages", flush=True)


def null_statistics(matrix: np.ndarray, null: np.ndarray) -> dict[str, float]:
    """The null distribution of one visible set of passages: each generic question's best
    cosine among them, summarised (quantiles, mean, sd)."""
    best = (matrix @ null.T).max(axis=0)
    stats = {f"q{q}": float(np.quantile(best, q)) for q in QUANTILES}
    stats.update(mean=float(best.mean()), sd=float(best.std()))
    return stats


def questions(record: dict, null: np.ndarray) -> list[Question]:
    """Each question's features: the product's confidence (`conf`, coverage weight 0.03), its
    best cosine, spread, the corpus's null statistics, `docs` (each judged document's
    confidence with its best passage's mean cosine to the generic questions) and `near`
    (the question's cosine to its nearest generic question); `null_spread` is the generic
    questions' mean spread over the corpus."""
    per_passage = (record["matrix"] @ null.T).mean(axis=1)
    typical = float(np.median(per_passage))  # for a judged document the dense leg did not rank
    stats = null_statistics(record["matrix"], null)
    stats["null_spread"] = float((record["matrix"] @ null.T).std(axis=0).mean())
    near = (record["queries"] @ null.T).max(axis=1)
    out = []
    for (off, docs, spread), head, nearest in zip(record["features"], record["heads"], near):
        f = {"conf": max((c + WEIGHT * v for c, v in docs), default=0.0),
             "cos": max((c for c, _ in docs), default=0.0), "spread": spread, "near": float(nearest),
             "docs": [(c + WEIGHT * v, float(per_passage[r]) if r >= 0 else typical)
                      for (c, v), r in zip(docs, head)]}
        f.update(stats)
        out.append((off, f))
    return out


def hub(f: dict, w: float) -> float:
    """The best judged document's confidence, each less `w` times the generic questions'
    mean cosine to its best passage."""
    return max((c - w * h for c, h in f["docs"]), default=0.0)


def current(f: dict) -> float:
    """The product's rule (search._floor): cosine + 0.03 × coverage − 2 × spread."""
    return f["conf"] - 2 * f["spread"]


def fixed(score: Score) -> Callable:
    return lambda train, keep: (score, "")


def fitted(score: Callable[..., float], grid: tuple[float, ...]) -> Callable:
    """`score(f, w)` with w from `grid` answering the fewest off-topic training questions."""
    def fit(train: list[list[Question]], keep: float) -> tuple[Score, str]:
        def scored(w: float) -> Score:
            return lambda f: score(f, w)
        w = min(grid, key=lambda w: tune_floor.answered(train, scored(w), keep))
        return scored(w), f"w={w:+.2f}"
    return fit


def _base(f: dict, spread: bool) -> float:
    return current(f) if spread else f["conf"]


def _less_quantile(f: dict, w: float = 1.0, *, q: float, spread: bool) -> float:
    return _base(f, spread) - w * f[f"q{q}"]


def _less_mean_sd(f: dict, *, k: float, spread: bool) -> float:
    return _base(f, spread) - f["mean"] - k * f["sd"]


def _z(f: dict, *, of: str) -> float:
    value = {"cos": f["cos"], "conf": f["conf"], "conf - 2 spread": current(f)}[of]
    return (value - f["mean"]) / f["sd"]


def _less_hub(f: dict, w: float) -> float:
    return hub(f, w) - 2 * f["spread"]


def _less_relative_spread(f: dict, w: float) -> float:
    return f["conf"] - w * (f["spread"] - f["null_spread"])


def _less_nearest(f: dict, w: float) -> float:
    return current(f) - w * f["near"]


def decisions() -> list[tuple[str, Callable]]:
    out: list[tuple[str, Callable]] = [("product: conf - 2 spread", fixed(current)),
                                       ("conf alone", fixed(partial(_base, spread=False)))]
    for q in QUANTILES:
        out.append((f"conf - null q{q}", fixed(partial(_less_quantile, q=q, spread=False))))
        out.append((f"conf - 2 spread - null q{q}", fixed(partial(_less_quantile, q=q, spread=True))))
        out.append((f"conf - 2 spread - w null q{q}", fitted(partial(_less_quantile, q=q, spread=True),
                                                             (-1.0, -0.5, 0.0, 0.5, 1.0, 1.5, 2.0))))
    for k in (0.0, 1.0, 2.0, 3.0):
        out.append((f"conf - (null mean + {k:g} sd)", fixed(partial(_less_mean_sd, k=k, spread=False))))
        out.append((f"conf - 2 spread - (null mean + {k:g} sd)", fixed(partial(_less_mean_sd, k=k, spread=True))))
    for of in ("cos", "conf", "conf - 2 spread"):
        out.append((f"z: ({of} - null mean) / null sd", fixed(partial(_z, of=of))))
    out.append(("conf - 2 (spread - null spread)", fixed(partial(_less_relative_spread, w=2.0))))
    out.append(("conf - w (spread - null spread)", fitted(_less_relative_spread, (1.0, 1.5, 2.0, 3.0, 4.0))))
    for w in (0.25, 0.5, 0.75, 1.0):
        out.append((f"max_doc(conf - {w:g} hub) - 2 spread", fixed(partial(_less_hub, w=w))))
    out.append(("max_doc(conf - w hub) - 2 spread", fitted(_less_hub, (0.0, 0.25, 0.5, 0.75, 1.0, 1.25))))
    for w in (0.25, 0.5, 1.0):
        out.append((f"conf - 2 spread - {w:g} nearest", fixed(partial(_less_nearest, w=w))))
    out.append(("conf - 2 spread - w nearest", fitted(_less_nearest, (0.0, 0.1, 0.2, 0.3, 0.5, 0.75, 1.0))))
    return out


def score_all(names: list[str], sets: list[list[Question]], keeps: tuple[float, ...] = (0.95, 0.975)) -> None:
    """Every decision, fitted on all sets (pooled) and leave-one-set-out."""
    for name, questions_ in zip(names, sets):
        f = questions_[0][1]
        print(f"null {name:22s} mean {f['mean']:.4f} sd {f['sd']:.4f} "
              + " ".join(f"q{q} {f[f'q{q}']:.4f}" for q in QUANTILES), flush=True)
    for keep, (label, fit) in itertools.product(keeps, decisions()):
        score, constants = fit(sets, keep)
        line = tune_floor.threshold(sets, score, keep)
        kept = [float(np.mean([score(f) >= line for off, f in s if not off])) for s in sets]
        answered = sum(score(f) >= line for s in sets for off, f in s if off)
        total = sum(1 for s in sets for off, _ in s if off)
        check = tune_floor.leave_one_set_out(sets, fit, keep)
        print(f"keep={keep:.3f} {label:42s} pooled: kept " + " ".join(f"{k:.3f}" for k in kept)
              + f" answered {answered}/{total} = {answered / total:.3f} {constants} | loso: kept "
              + " ".join(f"{k:.3f}" for k in check["kept"]) + f" answered {check['answered']:.3f} ("
              + " ".join(check["per_set"]) + f") same keep {check['same_keep']:.3f}", flush=True)


def main(argv: list[str]) -> int:
    parser = command.arguments()
    parser.add_argument("--stage", choices=("dump", "score", "all"), default="all")
    parser.add_argument("--apart", type=float, default=None,
                        help="leave out generic questions within this cosine of any tuning question")
    args = parser.parse_args(argv)
    out = args.data_dir / "cache" / "floor-null"
    if args.stage in ("dump", "all"):
        dump(args.sets, args.data_dir, out)
    if args.stage in ("score", "all"):
        import models
        from bench.evaluate import load_dataset

        records = [pickle.loads((out / f"{load_dataset(d).name}.pkl").read_bytes()) for d in args.sets]
        embedder = models.get_embedder(models.DEFAULT_MODEL, args.data_dir / "models")
        tuning = np.concatenate([r["queries"] for r in records])
        for sections in SECTIONS:
            texts = null_questions(sections=sections)
            null = np.asarray(embedder.embed_queries(texts), dtype=np.float32)
            if args.apart is not None:
                null = null[(null @ tuning.T).max(axis=1) < args.apart]
            print(f"null questions: {' + '.join(sections) or 'all'} ({len(null)} of {len(texts)})", flush=True)
            score_all([r["name"] for r in records], [questions(r, null) for r in records])
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
