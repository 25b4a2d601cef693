"""For beheerders (admins): `/beheer`, the users with their roles and the
communities with their sharing policy, and `/beheer/audit`, who viewed, uploaded,
exported and deleted what, and when. Changes are made with the admin CLI
(`praktijkgeheugen users ...`, `communities ...`), which is scriptable."""
from __future__ import annotations

from fastapi import APIRouter, Query, Request

from web.access import require_admin
from web.templating import templates
from web.views._params import runtime

router = APIRouter()


@router.get("/beheer", include_in_schema=False)
def overview(request: Request):
    require_admin(request)
    store = runtime(request).store
    return templates.TemplateResponse(request, "admin.html", {
        "users": store.accounts.users(), "communities": store.accounts.communities()})


@router.get("/beheer/audit", include_in_schema=False)
def audit_page(request: Request, limit: int = Query(200, ge=1, le=5000)):
    require_admin(request)
    return templates.TemplateResponse(request, "audit.html", {
        "entries": runtime(request).store.accounts.audit_log(limit), "limit": limit})
