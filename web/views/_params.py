"""Query-string parameters shared by the pages: filters and paging."""
from __future__ import annotations

from dataclasses import dataclass

from fastapi import Query, Request

from store import Filters


@dataclass
class FilterParams:
    community: list[str]
    cycle: list[str]
    type: list[str]
    author: list[str]
    date_from: str | None
    date_to: str | None

    def filters(self, allowed: tuple[str, ...] | None = None) -> Filters:
        """User filters, intersected with what the caller may see."""
        communities = tuple(self.community) or allowed
        if allowed is not None and communities is not None:
            communities = tuple(c for c in communities if c in allowed)
        return Filters(communities=communities, cycles=tuple(self.cycle), types=tuple(self.type),
                       authors=tuple(self.author), date_from=self.date_from or None,
                       date_to=self.date_to or None)


def filter_params(
    community: list[str] = Query([]), cycle: list[str] = Query([]), type: list[str] = Query([]),
    author: list[str] = Query([]), date_from: str | None = Query(None, alias="van"),
    date_to: str | None = Query(None, alias="tot"),
) -> FilterParams:
    return FilterParams([c for c in community if c], [c for c in cycle if c], [t for t in type if t],
                        [a for a in author if a], date_from, date_to)


def runtime(request: Request):
    return request.app.state.runtime
