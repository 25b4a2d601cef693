"""For beheerders (admins): `/beheer`, the users and communities, and each user's
page (`/beheer/gebruiker?naam=`), where an admin invites a user with a one-time
link, grants and revokes roles, makes a new link for a forgotten password, unlocks
a login, revokes API tokens and deletes the account; `/beheer/audit`, who viewed,
uploaded, exported, changed and deleted what, and when. Communities are managed
in web.views.admin_communities. Each page has a JSON twin under /api/beheer from
the same function.

Only admins: every route starts with `require_admin` (403 for anyone else);
every change is a CSRF-checked POST and is written to the audit log. The CLI
(`praktijkgeheugen users ...`) does the same from scripts, through the same store
functions.

In local mode (no accounts) user management is refused: the first account would
end local mode and leave the one who made it outside. The first admin is made with
`praktijkgeheugen users add NAAM --admin`.
"""
from __future__ import annotations

import unicodedata
from dataclasses import asdict
from urllib.parse import urlencode

from fastapi import APIRouter, Depends, Form, HTTPException, Query, Request
from fastapi.responses import RedirectResponse

from store import (
    LINK_DAYS,
    OWNER_ACTORS,
    ROLES,
    AccountError,
    User,
    acting_in,
    audit_said,
    drawn_like_another,
    reserved_name,
    user_name_refused_characters,
)
from web.access import actor, audit, require_admin
from web.auth import check_csrf, identify
from web.templating import templates
from web.views._params import runtime

router = APIRouter()


def in_browser(request: Request) -> None:
    """An admin's change of accounts, roles or groups comes from a web session, never with an
    API token (403), as a change of one's own account does (web.views.account.in_session). A
    token is for scripts that read the admin's JSON pages; an admin's token that leaked made a
    new-password link for any account (its own too: the link outlives the tokens it ends),
    gave itself a role in a closed group and read its cases, or opened the group
    (tests/security/test_tenancy30_admin_tokens.py)."""
    if identify(request).via_token:
        raise HTTPException(403, "Accounts, rollen en groepen wijzigt u in de browser, niet met een API-token.")


CHANGES = [Depends(check_csrf), Depends(in_browser)]   # every admin change (web.views.admin_communities too)
MAX_NAME = 100   # characters of a user name, as of a community name

ROLE_TEXT = {"lid": "lid", "moderator": "moderator", "onderzoeker": "onderzoeker"}
# Redirect codes after a change: the page says what happened (nothing of the request is echoed).
NOTICES = {
    "rol": "De rol is gegeven.",
    "rol-weg": "De rol is ingetrokken.",
    "ontgrendeld": "De gebruiker kan weer inloggen: eerdere mislukte pogingen zijn vergeten.",
    "tokens": "Alle API-tokens van deze gebruiker werken niet meer.",
    "verwijderd": "De gebruiker is verwijderd.",
    "groep-verwijderd": "De groep is verwijderd, met al haar documenten, rollen, namenlijsten en pakketten.",
}


class Refusal(Exception):
    """A change that cannot be made as asked; the message is for the admin (Dutch)."""


def admin_only(request: Request) -> None:
    """An admin's route acts by the admin flag, not by a role: under the writer lock the
    flag is checked again, not the roles the admin has in groups (store._rights)."""
    require_admin(request)
    acting_in()


def manages_users(request: Request) -> None:
    """User management needs a logged-in admin: not in local mode (see the module doc)."""
    admin_only(request)
    if identify(request).local_mode:
        raise HTTPException(403, "In lokale modus zijn er geen accounts. Maak eerst een beheerder aan met"
                                 " 'praktijkgeheugen users add NAAM --admin' en log dan in.")


LOOKALIKE = ("Deze naam mengt letters uit verschillende alfabetten in één woord, of heeft een leeg teken dat geen"
             " spatie is; zo lijkt hij op een andere naam. Typ hem in één alfabet, met gewone spaties.")


