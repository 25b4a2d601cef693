"""For beheerders: create a community (`/beheer/groep/nieuw`) and change it on its
page (`/beheer/groep?naam=`, JSON twin `/api/beheer/groep?naam=`): closed or
shared with the network, pseudonymisation on or off, the members whose names stay
(people without an account), the places and organisations whose names stay, and
known client names (added, never shown: they are kept as hashes); delete it for
good (`/beheer/groep/verwijderen?naam=`: a confirm page where the name is typed
again, then a post through ingest.delete_community, as `communities delete`).

The same store and ingest functions as `communities add/set/delete`, `members add`,
`keep add` and `clients add`; only admins (403 otherwise); every change is a
CSRF-checked POST written to the audit log, which names counts, never a client
name.
"""
from __future__ import annotations

import unicodedata
from urllib.parse import urlencode

from fastapi import APIRouter, Depends, Form, HTTPException, Query, Request
from fastapi.responses import JSONResponse, RedirectResponse

import ingest
from store import SHARING, AccountError, acting_in, drawn_like_another
from web.access import actor, audit
from web.auth import identify
from web.labels import counted
from web.runtime import tag_in_background
from web.templating import templates
from web.views._params import runtime
from web.views.admin import CHANGES, LOOKALIKE, Refusal, admin_only, overview_view
from web.views.correction import MAX_FORM_CHARS, MemberNamed

router = APIRouter()
KEEP_REFUSAL = ("Regel {number} is de naam van een persoon, of er staat een cliëntnaam van de groep in: zo'n naam"
                " zou in elk nieuw document blijven staan. Deze lijst is voor organisaties, plaatsen en projecten;"
                " schrijf die voluit (bijvoorbeeld 'AZ Maria Middelares' of 'Buurthuis De Linde'). Is het een"
                " lid van de groep, zet de naam dan op de ledenlijst. Een cliëntnaam blijft nooit staan. Er is"
                " niets toegevoegd.")
MEMBER_REFUSAL = ("Regel {number} bevat een cliëntnaam van de groep: een lid blijft in elk nieuw document staan,"
                  " een cliënt nooit. Er is niets toegevoegd.")
KEEP_REFUSED_ENTRY = ("deze naam leest als de naam van een persoon, of er staat een cliëntnaam van de groep in. Hij"
                      " blijft daarom niet staan: nieuwe documenten vervangen hem zoals elke andere naam. Verwijder"
                      " hem van de lijst; een lid van de groep zet u op de ledenlijst, een organisatie schrijft u"
                      " voluit (bijvoorbeeld 'Huize Jan Bakker').")
KINDS = {"member": "leden wier naam blijft", "keep": "namen die blijven"}
MAX_NAMES = 200   # names in one form: a list pasted from a member register
MAX_NAME_CHARS = 100
NOTICES = {
    "aangemaakt": "De groep is aangemaakt.",
    "instellingen": "De instellingen zijn bewaard.",
    "ongewijzigd": "Er veranderde niets.",
    "namen": "De lijst is bijgewerkt. Documenten die vanaf nu (opnieuw) worden toegevoegd houden deze namen.",
}


def known_community(request: Request, name: str):
    found = next((c for c in runtime(request).store.accounts.communities() if c.name == name), None)
    if found is None:
        raise HTTPException(404, "Deze groep bestaat niet.")
    return found


OUTSIDER_NAMES = ("U heeft geen rol in deze groep, die al documenten heeft: cliëntnamen voegt een moderator van de"
                  " groep toe (op de pagina van een document), of de beheerder van de server met"
                  " 'praktijkgeheugen clients add'.")
OUTSIDER_MEMBERS = ("U heeft geen rol in deze groep: leden wier naam blijft voegt een moderator van de groep toe (op"
                    " Namenlijsten), of de beheerder van de server met 'praktijkgeheugen members add'. Elke naam"
                    " wordt eerst vergeleken met de cliëntnamen van de groep, en wie de groep niet leest, hoort daar"
                    " niets over. Er is niets toegevoegd.")
