"""The status page for beheerders (`/status`, JSON `/api/status`): version, schema,
model, documents and passages per community, the last ingest, backup and theme
tagging, disk use and the consistency check, from the one function behind
`praktijkgeheugen status` (store.health.report).

The check reads every chunk and vector id, so its cost grows with the index (3 ms for
the demo's 172 passages; store._health), so a GET shows its last recorded result and
when it ran (by `check`, `status` or this page);
the button "Nu controleren" (a CSRF-checked POST, `/api/status/check` for scripts)
runs it again. Only admins: the counts per community would tell of closed groups.
"""
from __future__ import annotations

from fastapi import APIRouter, Depends, Request
from fastapi.responses import RedirectResponse

from web.access import audit, require_admin
from web.auth import check_csrf
from web.templating import templates
from web.views._params import runtime

router = APIRouter()
CHANGES = [Depends(check_csrf)]
NOTICES = {"gecontroleerd": "De controle is opnieuw uitgevoerd."}
# The check's kinds of difference as the page says them.
FOUND = {
    "leftovers": "half verwerkte documentversies (afgebroken invoer)",
    "missing_lexical": "passages zonder trefwoordindex",
    "orphan_lexical": "trefwoordregels zonder passage",
    "missing_vectors": "passages zonder vector",
    "orphan_vectors": "vectoren zonder passage",
    "abandoned_collections": "achtergelaten vectorcollecties",
    "stray_files": "geüploade bestanden zonder document",
    "foreign_paths": "documenten met het pad van een bestand van elders (oudere versie)",
    "staging_copies": "kopieën van een reservekopie die een afgebroken herstel in de gegevensmap liet",
    "misplaced": "documenten onder de naam van een andere groep (opgeslagen door een oudere versie)",
    "erase_pending": "verwijderd materiaal nog uit de indexbestanden te wissen",
}
DETAILS = {"ingested": "toegevoegd", "replaced": "vervangen", "unchanged": "ongewijzigd", "failed": "mislukt",
           "passages": "passages", "documents": "documenten", "bytes": "bytes", "file": "bestand", "error": "fout"}
JOBS = {"ingest": "Laatste invoer", "backup": "Laatste reservekopie (praktijkgeheugen backup)",
        "themes": "Laatste themalabeling"}


def admin_only(request: Request) -> None:
    require_admin(request)


def status_view(request: Request, run_check: bool = False) -> dict:
    """The one function behind /status and /api/status (and their POSTs)."""
    return runtime(request).store.health.report(run_check=run_check).as_dict()


@router.get("/status", include_in_schema=False, dependencies=[Depends(admin_only)])
def status_page(request: Request, melding: str = ""):
    return templates.TemplateResponse(request, "status.html", {
        "status": status_view(request), "found": FOUND, "jobs": JOBS, "details": DETAILS, "notice": NOTICES.get(melding)})


@router.get("/api/status", dependencies=[Depends(admin_only)], summary="Beheer: status van de installatie")
def status_json(request: Request) -> dict:
    return status_view(request)


@router.post("/status/controleren", include_in_schema=False, dependencies=[Depends(admin_only), *CHANGES])
def check_page(request: Request):
    status_view(request, run_check=True)
    audit(request, "consistentiecontrole uitgevoerd")
    return RedirectResponse("/status?melding=gecontroleerd", status_code=303)


@router.post("/api/status/check", dependencies=[Depends(admin_only), *CHANGES],
             summary="Beheer: de consistentiecontrole nu uitvoeren")
def check_json(request: Request) -> dict:
    answer = status_view(request, run_check=True)
    audit(request, "consistentiecontrole uitgevoerd")
    return answer
