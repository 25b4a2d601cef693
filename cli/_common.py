"""Shared CLI plumbing: data options on every data command, and one place where
domain errors become a clear one-line message and an exit status."""
from __future__ import annotations

import argparse
import sys

from ingest import IngestError
from models import ModelError
from search import SearchError
from store import AccountError, Settings, StoreError
from web.runtime import Runtime

EXIT_ERROR = 2


def add_data_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--data-dir", help="data folder (env PRAKTIJKGEHEUGEN_DATA, default ./data)")
    parser.add_argument("--model", help="embedding model: the bundled default or a sentence-transformers"
                        " name/path (env PRAKTIJKGEHEUGEN_MODEL)")
    parser.add_argument("--chroma-url", help="use a Chroma server, e.g. http://127.0.0.1:8001"
                        " (env PRAKTIJKGEHEUGEN_CHROMA_URL)")


def runtime(args: argparse.Namespace) -> Runtime:
    return Runtime(Settings.load(args.data_dir, args.model, args.chroma_url))


def run(args: argparse.Namespace) -> int:
    """Run the chosen command; domain errors become `error: ...` on stderr."""
    try:
        return args.handler(args) or 0
    except (StoreError, AccountError, ModelError, SearchError, IngestError, OSError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_ERROR
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130
