"""Commands that measure: eval (retrieval quality on BEIR-layout datasets, per half)."""
from __future__ import annotations

import argparse
import json
from pathlib import Path

from cli._common import add_data_options, runtime


def register(commands) -> None:
    p = commands.add_parser("eval", help="measure retrieval quality on BEIR-layout datasets, per half")
    p.add_argument("datasets", type=Path, nargs="+", help="folders with queries.jsonl, qrels (qrels.tsv,"
                   " qrels/test.tsv or qrels/tune.tsv + qrels/heldout.tsv), a corpus (corpus.jsonl, corpus/"
                   " or ../corpus/) and optionally offtopic.jsonl")
    p.add_argument("--corpus", type=Path, help="with one dataset: a folder of documents to use as its corpus")
    p.add_argument("--half", choices=("tune", "heldout", "both"), default="both",
                   help="which halves to print (the README reports held-out halves)")
    p.add_argument("--json", action="store_true", help="print JSON instead of tables")
    add_data_options(p)
    p.set_defaults(handler=cmd_eval)
    p = commands.add_parser("eval-people", help="recall@5 of 'wie nog?' on a set with people.tsv, per half")
    p.add_argument("dataset", type=Path, help="folder with queries.jsonl (with split) and people.tsv")
    p.add_argument("--corpus", type=Path, required=True, help="the folder of documents")
    p.add_argument("--tune", action="store_true", help="also choose the role weights on the tune half")
    p.add_argument("--half", choices=("tune", "heldout", "both"), default="both",
                   help="which half's queries to search and score (tune while tuning: held-out ones are not run)")
    add_data_options(p)
    p.set_defaults(handler=cmd_eval_people)


def cmd_eval(args: argparse.Namespace) -> int:
    from bench.evaluate import HALVES, evaluate, format_tables, load_dataset

    if args.corpus and len(args.datasets) > 1:
        raise OSError("--corpus goes with one dataset only")
    datasets = [load_dataset(d, args.corpus) for d in args.datasets]
    rt = runtime(args)
    halves = HALVES if args.half == "both" else (args.half,)
    report = evaluate(datasets, rt.embedder, rt.settings.cache_dir / "eval", halves)
    if args.json:
        print(json.dumps(report, indent=2))
    else:
        print(format_tables(report, halves))
    return 0


def cmd_eval_people(args: argparse.Namespace) -> int:
    from bench.people import people_eval

    if args.tune and args.half == "heldout":
        raise OSError("--tune chooses weights on the tune half; --tune needs it (--half tune or both)")
    try:
        report = people_eval(args.dataset, args.corpus, runtime(args).embedder, args.tune, args.half)
    except ValueError as problem:   # a half the set has no query in: said, not a traceback
        raise OSError(str(problem)) from None
    print(json.dumps(report, indent=2))
    return 0