def check_name(name: str) -> str:
    """A user name a login form, a page and a log line can carry."""
    name = name.strip()
    if not name or len(name) > MAX_NAME or any(unicodedata.category(ch).startswith("C") for ch in name):
        raise Refusal(f"Een gebruikersnaam heeft 1 tot {MAX_NAME} tekens, zonder stuurtekens.")
    if drawn_like_another(name):   # 'Liеn' with a Cyrillic 'е' is drawn as 'Lien'
        raise Refusal(LOOKALIKE)
    if refused := user_name_refused_characters(name):   # 'nieuw lid!' (store.USER_NAME_MARKS says why)
        raise Refusal("Een gebruikersnaam bevat alleen letters, cijfers, spaties en de tekens . - _ ' @ (zoals in"
                      f" 'Lien Peeters-Claes' of 'l.peeters@ocmw.be'). Niet toegestaan: {' '.join(f'‘{ch}’' for ch in refused)}."
                      " Er is niemand uitgenodigd.")
    if reserved_name(name):   # 'cli': its lines would read as the server owner's (store.RESERVED_ACTORS)
        raise Refusal("Deze naam gebruikt het auditlogboek voor de eigenaar van de server of de lokale modus."
                      " Kies een andere naam.")
    return name


def own_name(request: Request) -> str | None:
    """The caller's user name; None in local mode (no account)."""
    caller = identify(request).user
    return caller.name if caller else None


def known_user(request: Request, name: str) -> User:
    try:
        return runtime(request).store.accounts.user(name)
    except AccountError:
        raise HTTPException(404, "Deze gebruiker bestaat niet.") from None


def link_for(request: Request, token: str) -> str:
    """The address the admin sends; under the root path a reverse proxy gives."""
    return str(request.base_url).rstrip("/") + "/uitnodiging/" + token


def user_status(request: Request, user: User, links: dict) -> str:
    if request.app.state.login_limiter.locked(user.name.casefold(),
                                              runtime(request).store.accounts.login_unlocked_at(user.name)):
        return "geblokkeerd na te veel mislukte pogingen"
    link = links.get(user.name)
    if link is None:
        return "actief"
    what = "uitgenodigd" if link.purpose == "invite" else "nieuw wachtwoord gevraagd"
    return f"{what}, link geldig tot {link.expires_at[:10]}"


# --- the overview -------------------------------------------------------------
def overview_view(request: Request) -> dict:
    """The one function behind /beheer and /api/beheer."""
    store = runtime(request).store
    links = store.invitations.pending()
    users = [{"name": u.name, "is_admin": u.is_admin, "roles": u.roles,
              "display_name": store.profiles.get(u.name).display_name,
              "status": user_status(request, u, links)} for u in store.accounts.users()]
    return {"users": users, "communities": [asdict(c) for c in store.accounts.communities()],
            "roles": list(ROLES), "local_mode": identify(request).local_mode}


@router.get("/beheer", include_in_schema=False, dependencies=[Depends(admin_only)])
def overview(request: Request, melding: str = ""):
    return templates.TemplateResponse(request, "admin.html", {**overview_view(request),
                                                              "notice": NOTICES.get(melding)})


@router.get("/api/beheer", dependencies=[Depends(admin_only)], summary="Beheer: gebruikers en groepen")
def overview_json(request: Request) -> dict:
    return overview_view(request)


@router.get("/beheer/audit", include_in_schema=False, dependencies=[Depends(admin_only)])
def audit_page(request: Request, limit: int = Query(200, ge=1, le=5000)):
    return templates.TemplateResponse(request, "audit.html", {
        "entries": [(at, who, audit_said(action), target, address) for at, who, action, target, address
                    in runtime(request).store.accounts.audit_log(limit, addresses=True, reads=_reads(request))],
        "limit": limit, "owner_actors": OWNER_ACTORS})


def _reads(request: Request) -> set[str] | None:
    """The groups whose statistics (documents pseudonymised again) the audit log gives the
    caller: the admin's own; None (every line whole) in local mode, the owner's."""
    caller = identify(request)
    return None if caller.local_mode or caller.user is None else set(caller.user.roles)