OUTSIDER_KEEP = ("U heeft geen rol in deze groep: namen die blijven voegt een moderator van de groep toe (op"
                 " Namenlijsten), of de beheerder van de server met 'praktijkgeheugen keep add'. Elke naam wordt"
                 " eerst vergeleken met de cliëntnamen van de groep, en wie de groep niet leest, hoort daar niets"
                 " over. Er is niets toegevoegd.")


OUTSIDER_REMOVE = ("U heeft geen rol in deze groep: haar namenlijsten beheert een moderator van de groep (op"
                   " Namenlijsten), of de beheerder van de server met 'praktijkgeheugen members remove' of"
                   " 'keep remove'. Er is niets verwijderd.")
LISTS_HIDDEN = ("De namenlijsten van deze groep (leden wier naam blijft, namen die blijven) ziet alleen wie een rol"
                " in de groep heeft: haar moderatoren beheren ze op Namenlijsten. Een cliëntnaam die de groep"
                " toevoegt, haalt elke regel waarin die naam staat van de lijsten; wat er verdween, zou u vertellen"
                " welke cliënt een gesloten groep noemde. Heeft u de lijsten toch nodig, geef uzelf dan een rol in"
                " de groep (op de pagina van uw gebruiker): dat staat in het auditlog, en de moderatoren van de"
                " groep zien het op hun pagina Namenlijsten.")


def reads_community(request: Request, community: str) -> bool:
    """Whether the caller may read every document of `community` (a role in it, or local
    mode). An admin without one gets no count that depends on what the group's documents
    say or which clients it listed: adding a name and reading how many documents changed,
    or whether the list grew, told whether a closed group's documents name that person."""
    caller = identify(request)
    return caller.local_mode or (caller.user is not None and community in caller.user.roles)


def community_view(request: Request, name: str) -> dict:
    """The one function behind /beheer/groep and /api/beheer/groep. For an admin who does
    not read the group (`reads_community`) `client_names`, `members`, `keep` and
    `keep_refused` are None and `lists_shown` is False: listing a client removes every
    member and keep entry the name occurs on (ingest.forget_listed, privacy attack 38), so
    the keep list going from ['Huize Vanquaethem'] to [] beside the line 'cliëntnaam
    toegevoegd' told such an admin which client a closed group listed; its count and
    whether it is empty told the same (attack on round 41, tests/security/test_admin_lists_hidden.py).
    The group's moderators keep the lists on /groep/namen, and so does an admin with a role."""
    store = runtime(request).store
    community = known_community(request, name)
    reads = reads_community(request, community.name)
    keep = store.accounts.community_names(community.name, "keep") if reads else None
    return {"name": community.name, "sharing": community.sharing, "pseudonymise": community.pseudonymise,
            "documents": community.documents,
            "lists_shown": reads, "lists_hidden": None if reads else LISTS_HIDDEN,
            "members": store.accounts.community_names(community.name, "member") if reads else None,
            "keep": keep,
            # refused now (ingest._keep), not applied
            "keep_refused": None if keep is None else [n for n in keep if ingest.refused_entry(store, community.name, n, True)],
            "keep_refused_text": KEEP_REFUSED_ENTRY,
            "client_names": store.clients.client_name_count(community.name) if reads else None,
            "roles": {u.name: u.roles[community.name] for u in store.accounts.users() if community.name in u.roles}}


@router.get("/beheer/groep", include_in_schema=False, dependencies=[Depends(admin_only)])
def community_page(request: Request, naam: str = Query(..., max_length=1000), melding: str = ""):
    return templates.TemplateResponse(request, "admin_community.html", {
        **community_view(request, naam), "notice": NOTICES.get(melding)})


