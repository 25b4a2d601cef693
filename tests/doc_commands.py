"""The shell commands of a Dutch guide, for the tests that check them (issue #17:
every command in the guides is exercised by a test, or marked untested there):
the guide's fenced blocks, and whether each `praktijkgeheugen` command parses with
this version's CLI. Used by tests/test_installatie.py and tests/test_handleiding.py."""
from __future__ import annotations

import re
from pathlib import Path

import pytest

from cli import build_parser

BLOCK = re.compile(r"```(\w+)\n(.*?)```", re.S)


def blocks(guide: Path, language: str) -> list[tuple[str, str]]:
    """(text before the block, block) for every fenced block of `language` in `guide`."""
    text = guide.read_text(encoding="utf-8")
    return [(text[:m.start()], m.group(2)) for m in BLOCK.finditer(text) if m.group(1) == language]


def assert_all_parse(commands: list[list[str]]) -> None:
    """Each command's words (after `praktijkgeheugen`) are accepted by the CLI's parser."""
    parser = build_parser()
    for words in commands:
        try:
            parser.parse_args(words)
        except SystemExit:
            pytest.fail(f"the guide's command does not parse: praktijkgeheugen {' '.join(words)}")
