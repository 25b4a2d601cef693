"""Session packs (`/pakketten`, JSON twins under `/api/packs`): a community's named
packs, shared by its moderators, with ordered and annotated items, exported as
Markdown and .docx and printable from the pack page (print CSS).

Every change is a plain form post that redirects back (no JavaScript), and the same
function answers its JSON twin. Every change is written to the audit log. A pack
of another community, or a crafted pack or item id, is answered as a missing one
(404): the routes tell nobody which packs exist. Packs and items are named by their
public ids (store.packs), so an old numbered link (/pakketten/3) is such a missing one.
"""
from __future__ import annotations

from urllib.parse import quote

from fastapi import APIRouter, Depends, Form, HTTPException, Request
from fastapi.responses import JSONResponse, RedirectResponse, Response

import search
from store import ITEM_REMOVED, ITEM_TARGET, PACK_DELETED, PACK_TARGET, Pack, PackError, acting_in
from web import packs
from web.access import audit
from web.auth import check_csrf, safe_target
from web.templating import templates, wants_json
from web.views._params import runtime, visible


def _may_pack(request: Request) -> None:
    """Every pack route: only the roles the README names (moderators; local mode)."""
    if not packs.may_use(request):
        raise HTTPException(403, "Alleen moderatoren maken een sessiepakket.")


router = APIRouter(dependencies=[Depends(_may_pack)])
CHANGES = [Depends(check_csrf)]
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _pack(request: Request, pack_id: str) -> Pack:
    pack = packs.get(request, pack_id)
    if pack is None:
        raise HTTPException(404)
    return packs.changing(pack) if request.method == "POST" else pack


def _as_dict(pack: Pack) -> dict:
    return {"id": pack.id, "name": pack.name, "community": pack.community, "created_by": pack.created_by,
            "created_at": pack.created_at, "updated_at": pack.updated_at, "items": pack.items}


def _page(pack_id: str) -> str:
    return f"/pakketten/{pack_id}"


# --- reading ---

def overview(request: Request) -> dict:
    """The one function behind the packs page and its JSON twin."""
    active = packs.active(request)
    return {"packs": packs.all_packs(request), "active": active.id if active else None,
            "communities": packs.communities(request)}


@router.get("/pakketten", include_in_schema=False)
def packs_html(request: Request, doc_id: str = "", passage: int | None = None, terug: str = ""):
    """The caller's packs; with `doc_id` (a result's button when no pack is active):
    choose or make the pack it goes into."""
    return templates.TemplateResponse(request, "packs.html", {
        **overview(request), "doc_id": doc_id, "passage": passage, "terug": safe_target(terug, ""), "problem": None})


@router.get("/api/packs", summary="De sessiepakketten van de groepen die u modereert")
def packs_json(request: Request) -> dict:
    state = overview(request)
    return {**state, "packs": [_as_dict(p) for p in state["packs"]]}


@router.get("/pakket", include_in_schema=False)
def active_html(request: Request):
    """The navigation's "Pakket": the pack being filled, else the list of packs."""
    active = packs.active(request)
    return RedirectResponse(_page(active.id) if active else "/pakketten", status_code=303)


@router.get("/pakketten/{pack_id}", include_in_schema=False)
def pack_html(request: Request, pack_id: str):
    pack = _pack(request, pack_id)
    return templates.TemplateResponse(request, "pack.html", {
        "pack": pack, "sources": packs.sources(request, pack), "active": packs.active(request), "problem": None})


@router.get("/api/packs/{pack_id}", summary="Eén sessiepakket met zijn bronnen en notities")
def pack_json(request: Request, pack_id: str) -> dict:
    pack = _pack(request, pack_id)
    shown = packs.sources(request, pack)
    return {**_as_dict(pack), "items": len(shown), "sources": [s.as_dict(request) for s in shown]}


@router.get("/pakketten/{pack_id}/export.md", include_in_schema=False)
def pack_markdown(request: Request, pack_id: str):
    pack = _pack(request, pack_id)
    audit(request, "pakket geëxporteerd (Markdown)", f"pakket {pack.id}")
    text = packs.to_markdown(pack, packs.sources(request, pack), str(request.base_url))
    return Response(text, media_type="text/markdown; charset=utf-8",
                    headers={"Content-Disposition": f'attachment; filename="{packs.file_name(pack, ".md")}"'})


