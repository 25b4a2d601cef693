"""Commands that measure: eval (retrieval quality on a BEIR-layout dataset)."""
from __future__ import annotations

import argparse
import json
from pathlib import Path

import search
from web.cli._common import add_data_options, runtime


def register(commands) -> None:
    p = commands.add_parser("eval", help="measure retrieval quality on a BEIR-layout dataset")
    p.add_argument("dataset", type=Path, help="folder with queries.jsonl, qrels.tsv (or qrels/test.tsv)"
                   " and corpus.jsonl")
    p.add_argument("--corpus", type=Path, help="a folder of documents to use as the corpus instead")
    p.add_argument("--modes", default=",".join(search.MODES), help="comma-separated modes")
    p.add_argument("--json", action="store_true", help="print JSON instead of a table")
    add_data_options(p)
    p.set_defaults(handler=cmd_eval)
    p = commands.add_parser("eval-people", help="recall@5 of 'wie nog?' on a set with people.tsv, per half")
    p.add_argument("dataset", type=Path, help="folder with queries.jsonl (with split) and people.tsv")
    p.add_argument("--corpus", type=Path, required=True, help="the folder of documents")
    p.add_argument("--tune", action="store_true", help="also choose the role weights on the tune half")
    add_data_options(p)
    p.set_defaults(handler=cmd_eval_people)


def cmd_eval(args: argparse.Namespace) -> int:
    from bench.evaluate import evaluate, format_table, load_dataset

    modes = tuple(m.strip() for m in args.modes.split(",") if m.strip())
    unknown = [m for m in modes if m not in search.MODES]
    if unknown:
        raise search.SearchError(f"unknown mode(s): {', '.join(unknown)}")
    dataset = load_dataset(args.dataset, args.corpus)
    report = evaluate(dataset, runtime(args).embedder, modes)
    if args.json:
        print(json.dumps(report.as_dict(), indent=2))
    else:
        print(f"{len(dataset.queries)} queries, {report.documents} documents, {report.chunks} chunks"
              f" (ingested in {report.ingest_seconds:.1f} s)\n")
        print(format_table(report))
    return 0


def cmd_eval_people(args: argparse.Namespace) -> int:
    from bench.people import people_eval

    print(json.dumps(people_eval(args.dataset, args.corpus, runtime(args).embedder, args.tune), indent=2))
    return 0
