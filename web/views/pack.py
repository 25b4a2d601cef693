"""The session pack (`/pakket`): sources a moderator collects while searching,
as a printable page, a Markdown download (`/pakket.md`) and JSON (`/api/pack`).
Adding and removing are plain form posts that redirect back (no JavaScript)."""
from __future__ import annotations

from fastapi import APIRouter, Depends, Form, HTTPException, Request
from fastapi.responses import RedirectResponse, Response

from web import packs
from web.access import audit
from web.auth import check_csrf, safe_target
from web.templating import templates


def _may_pack(request: Request) -> None:
    """Every pack route: only the roles the README names (moderators; local mode)."""
    if not packs.may_use(request):
        raise HTTPException(403, "Alleen moderatoren maken een sessiepakket.")


router = APIRouter(dependencies=[Depends(_may_pack)])
CHANGES = [Depends(check_csrf)]


def _back(target: str) -> str:
    return safe_target(target, "/pakket")


@router.get("/pakket", include_in_schema=False)
def pack_html(request: Request):
    return templates.TemplateResponse(request, "pack.html", {"sources": packs.sources(request)})


@router.get("/pakket.md", include_in_schema=False)
def pack_markdown(request: Request):
    found = packs.sources(request)
    audit(request, "pakket geëxporteerd", ", ".join(dict.fromkeys(s.item.doc_id for s in found)) or None)
    text = packs.to_markdown(found, str(request.base_url))
    return Response(text, media_type="text/markdown; charset=utf-8",
                    headers={"Content-Disposition": 'attachment; filename="sessiepakket.md"'})


@router.get("/api/pack", summary="Het sessiepakket van deze browsersessie")
def pack_json(request: Request) -> dict:
    return {"sources": [source.as_dict() for source in packs.sources(request)]}


@router.post("/pakket/toevoegen", include_in_schema=False, dependencies=CHANGES)
def pack_add(request: Request, doc_id: str = Form(...), passage: int | None = Form(None),
             terug: str = Form("/pakket")):
    response = RedirectResponse(_back(terug), status_code=303)
    packs.add(request, response, packs.Item(doc_id, passage))
    return response


@router.post("/pakket/verwijderen", include_in_schema=False, dependencies=CHANGES)
def pack_remove(request: Request, doc_id: str = Form(...), passage: int | None = Form(None),
                terug: str = Form("/pakket")):
    response = RedirectResponse(_back(terug), status_code=303)
    packs.remove(request, response, packs.Item(doc_id, passage))
    return response


@router.post("/pakket/legen", include_in_schema=False, dependencies=CHANGES)
def pack_clear(request: Request):
    response = RedirectResponse("/pakket", status_code=303)
    packs.clear(request, response)
    return response
