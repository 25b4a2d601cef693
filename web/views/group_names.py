"""For moderators: their own group's name lists (`/groep/namen?groep=`, JSON twin
`/api/groep/namen?groep=`), the lists the pseudonymiser reads (ingest._privacy):

* members whose names stay (people without an account named in reports),
* names that stay (places, organisations, projects that read like a person's name),
* known client names, always replaced: added here, never shown (kept as keyed hashes);
  the group's documents holding them are pseudonymised again at once, as the admin's
  form, `clients add` and a correction on a document page do.

The same functions as the admin's group page (web/views/admin_communities.py), with the
same audit entries under the moderator's name. Only a moderator of the group (or the
owner in local mode): anyone else, a moderator of another group, a member, an admin
without the role, gets the answer an unknown group gets (404), on every route and for
any group name a form carries, so the routes tell nobody which closed groups exist.
A change to the member or keep list applies to what is added from then on: a replaced
name is not stored anywhere, so it cannot come back in the stored text; the page says so.
"""
from __future__ import annotations

from urllib.parse import urlencode

from fastapi import APIRouter, Depends, Form, HTTPException, Query, Request
from fastapi.responses import JSONResponse, RedirectResponse

import ingest
from store import Community, audit_said
from web.access import may_moderate, upload_communities
from web.auth import check_csrf
from web.templating import templates
from web.views._params import runtime
from web.views.admin import Refusal
from web.views.admin_communities import (
    KEEP_REFUSED_ENTRY,
    KINDS,
    MAX_NAMES,
    add_client_names,
    change_names,
    checked_names,
)
from web.views.correction import MAX_FORM_CHARS, MemberNamed

router = APIRouter()
CHANGES = [Depends(check_csrf)]
NOTICES = {
    "toegevoegd": "De lijst is bijgewerkt. Documenten die vanaf nu (opnieuw) worden toegevoegd houden deze namen.",
    "verwijderd": "De lijst is bijgewerkt. Documenten die vanaf nu (opnieuw) worden toegevoegd houden deze namen"
                  " niet meer vanwege de lijst.",
    "ongewijzigd": "Er veranderde niets: die namen stonden er al (of stonden er niet op).",
}


def moderated_community(request: Request, name: str) -> Community:
    """The community `name` if the caller moderates it; 404 otherwise, the same answer as
    for a group that does not exist (exact name: 'pg noord' is not 'PG Noord')."""
    found = next((c for c in runtime(request).store.accounts.communities() if c.name == name), None)
    if found is None or not may_moderate(request, found.name):
        raise HTTPException(404, "Deze groep bestaat niet, of u bent er geen moderator van.")
    return found


def names_view(request: Request, name: str) -> dict:
    """The one function behind /groep/namen and /api/groep/namen."""
    store = runtime(request).store
    community = moderated_community(request, name)
    return {"community": community.name, "documents": community.documents,
            "pseudonymise": community.pseudonymise,
            "members": store.accounts.community_names(community.name, "member"),
            "keep": store.accounts.community_names(community.name, "keep"),
            # entries the keep list refuses now (ingest._keep): not applied, shown as refused
            "keep_refused": ingest.applied_keep(store, community.name)[1], "keep_refused_text": KEEP_REFUSED_ENTRY,
            "client_names": store.clients.client_name_count(community.name),
            "group_changes": [said(row, community.name) for row in store.accounts.group_changes(community.name)]}


def said(row: tuple, community: str) -> str:
    """An audit line about who may read the group, as its moderators read it: an admin who
    gave itself a role is named as such (tenancy round 27: no admin power is silent)."""
    at, actor, action, target = row
    who = "de eigenaar van de server (opdrachtregel)" if actor == "cli" else f"beheerder {actor}"
    what, _, rest = audit_said(action).partition(": ")
    role = rest.removesuffix(f" in {community}")   # a group's name may hold ' in ' itself
    if what == "rol gegeven":
        done = "heeft zichzelf toegevoegd als " + role if actor == target else f"gaf {target} de rol {role}"
    elif what == "rol ingetrokken":
        done = f"nam {target} de rol {role} af"
    elif what.startswith("gebruiker uitgenodigd"):
        done = f"nodigde {target} uit als {role}"
    elif what.startswith("gebruiker verwijderd"):
        done = f"verwijderde het account van {target} ({role})"
    else:
        done = f"wijzigde de instellingen van de groep ({rest})"
    return f"{who} {done} op {str(at)[:16]} (UTC)"


def _moderated(request: Request) -> list[str]:
    own = upload_communities(request)
    return [c.name for c in runtime(request).store.accounts.communities()] if own is None else own


def chosen_group(request: Request, groep: str) -> tuple[str | None, list[str]]:
    """Which group the page and its twin show: the one named, else the caller's only
    group; (None, the groups to choose from) for a moderator of several; 403 for none."""
    if groep:
        return groep, []
    own = _moderated(request)
    if not own:
        raise HTTPException(403, "Alleen moderatoren beheren de namenlijsten van hun groep.")
    return (own[0] if len(own) == 1 else None), own