@router.get("/api/beheer/audit", dependencies=[Depends(admin_only)], summary="Beheer: het auditlogboek")
def audit_json(request: Request, limit: int = Query(200, ge=1, le=5000)) -> dict:
    """/beheer/audit's twin, with the same bounds on `limit` and the same lines (tenancy attack
    39: it gave an admin the counts of a closed group the page leaves out)."""
    return {"entries": runtime(request).store.accounts.audit_entries(limit, _reads(request)), "limit": limit}


# --- inviting -------------------------------------------------------------------
def invite(request: Request, name: str, admin: bool, community: str, role: str) -> str:
    """Make the account (with a password nobody knows), give it its first role and
    return the one-time link with which the user sets their password."""
    store = runtime(request).store
    name = check_name(name)
    if store.accounts.twin_user(name):   # also 'Liën' composed or decomposed, 'Ｌｉｅｎ' (store.name_key)
        raise Refusal("Er is al een gebruiker met deze naam. Kies een andere naam, of maak op de pagina"
                      " van die gebruiker een nieuwe link.")
    if community and not store.accounts.has_community(community):
        raise Refusal("Deze groep bestaat niet.")
    if community and role not in ROLES:
        raise Refusal("Kies een rol: " + ", ".join(ROLES) + ".")
    # account, role, link and audit line in one transaction, under the writer lock: the
    # caller's admin flag is checked again once, before the account is made (store._rights);
    # a crash leaves all four or none (Invitations.invite)
    token = store.invitations.invite(name, admin, community or None, role, *actor(request))
    return link_for(request, token)


@router.post("/beheer/gebruiker/uitnodigen", include_in_schema=False,
             dependencies=[Depends(manages_users), *CHANGES])
def invite_page(request: Request, naam: str = Form("", max_length=1000), beheerder: str = Form(""),
                groep: str = Form(""), rol: str = Form("lid")):
    """A refused invitation shows the form again as it was filled in: with the group and
    role reset, the admin who corrected only the name made an account without any role
    (it sees nothing) and was not told (workflow round 38)."""
    try:
        link = invite(request, naam, bool(beheerder), groep, rol)
    except Refusal as refusal:
        return templates.TemplateResponse(request, "admin.html", {
            **overview_view(request), "error": str(refusal), "invite_name": naam, "invite_community": groep,
            "invite_role": rol, "invite_admin": bool(beheerder)}, status_code=422)
    return templates.TemplateResponse(request, "admin_link.html", {
        "name": naam.strip(), "link": link, "purpose": "invite", "days": LINK_DAYS,
        "role": rol if groep else None, "community": groep or None})


# --- one user -------------------------------------------------------------------
def user_view(request: Request, name: str) -> dict:
    """The one function behind /beheer/gebruiker and /api/beheer/gebruiker."""
    store = runtime(request).store
    user = known_user(request, name)
    profile = store.profiles.get(user.name)
    return {"name": user.name, "is_admin": user.is_admin, "roles": user.roles,
            "display_name": profile.display_name, "organisation": profile.organisation,
            "email": profile.email, "contact": profile.contact,
            "tokens": len(store.profiles.tokens(user.name)),
            "status": user_status(request, user, store.invitations.pending()),
            "communities": [c.name for c in store.accounts.communities()], "all_roles": list(ROLES),
            "is_self": own_name(request) == user.name}


@router.get("/beheer/gebruiker", include_in_schema=False, dependencies=[Depends(manages_users)])
def user_page(request: Request, naam: str = Query(..., max_length=1000), melding: str = ""):
    return templates.TemplateResponse(request, "admin_user.html", {
        **user_view(request, naam), "notice": NOTICES.get(melding)})


@router.get("/api/beheer/gebruiker", dependencies=[Depends(manages_users)], summary="Beheer: één gebruiker")
def user_json(request: Request, naam: str = Query(..., max_length=1000)) -> dict:
    return user_view(request, naam)


def _back(name: str, notice: str) -> RedirectResponse:
    return RedirectResponse("/beheer/gebruiker?" + urlencode({"naam": name, "melding": notice}), status_code=303)


def _refused(request: Request, name: str, refusal: Refusal):
    return templates.TemplateResponse(request, "admin_user.html", {**user_view(request, name), "error": str(refusal)},
                                      status_code=422)


