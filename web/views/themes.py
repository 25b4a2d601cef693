"""The themes page (`/themas`) for researchers and moderators: the theme x cycle
matrix (or theme x session within one chosen cycle) with recurring, new and
fading themes marked, a server-drawn chart, every cell linked to the passages
behind it, discovered clusters and exports. JSON twins under /api/themes.

Everything is computed within the caller's access (`user_filters` adds it).
No request trains or tags: a page starts the background run when passages are
untagged and shows its progress beside the last computed result
(search/themes/_job.py).
"""
from __future__ import annotations

import difflib
from urllib.parse import quote

from fastapi import APIRouter, Depends, HTTPException, Query, Request
from fastapi.responses import Response

import search.themes as themes
from search import access as policy
from store import Filters
from web import links
from web.access import audit
from web.auth import identify
from web.downloads import check_separator, download
from web.templating import NotFoundHere, templates
from web.views._params import FilterParams, filter_params, query_params, runtime, user_filters
from web.views._themes_chart import matrix_svg, period_label

router = APIRouter()
QUOTES = 20
SHOWN_THEME = 100   # characters of an unknown theme's address repeated in the message
# The SVG is a picture, not a page: its own styles are allowed, scripts still are not.
SVG_POLICY = "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'"


def may_see_themes(request: Request) -> bool:
    caller = identify(request)
    return policy.can_see_themes(caller.user, caller.local_mode)


templates.env.globals["may_see_themes"] = may_see_themes   # the nav link in base.html


def _scope(request: Request, params: FilterParams) -> tuple[Filters, themes.Vocabulary]:
    """The caller's filters (403 for members without a researcher or moderator
    role); starts tagging in the background if passages are untagged."""
    if not may_see_themes(request):
        raise HTTPException(403, "Alleen onderzoekers en moderatoren kunnen de thema's bekijken.")
    rt = runtime(request)
    vocabulary, progress = themes.start_tagging(rt.store, rt.embedder, rt.settings.data_dir, rt.settings.cache_dir)
    filters = user_filters(request, params)
    mine = user_filters(request, FilterParams())   # the banner counts all the caller's passages
    request.state.tagging = themes.progress_within(rt.store, rt.embedder, vocabulary, progress, mine)
    return filters, vocabulary


def _tagging(request: Request) -> dict:
    """The background run's progress within the caller's access, for the pages'
    banner and the JSON twins."""
    return request.state.tagging.as_dict()


def _by(params: FilterParams) -> str:
    """Per session within one chosen cycle, else per cycle."""
    return "session" if len(params.cycle) == 1 else "cycle"


def _network(request: Request) -> bool:
    """`?netwerk=1`: every community in view pooled; by default one matrix per community."""
    return request.query_params.get("netwerk") == "1"


def dutch_list(items: list[str]) -> str:
    """'a', 'a en b', 'a, b en c'."""
    return items[0] if len(items) == 1 else f"{', '.join(items[:-1])} en {items[-1]}" if items else ""


def trend_basis(matrix: themes.Matrix, network: bool) -> str:
    """What a matrix's trends rest on, as the page says it under its table: the
    complete periods compared and, in the network view, whose documents; the groups
    left out for want of a before and an after; or why there is no trend yet."""
    basis = matrix.basis
    unit, units = ("sessie", "sessies") if matrix.by == "session" else ("cyclus", "cycli")
    labels = [period_label(p) for p in basis.periods]
    if basis.judged:
        text = f"Het verloop vergelijkt de volledige {units} {dutch_list(labels)}"
        if network:
            text += f" van {dutch_list([c or themes.NO_COMMUNITY for c in basis.communities])}"
        text += "."
        if basis.left_out:
            left = [f"{c or themes.NO_COMMUNITY} (alleen {dutch_list([period_label(p) for p in ps])})"
                    for c, ps in basis.left_out.items()]
            text += (f" Niet meegeteld in het verloop, want zonder {unit} ervoor en erna: {dutch_list(left)}."
                     " Hun getallen staan wel in de tabel.")
    elif len(labels) == 1:
        text = (f"Nog geen verloop: er is maar één volledige {unit} ({labels[0]}); een verloop vraagt een {unit}"
                " ervoor en erna.")
    elif not labels:
        text = f"Nog geen verloop: er is nog geen volledige {unit}."
    else:
        text = (f"Nog geen verloop: geen groep heeft documenten in de laatste volledige {unit} ({labels[-1]})"
                f" én in een eerdere.")
    if matrix.running:
        running = dutch_list(matrix.running)
        verbs = "loopt nog en telt" if len(matrix.running) == 1 else "lopen nog en tellen"
        text += f" {running} {verbs} niet mee in het verloop."
    return text


