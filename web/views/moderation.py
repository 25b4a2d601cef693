"""What a moderator does with one document of their community: delete it for
good (`/verwijderen/{id}`: a confirm page, then a CSRF-checked post through the
ingest facade, which removes every trace; its JSON twin `POST
/api/documents/{id}/delete`) and set its sharing with the network (`/delen/{id}`:
shared, closed, or follow the community; its JSON twin `POST /api/documents/{id}/sharing`)."""
from __future__ import annotations

from urllib.parse import quote

from fastapi import APIRouter, Depends, Form, HTTPException, Request
from fastapi.responses import JSONResponse, RedirectResponse

import ingest
from store import SHARING, Document, acting_on
from web.access import actor, audit, require_moderator
from web.auth import check_csrf, identify
from web.templating import templates
from web.views._params import runtime
from web.views.documents import load, original_file

router = APIRouter()
CHANGES = [Depends(check_csrf)]
SAVED = "zichtbaarheid_bewaard"   # the document page then confirms the choice
FOLLOW = "group"   # the JSON twin's word for the form's empty choice: as the community decides


def _moderated(request: Request, doc_id: str) -> Document:
    """The document if the caller may see it (404 otherwise, like a missing one)
    and moderates its community (403 otherwise)."""
    document = load(request, doc_id)[0]
    require_moderator(request, document.meta.community)
    acting_on(document.doc_id, document.meta.community)   # checked again under the writer lock (store._rights)
    return document


@router.get("/verwijderen/{doc_id:path}", include_in_schema=False)
def confirm_delete(request: Request, doc_id: str):
    document = _moderated(request, doc_id)
    return templates.TemplateResponse(request, "delete.html", {"document": document, "meta": document.meta})


def delete_document(request: Request, doc_id: str) -> Document:
    """The one function behind the delete form and its JSON twin: every trace of the
    document, if the caller moderates its community (404 for a document the caller cannot
    see, 403 for one it may only read); the document as it was."""
    document = _moderated(request, doc_id)
    original = original_file(request, document)
    # its 'verwijderd' line under the id's digest (it may name a client), with the deletion's mark
    ingest.delete_document(runtime(request).store, doc_id, *actor(request))
    if original is not None:
        original.unlink(missing_ok=True)
    return document


@router.post("/verwijderen/{doc_id:path}", include_in_schema=False, dependencies=CHANGES)
def delete(request: Request, doc_id: str):
    document = delete_document(request, doc_id)
    return templates.TemplateResponse(request, "deleted.html", {"title": document.meta.title or doc_id})


@router.post("/api/documents/{doc_id:path}/delete", dependencies=CHANGES,
             summary="Moderator: een document van de eigen groep voorgoed verwijderen")
def delete_json(request: Request, doc_id: str) -> dict:
    document = delete_document(request, doc_id)
    return {"deleted": document.doc_id, "title": document.meta.title}


def in_browser(request: Request) -> None:
    """A document's sharing changes in a web session, never with an API token (403), as an
    admin's change of a group's openness does (web.views.admin.in_browser): a moderator's
    token that leaked opened a closed case to the whole network with one POST (tenancy
    round 30). Scripts upload, correct and read with tokens; sharing is no script's job."""
    if identify(request).via_token:
        raise HTTPException(403, "De zichtbaarheid van een document wijzigt u in de browser, niet met een API-token.")


def change_sharing(request: Request, doc_id: str, sharing: str) -> None:
    """The one function behind the sharing form and its JSON twin: `sharing` shared, closed
    or '' (as the community decides), if the caller moderates the document's community."""
    _moderated(request, doc_id)
    if sharing and sharing not in SHARING:
        raise HTTPException(422, "Kies gedeeld, gesloten of de keuze van de groep.")
    runtime(request).store.accounts.set_document_sharing(doc_id, sharing or None)
    audit(request, f"delen: {sharing or 'zoals de groep'}", doc_id)


@router.post("/delen/{doc_id:path}", include_in_schema=False, dependencies=[*CHANGES, Depends(in_browser)])
def set_sharing(request: Request, doc_id: str, sharing: str = Form("")):
    change_sharing(request, doc_id, sharing)
    return RedirectResponse(f"/documenten/{quote(doc_id, safe='/')}?{SAVED}=1#moderatie", status_code=303)


@router.post("/api/documents/{doc_id:path}/sharing", dependencies=[*CHANGES, Depends(in_browser)],
             summary="Moderator: wie een document ziet (sharing: shared, closed of group, de keuze van de groep)")
def set_sharing_json(request: Request, doc_id: str, sharing: str = Form("")):
    """As the form, but the choice is said, never left out: the form's empty choice follows
    the group, and a script that forgot the field would undo a closed override."""
    _moderated(request, doc_id)   # the rights before the value: a refusal tells others nothing
    if sharing not in (*SHARING, FOLLOW):
        message = "Kies shared (gedeeld), closed (gesloten) of group (de keuze van de groep)."
        return JSONResponse({"error": message, "detail": message}, status_code=422)
    change_sharing(request, doc_id, "" if sharing == FOLLOW else sharing)
    override, policy = runtime(request).store.accounts.document_sharing(doc_id)
    return {"doc_id": doc_id, "sharing": override, "community_sharing": policy}
