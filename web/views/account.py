"""Self-service for every logged-in user (`/account`, JSON twin `/api/account`):
change their password (the current one is asked, and counted by the login
limiter like a login), the name shown for them and their organisation, an
optional e-mail address and whether others may contact them through it (person
pages, "wie nog?", show it only then), and their personal API tokens: made with
an optional label and expiry and shown once, listed, revoked one by one.

Changes come from a web session only, never with an API token: a token that
leaked must not make more tokens or change the password. Every change is
CSRF-checked and audited (never the password, e-mail or token itself).
"""
from __future__ import annotations

from dataclasses import asdict

from fastapi import APIRouter, Depends, Form, HTTPException, Request
from fastapi.responses import RedirectResponse

from store import MAX_TOKEN_DAYS, MIN_PASSWORD, RESET_NOTICE_DAYS, AccountError, User, acting_in
from web.access import audit
from web.auth import check_csrf, identify, start_session
from web.proxy import client_address
from web.templating import templates
from web.views._params import runtime
from web.views.admin import Refusal

router = APIRouter()
CHANGES = [Depends(check_csrf)]
NOTICES = {
    "herstellink": f"Voor uw account is in de afgelopen {RESET_NOTICE_DAYS} dagen een link gemaakt om een nieuw wachtwoord"
                   " in te stellen, of heeft de eigenaar van de server er een nieuw wachtwoord voor gezet (zie"
                   " hieronder door wie en wanneer). Wie die link heeft, kan als u inloggen; wie dat wachtwoord"
                   " zette ook. Vroeg u er niet om, meld het dan aan een moderator van uw groep of de eigenaar van de"
                   " server.",
    "profiel": "Uw gegevens zijn bewaard.",
    "ingetrokken": "Het token werkt niet meer.",
}


def account_holder(request: Request) -> User:
    """The logged-in user (local mode has no account to keep)."""
    user = identify(request).user
    if user is None:
        raise HTTPException(403, "In lokale modus zijn er geen accounts: er is niets om in te stellen.")
    return user


def in_session(request: Request) -> User:
    """The logged-in user, through the web (a change never comes with an API token)."""
    user = account_holder(request)
    if identify(request).via_token:
        raise HTTPException(403, "Uw account wijzigt u in de browser, niet met een API-token.")
    acting_in()   # one's own account: checked again under the writer lock is the account, no role
    return user


def account_view(request: Request) -> dict:
    """The one function behind /account and /api/account."""
    user = account_holder(request)
    store = runtime(request).store
    return {"profile": asdict(store.profiles.get(user.name)), "roles": user.roles, "is_admin": user.is_admin,
            "tokens": [asdict(t) for t in store.profiles.tokens(user.name)], "max_token_days": MAX_TOKEN_DAYS,
            "reset_links": [{"at": at, "by": by, "what": what} for at, by, what in store.accounts.reset_links(user.name)]}


@router.get("/account", include_in_schema=False)
def account_page(request: Request, melding: str = ""):
    return templates.TemplateResponse(request, "account.html", {**account_view(request),
                                                                "notice": NOTICES.get(melding)})


@router.get("/api/account", summary="Mijn account: gegevens, rollen en API-tokens (nooit de tokens zelf)")
def account_json(request: Request) -> dict:
    return account_view(request)


def _page(request: Request, status: int = 200, **extra):
    return templates.TemplateResponse(request, "account.html", {**account_view(request), **extra},
                                      status_code=status)