def _matrices(request: Request, params: FilterParams) -> list[themes.Matrix]:
    filters, _ = _scope(request, params)
    return themes.trends(runtime(request).store, filters, _by(params), _network(request))


def _passages(request: Request, params: FilterParams, theme: str, period: str | None, k: int):
    filters, vocabulary = _scope(request, params)
    hits = themes.quotes(runtime(request).store, filters, theme, period, k)
    if theme not in vocabulary.labels and not hits:
        raise unknown_theme(theme, vocabulary.labels)
    described = next((t for t in vocabulary.themes if t.label == theme), None)
    return hits, described


def unknown_theme(theme: str, labels: list[str]) -> NotFoundHere:
    """A theme address that names no theme (a typo, a link from before the list of themes
    changed): said as such, with the nearest theme and the themes page to try (it gave the
    404 of an absent document, "Deze pagina bestaat niet", and only 'Terug naar zoeken'). The
    themes are the same for every researcher, so naming them tells nothing of a group."""
    folded = {label.casefold(): label for label in labels}
    close = difflib.get_close_matches(theme.casefold(), list(folded), n=1, cutoff=0.6)
    shown = theme if len(theme) <= SHOWN_THEME else theme[:SHOWN_THEME] + "…"
    text = f"Er is geen thema „{shown}”."
    links: tuple[tuple[str, str], ...] = ()
    if close:
        nearest = folded[close[0]]
        text += f" Bedoelde u „{nearest}”?"
        links = ((f"/themas/{quote(nearest, safe='')}", f"Thema „{nearest}”"),)
    text += (" Kies een thema op de pagina Thema's (elk thema staat er per cyclus, met de passages erachter),"
             " of zoek het woord als gewone zoekvraag.")
    return NotFoundHere(text, (*links, ("/themas", "Alle thema's")))


def _clusters(request: Request, params: FilterParams) -> list[tuple[themes.Cluster, list]]:
    filters, _ = _scope(request, params)
    store = runtime(request).store
    return [(cluster, themes.representatives(store, cluster, filters)) for cluster in themes.discover(store, filters)]


def _export(request: Request, params: FilterParams, what: str, fmt: str, separator: str) -> Response:
    """An export that is none (`wat=passage`, `export.xml`) is refused with what there is:
    it answered the 404 of an absent document, 'Deze pagina bestaat niet' (workflow round 41)."""
    if what not in themes.EXPORTS or fmt not in themes.FORMATS:
        raise HTTPException(422, f"Deze export bestaat niet: kies de matrix of de passages"
                                 f" ({' of '.join(themes.EXPORTS)}) als {', '.join(themes.FORMATS[:-1])}"
                                 f" of {themes.FORMATS[-1]}, bijvoorbeeld /themas/export.xlsx?wat=passages.")
    check_separator(separator)
    filters, vocabulary = _scope(request, params)
    data = themes.export(runtime(request).store, filters, vocabulary, what, fmt, _by(params), separator,
                         _network(request))
    audit(request, f"thema's geëxporteerd ({what}, {fmt})")
    return download(data, fmt, f"themas-{what}")


