"""Jinja2 set-up (the Dutch labels of web.labels, link helpers, the navigation) and the
error pages (Dutch for people, JSON for /api)."""
from __future__ import annotations

from http import HTTPStatus
from pathlib import Path
from urllib.parse import quote, urlencode

from fastapi import Request
from fastapi.responses import JSONResponse
from fastapi.templating import Jinja2Templates
from starlette.exceptions import HTTPException as StarletteHTTPException

from web import packs, text
from web.access import can_upload
from web.auth import csrf_input, identify
from web.labels import FILTER_LABELS, ROLE_LABELS, TYPE_LABELS, dutch_date

ERROR_TITLES = {400: "Ongeldig verzoek", 403: "Geen toegang", 404: "Niet gevonden",
                405: "Niet toegestaan", 413: "Te groot", 422: "Ongeldige invoer",
                500: "Er ging iets mis", 503: "Even niet beschikbaar"}
ERROR_TEXTS = {
    400: "Dit verzoek kunnen we niet verwerken. Controleer wat u invulde en probeer opnieuw.",
    403: "U heeft geen toegang tot deze pagina.",
    404: "Deze pagina of dit document bestaat niet, of u heeft er geen toegang toe.",
    405: "Deze actie is hier niet mogelijk.",
    500: "Er ging iets mis aan onze kant. Probeer het later opnieuw; blijft het gebeuren,"
         " meld het dan aan de beheerder.",
}


def with_query(params: dict, **changes) -> str:
    """A query string from key -> value(s), with some keys changed (None drops one)."""
    merged = {k: v for k, v in {**params, **changes}.items() if v not in (None, "", [])}
    return urlencode(merged, doseq=True)


def without(params: dict, key: str, value: str) -> str:
    """The query string with one filter value removed (and back to page 1)."""
    kept = {k: v for k, v in params.items() if k not in (key, "page")}
    rest = [v for v in params.get(key, []) if v != value]
    return with_query(kept, **({key: rest} if rest else {}))


def filter_label(key: str, value: str) -> str:
    shown = TYPE_LABELS.get(value, value) if key == "type" else value
    shown = dutch_date(value) if key in ("van", "tot") else shown
    return f"{FILTER_LABELS.get(key, key)}: {shown}"


def navigation(request: Request) -> dict:
    """What the shared layout needs on every page."""
    query, caller = request.url.query, identify(request)
    return {"section": request.url.path.strip("/").split("/")[0],
            "here": request.url.path + (f"?{query}" if query else ""),
            "pack_size": packs.size(request), "may_upload": can_upload(request),
            "may_pack": packs.may_use(request),
            "user": caller.user, "local_mode": caller.local_mode}


templates = Jinja2Templates(directory=Path(__file__).parent / "templates",
                            context_processors=[navigation])
templates.env.globals.update(TYPE_LABELS=TYPE_LABELS, ROLE_LABELS=ROLE_LABELS, with_query=with_query, without=without,
                             filter_label=filter_label, csrf_input=csrf_input)
templates.env.filters["urlpath"] = lambda doc_id: quote(doc_id, safe="/")
templates.env.filters["datum"] = dutch_date
templates.env.filters["tidy_snippet"] = text.tidy_snippet
templates.env.filters["tidy_text"] = text.tidy_text
templates.env.filters["quoted_opening"] = text.quoted_opening
templates.env.filters["as_html"] = text.as_html


def wants_json(request: Request) -> bool:
    return request.url.path.startswith("/api/")


# A request's parameters as a member knows them from the forms (QA, 7 December: a 422 on
# /mensen said "'q' is te lang", naming the URL's parameter, not what the member typed).
FIELD_WORDS = {
    "q": "Uw zoekvraag", "naam": "De naam", "groep": "De naam van de groep", "namen": "De lijst met namen",
    "bevestig": "De getypte bevestiging", "wachtwoord": "Het wachtwoord", "herhaal": "Het herhaalde wachtwoord",
    "huidig": "Uw huidige wachtwoord", "nieuw": "Het nieuwe wachtwoord", "email": "Het e-mailadres",
    "weergavenaam": "De weergavenaam", "organisatie": "De organisatie", "label": "De omschrijving van het token",
    "nummer": "Het nummer van het token", "notitie": "De notitie", "thema": "Het thema", "community": "De groep",
    "author": "De auteur", "cycle": "De cyclus", "type": "De soort", "van": "De datum 'Vanaf'",
    "tot": "De datum 'Tot en met'", "document": "Het document waarvan u kwam",
}


def invalid_input(errors) -> str:
    """A validation error as the user can act on it: the field in the words of the forms
    (FIELD_WORDS; never the parameter's code) and, for a value that is too long or too
    large, the limit (a query over the limit is refused, never cut)."""
    for error in errors:
        field = FIELD_WORDS.get(str(error.get("loc", ("", "?"))[-1]))
        if error.get("type") == "string_too_long":
            limit = thousands(error["ctx"]["max_length"])
            return (f"{field} is te lang (hoogstens {limit} tekens)." if field else
                    f"Een ingevuld veld is te lang (hoogstens {limit} tekens).")
        if error.get("type") == "missing":
            return f"{field} ontbreekt." if field else "Er ontbreekt een gegeven in het formulier."
    return "Ongeldige invoer in de zoekopdracht."


def thousands(number: int) -> str:
    """4000 -> 4.000, as Dutch writes it."""
    return f"{number:,}".replace(",", ".")


class NotFoundHere(StarletteHTTPException):
    """A 404 that may say what is missing and what to try, for a name that is the same for
    everyone (a theme of the vocabulary), never for a document or person: those must keep
    the one answer for absent and not visible. `links`: (address, Dutch label) to try."""

    def __init__(self, text: str, links: tuple[tuple[str, str], ...] = ()) -> None:
        super().__init__(404, text)
        self.text = text
        self.links = links


def render_error(request: Request, status: int, detail: str | None, retry: str | None = None,
                 specific: NotFoundHere | None = None):
    """The error page, or for /api/ `{"error": <Dutch message>}` with the same status
    (and the same text as `detail`, the key FastAPI's own errors use). Every 404 says
    the same, whatever raised it: absent and not visible must not be told apart; only
    `specific` (NotFoundHere) says more, with its links to try."""
    if wants_json(request):
        message = (specific.text if specific else ERROR_TEXTS[404]) if status == 404 else (
            detail or ERROR_TITLES.get(status, "Fout"))
        return JSONResponse({"error": message, "detail": message}, status_code=status)
    # A refusal says why when the view gave a (Dutch) reason: CSRF, not a moderator...
    reason = detail if status == 403 and detail != HTTPStatus.FORBIDDEN.phrase else None
    text = (specific.text if specific else None) or reason or ERROR_TEXTS.get(status) or detail or ERROR_TEXTS[500]
    return templates.TemplateResponse(
        request, "error.html",
        {"status": status, "title": ERROR_TITLES.get(status, "Fout"), "text": text,
         "upload": request.url.path == "/upload" and request.method == "POST", "retry": retry,
         "links": specific.links if specific else ()},
        status_code=status,
    )
