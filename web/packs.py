"""The session pack: passages and documents a moderator collects while searching.

Kept server-side per browser session: a random id in an HttpOnly, SameSite=Lax
cookie names a JSON file under <data dir>/packs. The file holds references only
(document id, passage number); titles, authors and text are looked up each time
the pack is shown, with the caller's visibility, so a pack never shows what its
owner may no longer see.
"""
from __future__ import annotations

import datetime as dt
import json
import logging
import os
import re
import secrets
from dataclasses import asdict, dataclass
from pathlib import Path
from urllib.parse import quote

from fastapi import Request, Response

import search
from store import DocumentMeta
from web.access import can_upload
from web.labels import TYPE_LABELS, dutch_date
from web.views._params import runtime, visible

log = logging.getLogger(__name__)

COOKIE = "praktijkgeheugen_pakket"
COOKIE_AGE = 60 * 60 * 24 * 30
MAX_ITEMS = 200
_SID = re.compile(r"[0-9a-f]{32}")


@dataclass(frozen=True)
class Item:
    doc_id: str
    passage: int | None = None


@dataclass(frozen=True)
class Source:
    """A pack item as shown: the document's linked source and the passage text."""

    item: Item
    title: str
    meta: DocumentMeta
    text: str | None

    @property
    def path(self) -> str:
        anchor = f"?passage={self.item.passage}#p{self.item.passage}" if self.item.passage is not None else ""
        return f"/documenten/{quote(self.item.doc_id, safe='/')}{anchor}"

    def as_dict(self) -> dict:
        return {"doc_id": self.item.doc_id, "passage": self.item.passage, **asdict(self.meta),
                "title": self.title, "text": self.text, "url": self.path}


def may_use(request: Request) -> bool:
    """Session packs are a moderator's tool (README, roles): a moderator of any
    community, or the single user in local mode."""
    return can_upload(request)


def _sid(request: Request) -> str | None:
    sid = request.cookies.get(COOKIE, "")
    return sid if _SID.fullmatch(sid) else None


def _file(request: Request, sid: str) -> Path:
    return runtime(request).settings.packs_dir / f"{sid}.json"


def load(request: Request) -> list[Item]:
    sid = _sid(request)
    try:
        data = json.loads(_file(request, sid).read_text("utf-8")) if sid else {}
    except FileNotFoundError:  # nothing collected yet
        return []
    except (OSError, ValueError) as exc:  # the session starts an empty pack rather than fail
        log.warning("a session pack is unreadable (%s); shown as empty", type(exc).__name__)
        return []
    return [Item(str(i["doc_id"]), i.get("passage") if isinstance(i.get("passage"), int) else None)
            for i in data.get("items", []) if isinstance(i, dict) and i.get("doc_id")]


def keys(request: Request) -> set[tuple[str, int | None]]:
    """(doc_id, passage) of every item, to show what is already in the pack."""
    return {(item.doc_id, item.passage) for item in load(request)} if may_use(request) else set()


def size(request: Request) -> int:
    return len(load(request)) if _sid(request) and may_use(request) else 0


def _save(request: Request, response: Response, items: list[Item]) -> None:
    sid = _sid(request) or secrets.token_hex(16)
    path = _file(request, sid)
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_suffix(".tmp")
    temporary.write_text(json.dumps({"items": [asdict(i) for i in items]}, ensure_ascii=False), "utf-8")
    os.replace(temporary, path)
    response.set_cookie(COOKIE, sid, max_age=COOKIE_AGE, httponly=True, samesite="lax",
                        secure=request.url.scheme == "https")


def add(request: Request, response: Response, item: Item) -> None:
    """Add a visible document (or one of its passages); raises DocumentNotFound otherwise."""
    search.get_document(runtime(request).store, item.doc_id, visible(request))
    items = load(request)
    if item not in items and len(items) < MAX_ITEMS:
        _save(request, response, items + [item])


def remove(request: Request, response: Response, item: Item) -> None:
    _save(request, response, [i for i in load(request) if i != item])


def clear(request: Request, response: Response) -> None:
    _save(request, response, [])


def sources(request: Request) -> list[Source]:
    """The pack's items that the caller may (still) see, with their text."""
    store, filters, found = runtime(request).store, visible(request), []
    for item in load(request):
        try:
            document = search.get_document(store, item.doc_id, filters)
        except search.DocumentNotFound:
            continue
        chunk = next((c for c in store.catalogue.chunks_of(document.pk) if c.ordinal == item.passage), None)
        found.append(Source(item, document.meta.title or document.doc_id, document.meta,
                            chunk.text if chunk else None))
    return found


def to_markdown(found: list[Source], base_url: str, today: dt.date | None = None) -> str:
    """The pack as a Markdown file with every source linked and described."""
    today = today or dt.date.today()
    lines = ["# Sessiepakket", "", f"Samengesteld op {dutch_date(today.isoformat())} met"
             f" Praktijkgeheugen: {len(found)} bron{'nen' if len(found) != 1 else ''}.", ""]
    for number, source in enumerate(found, start=1):
        lines += [f"## {number}. {source.title}", "", *_described(source, base_url), ""]
        if source.text:
            lines += [f"> {line}".rstrip() for line in source.text.strip().splitlines()] + [""]
    return "\n".join(lines)


def _described(source: Source, base_url: str) -> list[str]:
    meta = source.meta
    authors = ", ".join(f"{a.name} ({a.organisation})" if a.organisation else a.name
                        for a in meta.authors) or "onbekend"
    organisations = ", ".join(dict.fromkeys(a.organisation for a in meta.authors if a.organisation))
    where = [meta.community or "groep onbekend", f"cyclus {meta.cycle}" if meta.cycle else "cyclus onbekend"]
    where += [f"sessie {meta.session}"] if meta.session is not None else []
    where += [dutch_date(meta.date)] if meta.date else []
    return [f"- Soort: {TYPE_LABELS.get(meta.type, meta.type)}", f"- Auteurs: {authors}",
            f"- Organisatie: {organisations or 'onbekend'}",
            f"- Groep: {' · '.join(where)}", f"- Link: {base_url.rstrip('/')}{source.path}"]
