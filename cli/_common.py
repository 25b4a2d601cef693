"""Shared CLI plumbing: data options on every data command, and one place where
domain errors become a clear one-line message and an exit status."""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

import models
from errors import PraktijkgeheugenError
from settings import Settings
from web.runtime import Runtime

EXIT_ERROR = 2


def add_data_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--data-dir", help="data folder (env PRAKTIJKGEHEUGEN_DATA, default ./data)")
    parser.add_argument("--model", help="embedding model: the bundled default or a sentence-transformers"
                        " name/path (env PRAKTIJKGEHEUGEN_MODEL)")
    parser.add_argument("--chroma-url", help="use a Chroma server, e.g. http://127.0.0.1:8001"
                        " (env PRAKTIJKGEHEUGEN_CHROMA_URL)")
    parser.add_argument("--database-url", help="use a PostgreSQL database, e.g. postgresql://user:pw@host/db"
                        " (env PRAKTIJKGEHEUGEN_DATABASE_URL); default: SQLite in the data dir")


def load_settings(args: argparse.Namespace) -> Settings:
    """The composition root's one `Settings`: flags, then environment variables, then
    defaults; the process's own services (where deduce's lists are, whether the model
    hub may be asked) are set from it."""
    settings = Settings.load(getattr(args, "data_dir", None), getattr(args, "model", None),
                             getattr(args, "chroma_url", None),
                             database_url=getattr(args, "database_url", None))
    models.use_deidentifier_cache(settings.deduce_cache, settings.cache_home)
    models.use_hub_offline(settings.hub_offline)
    return settings


def runtime(args: argparse.Namespace) -> Runtime:
    return Runtime(args.settings)


def run(args: argparse.Namespace) -> int:
    """Run the chosen command; domain errors become `error: ...` on stderr."""
    try:
        args.settings = load_settings(args)
        return args.handler(args) or 0
    except (PraktijkgeheugenError, OSError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_ERROR
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130


def write_out(data: bytes, output: Path | None) -> None:
    """An export to its file, or to standard output as it is (CSV keeps its BOM)."""
    if output:
        output.write_bytes(data)
    else:
        sys.stdout.buffer.write(data) if hasattr(sys.stdout, "buffer") else sys.stdout.write(data.decode("utf-8"))
        sys.stdout.flush()