@router.get("/themas", include_in_schema=False)
def themes_html(request: Request, params: FilterParams = Depends(filter_params)):
    matrices = _matrices(request, params)
    facets = runtime(request).store.catalogue.facets(user_filters(request, FilterParams()))
    return templates.TemplateResponse(request, "themes.html", {
        "tagging": _tagging(request), "matrices": matrices, "network": _network(request), "params": params,
        "query": query_params(request), "facets": facets,
        "period_label": period_label, "running_mark": themes.RUNNING, "trend_basis": trend_basis})


@router.get("/themas/grafiek.svg", include_in_schema=False)
def chart_svg(request: Request, groep: str | None = None, params: FilterParams = Depends(filter_params)):
    """The chart of one community's matrix (`groep`; the first in view without it), or of the network."""
    matrices = _matrices(request, params)
    matrix = next((m for m in matrices if m.community == groep), matrices[0] if matrices else themes.Matrix("cycle", []))
    return Response(matrix_svg(matrix), media_type="image/svg+xml",
                    headers={"Content-Security-Policy": SVG_POLICY, "Cache-Control": "private, no-store"})


@router.get("/themas/ontdekken", include_in_schema=False)
def discover_html(request: Request, params: FilterParams = Depends(filter_params)):
    clusters = _clusters(request, params)
    return templates.TemplateResponse(request, "themes_discover.html", {
        "tagging": _tagging(request), "clusters": clusters, "query": query_params(request)})


@router.get("/themas/export.{fmt}", include_in_schema=False)
def export_download(request: Request, fmt: str, wat: str = "matrix", sep: str = ",",
                    params: FilterParams = Depends(filter_params)):
    return _export(request, params, wat, fmt, sep)


@router.get("/themas/{theme}", include_in_schema=False)
def theme_html(request: Request, theme: str, periode: str | None = None,
               params: FilterParams = Depends(filter_params)):
    hits, described = _passages(request, params, theme, periode or None, QUOTES)
    return templates.TemplateResponse(request, "themes_theme.html", {
        "tagging": _tagging(request), "theme": theme, "described": described, "period": periode, "hits": hits,
        "back": query_params(request, drop=("periode",)), "period_label": period_label,
        "groups": params.community})


@router.get("/api/themes", summary="Thema's per cyclus (of per sessie binnen één cyclus), met verloop")
def themes_json(request: Request, params: FilterParams = Depends(filter_params)) -> dict:
    """Per community by default (`netwerk=1`: one pooled matrix, community null)."""
    return {**themes.trends_dict(_matrices(request, params), _network(request)), "tagging": _tagging(request)}


@router.get("/api/themes/clusters", summary="Ontdekte thema's: clusters van passages met hun kernwoorden")
def clusters_json(request: Request, params: FilterParams = Depends(filter_params)) -> dict:
    clusters = _clusters(request, params)
    return {"clusters": [{**cluster.as_dict(), "representative": [links.hit(request, h) for h in hits]}
                         for cluster, hits in clusters], "tagging": _tagging(request)}


@router.get("/api/themes/export",
            summary="Export van de matrix (per groep, `netwerk=1`: alle groepen samen) of van alle getagde"
                    " passages (xlsx, CSV met , of ; of JSON)")
def export_json(request: Request, what: str = "matrix", format: str = "json", sep: str = ",",
                params: FilterParams = Depends(filter_params)):
    return _export(request, params, what, format, sep)


@router.get("/api/themes/{theme}", summary="De meest representatieve passages van een thema, met bronnen")
def theme_json(request: Request, theme: str, periode: str | None = None, k: int = Query(QUOTES, ge=1, le=500),
               params: FilterParams = Depends(filter_params)) -> dict:
    hits, _ = _passages(request, params, theme, periode or None, k)
    return {"theme": theme, "period": periode, "community": params.community,
            "passages": [links.hit(request, h) for h in hits], "tagging": _tagging(request)}

