"""Themes across cycles: a theme x period matrix with recurring, new and fading
themes marked, and the passages behind every cell.

Trends are traced per community by default (`community_matrices`): pooling all
groups made a new group's first documents look like the network's latest cycle
(issue 18: after two documents of a new group, 9 of 14 themes became *verdwijnend*).
The pooled network view (`theme_matrix`) stays as an option.

A cycle still running (*lopend*) is shown but never compared as if complete. The
rule, per community: its latest cycle is running when it holds fewer documents than
the community's previous cycle and the year its name ends with ("2023-2024" -> 2024)
has not passed yet, or when its latest document is dated within `RECENT_DAYS` of
today. (Without the year, every finished cycle smaller than the one before would run
for ever: the demo corpus's 2023-2024 cycles were still *lopend* in 2026.) In the network view a cycle is running when it is running
for any community in view. Trends are computed over the complete periods only.
Per session (within one cycle) nothing is marked running: a session is reported whole.

A trend needs a before and an after (`TrendBasis`): it is judged over the complete
periods only, and only on the communities that have documents in the latest complete
period and in an earlier one. A community with a single cycle (one that stopped, one
that just began) shows its counts but says nothing about a trend: pooled into the
network view, a group whose only cycle was the earlier one made every theme only it
wrote about *verdwijnend*, and a group that began in the latest made its themes
*nieuw*. Fewer than two complete periods: no trend at all (it was *eenmalig*, which
read as a finding). Every matrix carries its basis, so a page can say what its trends
rest on.
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from store import Filters, Store

RECURRING, NEW, FADING, RUNNING = "terugkerend", "nieuw", "verdwijnend", "lopend"
RECENT_DAYS = 90   # a cycle whose latest session report is this fresh is taken to be still going


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
class TrendBasis:
    """What a matrix's trends rest on: the complete periods compared (fewer than two:
    no trend), the communities whose documents are compared (those with documents in
    the latest complete period and an earlier one), and the communities left out for
    want of a before and an after, each with its complete periods."""
    periods: list[str] = field(default_factory=list)
    communities: list[str | None] = field(default_factory=list)
    left_out: dict[str | None, list[str]] = field(default_factory=dict)

    @property
    def judged(self) -> bool:
        return len(self.periods) >= 2 and bool(self.communities)

    def as_dict(self) -> dict:
        return {"periods": self.periods, "communities": self.communities,
                "left_out": [{"community": c, "periods": p} for c, p in self.left_out.items()]}


@dataclass
class Matrix:
    by: str                        # "cycle" or "session"
    periods: list[str]
    rows: list[ThemeRow] = field(default_factory=list)
    community: str | None = None   # None: the network (every community in view pooled)
    running: list[str] = field(default_factory=list)     # periods still running (lopend)
    sizes: dict[str, int] = field(default_factory=dict)  # period -> documents in scope
    basis: TrendBasis = field(default_factory=TrendBasis)  # what the trends rest on

    def share(self, row: ThemeRow, period: str) -> float:
        """The theme's documents as a share of all the period's documents in scope."""
        return row.cells.get(period, 0) / self.sizes[period] if self.sizes.get(period) else 0.0

    def as_dict(self) -> dict:
        return {"by": self.by, "community": self.community, "periods": self.periods, "running": self.running,
                "period_documents": self.sizes, "trend_basis": self.basis.as_dict(),
                "themes": [{"theme": r.theme, "trend": r.trend, "documents": r.cells, "passages": r.passages,
                            "share": {p: round(self.share(r, p), 3) for p in r.cells}} for r in self.rows]}


def trend(row: ThemeRow, periods: list[str]) -> str:
    """Over the (complete) periods compared: present in all (recurring), only in the
    latest (new), absent from the latest but present before (fading); nothing over
    fewer than two periods (no before and after) or when never present."""
    present = [row.cells.get(p, 0) > 0 for p in periods]
    if len(periods) < 2 or not any(present):
        return ""
    if all(present):
        return RECURRING
    if present[-1] and not any(present[:-1]):
        return NEW
    if not present[-1]:
        return FADING
    return RECURRING


def running_cycles(sizes: list[tuple[str | None, str, int, str | None]], today: dt.date | None = None) -> set[str]:
    """The cycles still running for some community, by the rule in the module docstring."""
    today = today or dt.date.today()
    per_community: dict[str | None, list[tuple[str, int, str | None]]] = {}
    for community, period, documents, latest in sizes:
        if period:
            per_community.setdefault(community, []).append((period, documents, latest))
    running = set()
    for cycles in per_community.values():
        cycles.sort()
        period, documents, latest = cycles[-1]
        fewer = len(cycles) > 1 and documents < cycles[-2][1]
        if (fewer and not _ended(period, today)) or _recent(latest, today):
            running.add(period)
    return running


def _ended(period: str, today: dt.date) -> bool:
    """Whether the year a cycle's name ends with ("2023-2024", "2024") is over; a name
    without a year never ends by the calendar."""
    years = re.findall(r"(?<!\d)(\d{4})(?!\d)", period)
    return bool(years) and today.year > int(years[-1])


def _recent(date: str | None, today: dt.date) -> bool:
    try:
        return date is not None and (today - dt.date.fromisoformat(date[:10])).days <= RECENT_DAYS
    except ValueError:
        return False


def theme_matrix(store: Store, filters: Filters, by: str = "cycle") -> Matrix:
    """The network view: every community in view pooled."""
    return _matrix(store.tags.theme_counts(filters, by), store.tags.period_sizes(filters, by), by)


def community_matrices(store: Store, filters: Filters, by: str = "cycle") -> list[Matrix]:
    """One matrix per community in view (only those the filters let the caller read),
    each with its own periods, running cycle and trends."""
    counts, sizes = store.tags.theme_counts(filters, by), store.tags.period_sizes(filters, by)
    communities = sorted({c for c, *_ in sizes}, key=lambda c: (c is None, c or ""))
    return [_matrix([r for r in counts if r[0] == c], [r for r in sizes if r[0] == c], by, c) for c in communities]


def _matrix(counts, sizes, by: str, community: str | None = None) -> Matrix:
    periods = sorted({period for _, _, period, _, _ in counts if period} | {p for _, p, _, _ in sizes if p})
    totals: dict[str, int] = {}
    for _, period, documents, _ in sizes:
        totals[period or "?"] = totals.get(period or "?", 0) + documents
    running = sorted(running_cycles(sizes)) if by == "cycle" else []
    rows: dict[str, ThemeRow] = {}
    for _, theme, period, documents, passages in counts:
        row = rows.setdefault(theme, ThemeRow(theme, {}, {}))
        row.cells[period or "?"] = row.cells.get(period or "?", 0) + documents
        row.passages[period or "?"] = row.passages.get(period or "?", 0) + passages
    basis = trend_basis(sizes, [p for p in periods if p not in running])
    if basis.judged:
        compared: dict[str, ThemeRow] = {}
        for owner, theme, period, documents, _ in counts:
            if owner in basis.communities and period in basis.periods:
                cells = compared.setdefault(theme, ThemeRow(theme, {}, {})).cells
                cells[period] = cells.get(period, 0) + documents
        for row in rows.values():
            row.trend = trend(compared.get(row.theme, ThemeRow(row.theme, {}, {})), basis.periods)
    ordered = sorted(rows.values(), key=lambda r: (-r.total, r.theme))
    return Matrix(by, periods, ordered, community, running, totals, basis)


def trend_basis(sizes, complete: list[str]) -> TrendBasis:
    """The complete periods and the communities a trend may be judged on: those with
    documents in the latest complete period and in an earlier one (a before and an
    after); the others left out with their complete periods."""
    held: dict[str | None, set[str]] = {}
    for community, period, documents, _ in sizes:
        if period in complete and documents:
            held.setdefault(community, set()).add(period)
    if len(complete) < 2:
        return TrendBasis(complete, [], {})
    latest, earlier = complete[-1], set(complete[:-1])
    order = sorted(held, key=lambda c: (c is None, c or ""))
    counted = [c for c in order if latest in held[c] and held[c] & earlier]
    left_out = {c: sorted(held[c]) for c in order if c not in counted}
    return TrendBasis(complete, counted, left_out)
