"""Logging in and out (`/inloggen`, `/uitloggen`). Login is rate limited per (user
name, address), per name and per address (web.auth.LoginLimiter; the address as
web.proxy finds it; a browser that logged in as the name before is counted apart, so a
colleague behind the same address cannot lock its user out), always starts a new session (no session fixation), and its
form carries a CSRF token like every other form that changes something."""
from __future__ import annotations

from fastapi import APIRouter, Depends, Form, Query, Request
from fastapi.responses import RedirectResponse

from store import AccountError
from web import packs
from web.access import audit
from web.auth import check_csrf, end_session, identify, safe_target, start_session
from web.proxy import client_address
from web.templating import templates

router = APIRouter()
WRONG = "Onbekende gebruikersnaam of verkeerd wachtwoord."
PASSWORD_SET = "Uw wachtwoord is ingesteld. Log nu in met uw gebruikersnaam en dat wachtwoord."
BLOCKED = "Te veel mislukte pogingen. Wacht een kwartier en probeer het dan opnieuw."


def _form(request: Request, terug: str, name: str = "", error: str | None = None, status: int = 200,
          notice: str | None = None):
    return templates.TemplateResponse(request, "login.html", {
        "terug": safe_target(terug), "name": name, "error": error, "notice": notice}, status_code=status)


@router.get("/inloggen", include_in_schema=False)
def login_page(request: Request, terug: str = "/", naam: str = Query("", max_length=200), ingesteld: str = ""):
    caller = identify(request)
    if caller.user is not None or caller.local_mode:
        return RedirectResponse(safe_target(terug), status_code=303)
    return _form(request, terug, naam, notice=PASSWORD_SET if ingesteld else None)


@router.post("/inloggen", include_in_schema=False, dependencies=[Depends(check_csrf)])
def login(request: Request, naam: str = Form("", max_length=200), wachtwoord: str = Form("", max_length=1000),
          terug: str = Form("/")):
    store, limiter, address = request.app.state.runtime.store, request.app.state.login_limiter, client_address(request)
    device = limiter.device(request, naam)   # this browser logged in as this name before
    attempt = limiter.reserve(   # counted before the password is checked
        naam.casefold(), address, store.accounts.login_unlocked_at(naam), device)
    if attempt is None:
        return _form(request, terug, naam, BLOCKED, 429)
    user = store.accounts.verify_password(naam, wachtwoord)
    if user is None and device is None and limiter.address_full(address):   # an unlocked name: as any other
        return _form(request, terug, naam, BLOCKED, 429)
    if user is None:
        return _form(request, terug, naam, WRONG, 401)
    limiter.succeeded(attempt)
    target = safe_target(terug)
    if target == "/" and store.accounts.reset_links(user.name):   # whoever held the link could log in as them
        target = "/account?melding=herstellink#herstellinks"
    response = RedirectResponse(target, status_code=303)
    try:
        start_session(request, response, user)
    except AccountError:   # the account was deleted since its password was checked (its number reused)
        return _form(request, terug, naam, WRONG, 401)
    limiter.remember(request, response, naam)
    response.delete_cookie(packs.COOKIE)   # the pack of whoever used this browser before
    store.accounts.audit(user.name, "ingelogd", None, client_address(request))
    return response


@router.post("/uitloggen", include_in_schema=False, dependencies=[Depends(check_csrf)])
def logout(request: Request):
    audit(request, "uitgelogd")
    response = RedirectResponse("/inloggen", status_code=303)
    end_session(request, response)
    response.delete_cookie(packs.COOKIE)
    return response
