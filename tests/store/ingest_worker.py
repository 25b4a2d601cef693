"""A writer process for the lock and crash tests: ingests paths into a data dir with
the fake embedder, as `praktijkgeheugen ingest` does with a real model.

    python tests/store/ingest_worker.py DATA_DIR PATH... [--hold SECONDS] [--times FILE]

Prints `ready` once imports are done and the store is open, `writing` when it
holds the writer lock, `staged DOC_ID` before each document version is staged
(the crash test times its kills from these), and the report's counts as JSON at
the end. `--times` appends "enter exit" (wall clock) of its
writer session to FILE; `--hold` keeps the lock that much longer.
"""
from __future__ import annotations

import argparse
import json
import logging
import sys
import time
from pathlib import Path

TESTS = Path(__file__).resolve().parents[1]


def main() -> int:
    sys.path[:0] = [str(TESTS.parent), str(TESTS)]
    import ingest
    from fakes import FakeEmbedder
    from models import get_nlp
    from store import Settings, open_store

    parser = argparse.ArgumentParser()
    parser.add_argument("data_dir", type=Path)
    parser.add_argument("paths", nargs="+", type=Path)
    parser.add_argument("--hold", type=float, default=0.0)
    parser.add_argument("--times", type=Path)
    args = parser.parse_args()
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    store = open_store(Settings(data_dir=args.data_dir, model=FakeEmbedder.name))
    get_nlp()("opwarmen")  # load spaCy now: after `ready`, the time goes to ingesting
    store.stage = _announced(store.stage)
    print("ready", flush=True)
    with store.writer():
        entered = time.time()
        print("writing", flush=True)
        report = ingest.ingest_paths(store, FakeEmbedder(), args.paths)
        time.sleep(args.hold)
        left = time.time()
    if args.times:
        with args.times.open("a") as out:
            out.write(f"{entered} {left}\n")
    print(json.dumps(report.counts()), flush=True)
    store.close()
    return 0


def _announced(stage):
    """`stage`, printing `staged DOC_ID` first (the crash test times kills from there)."""
    def announced(draft):
        print(f"staged {draft.doc_id}", flush=True)
        return stage(draft)
    return announced


if __name__ == "__main__":  # the ingest sandbox may spawn processes that import this module
    sys.exit(main())
