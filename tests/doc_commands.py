"""What the documentation says, for the tests that check it against the product
(issue #17: a guide's commands, links and addresses are checked, not just written):
a guide's fenced blocks and whether each `praktijkgeheugen` command parses with this
version's CLI (tests/test_installatie.py, tests/test_handleiding.py), and, over the
README and every page in docs/, the commands with their options, the links and
anchors, the files, addresses, make targets and environment variables they name
(tests/test_docs.py)."""
from __future__ import annotations

import re
from pathlib import Path

import pytest

from cli import build_parser

ROOT = Path(__file__).resolve().parents[1]
PAGES = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md")), *sorted((ROOT / "docs" / "history").glob("*.md")),
         ROOT / "bench" / "tuning" / "README.md"]
BLOCK = re.compile(r"```(\w*)\n(.*?)```", re.S)
SHELL = {"sh", "", "cron", "ini"}   # fenced blocks whose lines are commands (not text, yaml, markdown, caddy)
# `praktijkgeheugen CMD ...` where a command starts: not `sudo -u praktijkgeheugen make`,
# not a path (/opt/praktijkgeheugen/...); `.venv/bin/praktijkgeheugen CMD` counts.
COMMAND = re.compile(r"(?:^|(?<=[\s(`'=]))(?<!-u )(?:[\w./-]*/bin/)?praktijkgeheugen +([a-z][\w-]*)(.*)")
OPTION = re.compile(r"(?:^|(?<=[\s\[(|]))(--?[A-Za-z][\w-]*)")
SHELL_END = re.compile(r"&&|\|\||;| \| |>")
QUOTED = re.compile(r"\"[^\"]*\"|'[^']*'")


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


def code(page: Path) -> list[str]:
    """The page's code: each line of its shell-like fenced blocks, and each inline `span`
    outside them (a table's escaped `\\|` read as `|`)."""
    text = page.read_text(encoding="utf-8")
    lines = [line for m in BLOCK.finditer(text) if m.group(1) in SHELL for line in m.group(2).splitlines()]
    spans = re.findall(r"`([^`]+)`", BLOCK.sub("", text))
    return [snippet.replace("\\|", "|").replace("\n", " ") for snippet in lines + spans]


def commands(snippet: str) -> list[tuple[str, str]]:
    """(command, the rest up to the shell's next command) for each `praktijkgeheugen`
    command in a line of code; a comment after it stays (it names options too)."""
    found = []
    for match in COMMAND.finditer(snippet):
        rest = QUOTED.sub('"x"', match.group(2))
        found.append((match.group(1), SHELL_END.split(rest)[0]))
    return found


def options(rest: str) -> list[str]:
    return OPTION.findall(rest)


def anchor(heading: str) -> str:
    """The anchor a Markdown heading gets on GitHub: links reduced to their text, lower
    case, punctuation dropped, spaces to hyphens."""
    heading = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", heading)
    return re.sub(r"\s", "-", re.sub(r"[^\w\s-]", "", heading.strip().lower()))


def anchors(page: Path) -> set[str]:
    """Every heading's anchor (a repeated heading's with -1, -2, ... as GitHub does)."""
    names: set[str] = set()
    counts: dict[str, int] = {}
    for heading in re.findall(r"^#{1,6} (.+?)\s*$", BLOCK.sub("", page.read_text(encoding="utf-8")), re.M):
        name = anchor(heading)
        counts[name] = counts.get(name, 0) + 1
        names.add(name if counts[name] == 1 else f"{name}-{counts[name] - 1}")
    return names


def broken_links(page: Path) -> list[str]:
    """The page's relative links (and images) to a file that does not exist, or to a
    heading the page linked to does not have."""
    broken = []
    for link in re.findall(r"\]\(([^)\s]+)\)", BLOCK.sub("", page.read_text(encoding="utf-8"))):
        if re.match(r"[a-z]+:", link):   # http:, https:, mailto:
            continue
        target, _, fragment = link.partition("#")
        path = (page.parent / target).resolve() if target else page
        if not path.exists():
            broken.append(link)
        elif fragment and path.suffix == ".md" and fragment not in anchors(path):
            broken.append(link)
    return broken
