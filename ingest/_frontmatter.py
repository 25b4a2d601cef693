"""YAML front matter: `---` on the first line, YAML, `---`, then the body.

The YAML comes from whoever wrote the file, so whatever it holds becomes a
per-file refusal, never an exception: invalid YAML, values YAML itself cannot
construct (`date: 2023-02-30`), nesting deep enough to exhaust recursion, and
alias bombs (a few lines that expand to millions of values when walked).
"""
from __future__ import annotations

import re

import yaml

from ingest._errors import BAD_FRONT_MATTER, IngestError
from ingest._limits import MAX_FRONT_MATTER_CHARS, MAX_FRONT_MATTER_NODES

_FRONT = re.compile(r"\A\ufeff?---[ \t]*\n(.*?\n)?---[ \t]*(?:\n|\Z)", re.DOTALL)


def split_front_matter(text: str) -> tuple[dict, str]:
    """Return (front matter mapping, body); no front matter gives ({}, text)."""
    match = _FRONT.match(text)
    if not match:
        return {}, text
    data = _load(match.group(1) or "")
    if not isinstance(data, dict):
        raise IngestError(BAD_FRONT_MATTER, "the front matter must be a mapping of keys to values")
    _check_size(data)
    return data, text[match.end():]


def _load(block: str):
    if len(block) > MAX_FRONT_MATTER_CHARS:
        raise IngestError(BAD_FRONT_MATTER, f"the front matter is {len(block)} characters long;"
                                            f" the limit is {MAX_FRONT_MATTER_CHARS}")
    try:
        return yaml.safe_load(block) or {}
    except yaml.YAMLError as exc:
        where = getattr(exc, "problem_mark", None)
        line = f" (line {where.line + 2})" if where else ""
        raise IngestError(BAD_FRONT_MATTER, f"the front matter is not valid YAML{line}") from exc
    except (ValueError, TypeError, OverflowError, RecursionError) as exc:
        raise IngestError(BAD_FRONT_MATTER, f"the front matter holds a value that cannot be read ({type(exc).__name__})") from None


def _check_size(data: dict) -> None:
    """Count values as a reader would see them (aliases expanded), up to a budget."""
    stack, seen = [data], 0
    while stack:
        value = stack.pop()
        seen += 1
        if seen > MAX_FRONT_MATTER_NODES:
            raise IngestError(BAD_FRONT_MATTER, "the front matter holds too many values"
                                                f" (more than {MAX_FRONT_MATTER_NODES}, counting repeats)")
        if isinstance(value, dict):
            stack.extend(value.keys())
            stack.extend(value.values())
        elif isinstance(value, (list, tuple, set)):
            stack.extend(value)
