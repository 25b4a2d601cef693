"""Query-string parameters shared by the pages: filters, the caller's visibility
and the current query string (for shareable links that keep their state)."""
from __future__ import annotations

from dataclasses import dataclass, field

from fastapi import Query, Request

from store import Filters
from web.access import restrict

FILTER_KEYS = ("community", "cycle", "type", "author", "van", "tot")


@dataclass
class FilterParams:
    community: list[str] = field(default_factory=list)
    cycle: list[str] = field(default_factory=list)
    type: list[str] = field(default_factory=list)
    author: list[str] = field(default_factory=list)
    date_from: str | None = None
    date_to: str | None = None

    def filters(self) -> Filters:
        """The user's own filters (the caller's access is added by `restrict`)."""
        return Filters(communities=tuple(self.community) or None, cycles=tuple(self.cycle), types=tuple(self.type),
                       authors=tuple(self.author), date_from=self.date_from or None,
                       date_to=self.date_to or None)

    def active(self) -> list[tuple[str, str]]:
        """(query key, value) of every filter the user set, in form order."""
        pairs = [(key, v) for key in ("community", "cycle", "type", "author") for v in getattr(self, key)]
        return pairs + [(k, v) for k, v in (("van", self.date_from), ("tot", self.date_to)) if v]


def filter_params(
    community: list[str] = Query([]), cycle: list[str] = Query([]), type: list[str] = Query([]),
    author: list[str] = Query([]), date_from: str | None = Query(None, alias="van"),
    date_to: str | None = Query(None, alias="tot"),
) -> FilterParams:
    return FilterParams([c for c in community if c], [c for c in cycle if c], [t for t in type if t],
                        [a for a in author if a], date_from or None, date_to or None)


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
