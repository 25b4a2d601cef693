"""Session packs for the views: a community's named packs (store.packs), the one a
moderator is filling (an HttpOnly cookie holds its public id, checked on every request),
and the pack as it is shown and exported (Markdown, .docx, the printable page).

A pack holds references only (document id, passage number, note); titles, authors
and text are looked up each time with the viewer's access, and only for references its
community may (still) read (store.packs), so a pack never shows what the viewer, or the
group it is made for, may not (or no longer) see. What enters a pack must be visible to
every moderator of its community: a document of its own community or one shared
with the network, never a closed group's document that only some of them can read.
"""
from __future__ import annotations

import datetime as dt
import io
import re
from dataclasses import asdict, dataclass

from fastapi import Request, Response

import ingest
import search
from store import MAX_NOTE_CHARS, Access, DocumentMeta, Filters, Pack, PackError, PackItem, acting_in
from web.access import can_upload, upload_communities
from web.auth import identify
from web.labels import TYPE_LABELS, dutch_date
from web.links import document_path
from web.proxy import app_url
from web.views._params import runtime, visible

COOKIE = "praktijkgeheugen_pakket"
COOKIE_AGE = 60 * 60 * 24 * 30


@dataclass(frozen=True)
class Source:
    """A pack item as shown: the document's linked source, the passage text and the note."""

    item: PackItem
    title: str
    meta: DocumentMeta
    text: str | None

    @property
    def path(self) -> str:
        return document_path(self.item.doc_id, self.item.passage)

    def as_dict(self, request: Request) -> dict:
        return {"item_id": self.item.id, "doc_id": self.item.doc_id, "passage": self.item.passage,
                "note": self.item.note, **asdict(self.meta), "title": self.title, "text": self.text,
                "url": app_url(request, self.path)}


def may_use(request: Request) -> bool:
    """Packs are a moderator's tool (README, roles): a moderator of any community,
    or the single user in local mode."""
    return can_upload(request)


def scope(request: Request) -> tuple[str, ...] | None:
    """The communities whose packs the caller may see and change (None: all, local mode)."""
    communities = upload_communities(request)
    return None if communities is None else tuple(communities)


def communities(request: Request) -> list[str]:
    """The communities the caller may make a pack for."""
    allowed = scope(request)
    return list(allowed) if allowed is not None else [c.name for c in runtime(request).store.accounts.communities()]


def actor(request: Request) -> str:
    user = identify(request).user
    return user.name if user else "lokaal"


def private(request: Request, community: str, text: str) -> str:
    """A pack's name or note as it is kept: client names replaced as in the community's
    documents (a moderator may type one). Checked for length first, so an over-long
    text is refused before it is looked through; PackError when names could not be
    looked for (nothing is kept then)."""
    if len(text) > MAX_NOTE_CHARS:
        return text   # the store refuses it with its message
    try:
        return ingest.pseudonymise_note(runtime(request).store, community, text)
    except ingest.IngestError:
        raise PackError("Namen van cliënten konden niet worden gezocht; er is niets bewaard."
                        " Probeer het later opnieuw.") from None


def get(request: Request, pack_id: str) -> Pack | None:
    """The caller's pack, its items counted as the caller may read them (store.packs)."""
    return runtime(request).store.packs.get(pack_id, scope(request), visible(request))


def changing(pack: Pack) -> Pack:
    """A pack the request is about to change: the caller's role in its group, and no
    other, is checked again under the writer lock (store._rights). Said by the routes that
    change it, not by `get`: every page's menu reads the active pack, and a request that
    writes elsewhere must not be checked for the pack's group only."""
    acting_in(pack.community)
    return pack


def active(request: Request) -> Pack | None:
    """The pack the "Bewaar in pakket" buttons fill, if it is (still) the caller's."""
    value = request.cookies.get(COOKIE, "")
    return get(request, value) if value and may_use(request) else None


def remember(request: Request, response: Response, pack: Pack) -> None:
    response.set_cookie(COOKIE, str(pack.id), max_age=COOKIE_AGE, httponly=True, samesite="lax",
                        secure=request.url.scheme == "https")


def keys(request: Request) -> set[tuple[str, int | None]]:
    """(doc_id, passage) of every item of the active pack, to show what is already in it."""
    pack = active(request)
    items = runtime(request).store.packs.items(pack.id, scope(request), visible(request)) if pack else []
    return {(item.doc_id, item.passage) for item in items}


def size(request: Request) -> int:
    """The menu's count of the pack being filled: only what the caller may see, as the
    pack page counts (store.packs counts within the caller's access)."""
    pack = active(request)
    return pack.items if pack else 0


