"""The command line every tuning script shares: the sets, the data dir, and a floor round's
stages (`python -m bench.tuning.tune_tenth SET... --data-dir DIR --stage dump|score|...`)."""
from __future__ import annotations

import argparse
from collections.abc import Callable, Mapping
from pathlib import Path


def arguments(description: str | None = None) -> argparse.ArgumentParser:
    """`SET...` (BEIR-layout folders, whose tuning halves alone are loaded) and `--data-dir DIR`
    (where `praktijkgeheugen eval` keeps the ingested corpora and the model)."""
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("sets", nargs="+", type=Path)
    parser.add_argument("--data-dir", type=Path, required=True)
    return parser


def grid_arguments(repeats: int = 200) -> argparse.ArgumentParser:
    """A fusion round's command line (bench.tuning.tune_sixth, tune_seventh): the sets, how
    many resamples of the questions, how many configurations to print per family."""
    parser = arguments()
    parser.add_argument("--repeats", type=int, default=repeats)
    parser.add_argument("--show", type=int, default=8, help="configurations printed per family")
    return parser


def floor_arguments(stages: tuple[str, ...], stage_help: str) -> argparse.ArgumentParser:
    """A floor round's command line (bench.tuning.tune_ninth, tune_tenth, and later rounds):
    its stages, which decisions to score, at which on-topic keeps, with each fold's constants."""
    parser = arguments()
    parser.add_argument("--stage", choices=stages, default="score", help=stage_help)
    parser.add_argument("--only", nargs="*", default=[], help="decisions whose label holds one of these")
    parser.add_argument("--keep", type=float, nargs="*", default=[0.975])
    parser.add_argument("--verbose", action="store_true", help="print each fold's constants")
    return parser


Dump = Callable[[list[Path], Path, Path], None]


def floor_round(argv: list[str], stage_help: str, cache: str, dumps: Mapping[str, Dump],
                others: Mapping[str, Callable[[list[Path], Path], None]],
                score: Callable[[argparse.Namespace, list[str]], None]) -> int:
    """Run a floor round's command: a stage of `others` runs alone; each stage of `dumps` writes
    its dump under DIR/cache/`cache` (all of them with `--stage all`, in order) and stops there;
    `score` (the default) and `all` then score the decisions over the sets' names."""
    args = floor_arguments(tuple(dumps) + ("score", "all") + tuple(others), stage_help).parse_args(argv)
    if args.stage in others:
        others[args.stage](args.sets, args.data_dir)
        return 0
    for stage, dump in dumps.items():
        if args.stage in (stage, "all"):
            dump(args.sets, args.data_dir, args.data_dir / "cache" / cache)
    if args.stage in dumps:
        return 0
    score(args, set_names(args.sets))
    return 0


def set_names(paths: list[Path]) -> list[str]:
    """Each set's name, as its caches are named."""
    from bench.evaluate import load_dataset

    return [load_dataset(d).name for d in paths]
