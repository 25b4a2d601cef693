"""The one-time link an admin sends (`/uitnodiging/{token}`): the invited user, or
one whose password was reset, sets a password and is logged in. Public (the
visitor has no session yet), CSRF-checked like the login form; then the user logs in.

A link that cannot be used gets a page saying why (unknown, used, expired) and
whom to ask; the account behind a link is shown only for a usable link, so a
guessed token tells nothing. Tokens carry 256 random bits: guessing is no
attack, but the store keeps only their hash (store._invitations).
"""
from __future__ import annotations

from urllib.parse import urlencode

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import RedirectResponse

from store import LinkError
from web.auth import check_csrf
from web.templating import templates
from web.views._params import runtime
from web.views.account import MIN_PASSWORD

router = APIRouter()
MAX_TOKEN_CHARS = 100   # a link token is 43 characters; anything much longer is not one of ours
WHY = {
    "unknown": "Deze link kennen we niet. Controleer of u de hele link uit de mail hebt gekopieerd.",
    "used": "Deze link is al gebruikt. Log in met het wachtwoord dat u toen koos, of vraag de beheerder"
            " om een nieuwe link.",
    "expired": "Deze link is verlopen. Vraag de beheerder om een nieuwe link.",
}


def _find(request: Request, token: str):
    if len(token) > MAX_TOKEN_CHARS:
        raise LinkError("unknown")
    return runtime(request).store.invitations.find(token)


def _unusable(request: Request, error: LinkError):
    return templates.TemplateResponse(request, "invitation.html", {"why": WHY[error.reason]}, status_code=410
                                      if error.reason != "unknown" else 404)


@router.get("/uitnodiging/{token}", include_in_schema=False)
def link_page(request: Request, token: str):
    try:
        link = _find(request, token)
    except LinkError as error:
        return _unusable(request, error)
    return templates.TemplateResponse(request, "invitation.html", {"link": link, "token": token})


@router.post("/uitnodiging/{token}", include_in_schema=False, dependencies=[Depends(check_csrf)])
def set_password(request: Request, token: str, wachtwoord: str = Form("", max_length=1000),
                 herhaal: str = Form("", max_length=1000)):
    store = runtime(request).store
    try:
        link = _find(request, token)
        problem = (f"Een wachtwoord heeft minstens {MIN_PASSWORD} tekens." if len(wachtwoord) < MIN_PASSWORD
                   else "De twee wachtwoorden zijn niet gelijk." if wachtwoord != herhaal else None)
        if problem:
            return templates.TemplateResponse(request, "invitation.html", {
                "link": link, "token": token, "error": problem}, status_code=422)
        name = store.invitations.redeem(token, wachtwoord)
    except LinkError as error:
        return _unusable(request, error)
    store.accounts.audit(name, "wachtwoord ingesteld met " + ("uitnodiging" if link.purpose == "invite" else "herstellink"),
                name)
    # The user logs in with it at once: the browser offers to remember it, and a typo
    # shows now rather than at the next visit.
    return RedirectResponse("/inloggen?" + urlencode({"naam": name, "ingesteld": "1"}), status_code=303)
