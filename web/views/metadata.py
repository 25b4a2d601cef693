"""A moderator corrects a document's metadata (`/gegevens/{id}`, a form on the
document page, and its JSON twin `POST /api/documents/{id}/metadata`): title,
type, authors with their roles, cycle, session, date and themes.

The form's values are checked by ingest's one metadata validator
(`ingest.check_field`, as the upload form, front matter and the CLI's flags are)
plus the title's and the themes'; an invalid value gets a Dutch message at its
field and nothing is changed. Each correction is a new version of the document
through ingest.edit_metadata (only what changed is indexed again), with a line in
the document's history and in the audit log. Only a moderator of the document's
own community may: anyone else, also one who can read the document, gets the
answer a missing document gets (404).
"""
from __future__ import annotations

import unicodedata
from urllib.parse import quote

from fastapi import APIRouter, Depends, HTTPException, Request
from fastapi.responses import JSONResponse, RedirectResponse
from starlette.concurrency import run_in_threadpool

import ingest
from store import Author, Document
from web.access import may_moderate, upload_communities
from web.auth import check_csrf, identify
from web.runtime import tag_in_background
from web.templating import templates, wants_json
from web.views._params import runtime, visible
from web.views.correction import moderated

router = APIRouter()
CHANGES = [Depends(check_csrf)]
FIELDS = ("title", "type", "authors", "cycle", "session", "date", "themes")
MAX_TITLE_CHARS = 300   # a title is a line on a results page; longer is a text
MAX_THEMES = 20         # themes of one document (the vocabulary has ~14)
MAX_THEME_CHARS = 80
FIELD_LABELS = {"title": "titel", "type": "soort", "authors": "mensen en rollen", "cycle": "cyclus",
                "session": "sessie", "date": "datum", "themes": "thema's"}

templates.env.globals["FIELD_LABELS"] = FIELD_LABELS


def _plain(text: str) -> bool:
    return not any(unicodedata.category(ch).startswith("C") for ch in text)


def _title(text: str) -> str:
    if len(text) > MAX_TITLE_CHARS or not _plain(text):
        raise ValueError
    return " ".join(text.split())


def _themes(text: str) -> list[str]:
    themes = [t.strip() for t in text.replace("\n", ",").split(",") if t.strip()]
    if len(themes) > MAX_THEMES or any(len(t) > MAX_THEME_CHARS or not _plain(t) for t in themes):
        raise ValueError
    return list(dict.fromkeys(themes))


OWN_CHECKS = {
    "title": (_title, f"Een titel is hoogstens {MAX_TITLE_CHARS} tekens op één regel, zonder speciale tekens."),
    "themes": (_themes, f"Schrijf de thema's gescheiden door komma's: hoogstens {MAX_THEMES}, elk hoogstens"
                        f" {MAX_THEME_CHARS} tekens."),
}


def _checked(name: str, value: str):
    """One field's value as stored; ValueError with the Dutch message for the field."""
    if name in OWN_CHECKS:
        check, message = OWN_CHECKS[name]
        try:
            return check(value)
        except ValueError:
            raise ValueError(message) from None
    lines = [line for line in value.splitlines() if line.strip()] if name == "authors" else value
    try:
        return ingest.check_field(name, lines)
    except ingest.IngestError as error:
        raise ValueError(error.user) from None


def form_values(document: Document, written: list[Author]) -> dict[str, str]:
    """The document's metadata as the form shows it (authors one per line, as uploaded):
    the authors as the document names them (`written`, store.Catalogue.written_authors),
    not as linked when read, which saved as they stood outlived the link (a closed
    document's organisation reached the network: tests/security/test_edit_bakes_links.py)."""
    meta = document.meta
    authors = [a.name + (f" ({a.organisation})" if a.organisation else "") + (f", {a.role}" if a.role else "")
               for a in written if not a.from_text]
    return {"title": meta.title or "", "type": meta.type or "", "authors": "\n".join(authors),
            "cycle": meta.cycle or "", "session": "" if meta.session is None else str(meta.session),
            "date": meta.date or "", "themes": ", ".join(meta.themes)}


def parse(form) -> tuple[dict[str, str], dict, dict[str, str]]:
    """(values as typed, the fields they give, Dutch errors per field). An empty value
    makes a field unknown, except the title, which a document always has."""
    values = {name: str(form.get(name) or "").strip() for name in FIELDS}
    fields, errors = {}, {}
    for name in FIELDS:
        try:
            fields[name] = _checked(name, values[name]) if values[name] else None
        except ValueError as problem:
            errors[name] = str(problem)
    if not values["title"]:
        errors["title"] = "Een document heeft een titel nodig."
    fields["authors"], fields["themes"] = fields.get("authors") or [], fields.get("themes") or []
    return values, fields, errors


def edit_state(request: Request, document: Document) -> dict | None:
    """For the document page: the form's values for a moderator of its community, else None."""
    if not document.meta.community or not may_moderate(request, document.meta.community):
        return None
    return {"values": form_values(document, runtime(request).store.catalogue.written_authors(document)),
            "errors": {}}


def history(request: Request, document: Document) -> list:
    """The document's corrections, newest first (the caller may read the document)."""
    return runtime(request).store.history.of(document.doc_id, filters=visible(request),
                                             community=document.meta.community)


def edit(request: Request, doc_id: str, fields: dict) -> ingest.EditReport:
    """The one function behind the form and its JSON twin."""
    document = moderated(request, doc_id)
    rt, caller = runtime(request), identify(request)
    communities = upload_communities(request)
    scope = ingest.Scope(communities=None if communities is None else frozenset(communities))
    actor = caller.user.name if caller.user else "lokaal"
    try:
        report = ingest.edit_metadata(rt.store, lambda: rt.embedder, document.doc_id, fields, actor, scope)
    except ingest.IngestError:
        raise HTTPException(404) from None
    if report is None:
        raise HTTPException(404)
    if report.version is not None:
        tag_in_background(rt)   # the new version's passages, tagged without waiting for a visit
    return report


@router.post("/gegevens/{doc_id:path}", include_in_schema=False, dependencies=CHANGES)
@router.post("/api/documents/{doc_id:path}/metadata", dependencies=CHANGES,
             summary="De gegevens van een document verbeteren (titel, soort, auteurs, cyclus, sessie, datum, thema's)")
async def edit_form(request: Request, doc_id: str):
    form = await request.form()
    values, fields, errors = parse(form)
    if errors:
        document = moderated(request, doc_id)   # a refusal first: errors tell nothing to others
        if wants_json(request):
            return JSONResponse({"error": "Ongeldige gegevens.", "detail": "Ongeldige gegevens.", "errors": errors},
                                status_code=422)
        return templates.TemplateResponse(request, "metadata.html", {
            "document": document, "meta": document.meta, "edit": {"values": values, "errors": errors}},
            status_code=422)
    report = await _in_thread(request, doc_id, fields)
    if wants_json(request):
        return report.as_dict()
    # a public type or an author corrected away may give the document a new id (a name hidden from it)
    return RedirectResponse(f"/documenten/{quote(report.doc_id, safe='/')}#geschiedenis", status_code=303)


async def _in_thread(request: Request, doc_id: str, fields: dict) -> ingest.EditReport:
    """The edit holds the writer lock and may embed: not on the event loop."""
    return await run_in_threadpool(edit, request, doc_id, fields)
