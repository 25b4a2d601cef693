"""Dump the rankings a data dir gives the bench's queries, and compare two dumps: a check
that a performance change altered no answer.

    python -m bench.rankings dump DATA_DIR OUT.json [--models-dir DIR] [--queries FILE]
    python -m bench.rankings compare BEFORE.json AFTER.json

For every query, mode (hybrid, dense, lexical) and caller (the owner unfiltered, a member
of one community of ten, a member who also sees what is shared: bench.latency's rows) the
dump holds the whole ranking as search ranks it (every document pk with its score and its
passages' pks and scores, the confident and the weaker list apart) and the people "wie nog?"
names. `compare` says whether two dumps are equal, scores within 1e-9, and where they differ.
"""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import search
from bench.latency import community_filter, member_filter
from bench.speed import load_queries
from settings import Settings
from store import Filters, open_store

TOLERANCE = 1e-9
CALLERS = {"owner": lambda i: Filters(), "1/10": community_filter, "member": member_filter}


def _documents(documents) -> list:
    return [[d.document_pk, d.score, [[pk, score] for pk, score in d.chunks]] for d in documents]


def dump(data_dir: Path, models_dir: Path | None, queries: list[str]) -> dict:
    import models
    from search import _ranked  # the ranking split by the floor, before any page is cut

    settings = Settings(data_dir=data_dir)
    store = open_store(settings)
    try:
        model = store.vectors.embedding_model
        if model is None:
            raise SystemExit(f"{data_dir} holds no vectors")
        embedder = models.get_embedder(model, models_dir or settings.models_dir)
        search.warm_up(store, embedder)
        out = {}
        for i, query in enumerate(queries):
            for mode in search.MODES:
                for caller, filters_of in CALLERS.items():
                    filters = filters_of(i)
                    answer = _ranked(store, embedder, query, filters, mode)
                    people = search.who_else(store, embedder, query, filters, mode=mode)
                    out[f"{i} {mode} {caller}"] = {
                        "query": query, "confident": _documents(answer.confident),
                        "weaker": _documents(answer.weaker),
                        "people": [[p.name, p.organisation, p.score, p.documents] for p in people]}
        return out
    finally:
        store.close()


def differences(before, after, where: str = "") -> list[str]:
    """Where two dumps (or parts of them) differ; numbers within TOLERANCE are equal."""
    if isinstance(before, bool) or isinstance(after, bool) or isinstance(before, str) or before is None:
        return [] if before == after else [f"{where}: {before!r} != {after!r}"]
    if isinstance(before, (int, float)) and isinstance(after, (int, float)):
        return [] if abs(before - after) <= TOLERANCE else [f"{where}: {before!r} != {after!r}"]
    if isinstance(before, dict) and isinstance(after, dict):
        if before.keys() != after.keys():
            return [f"{where}: keys differ: {sorted(set(before) ^ set(after))[:5]}"]
        return [d for key in before for d in differences(before[key], after[key], f"{where}/{key}")]
    if isinstance(before, list) and isinstance(after, list):
        if len(before) != len(after):
            return [f"{where}: {len(before)} != {len(after)} items"]
        return [d for n, (b, a) in enumerate(zip(before, after)) for d in differences(b, a, f"{where}[{n}]")]
    return [f"{where}: {type(before).__name__} != {type(after).__name__}"]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.rankings")
    sub = parser.add_subparsers(dest="command", required=True)
    p = sub.add_parser("dump")
    p.add_argument("data_dir", type=Path)
    p.add_argument("out", type=Path)
    p.add_argument("--models-dir", type=Path)
    p.add_argument("--queries", type=Path, default=Path("demo/eval/queries.jsonl"))
    p = sub.add_parser("compare")
    p.add_argument("before", type=Path)
    p.add_argument("after", type=Path)
    args = parser.parse_args(argv)
    if args.command == "dump":
        result = dump(args.data_dir, args.models_dir, load_queries(args.queries))
        args.out.write_text(json.dumps(result), encoding="utf-8")
        print(f"{len(result)} rankings written to {args.out}")
        return 0
    before = json.loads(args.before.read_text(encoding="utf-8"))
    after = json.loads(args.after.read_text(encoding="utf-8"))
    found = differences(before, after)
    for line in found[:20]:
        print(line)
    print(f"{len(before)} rankings compared: {'identical' if not found else f'{len(found)} differences'}"
          f" (scores within {TOLERANCE})")
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main())
