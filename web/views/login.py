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
from web.auth import SESSION_COOKIE, check_csrf, end_session, identify, safe_target, start_session
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
    try:   # the session and its audit line in one transaction, while the account is as checked
        start_session(request, response, user, "ingelogd")
    except AccountError:   # deleted (its name, its number reused) or its password changed since the check
        return _form(request, terug, naam, WRONG, 401)
    limiter.remember(request, response, naam)
    response.delete_cookie(packs.COOKIE)   # the pack of whoever used this browser before
    return response


@router.post("/uitloggen", include_in_schema=False, dependencies=[Depends(check_csrf)])
def logout(request: Request):
    """The session and its audit line end together, under the account the session still
    belongs to: a logout racing the account's deletion ends nothing and writes no line in
    the name, which may be a new account's by then (tenancy 29). Without a session (local
    mode, an API token) the line is written as before."""
    response = RedirectResponse("/inloggen", status_code=303)
    by_session = bool(request.cookies.get(SESSION_COOKIE)) and not identify(request).via_token
    if not by_session:
        audit(request, "uitgelogd")
    end_session(request, response, "uitgelogd" if by_session else None)
    response.delete_cookie(packs.COOKIE)
    return response
