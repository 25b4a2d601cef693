"""YAML front matter: `---` on the first line, YAML, `---`, then the body."""
from __future__ import annotations

import re

import yaml

from ingest._errors import BAD_FRONT_MATTER, IngestError

_FRONT = re.compile(r"\A\ufeff?---[ \t]*\n(.*?\n)?---[ \t]*(?:\n|\Z)", re.DOTALL)


def split_front_matter(text: str) -> tuple[dict, str]:
    """Return (front matter mapping, body); no front matter gives ({}, text)."""
    match = _FRONT.match(text)
    if not match:
        return {}, text
    try:
        data = yaml.safe_load(match.group(1) or "") or {}
    except yaml.YAMLError as exc:
        where = getattr(exc, "problem_mark", None)
        line = f" (line {where.line + 2})" if where else ""
        raise IngestError(BAD_FRONT_MATTER, f"the front matter is not valid YAML{line}") from exc
    if not isinstance(data, dict):
        raise IngestError(BAD_FRONT_MATTER, "the front matter must be a mapping of keys to values")
    return data, text[match.end():]
