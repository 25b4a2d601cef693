"""Themes across cycles: a theme x period matrix with recurring, new and fading
themes marked, and the passages behind every cell."""
from __future__ import annotations

from dataclasses import dataclass, field

from store import Filters, Store

RECURRING, NEW, FADING, ONCE = "terugkerend", "nieuw", "verdwijnend", "eenmalig"


@dataclass
class ThemeRow:
    theme: str
    cells: dict[str, int]          # period -> documents in which the theme occurs
    passages: dict[str, int]       # period -> tagged passages
    trend: str = ""

    @property
    def total(self) -> int:
        return sum(self.cells.values())


@dataclass
class Matrix:
    by: str                        # "cycle" or "session"
    periods: list[str]
    rows: list[ThemeRow] = field(default_factory=list)

    def as_dict(self) -> dict:
        return {"by": self.by, "periods": self.periods,
                "themes": [{"theme": r.theme, "trend": r.trend, "documents": r.cells, "passages": r.passages}
                           for r in self.rows]}


def trend(row: ThemeRow, periods: list[str]) -> str:
    """Over the periods in view: present in all (recurring), only in the latest
    (new), absent from the latest but present before (fading)."""
    present = [row.cells.get(p, 0) > 0 for p in periods]
    if len(periods) < 2 or not any(present):
        return ONCE if any(present) else ""
    if all(present):
        return RECURRING
    if present[-1] and not any(present[:-1]):
        return NEW
    if not present[-1]:
        return FADING
    return RECURRING


def theme_matrix(store: Store, filters: Filters, by: str = "cycle") -> Matrix:
    counts = store.tags.theme_counts(filters, by)
    periods = sorted({period for _, period, _, _ in counts if period})
    rows: dict[str, ThemeRow] = {}
    for theme, period, documents, passages in counts:
        row = rows.setdefault(theme, ThemeRow(theme, {}, {}))
        row.cells[period or "?"] = documents
        row.passages[period or "?"] = passages
    for row in rows.values():
        row.trend = trend(row, periods)
    ordered = sorted(rows.values(), key=lambda r: (-r.total, r.theme))
    return Matrix(by, periods, ordered)