@router.get("/api/beheer/groep", dependencies=[Depends(admin_only)], summary="Beheer: één groep")
def community_json(request: Request, naam: str = Query(..., max_length=1000)) -> dict:
    return community_view(request, naam)


def _back(name: str, notice: str) -> RedirectResponse:
    return RedirectResponse("/beheer/groep?" + urlencode({"naam": name, "melding": notice}), status_code=303)


def _refused(request: Request, name: str, message: str, typed: str = "", kind: str = ""):
    """The group's page again with the refusal and, for a names form (`kind`), what was typed
    in it: before, every list's box came back empty (workflow round 38)."""
    return templates.TemplateResponse(request, "admin_community.html", {
        **community_view(request, name), "error": message, "typed": typed, "typed_kind": kind}, status_code=422)


def _settings_label(sharing: str, pseudonymise: bool) -> str:
    return f"{'gedeeld' if sharing == 'shared' else 'gesloten'}, {'' if pseudonymise else 'niet '}pseudonimiseren"


@router.post("/beheer/groep/nieuw", include_in_schema=False, dependencies=[Depends(admin_only), *CHANGES])
def create(request: Request, naam: str = Form("", max_length=1000), delen: str = Form("shared"),
           pseudonimiseren: str = Form("")):
    store, name = runtime(request).store, " ".join(naam.split())
    try:
        if delen not in SHARING:
            raise Refusal("Kies gedeeld of gesloten.")
        if drawn_like_another(name):
            raise Refusal(LOOKALIKE)
        if store.accounts.has_community(name):
            raise Refusal("Er is al een groep met deze naam; wijzig haar op haar eigen pagina.")
        twin = store.accounts.twin_community(name)
        if twin:   # 'pg noord', 'PG Ｎoord' beside 'PG Noord': two identical choices on every form
            raise Refusal(f"Er is al een groep '{twin}'; deze naam verschilt er alleen in hoofdletters,"
                          " spaties of de vorm van de letters van.")
        if store.accounts.held_under(name):   # its uploads would land among them (ingest.Scope.check_place)
            raise Refusal(f"Er staan al documenten van een andere groep onder '{name}/'; de beheerder van de"
                          " server verwijdert die eerst (praktijkgeheugen delete), of kies een andere naam.")
        try:
            store.accounts.add_community(name, delen, bool(pseudonimiseren))
        except AccountError:
            raise Refusal("Een groepsnaam heeft 1 tot 100 tekens, zonder stuurtekens of schuine streep (/).") from None
    except Refusal as refusal:
        return templates.TemplateResponse(request, "admin.html", {
            **overview_view(request), "error": str(refusal), "community_name": naam}, status_code=422)
    audit(request, f"groep aangemaakt: {_settings_label(delen, bool(pseudonimiseren))}", name)
    return _back(name, "aangemaakt")


def _json_refusal(refusal: Refusal) -> JSONResponse:
    """A JSON twin's answer to bad input: the page's Dutch message, 422."""
    return JSONResponse({"error": str(refusal), "detail": str(refusal)}, status_code=422)


def change_settings(request: Request, naam: str, delen: str, pseudonimiseren: bool) -> tuple[str, list[str]]:
    """The one function behind the settings form and its JSON twin (raises Refusal): the
    group's sharing and pseudonymisation, each change with its line; switched on, what the
    group stored while it was off is pseudonymised again. The group's name and what changed."""
    community = known_community(request, naam)
    if delen not in SHARING:
        raise Refusal("Kies gedeeld of gesloten.")
    rt = runtime(request)
    name, address = actor(request)   # each change's line is written with it (tenancy 37)
    changes = rt.store.accounts.set_community(community.name, delen, bool(pseudonimiseren), name, address)
    if pseudonimiseren and any(change.startswith("pseudonymise:") for change in changes):
        # switched on: what the group stored while it was off is pseudonymised now too
        report = ingest.pseudonymise_again(rt.store, rt.embedder, community.name)
        tag_in_background(rt)   # the new versions' passages
        audit(request, "opnieuw gepseudonimiseerd" + (f": {len(report.documents)} document(en)"
                                                      if reads_community(request, community.name) else ""),
              community.name)
    return community.name, changes


