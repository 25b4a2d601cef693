"""Browsing (`/bladeren`): per community its cycles with counts, and per cycle
its sessions in order with their documents, so a cycle reads as a timeline.
JSON twins under /api/browse."""
from __future__ import annotations

from dataclasses import dataclass, field
from itertools import groupby
from urllib.parse import quote

from fastapi import APIRouter, HTTPException, Request

from store import Document
from web import links
from web.proxy import app_url
from web.templating import templates
from web.views._params import FilterParams, runtime, user_filters, visible
from web.views.documents import summary

router = APIRouter()
UNKNOWN = "onbekend"   # URL segment for a community or cycle that is not known


def slug(value: str | None) -> str:
    return value or UNKNOWN


def _order(value) -> tuple:
    return (value is None, value or "")


@dataclass
class Cycle:
    community: str | None
    cycle: str | None
    documents: list[Document]

    @property
    def sessions(self) -> int:
        return len({d.meta.session for d in self.documents if d.meta.session is not None})

    @property
    def period(self) -> tuple[str | None, str | None]:
        dates = sorted(d.meta.date for d in self.documents if d.meta.date)
        return (dates[0], dates[-1]) if dates else (None, None)

    @property
    def path(self) -> str:
        return f"/bladeren/{quote(slug(self.community))}/{quote(slug(self.cycle))}"

    def as_dict(self, request: Request) -> dict:
        return {"community": self.community, "cycle": self.cycle, "documents": len(self.documents),
                "sessions": self.sessions, "from": self.period[0], "to": self.period[1],
                "url": app_url(request, self.path)}


@dataclass
class Session:
    number: int | None
    documents: list[Document] = field(default_factory=list)

    @property
    def date(self) -> str | None:
        return min((d.meta.date for d in self.documents if d.meta.date), default=None)

    def as_dict(self, request: Request) -> dict:
        return {"session": self.number, "date": self.date,
                "documents": [links.with_url(request, summary(d)) for d in self.documents]}


def _cycles(documents: list[Document]) -> list[Cycle]:
    grouped: dict[tuple, list[Document]] = {}
    for document in documents:
        grouped.setdefault((document.meta.community, document.meta.cycle), []).append(document)
    keys = sorted(grouped, key=lambda key: (_order(key[0]), _order(key[1])))
    return [Cycle(community, cycle, grouped[(community, cycle)]) for community, cycle in keys]


def overview(request: Request) -> list[tuple[str | None, list[Cycle]]]:
    """Every visible community with its cycles, oldest cycle first."""
    cycles = _cycles(runtime(request).store.catalogue.list_documents(visible(request)))
    return [(community, list(items)) for community, items in groupby(cycles, key=lambda c: c.community)]


def _sessions(documents: list[Document]) -> list[Session]:
    ordered = sorted(documents, key=lambda d: (_order(d.meta.session), _order(d.meta.date),
                                               d.meta.title or ""))
    return [Session(number, list(items)) for number, items in groupby(ordered, key=lambda d: d.meta.session)]


def timeline(request: Request, community: str, cycle: str) -> tuple[list[Session], list[Cycle]]:
    """The sessions of one cycle in order, and the community's cycles (for navigation)."""
    params = FilterParams(community=[community] if community != UNKNOWN else [])
    documents = runtime(request).store.catalogue.list_documents(user_filters(request, params))
    cycles = [c for c in _cycles(documents) if slug(c.community) == community]
    chosen = next((c for c in cycles if slug(c.cycle) == cycle), None)
    if chosen is None:
        raise HTTPException(404)
    return _sessions(chosen.documents), cycles


@router.get("/bladeren", include_in_schema=False)
def browse_html(request: Request):
    return templates.TemplateResponse(request, "browse.html", {"communities": overview(request)})


@router.get("/bladeren/{community:path}/{cycle}", include_in_schema=False)
def cycle_html(request: Request, community: str, cycle: str):
    sessions, cycles = timeline(request, community, cycle)
    return templates.TemplateResponse(request, "browse_cycle.html", {
        "community": community, "cycle": cycle, "sessions": sessions, "cycles": cycles, "slug": slug})


@router.get("/api/browse", summary="Groepen met hun cycli en aantallen")
def browse_json(request: Request) -> dict:
    return {"communities": [{"community": community, "cycles": [c.as_dict(request) for c in cycles]}
                            for community, cycles in overview(request)]}


@router.get("/api/browse/{community:path}/{cycle}", summary="De sessies van één cyclus, in volgorde")
def cycle_json(request: Request, community: str, cycle: str) -> dict:
    sessions, cycles = timeline(request, community, cycle)
    return {"community": community, "cycle": cycle, "sessions": [s.as_dict(request) for s in sessions],
            "cycles": [c.as_dict(request) for c in cycles]}
