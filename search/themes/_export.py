"""Exports for researchers' own analysis: the matrix and the tagged passages, as CSV.

Every text cell comes from someone's upload (theme names in front matter, titles,
authors, passages) and the file is opened in a spreadsheet, which runs a cell
starting with =, +, -, @ (or a tab or carriage return before one) as a formula:
`=HYPERLINK(...)` in a title would send data elsewhere. Such cells get a leading
apostrophe (OWASP's advice for CSV injection), which spreadsheets show as text."""
from __future__ import annotations

import csv
import io

from search._types import Hit
from search.themes._trace import Matrix

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def inert(value):
    """A cell a spreadsheet shows as text, never runs (numbers stay numbers)."""
    return "'" + value if isinstance(value, str) and value.startswith(FORMULA_STARTS) else value


class _Writer:
    """csv.writer whose rows pass through `inert`."""

    def __init__(self, out: io.StringIO) -> None:
        self._writer = csv.writer(out)

    def writerow(self, row: list) -> None:
        self._writer.writerow([inert(value) for value in row])


def matrix_csv(matrix: Matrix) -> str:
    out = io.StringIO()
    writer = _Writer(out)
    writer.writerow(["theme", "trend", *matrix.periods, *(f"{p} (passages)" for p in matrix.periods)])
    for row in matrix.rows:
        writer.writerow([row.theme, row.trend, *(row.cells.get(p, 0) for p in matrix.periods),
                         *(row.passages.get(p, 0) for p in matrix.periods)])
    return out.getvalue()


def passages_csv(passages: dict[str, list[Hit]]) -> str:
    """One row per (theme, passage) with its linked source."""
    out = io.StringIO()
    writer = _Writer(out)
    writer.writerow(["theme", "score", "doc_id", "chunk_id", "title", "type", "community", "cycle",
                     "session", "date", "authors", "text"])
    for theme, hits in passages.items():
        for hit in hits:
            passage = hit.passages[0]
            authors = "; ".join(f"{a.name} ({a.organisation})" if a.organisation else a.name for a in hit.authors)
            writer.writerow([theme, passage.score, hit.doc_id, passage.chunk_id, hit.title, hit.type,
                             hit.community, hit.cycle, hit.session, hit.date, authors, passage.text])
    return out.getvalue()