@router.get("/pakketten/{pack_id}/export.docx", include_in_schema=False)
def pack_docx(request: Request, pack_id: str):
    pack = _pack(request, pack_id)
    audit(request, "pakket geëxporteerd (Word)", f"pakket {pack.id}")
    body = packs.to_docx(pack, packs.sources(request, pack), str(request.base_url))
    return Response(body, media_type=DOCX,
                    headers={"Content-Disposition": f'attachment; filename="{packs.file_name(pack, ".docx")}"'})


# --- changing ---

def _done(request: Request, pack: Pack, target: str | None = None, status: int = 200):
    """The answer to a change: the pack as JSON for the API, else back to the page."""
    if wants_json(request):
        fresh = packs.get(request, pack.id)
        if fresh is None:
            return JSONResponse({"deleted": pack.id}, status_code=status)
        shown = packs.sources(request, fresh)
        return JSONResponse({**_as_dict(fresh), "items": len(shown), "sources": [s.as_dict(request) for s in shown]},
                            status_code=status)
    return RedirectResponse(target or _page(pack.id), status_code=303)


def _refused(request: Request, pack: Pack | None, problem: PackError, typed: dict | None = None):
    """The page again with the refusal and everything the form carried (`typed`): the
    name, group and pending source of a new pack; the name or a note (`item`) of this one."""
    typed = typed or {}
    if wants_json(request):
        return JSONResponse({"error": problem.user, "detail": problem.user}, status_code=422)
    if pack is None:
        return templates.TemplateResponse(request, "packs.html", {
            **overview(request), "doc_id": typed.get("doc_id", ""), "passage": typed.get("passage"),
            "terug": typed.get("terug", ""), "problem": problem.user, "typed": typed}, status_code=422)
    return templates.TemplateResponse(request, "pack.html", {
        "pack": pack, "sources": packs.sources(request, pack), "active": packs.active(request),
        "problem": problem.user, "typed": typed}, status_code=422)


@router.post("/pakketten", include_in_schema=False, dependencies=CHANGES)
@router.post("/api/packs", summary="Een sessiepakket maken", dependencies=CHANGES)
def create(request: Request, naam: str = Form(""), groep: str = Form(""), doc_id: str = Form(""),
           passage: int | None = Form(None), terug: str = Form("")):
    """Make a pack (it becomes the one being filled); with `doc_id`, its first item,
    checked first: a document that may not go in leaves no empty pack behind."""
    if doc_id and not packs.may_hold(request, groep, doc_id):
        raise HTTPException(404)
    acting_in(groep)   # the role in this group is checked again under the writer lock (store._rights)
    try:
        name = packs.private(request, groep, naam) if groep in packs.communities(request) else naam
        pack = runtime(request).store.packs.create(groep, name, packs.actor(request), packs.scope(request))
    except PackError as problem:
        return _refused(request, None, problem, {"naam": naam, "groep": groep, "doc_id": doc_id,
                                                 "passage": passage, "terug": safe_target(terug, "")})
    audit(request, "pakket gemaakt", f"pakket {pack.id}")
    if doc_id:
        _add(request, pack, doc_id, passage)
    response = _done(request, pack, safe_target(terug, _page(pack.id)) if doc_id else None, 201)
    packs.remember(request, response, pack)
    return response


def _readable(request: Request, doc_id: str) -> None:
    """404 for a document the caller may not read, as for one that does not exist."""
    try:
        search.get_document(runtime(request).store, doc_id, visible(request))
    except search.DocumentNotFound:
        raise HTTPException(404) from None


def _add(request: Request, pack: Pack, doc_id: str, passage: int | None) -> None:
    if not packs.may_hold(request, pack.community, doc_id):
        raise HTTPException(404)
    if runtime(request).store.packs.add(pack.id, doc_id, passage, packs.scope(request), visible(request)):
        audit(request, "aan pakket toegevoegd", f"pakket {pack.id}: {doc_id}")