@router.post("/beheer/groep/instellingen", include_in_schema=False, dependencies=[Depends(admin_only), *CHANGES])
def settings(request: Request, naam: str = Form("", max_length=1000), delen: str = Form(""),
             pseudonimiseren: str = Form("")):
    try:
        name, changes = change_settings(request, naam, delen, bool(pseudonimiseren))
    except Refusal as refusal:
        return _refused(request, naam, str(refusal))
    return _back(name, "instellingen" if changes else "ongewijzigd")


@router.post("/api/beheer/groep/instellingen", dependencies=[Depends(admin_only), *CHANGES],
             summary="Beheer: de instellingen van een groep wijzigen (naam, delen: shared of closed,"
                     " pseudonimiseren: 1 of 0)")
def settings_json(request: Request, naam: str = Form("", max_length=1000), delen: str = Form(""),
                  pseudonimiseren: str = Form("")):
    """As the form, but `pseudonimiseren` is said, never left out: the form's unticked box
    sends nothing, and a script that forgot the field would switch pseudonymisation off."""
    try:
        if pseudonimiseren not in ("1", "0"):
            raise Refusal("Zeg of de groep cliëntnamen pseudonimiseert: pseudonimiseren=1 (aan) of 0 (uit).")
        name, changes = change_settings(request, naam, delen, pseudonimiseren == "1")
    except Refusal as refusal:
        return _json_refusal(refusal)
    return {"changed": changes, **community_view(request, name)}


def _lines(text: str) -> list[str]:
    return [" ".join(line.split()) for line in text.splitlines() if line.strip()]


def checked_names(kind: str, action: str, text: str) -> list[str]:
    """The names of a form for the member or keep list, one per line, or a Refusal in
    Dutch that says which line is wrong without quoting it (a line may be a client's name)."""
    if kind not in KINDS or action not in ("toevoegen", "verwijderen"):
        raise Refusal("Kies een lijst en toevoegen of verwijderen.")
    listed = _lines(text)
    if not listed:
        raise Refusal("Geef minstens één naam, één per regel.")
    if len(listed) > MAX_NAMES:
        raise Refusal(f"Hoogstens {MAX_NAMES} namen tegelijk; u gaf er {len(listed)}. Verdeel de lijst.")
    for number, name in enumerate(listed, 1):
        if len(name) > MAX_NAME_CHARS:
            raise Refusal(f"Een naam heeft hoogstens {MAX_NAME_CHARS} tekens; regel {number} heeft er {len(name)}.")
        if any(unicodedata.category(ch).startswith("C") for ch in name):
            raise Refusal(f"Regel {number} bevat een onzichtbaar teken of stuurteken; typ de naam opnieuw.")
        if not any(ch.isalpha() for ch in name):
            raise Refusal(f"Regel {number} is geen naam: er staat geen letter in.")
    return listed


def change_names(request: Request, community: str, kind: str, action: str, listed: list[str]) -> int:
    """Add `listed` to or remove them from a list, with the audit entry; how many changed.
    A keep entry that is a person's name or names a known client is refused (ingest._keep).
    The one function behind the admin's form and a moderator's (web/views/group_names.py)."""
    store = runtime(request).store
    accounts = store.accounts
    acting_in(community)   # the caller's role here is checked again under the writer lock (store._rights)
    if not reads_community(request, community):
        # refused or not would tell which clients the group listed; and a removal's count
        # whether the entry was still there after a client was listed (forget_listed)
        raise Refusal((OUTSIDER_KEEP if kind == "keep" else OUTSIDER_MEMBERS) if action == "toevoegen"
                      else OUTSIDER_REMOVE)
    if action == "toevoegen" and kind == "keep" and (number := ingest.refused_keep(store, community, listed)):
        raise Refusal(KEEP_REFUSAL.format(number=number))
    if action == "toevoegen" and kind == "member" and (number := ingest.refused_member(store, community, listed)):
        raise Refusal(MEMBER_REFUSAL.format(number=number))
    if action == "toevoegen":
        count = accounts.add_community_names(community, kind, listed)
    else:
        count = accounts.remove_community_names(community, kind, listed)
    audit(request, f"{KINDS[kind]}: {count} {'toegevoegd' if action == 'toevoegen' else 'verwijderd'}", community)
    return count


