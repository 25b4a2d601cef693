"""A writing process for the concurrency test: one write operation on a data dir with
the fake embedder, as the CLI does it with a real model.

    python tests/store/writer_worker.py DATA_DIR ingest PATH...
    python tests/store/writer_worker.py DATA_DIR delete DOC_ID...
    python tests/store/writer_worker.py DATA_DIR repair          (check --repair)

Prints the outcome as JSON and exits 0, or the traceback and exits 1.
"""
from __future__ import annotations

import json
import sys
from pathlib import Path

TESTS = Path(__file__).resolve().parents[1]


def main() -> int:
    sys.path[:0] = [str(TESTS.parent), str(TESTS)]
    import ingest
    from fakes import FakeEmbedder
    from store import Settings, open_store

    data_dir, operation, *args = sys.argv[1:]
    store = open_store(Settings(data_dir=Path(data_dir), model=FakeEmbedder.name))
    try:
        if operation == "ingest":
            outcome = ingest.ingest_paths(store, FakeEmbedder(), [Path(a) for a in args]).counts()
        elif operation == "delete":
            outcome = {doc_id: ingest.delete_document(store, doc_id) for doc_id in args}
        else:
            outcome = ingest.repair(store, FakeEmbedder).counts()
    finally:
        store.close()
    print(json.dumps(outcome), flush=True)
    return 0


if __name__ == "__main__":  # the ingest sandbox may spawn processes that import this module
    sys.exit(main())