@router.post("/pakket/toevoegen", include_in_schema=False, dependencies=CHANGES)
def add_html(request: Request, doc_id: str = Form(...), passage: int | None = Form(None),
             pakket: str | None = Form(None), terug: str = Form("/pakket")):
    """A result's "Bewaar in pakket": into the chosen pack, else the one being filled;
    with neither, to the packs page to choose or make one."""
    pack = packs.get(request, pakket) if pakket is not None else packs.active(request)
    if pakket is not None and pack is None:
        raise HTTPException(404)
    if pack is not None:
        packs.changing(pack)
    if pack is None:
        _readable(request, doc_id)
        query = f"doc_id={quote_value(doc_id)}&terug={quote_value(safe_target(terug, '/'))}"
        query += f"&passage={passage}" if passage is not None else ""
        return RedirectResponse(f"/pakketten?{query}", status_code=303)
    try:
        _add(request, pack, doc_id, passage)
    except PackError as problem:
        return _refused(request, pack, problem)
    response = RedirectResponse(safe_target(terug, _page(pack.id)), status_code=303)
    packs.remember(request, response, pack)
    return response


def quote_value(value: str) -> str:
    return quote(value, safe="")


@router.post("/api/packs/{pack_id}/items", summary="Een document of passage aan een pakket toevoegen",
             dependencies=CHANGES)
def add_json(request: Request, pack_id: str, doc_id: str = Form(...), passage: int | None = Form(None)):
    pack = _pack(request, pack_id)
    try:
        _add(request, pack, doc_id, passage)
    except PackError as problem:
        return _refused(request, pack, problem)
    return _done(request, pack)


def _noted(request: Request, pack: Pack, match) -> packs.Source | None:
    """The source of `pack` that `match` picks if it has a note: "Uit pakket halen" is asked
    first then. Playing the moderator: the button beside a source took it and the note written
    for the session (its questions, the passage to read aloud) away in one click, while deleting
    the whole pack is asked (4c0774e). Asked, not undoable: an undo would keep the removed note
    somewhere, and a removal is an erasure a restore makes again (ITEM_REMOVED): the note must
    go for good. A source without a note goes at once (nothing is lost: add it again)."""
    return next((s for s in packs.sources(request, pack) if match(s.item) and s.item.note), None)


def _ask_removal(request: Request, pack: Pack, source: packs.Source, action: str, fields: dict, back: str):
    return templates.TemplateResponse(request, "pack_remove.html", {
        "pack": pack, "source": source, "action": action, "fields": fields, "back": back}, status_code=409)


@router.post("/pakket/verwijderen", include_in_schema=False, dependencies=CHANGES)
def remove_reference(request: Request, doc_id: str = Form(...), passage: int | None = Form(None),
                     terug: str = Form("/pakket"), bevestig: str = Form("")):
    """A result's "Uit pakket halen": out of the pack being filled (asked first when the
    source has a note, _noted)."""
    pack = packs.active(request)
    if pack is not None:
        packs.changing(pack)
    if pack and bevestig != "1" and (source := _noted(request, pack, lambda i: (i.doc_id, i.passage) == (doc_id, passage))):
        fields = {"doc_id": doc_id, "terug": safe_target(terug, "/pakket")}
        fields.update({"passage": str(passage)} if passage is not None else {})
        return _ask_removal(request, pack, source, "/pakket/verwijderen", fields, fields["terug"])
    if pack and runtime(request).store.packs.remove_reference(pack.id, doc_id, passage, packs.scope(request),
                                                              visible(request)):
        audit(request, "uit pakket gehaald", f"pakket {pack.id}: {doc_id}")
    return RedirectResponse(safe_target(terug, "/pakket"), status_code=303)


@router.post("/pakketten/{pack_id}/actief", include_in_schema=False, dependencies=CHANGES)
def make_active(request: Request, pack_id: str):
    pack = _pack(request, pack_id)
    response = RedirectResponse(_page(pack.id), status_code=303)
    packs.remember(request, response, pack)
    return response