@router.post("/beheer/gebruiker/rol", include_in_schema=False, dependencies=[Depends(manages_users), *CHANGES])
def grant(request: Request, naam: str = Form(...), groep: str = Form(""), rol: str = Form("")):
    store = runtime(request).store
    with store.writer():   # the account, its role and the audit line in one hold (tenancy 29)
        user = known_user(request, naam)
        try:
            if not store.accounts.has_community(groep):
                raise Refusal("Kies een bestaande groep.")
            if rol not in ROLES:
                raise Refusal("Kies een rol: " + ", ".join(ROLES) + ".")
        except Refusal as refusal:
            return _refused(request, naam, refusal)
        store.accounts.grant(user.name, groep, rol, *actor(request))   # with its line, in one transaction
    return _back(user.name, "rol")


@router.post("/beheer/gebruiker/rol-intrekken", include_in_schema=False,
             dependencies=[Depends(manages_users), *CHANGES])
def revoke(request: Request, naam: str = Form(...), groep: str = Form("")):
    store = runtime(request).store
    with store.writer():   # the role read, taken and logged in one hold
        user = known_user(request, naam)
        if groep not in user.roles:
            return _refused(request, naam, Refusal("Deze gebruiker heeft geen rol in die groep."))
        store.accounts.revoke(user.name, groep, *actor(request))   # with its line, in one transaction
    return _back(user.name, "rol-weg")


@router.post("/beheer/gebruiker/herstellen", include_in_schema=False,
             dependencies=[Depends(manages_users), *CHANGES])
def reset(request: Request, naam: str = Form(...)):
    """A new one-time link; the old password, sessions and tokens stop working now."""
    with runtime(request).store.writer():   # the account as read, its link and the audit line in one hold
        user = known_user(request, naam)
        token = runtime(request).store.invitations.issue(user.name, "reset", *actor(request))   # with its line
    return templates.TemplateResponse(request, "admin_link.html", {
        "name": user.name, "link": link_for(request, token), "purpose": "reset", "days": LINK_DAYS})


@router.post("/beheer/gebruiker/ontgrendelen", include_in_schema=False,
             dependencies=[Depends(manages_users), *CHANGES])
def unlock(request: Request, naam: str = Form(...)):
    with runtime(request).store.writer():   # the admin flag checked again, the line with the change
        user = known_user(request, naam)
        runtime(request).store.accounts.unlock_login(user.name)
        audit(request, "inloggen ontgrendeld", user.name)
    return _back(user.name, "ontgrendeld")


@router.post("/beheer/gebruiker/tokens-intrekken", include_in_schema=False,
             dependencies=[Depends(manages_users), *CHANGES])
def revoke_tokens(request: Request, naam: str = Form(...)):
    # the account read, its tokens ended and the line written in one hold: an account deleted
    # meanwhile is a 404, and a new account of its name keeps its tokens (tenancy 29)
    with runtime(request).store.writer():
        user = known_user(request, naam)
        ended = runtime(request).store.accounts.revoke_tokens(user.name)
        audit(request, f"API-tokens ingetrokken: {ended}", user.name)
    return _back(user.name, "tokens")


@router.post("/beheer/gebruiker/verwijderen", include_in_schema=False,
             dependencies=[Depends(manages_users), *CHANGES])
def delete(request: Request, naam: str = Form(...), bevestig: str = Form(""), auteurschap: str = Form("")):
    with runtime(request).store.writer():   # the roles read, the account deleted and each line in one hold
        user = known_user(request, naam)
        try:
            if own_name(request) == user.name:
                raise Refusal("U kunt uw eigen account niet verwijderen: vraag het een andere beheerder.")
            if bevestig != user.name:
                raise Refusal("Typ ter bevestiging de gebruikersnaam over.")
        except Refusal as refusal:
            return _refused(request, naam, refusal)
        # one line per group it had a role in (its moderators read it), in the deletion's transaction
        runtime(request).store.accounts.delete_user(user.name, bool(auteurschap), *actor(request))
    return RedirectResponse("/beheer?melding=verwijderd", status_code=303)
