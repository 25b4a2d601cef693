"""``python -m models prepare --cache-dir DIR [--model NAME]``: one-time model setup.

The Makefile runs this at install time so the first search does not pay for
the conversion of the bundled model (nor, with ``--deidentifier``, the minutes deduce
needs to build its name lists). Prints the prepared directory.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from . import DEFAULT_MODEL, ModelError, prepare_deidentifier, prepare_model


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m models")
    commands = parser.add_subparsers(dest="command", required=True)
    prepare = commands.add_parser("prepare", help="convert/cache the embedding model")
    prepare.add_argument("--cache-dir", type=Path, required=True)
    prepare.add_argument("--model", default=DEFAULT_MODEL)
    prepare.add_argument("--deidentifier", action="store_true",
                         help="also build deduce's lookup cache (pseudonymisation at ingest)")
    args = parser.parse_args(argv)
    try:
        path = prepare_model(args.model, args.cache_dir)
        if args.deidentifier:
            print(f"deduce ready in {prepare_deidentifier():.0f} s", file=sys.stderr)
    except ModelError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    if path is None:
        print(f"nothing to prepare for {args.model!r}; sentence-transformers loads it on first use",
              file=sys.stderr)
    else:
        print(path)
    return 0


if __name__ == "__main__":
    sys.exit(main())