@router.post("/beheer/groep/namen", include_in_schema=False, dependencies=[Depends(admin_only), *CHANGES])
def names(request: Request, naam: str = Form(...), soort: str = Form(""), actie: str = Form("toevoegen"),
          namen: str = Form("", max_length=MAX_NAMES * 101)):
    """Add to or remove from the members whose names stay, or the names that stay."""
    community = known_community(request, naam)
    try:
        change_names(request, community.name, soort, actie, checked_names(soort, actie, namen))
    except Refusal as refusal:
        return _refused(request, community.name, str(refusal), namen if actie == "toevoegen" else "", soort)
    return _back(community.name, "namen")


@router.post("/beheer/groep/clientnamen", include_in_schema=False, dependencies=[Depends(admin_only), *CHANGES])
def client_names(request: Request, naam: str = Form(...), namen: str = Form("", max_length=10 * MAX_FORM_CHARS),
                 bevestig: str = Form("")):
    """Known client names: listed as hashes, and the community's documents holding them
    pseudonymised again (ingest.correct_names, as `clients add` and a moderator's
    correction do). The page and the log say how many, never which. An admin without a
    role in a group that holds documents is refused: whether the correction changed
    anything showed on the status page (the theme run it starts), whatever this page says.
    A name that is a whole word of a member's or author's name of the group is asked again
    first (409, bevestig=1), as on a document page (ingest.members_named)."""
    community = known_community(request, naam)
    if community.documents and not reads_community(request, community.name):
        # pseudonymising the group's documents again would show elsewhere (the status
        # page's theme run, the data dir's bytes) whether they name someone
        return _refused(request, community.name, OUTSIDER_NAMES)
    try:
        notice = add_client_names(request, community.name, namen, reads_community(request, community.name),
                                  bevestig == "1")
    except Refusal as refusal:
        return _refused(request, community.name, str(refusal), namen, "clientnamen")
    except MemberNamed as named:
        return templates.TemplateResponse(request, "admin_community.html", {
            **community_view(request, community.name), "ask": named.user, "typed": namen,
            "typed_kind": "clientnamen"}, status_code=409)
    return templates.TemplateResponse(request, "admin_community.html", {
        **community_view(request, community.name), "notice": notice})


