"""The `praktijkgeheugen` command: one sub-command module per concern."""
from __future__ import annotations

import logging
import os
import sys

from cli import (
    _common,
    _parser,
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


def build_parser() -> _parser.Parser:
    parser = _parser.Parser(
        prog="praktijkgeheugen",
        description="Praktijkgeheugen: semantic search over the documents of communities of practice.",
    )
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for module in COMMAND_MODULES:
        module.register(commands)
    return parser


def main(argv: list[str] | None = None) -> int:
    """Every command, and its help: a reader of standard output that is gone (`| head -1`)
    ends it quietly with EXIT_CLOSED_PIPE; the output is flushed here, where that can be
    caught, not at exit, where Python can only say the error was ignored."""
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    try:
        parser = build_parser()
        argv = sys.argv[1:] if argv is None else argv
        parser.refuse_options_first(argv)
        args = parser.parse_args(argv)
        keep_private()   # every file a command writes (data dir, backups, exports) is owner-only
        code = _common.run(args)
        sys.stdout.flush()
        return code
    except BrokenPipeError:   # _common.run lets through only standard output's
        # what is still buffered goes nowhere at exit, rather than failing again there
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return _common.EXIT_CLOSED_PIPE


if __name__ == "__main__":
    sys.exit(main())
