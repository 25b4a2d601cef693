"""The command's argument parser, for people who mistype: every sub-command reports its
own mistakes with its own usage, a misspelt command or choice gets the nearest one, and
an option written before the command says where it goes. Plain argparse answered
`communities add X --open` with the top-level usage (which lists no option of `add`) and
`--data-dir /srv/pg/data status` with "invalid choice: '/srv/pg/data'"."""
from __future__ import annotations

import argparse
import difflib
import sys
from typing import NoReturn

MAX_RESULTS = 1000   # -k of search, related and themes quotes: results asked for at most


def results(value: str) -> int:
    """-k as a number of results from 1 to MAX_RESULTS: `-k 0` answered 'no results' and
    `-k -3` a list cut short at its end, as if that were the answer (workflow round 41)."""
    try:
        number = int(value)
    except ValueError:
        number = 0
    if not 1 <= number <= MAX_RESULTS:
        raise argparse.ArgumentTypeError(f"-k '{value}' is not a number from 1 to {MAX_RESULTS}"
                                         f" (geen aantal van 1 tot {MAX_RESULTS})")
    return number


class Parser(argparse.ArgumentParser):
    """An ArgumentParser whose sub-parsers (argparse makes them of the parent's class)
    refuse what they do not know themselves, and whose errors say what to do."""

    _suggestion: str | None = None

    def parse_known_args(self, args=None, namespace=None):
        """Leftovers are refused here, by the innermost parser, with its usage: argparse
        would pass them up to the top level, whose usage names no option of the command."""
        namespace, extras = super().parse_known_args(args, namespace)
        if extras:
            self.error(f"unrecognized arguments: {' '.join(extras)}")
        return namespace, extras

    def _check_value(self, action, value) -> None:
        """Remember the nearest choice to a misspelt one ('stauts', 'grnat', 'moderater')."""
        if action.choices is not None and value not in action.choices:
            close = difflib.get_close_matches(str(value), [str(c) for c in action.choices], n=1)
            self._suggestion = close[0] if close else None
        super()._check_value(action, value)

    def error(self, message: str) -> NoReturn:
        self.print_usage(sys.stderr)
        lines = [f"{self.prog}: error: {message}"]
        if self._suggestion:
            lines.append(f"did you mean '{self._suggestion}'? (bedoelt u '{self._suggestion}'?)")
        lines.append(f"`{self.prog} --help` says what it takes (toont wat deze opdracht kent)")
        self.exit(2, "\n".join(lines) + "\n")

    def refuse_options_first(self, argv: list[str]) -> None:
        """Options belong to the command, after it: `praktijkgeheugen --data-dir D status` is
        refused with the line to type instead (`praktijkgeheugen status --data-dir D`)."""
        if not argv or not argv[0].startswith("-") or argv[0] in ("-h", "--help"):
            return
        commands = {name for action in self._actions if isinstance(action, argparse._SubParsersAction)
                    for name in action.choices}
        at = next((i for i, word in enumerate(argv) if word in commands), None)
        if at is None:
            self.error(f"{argv[0]} belongs after a command: {self.prog} COMMAND {argv[0]} ..."
                       " (opties komen na de opdracht)")
        line = " ".join([self.prog, *argv[at:], *argv[:at]])
        self.error(f"options come after the command: {line} (opties komen na de opdracht)")
