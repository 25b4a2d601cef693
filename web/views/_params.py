"""Query-string parameters shared by the pages: filters, the caller's visibility
and the current query string (for shareable links that keep their state)."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from fastapi import Depends, HTTPException, Query, Request

import ingest
from store import Filters
from web.access import restrict

FILTER_KEYS = ("community", "cycle", "type", "author", "thema", "van", "tot")


@dataclass
class FilterParams:
    community: list[str] = field(default_factory=list)
    cycle: list[str] = field(default_factory=list)
    type: list[str] = field(default_factory=list)
    author: list[str] = field(default_factory=list)
    date_from: str | None = None
    date_to: str | None = None
    problems: dict[str, str] = field(default_factory=dict)  # query key -> why its value is not used
    thema: list[str] = field(default_factory=list)           # themes (documents with a passage tagged so)

    def filters(self) -> Filters:
        """The user's own filters (the caller's access is added by `restrict`); a date
        with a problem is not applied (the page says so at that filter)."""
        return Filters(communities=tuple(self.community) or None, cycles=tuple(self.cycle), types=tuple(self.type),
                       authors=tuple(self.author), themes=tuple(self.thema),
                       date_from=None if self.problems.get("van") else self.date_from or None,
                       date_to=None if self.problems.get("tot") else self.date_to or None)

    def active(self) -> list[tuple[str, str]]:
        """(query key, value) of every filter the user set, in form order."""
        pairs = [(key, v) for key in ("community", "cycle", "type", "author", "thema") for v in getattr(self, key)]
        return pairs + [(k, v) for k, v in (("van", self.date_from), ("tot", self.date_to)) if v]


_DATE_LABELS = {"van": "Vanaf", "tot": "Tot en met"}


class FilterError(HTTPException):
    """A filter value that cannot be applied; the JSON answer names the filter."""

    def __init__(self, key: str, message: str) -> None:
        super().__init__(422, message)
        self.key = key


def shown_filters(
    community: list[str] = Query([]), cycle: list[str] = Query([]), type: list[str] = Query([]),
    author: list[str] = Query([]), date_from: str | None = Query(None, alias="van"),
    date_to: str | None = Query(None, alias="tot"), thema: list[str] = Query([]),
) -> FilterParams:
    """The filters with what is wrong with them in `problems`, for a page that shows
    each problem at its field (the search page)."""
    params = FilterParams([c for c in community if c], [c for c in cycle if c], [t for t in type if t],
                          [a for a in author if a], (date_from or "").strip() or None, (date_to or "").strip() or None,
                          thema=[t for t in thema if t])
    params.problems = _date_problems(params)
    return params


def filter_params(params: FilterParams = Depends(shown_filters)) -> FilterParams:
    """The filters, refused (422, the filter named) when one cannot be applied: a page
    or API answer without a place to show the problem must not silently ignore it."""
    for key, message in params.problems.items():
        raise FilterError(key, message)
    return params


def _date_problems(params: FilterParams) -> dict[str, str]:
    """Dates the store can compare: each valid (then written as ISO), and 'van' not after 'tot'."""
    problems = {}
    for key, attribute in (("van", "date_from"), ("tot", "date_to")):
        value = getattr(params, attribute)
        if value is None:
            continue
        parsed = parse_date(value)
        if parsed is None:
            problems[key] = (f"'{value}' bij '{_DATE_LABELS[key]}' is geen geldige datum. Schrijf de datum als"
                             " jaar-maand-dag, bv. 2023-11-14 (of 14-11-2023).")
        else:
            setattr(params, attribute, parsed.isoformat())
    if not problems and params.date_from and params.date_to and params.date_from > params.date_to:
        problems["tot"] = (f"De periode is omgedraaid: 'Vanaf' ({params.date_from}) ligt na 'Tot en met'"
                           f" ({params.date_to}), dus geen enkel document kan erin vallen. Wissel de twee datums om.")
    return problems


def parse_date(value: str) -> dt.date | None:
    """A filter date read as a document's date is (ingest's one rule: 2023-11-14,
    14-11-2023 or 14/11/2023); None when it is no date."""
    try:
        iso = ingest.check_field("date", value)
    except ingest.IngestError:
        return None
    return dt.date.fromisoformat(iso) if iso else None


def visible(request: Request) -> Filters:
    """No user filters: everything the caller may see (documents, related, pack)."""
    return restrict(request, Filters())


def user_filters(request: Request, params: FilterParams) -> Filters:
    return restrict(request, params.filters())


def query_params(request: Request, drop: tuple[str, ...] = ()) -> dict[str, list[str]]:
    """The current query string as key -> values, without the keys in `drop`."""
    params: dict[str, list[str]] = {}
    for key, value in request.query_params.multi_items():
        if key not in drop and value:
            params.setdefault(key, []).append(value)
    return params


def runtime(request: Request):
    return request.app.state.runtime
