"""The `praktijkgeheugen` command: one sub-command module per concern."""
from __future__ import annotations

import argparse
import logging
import sys

from cli import (
    _common,
    accounts,
    benchmark,
    configuration,
    data,
    measure,
    ops,
    privacy,
    query,
    server,
    setup,
    themes,
    watch,
)
from store import keep_private

COMMAND_MODULES = (setup, data, ops, query, server, measure, accounts, benchmark, privacy, themes, configuration, watch)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="praktijkgeheugen",
        description="Praktijkgeheugen: semantic search over the documents of communities of practice.",
    )
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for module in COMMAND_MODULES:
        module.register(commands)
    return parser


def main(argv: list[str] | None = None) -> int:
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    args = build_parser().parse_args(argv)
    keep_private()   # every file a command writes (data dir, backups, exports) is owner-only
    return _common.run(args)


if __name__ == "__main__":
    sys.exit(main())