@router.get("/groep/namen", include_in_schema=False)
def names_page(request: Request, groep: str = Query("", max_length=1000), melding: str = ""):
    name, choices = chosen_group(request, groep)
    if name is None:
        return templates.TemplateResponse(request, "group_names.html", {"choices": choices})
    if not groep:   # a moderator of one group: its address, to bookmark
        return RedirectResponse("/groep/namen?" + urlencode({"groep": name}), status_code=303)
    return templates.TemplateResponse(request, "group_names.html", {
        **names_view(request, name), "notice": NOTICES.get(melding)})


@router.get("/api/groep/namen", summary="Moderator: de namenlijsten van de eigen groep"
                                        " (groep: welke; zonder groep uw enige groep)")
def names_json(request: Request, groep: str = Query("", max_length=1000)):
    name, choices = chosen_group(request, groep)
    if name is None:
        message = "U modereert meer dan één groep: kies er een met ?groep=."
        return JSONResponse({"error": message, "detail": message, "choices": choices}, status_code=422)
    return names_view(request, name)


def _refused(request: Request, name: str, message: str, field: str, typed: str = "", kind: str = ""):
    """The page again, with the refusal beside the form it came from and what was typed."""
    return templates.TemplateResponse(request, "group_names.html", {
        **names_view(request, name), "error": message, "error_field": field, "typed": typed, "typed_kind": kind},
        status_code=422)


def change(request: Request, groep: str, soort: str, actie: str, namen: str) -> tuple[str, int]:
    """Check and apply a change to the member or keep list (raises Refusal); the
    community and how many names changed."""
    community = moderated_community(request, groep)
    listed = checked_names(soort, actie, namen)
    return community.name, change_names(request, community.name, soort, actie, listed)


@router.post("/groep/namen", include_in_schema=False, dependencies=CHANGES)
def names_change(request: Request, groep: str = Form("", max_length=1000), soort: str = Form(""),
                 actie: str = Form("toevoegen"), namen: str = Form("", max_length=MAX_NAMES * 101)):
    try:
        name, count = change(request, groep, soort, actie, namen)
    except Refusal as refusal:
        return _refused(request, groep, str(refusal), soort if soort in KINDS else "lijst",
                        namen if actie == "toevoegen" else "", soort)
    notice = ("toegevoegd" if actie == "toevoegen" else "verwijderd") if count else "ongewijzigd"
    return RedirectResponse("/groep/namen?" + urlencode({"groep": name, "melding": notice}), status_code=303)


@router.post("/api/groep/namen", dependencies=CHANGES,
             summary="Moderator: namen toevoegen aan of verwijderen van een lijst van de eigen groep"
                     " (groep, soort: member of keep, actie: toevoegen of verwijderen, namen: één per regel)")
def names_change_json(request: Request, groep: str = Form("", max_length=1000), soort: str = Form(""),
                      actie: str = Form("toevoegen"), namen: str = Form("", max_length=MAX_NAMES * 101)):
    try:
        name, count = change(request, groep, soort, actie, namen)
    except Refusal as refusal:
        return JSONResponse({"error": str(refusal), "detail": str(refusal)}, status_code=422)
    return {"changed": count, **names_view(request, name)}


def add_clients(request: Request, groep: str, namen: str, bevestig: str = "") -> tuple[str, str]:
    """Known client names added and the group's documents pseudonymised again (raises
    Refusal, and MemberNamed unless bevestig=1 for a member's or author's name, as a
    document page asks); the community and the notice, with counts: a moderator reads
    the group."""
    community = moderated_community(request, groep)
    return community.name, add_client_names(request, community.name, namen, reads=True, confirmed=bevestig == "1")


@router.post("/groep/clientnamen", include_in_schema=False, dependencies=CHANGES)
def clients_add(request: Request, groep: str = Form("", max_length=1000),
                namen: str = Form("", max_length=10 * MAX_FORM_CHARS), bevestig: str = Form("")):
    """A refusal keeps what was typed, as the other two lists' forms and the document page's
    correction do: five names with one refused ("kapstok") came back as an empty box
    (workflow round 38). A member's or author's name is asked again (409, bevestig=1)."""
    try:
        name, notice = add_clients(request, groep, namen, bevestig)
    except Refusal as refusal:
        return _refused(request, groep, str(refusal), "clientnamen", namen, "clientnamen")
    except MemberNamed as named:
        return templates.TemplateResponse(request, "group_names.html", {
            **names_view(request, groep), "ask": named.user, "typed": namen, "typed_kind": "clientnamen"},
            status_code=409)
    return templates.TemplateResponse(request, "group_names.html", {**names_view(request, name), "notice": notice})


@router.post("/api/groep/clientnamen", dependencies=CHANGES,
             summary="Moderator: cliëntnamen toevoegen aan de eigen groep; haar documenten opnieuw pseudonimiseren")
def clients_add_json(request: Request, groep: str = Form("", max_length=1000),
                     namen: str = Form("", max_length=10 * MAX_FORM_CHARS), bevestig: str = Form("")):
    try:
        name, notice = add_clients(request, groep, namen, bevestig)
    except Refusal as refusal:
        return JSONResponse({"error": str(refusal), "detail": str(refusal)}, status_code=422)
    except MemberNamed as named:   # sent again with bevestig=1, they are listed
        return JSONResponse({"error": named.user, "detail": named.user, "people": named.people,
                             "confirm": "bevestig=1"}, status_code=409)
    return {"notice": notice, **names_view(request, name)}