@router.post("/pakketten/{pack_id}/naam", include_in_schema=False, dependencies=CHANGES)
@router.post("/api/packs/{pack_id}/name", summary="Een pakket hernoemen", dependencies=CHANGES)
def rename(request: Request, pack_id: str, naam: str = Form("")):
    pack = _pack(request, pack_id)
    try:
        runtime(request).store.packs.rename(pack.id, packs.private(request, pack.community, naam), packs.scope(request))
    except PackError as problem:
        return _refused(request, pack, problem, {"naam": naam})
    audit(request, "pakket hernoemd", f"pakket {pack.id}")
    return _done(request, pack)


@router.get("/pakketten/{pack_id}/verwijderen", include_in_schema=False)
def confirm_delete(request: Request, pack_id: str):
    """Asked first, as a document's deletion is: the pack page's button deleted the pack, its
    order and every note at once, one click away from *Naam wijzigen*, with nothing to undo."""
    pack = _pack(request, pack_id)
    sources = packs.sources(request, pack)
    return templates.TemplateResponse(request, "pack_delete.html", {
        "pack": pack, "sources": len(sources), "notes": sum(1 for s in sources if s.item.note)})


@router.post("/pakketten/{pack_id}/verwijderen", include_in_schema=False, dependencies=CHANGES)
@router.post("/api/packs/{pack_id}/delete", summary="Een pakket verwijderen", dependencies=CHANGES)
def delete(request: Request, pack_id: str):
    pack = _pack(request, pack_id)
    runtime(request).store.packs.delete(pack.id, packs.scope(request))
    audit(request, PACK_DELETED, f"{PACK_TARGET}{pack.id}")   # the erasure list restore reads
    return _done(request, pack, "/pakketten")


@router.post("/pakketten/{pack_id}/bronnen/{item_id}/notitie", include_in_schema=False, dependencies=CHANGES)
@router.post("/api/packs/{pack_id}/items/{item_id}/note", summary="Notitie bij een bron", dependencies=CHANGES)
def annotate(request: Request, pack_id: str, item_id: str, notitie: str = Form("")):
    pack = _pack(request, pack_id)
    try:
        note = packs.private(request, pack.community, notitie)
        changed = runtime(request).store.packs.annotate(pack.id, item_id, note, packs.scope(request), visible(request))
    except PackError as problem:
        return _refused(request, pack, problem, {"item": item_id, "notitie": notitie})
    if not changed:
        raise HTTPException(404)
    audit(request, "notitie in pakket gewijzigd", f"pakket {pack.id}, bron {item_id}")
    return _done(request, pack, f"{_page(pack.id)}#bron-{item_id}")


@router.post("/pakketten/{pack_id}/bronnen/{item_id}/{richting}", include_in_schema=False, dependencies=CHANGES)
@router.post("/api/packs/{pack_id}/items/{item_id}/{richting}", summary="Een bron verplaatsen of weghalen"
             " (richting: omhoog, omlaag of weg)", dependencies=CHANGES)
def move_or_remove(request: Request, pack_id: str, item_id: str, richting: str, bevestig: str = Form("")):
    """The page's "Uit pakket halen" of a source with a note is asked first (_noted); the
    API's removal is not, as the API's pack deletion is not."""
    pack = _pack(request, pack_id)
    store, scope, readable = runtime(request).store, packs.scope(request), visible(request)
    if richting == "weg" and bevestig != "1" and not wants_json(request) \
            and (source := _noted(request, pack, lambda i: i.id == item_id)):
        return _ask_removal(request, pack, source, f"/pakketten/{pack.id}/bronnen/{item_id}/weg", {},
                            f"{_page(pack.id)}#bron-{item_id}")
    if richting == "weg":
        if not store.packs.remove(pack.id, item_id, scope, readable):
            raise HTTPException(404)
        audit(request, ITEM_REMOVED, f"{PACK_TARGET}{pack.id}{ITEM_TARGET}{item_id}")   # the erasure list restore reads
        return _done(request, pack)
    if richting not in ("omhoog", "omlaag"):
        raise HTTPException(404)
    if store.packs.move(pack.id, item_id, -1 if richting == "omhoog" else 1, scope, readable):
        audit(request, f"bron in pakket {richting} geschoven", f"pakket {pack.id}, bron {item_id}")
    elif item_id not in {i.id for i in store.packs.items(pack.id, scope, readable)}:
        raise HTTPException(404)
    return _done(request, pack, f"{_page(pack.id)}#bron-{item_id}")