def may_hold(request: Request, community: str, doc_id: str) -> bool:
    """Whether the caller may add `doc_id` to a pack of `community`: they see it, and so
    does every moderator of that community (a document of that community or one it may
    read as a member of the network)."""
    store = runtime(request).store
    members = Filters(access=Access(member_of=(community,), shared=True))
    try:
        search.get_document(store, doc_id, visible(request))
        search.get_document(store, doc_id, members)
    except search.DocumentNotFound:
        return False
    return True


def all_packs(request: Request) -> list[Pack]:
    """The caller's packs, each counting only the items the caller may see: a reference
    to a document that was closed after it was added is neither shown nor counted (a
    count would say that another group's closed document is there)."""
    return runtime(request).store.packs.all(scope(request), visible(request))


def sources(request: Request, pack: Pack) -> list[Source]:
    """The pack's items that the caller may (still) see, in order, with their text."""
    store, filters, found = runtime(request).store, visible(request), []
    for item in store.packs.items(pack.id, scope(request), filters):
        try:
            document = search.get_document(store, item.doc_id, filters)
        except search.DocumentNotFound:
            continue
        chunk = next((c for c in store.catalogue.chunks_of_version(document) if c.ordinal == item.passage), None)
        found.append(Source(item, document.meta.title or document.doc_id, document.meta,
                            chunk.text if chunk else None))
    return found


def file_name(pack: Pack, suffix: str) -> str:
    """A download name made of the pack's name: letters, digits, '-' and '_' only."""
    stem = re.sub(r"[^\w-]+", "-", pack.name, flags=re.ASCII).strip("-")[:80] or "sessiepakket"
    return f"{stem}{suffix}"


def _heading(pack: Pack, count: int, today: dt.date) -> str:
    return (f"{pack.community} · samengesteld op {dutch_date(today.isoformat())} met Praktijkgeheugen:"
            f" {count} bron{'nen' if count != 1 else ''}.")


def to_markdown(pack: Pack, found: list[Source], base_url: str, today: dt.date | None = None) -> str:
    """The pack as a Markdown file: every source linked and described, with its note."""
    today = today or dt.date.today()
    lines = [f"# {pack.name}", "", _heading(pack, len(found), today), ""]
    for number, source in enumerate(found, start=1):
        lines += [f"## {number}. {source.title}", "", *(f"- {line}" for line in described(source, base_url)), ""]
        if source.item.note:
            lines += [f"**Notitie:** {source.item.note}", ""]
        if source.text:
            lines += [f"> {line}".rstrip() for line in source.text.strip().splitlines()] + [""]
    return "\n".join(lines)


def to_docx(pack: Pack, found: list[Source], base_url: str, today: dt.date | None = None) -> bytes:
    """The pack as a Word document (python-docx): the same content as the Markdown
    file, with headings, the note in italics and the passage as a quote."""
    from docx import Document as Word

    today = today or dt.date.today()
    word = Word()
    word.core_properties.title = pack.name
    word.add_heading(pack.name, level=0)
    word.add_paragraph(_heading(pack, len(found), today))
    for number, source in enumerate(found, start=1):
        word.add_heading(f"{number}. {source.title}", level=1)
        for line in described(source, base_url):
            word.add_paragraph(line, style="List Bullet")
        if source.item.note:
            note = word.add_paragraph()
            note.add_run("Notitie: ").bold = True
            note.add_run(source.item.note).italic = True
        if source.text:
            word.add_paragraph(source.text.strip(), style="Quote")
    buffer = io.BytesIO()
    word.save(buffer)
    return buffer.getvalue()


def described(source: Source, base_url: str) -> list[str]:
    meta = source.meta
    authors = ", ".join(f"{a.name} ({a.organisation})" if a.organisation else a.name
                        for a in meta.authors) or "onbekend"
    organisations = ", ".join(dict.fromkeys(a.organisation for a in meta.authors if a.organisation))
    where = [meta.community or "groep onbekend", f"cyclus {meta.cycle}" if meta.cycle else "cyclus onbekend"]
    where += [f"sessie {meta.session}"] if meta.session is not None else []
    where += [dutch_date(meta.date)] if meta.date else []
    return [f"Soort: {TYPE_LABELS.get(meta.type, meta.type or 'onbekend')}", f"Auteurs: {authors}",
            f"Organisatie: {organisations or 'onbekend'}",
            f"Groep: {' · '.join(where)}", f"Link: {base_url.rstrip('/')}{source.path}"]