def add_client_names(request: Request, community: str, text: str, reads: bool, confirmed: bool = False) -> str:
    """Known client names (one per line) listed as hashes and the community's documents
    holding them pseudonymised again, with the audit entry; the notice for the page.
    `reads`: whether the caller may learn how many documents and mentions changed. The one
    function behind the admin's form and a moderator's (web/views/group_names.py).
    Raises MemberNamed unless `confirmed` for a name that is a whole word of a listed
    member's name, or of an author's when the caller reads the group: 'Griet' turned the
    moderator Griet Van Hecke into 'G.' in 14 documents at once (as on a document page).
    A caller who does not read the group is never asked: whether it asks told what a closed
    group's documents say, or which names its member list holds, which such an admin is not
    shown (a listing of a client removes the entries it occurs on: test_admin_lists_hidden.py)."""
    rt = runtime(request)
    acting_in(community)   # checked again under the writer lock (store._rights)
    if len(text) > MAX_FORM_CHARS:
        raise Refusal(f"Hoogstens {MAX_FORM_CHARS} tekens aan namen tegelijk.")
    if not confirmed:
        try:
            named, people = ingest.members_named(rt.store, community, ingest.clean_names(text.splitlines()),
                                                 authors=reads, members=reads)
        except ingest.NameProblem as problem:
            raise Refusal(str(problem)) from None
        if people:
            raise MemberNamed(community, named, people)
    try:
        report = ingest.correct_names(rt.store, rt.embedder, community, text.splitlines())
    except ingest.NameProblem as problem:
        raise Refusal(str(problem)) from None
    tag_in_background(rt)   # the corrected versions' passages
    if reads:
        logged = (f"cliëntnamen toegevoegd: {report.names} (nieuw: {report.new_names}),"
                  f" {len(report.documents)} document(en) opnieuw gepseudonimiseerd")
        notice = (f"{counted(report.names, 'cliëntnaam', 'cliëntnamen')} verwerkt ({report.new_names} nieuw);"
                  f" {counted(len(report.documents), 'document', 'documenten')} opnieuw gepseudonimiseerd,"
                  f" {counted(report.mentions, 'vermelding', 'vermeldingen')} vervangen.")
    else:   # what the group's documents and list held is not this admin's to learn
        logged = f"cliëntnamen toegevoegd: {report.names}"
        notice = (f"{counted(report.names, 'cliëntnaam', 'cliëntnamen')} verwerkt. De documenten van de groep die ze noemen zijn"
                  " opnieuw gepseudonimiseerd; hoeveel ziet alleen wie de groep kan lezen.")
    audit(request, logged, community)
    return notice


DELETE_CONFIRM = "Typ ter bevestiging de naam van de groep over. Er is niets verwijderd."


def _confirm_page(request: Request, name: str, error: str | None = None, status_code: int = 200):
    return templates.TemplateResponse(request, "admin_community_delete.html", {
        **community_view(request, name), "error": error}, status_code=status_code)


@router.get("/beheer/groep/verwijderen", include_in_schema=False, dependencies=[Depends(admin_only)])
def confirm_delete(request: Request, naam: str = Query(..., max_length=1000)):
    return _confirm_page(request, known_community(request, naam).name)


def delete_community(request: Request, naam: str, bevestig: str) -> tuple[str, int]:
    """The one function behind the delete form and its JSON twin (raises Refusal when the
    name is not typed again): every trace of the community, as `communities delete`: its
    documents through the document delete path (each logged as `delete` logs it), its roles,
    lists and packs. The group's name and how many documents went."""
    store = runtime(request).store
    with store.writer():   # the check, the deletion and its line in one hold
        community = known_community(request, naam)
        if " ".join(bevestig.split()) != community.name:
            raise Refusal(DELETE_CONFIRM)
        # the line 'groep verwijderd' is written with the group's row
        return community.name, ingest.delete_community(store, community.name, *actor(request))


@router.post("/beheer/groep/verwijderen", include_in_schema=False, dependencies=[Depends(admin_only), *CHANGES])
def delete(request: Request, naam: str = Form("", max_length=1000), bevestig: str = Form("", max_length=1000)):
    try:
        delete_community(request, naam, bevestig)
    except Refusal as refusal:
        return _confirm_page(request, naam, str(refusal), 422)
    return RedirectResponse("/beheer?melding=groep-verwijderd", status_code=303)


@router.post("/api/beheer/groep/verwijderen", dependencies=[Depends(admin_only), *CHANGES],
             summary="Beheer: een groep met al haar documenten, rollen, lijsten en pakketten verwijderen"
                     " (naam, bevestig: de naam nog eens)")
def delete_json(request: Request, naam: str = Form("", max_length=1000), bevestig: str = Form("", max_length=1000)):
    try:
        name, documents = delete_community(request, naam, bevestig)
    except Refusal as refusal:
        return _json_refusal(refusal)
    return {"deleted": name, "documents": documents}
