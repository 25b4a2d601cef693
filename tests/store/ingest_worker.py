"""A writer process for the lock and crash tests: ingests paths into a data dir with
the fake embedder, as `praktijkgeheugen ingest` does with a real model.

    python tests/store/ingest_worker.py DATA_DIR PATH... [--hold] [--times FILE] [--pause-after STEP:N]
                                        [--database-url URL]

Prints `ready` once imports are done and the store is open, `writing` when it
holds the writer lock, `staged DOC_ID` before each document version is staged
(the crash test times its random kills from these), and the report's counts as
JSON at the end. `--times` appends "enter exit" (system-wide monotonic clock) of
its writer session to FILE; `--hold` keeps the lock, after printing `holding`,
until a line arrives on stdin (so a test decides when, not a timer).
`--pause-after publish:2` stops for good right after the second call of the
store's `publish` (or `stage`, `index_vectors`, `purge`), printing `paused`: the
crash test kills it there, at an exactly known point of the write protocol.
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
    parser.add_argument("--hold", action="store_true")
    parser.add_argument("--times", type=Path)
    parser.add_argument("--pause-after", default="")
    parser.add_argument("--database-url", help="the store's PostgreSQL database (default: SQLite in DATA_DIR)")
    args = parser.parse_args()
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    store = open_store(Settings(data_dir=args.data_dir, model=FakeEmbedder.name, database_url=args.database_url))
    get_nlp()("opwarmen")  # load spaCy now: after `ready`, the time goes to ingesting
    store.catalogue.stage = _announced(store.catalogue.stage)
    if args.pause_after:
        step, count = args.pause_after.split(":")
        setattr(store.catalogue, step, _pausing(getattr(store.catalogue, step), int(count)))
    print("ready", flush=True)
    with store.writer():
        entered = time.monotonic()
        print("writing", flush=True)
        report = ingest.ingest_paths(store, FakeEmbedder(), args.paths)
        if args.hold:
            print("holding", flush=True)
            sys.stdin.readline()
        left = time.monotonic()
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


def _pausing(method, count: int):
    """`method`, stopping for good after its `count`-th call (the test kills us there)."""
    calls = 0

    def pausing(*args, **kwargs):
        nonlocal calls
        result = method(*args, **kwargs)
        calls += 1
        if calls == count:
            print("paused", flush=True)
            while True:
                time.sleep(3600)
        return result
    return pausing


if __name__ == "__main__":  # the ingest sandbox may spawn processes that import this module
    sys.exit(main())
