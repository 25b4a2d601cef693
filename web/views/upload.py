"""Uploading documents (`/upload`, moderators): a form with metadata, then a report
of what was ingested, replaced or refused. JSON twin: POST /api/upload."""
from __future__ import annotations

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import JSONResponse

import ingest
from store import DOCUMENT_TYPES
from web import uploads
from web.access import audit, can_upload, upload_communities
from web.messages import MAX_FILE_MB, MAX_REQUEST_MB
from web.templating import templates
from web.views._params import runtime, visible

router = APIRouter()


def _form(request: Request, upload: uploads.Upload, status: int = 200):
    facets = runtime(request).store.catalogue.facets(visible(request))
    facets["communities"] = upload_communities(request) or facets["communities"]
    return templates.TemplateResponse(request, "upload.html", {
        "values": upload.values, "errors": upload.errors, "facets": facets, "types": DOCUMENT_TYPES,
        "accept": ",".join(ingest.SUPPORTED), "max_file_mb": MAX_FILE_MB,
        "max_request_mb": MAX_REQUEST_MB, "max_files": uploads.MAX_FILES, "chosen": upload.chosen},
        status_code=status)


def _checked(request: Request, upload: uploads.Upload) -> uploads.Upload:
    """Every document the upload added or replaced goes into the audit log. (Where a
    file may land was checked by ingest before anything was staged: uploads.scope.)"""
    for row in upload.rows:
        if row.doc_id and row.status in (ingest.INGESTED, ingest.REPLACED):
            audit(request, "geüpload", row.doc_id)
    return upload


@router.get("/upload", include_in_schema=False)
def upload_page(request: Request):
    if not can_upload(request):
        raise HTTPException(403)
    values = dict.fromkeys(uploads.FIELDS, "")
    if len(own := upload_communities(request) or []) == 1:
        values["community"] = own[0]   # a moderator of one group uploads into it
    return _form(request, uploads.Upload(values))


@router.post("/upload", include_in_schema=False)
async def upload_html(request: Request):
    upload = _checked(request, await uploads.handle(request))
    if upload.errors:
        return _form(request, upload, 400)
    counts = {s: sum(r.status == s for r in upload.rows) for s in uploads.STATUS_LABELS}
    return templates.TemplateResponse(request, "upload_report.html", {"rows": upload.rows, "counts": counts})


@router.post("/api/upload", summary="Bestanden uploaden (multipart: files, community, cycle, session,"
                                    " type, date, authors)")
async def upload_json(request: Request):
    upload = _checked(request, await uploads.handle(request))
    if upload.errors:
        return JSONResponse({"error": "Ongeldige invoer.", "detail": "Ongeldige invoer.", "errors": upload.errors},
                            status_code=422)
    return {"files": [row.as_dict() for row in upload.rows]}