@router.post("/account/wachtwoord", include_in_schema=False, dependencies=CHANGES)
def change_password(request: Request, huidig: str = Form("", max_length=1000), nieuw: str = Form("", max_length=1000),
                    herhaal: str = Form("", max_length=1000)):
    """Ends every session and API token of the account (store.accounts.set_password) and
    starts a new session here, so only this browser stays logged in."""
    user, store = in_session(request), runtime(request).store
    limiter = request.app.state.login_limiter
    attempt = limiter.reserve(user.name.casefold(), client_address(request),   # as a login (web.views.login)
                              store.accounts.login_unlocked_at(user.name), limiter.device(request, user.name))
    try:
        if attempt is None:
            raise Refusal("Te veel mislukte pogingen. Wacht een kwartier en probeer het dan opnieuw.")
        if store.accounts.verify_password(user.name, huidig) is None:
            raise Refusal("Uw huidige wachtwoord klopt niet.")
        limiter.succeeded(attempt)
        if len(nieuw) < MIN_PASSWORD:
            raise Refusal(f"Een wachtwoord heeft minstens {MIN_PASSWORD} tekens.")
        if nieuw != herhaal:
            raise Refusal("De twee nieuwe wachtwoorden zijn niet gelijk.")
    except Refusal as refusal:
        return _page(request, 422, password_error=str(refusal))
    # the password, its audit line and this browser's new session in one hold of the writer
    # lock: the new session is for the account whose password changed, not for one that took
    # its name meanwhile (tenancy 29)
    with store.writer():
        ended = store.accounts.set_password(user.name, nieuw)
        audit(request, f"eigen wachtwoord gewijzigd ({ended} API-token(s) beëindigd)", user.name)
        response = _page(request, notice=f"Uw wachtwoord is gewijzigd. U bent overal uitgelogd behalve hier;"
                                         f" {ended} API-token(s) werken niet meer.")
        start_session(request, response, user)
    limiter.remember(request, response, user.name)   # the new password ended this browser's token too
    return response


@router.post("/account/gegevens", include_in_schema=False, dependencies=CHANGES)
def profile(request: Request, weergavenaam: str = Form("", max_length=1000),
            organisatie: str = Form("", max_length=1000), email: str = Form("", max_length=1000),
            contact: str = Form("")):
    user, store = in_session(request), runtime(request).store
    try:
        with store.writer():   # the change and its audit line in one hold
            store.profiles.set(user.name, weergavenaam, organisatie, email, bool(contact))
            audit(request, "eigen gegevens gewijzigd", user.name)
    except AccountError as error:
        why = (f"'{email.strip()}' is geen e-mailadres (bijvoorbeeld naam@organisatie.be)" if "e-mail" in str(error)
               else "een naam of organisatie heeft hoogstens 200 tekens, zonder stuurtekens")
        return _page(request, 422, profile_error=f"Niets bewaard: {why}.")
    return RedirectResponse("/account?melding=profiel", status_code=303)


@router.post("/account/tokens", include_in_schema=False, dependencies=CHANGES)
def create_token(request: Request, label: str = Form("", max_length=1000), dagen: str = Form("")):
    """The token is shown on this answer only; afterwards only its label and dates."""
    user, store = in_session(request), runtime(request).store
    try:
        days = int(dagen) if dagen.strip() else None
        with store.writer():   # the token and its audit line in one hold
            token = store.accounts.create_token(user.name, days, label)
            audit(request, "eigen API-token gemaakt" + (f" ({days} dagen)" if days else ""), user.name)
    except (ValueError, AccountError):
        return _page(request, 422, token_error=f"Geef een geldigheid van 1 tot {MAX_TOKEN_DAYS} dagen (of laat"
                                               " het leeg) en een label van hoogstens 100 tekens.")
    return _page(request, new_token=token)


@router.post("/account/tokens/intrekken", include_in_schema=False, dependencies=CHANGES)
def revoke_token(request: Request, token_id: str = Form(..., alias="nummer", max_length=100)):
    user = in_session(request)
    with runtime(request).store.writer():   # the revocation and its audit line in one hold
        if not runtime(request).store.profiles.revoke_token(user.name, token_id):
            raise HTTPException(404, "U heeft geen token met dit kenmerk.")
        audit(request, f"eigen API-token {token_id} ingetrokken", user.name)
    return RedirectResponse("/account?melding=ingetrokken", status_code=303)
