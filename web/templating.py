"""Jinja2 set-up and the error pages (Dutch for people, JSON for /api)."""
from __future__ import annotations

from pathlib import Path
from urllib.parse import quote, urlencode

from fastapi import Request
from fastapi.responses import JSONResponse
from fastapi.templating import Jinja2Templates

TYPE_LABELS = {"sessieverslag": "Sessieverslag", "casus": "Casus", "reflectie": "Reflectie",
               "other": "Ander document", None: "Soort onbekend"}
ERROR_TITLES = {404: "Niet gevonden", 422: "Ongeldige invoer", 500: "Er ging iets mis"}
ERROR_TEXTS = {
    404: "Deze pagina of dit document bestaat niet, of u heeft er geen toegang toe.",
    500: "Er ging iets mis aan onze kant. Probeer het later opnieuw; blijft het gebeuren,"
         " meld het dan aan de beheerder.",
}

templates = Jinja2Templates(directory=Path(__file__).parent / "templates")
templates.env.globals["TYPE_LABELS"] = TYPE_LABELS


def _with_query(params: dict, **changes) -> str:
    """The current query string with some parameters changed (for shareable links)."""
    merged = {k: v for k, v in {**params, **changes}.items() if v not in (None, "", [])}
    return urlencode(merged, doseq=True)


templates.env.globals["with_query"] = _with_query
templates.env.filters["urlpath"] = lambda doc_id: quote(doc_id, safe="/")


def wants_json(request: Request) -> bool:
    return request.url.path.startswith("/api/")


def render_error(request: Request, status: int, detail: str | None):
    if wants_json(request):
        return JSONResponse({"detail": detail or ERROR_TITLES.get(status, "Fout")}, status_code=status)
    text = ERROR_TEXTS.get(status) or detail or ERROR_TEXTS[500]
    return templates.TemplateResponse(
        request, "error.html",
        {"status": status, "title": ERROR_TITLES.get(status, "Fout"), "text": text},
        status_code=status,
    )
