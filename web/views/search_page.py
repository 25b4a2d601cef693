"""The search page (`/`) and its JSON twins (`/api/search`, `/api/who`): one
function computes the results, the routes only present them."""
from __future__ import annotations

import math

from fastapi import APIRouter, Depends, HTTPException, Query, Request
from fastapi.responses import Response

import search
import search.themes as themes
from web import links, packs
from web.access import audit
from web.downloads import check_separator, download
from web.proxy import app_url
from web.templating import templates, thousands, with_query
from web.views._params import (
    FilterParams,
    filter_params,
    query_params,
    runtime,
    shown_filters,
    user_filters,
    visible,
)

router = APIRouter()
PER_PAGE = 10
MAX_QUERY = 4000
PEOPLE = 5
MAX_PAGE = 100   # the last page a search serves (the `page` parameter's bound)


def _check_mode(mode: str) -> None:
    if mode not in search.MODES:
        raise HTTPException(422, f"Onbekende zoekmodus '{mode}'.")


def _check(q: str, mode: str) -> None:
    _check_mode(mode)
    if not q.strip():
        raise HTTPException(422, "Lege zoekvraag.")


def people_for(request: Request, q: str, k: int, mode: str, params: FilterParams) -> list[search.Person]:
    """"Wie heeft hiermee gewerkt?": the people behind the best results."""
    rt = runtime(request)
    return search.who_else(rt.store, rt.embedder, q, user_filters(request, params), k, mode)


def theme_tagging(request: Request, params: FilterParams) -> dict | None:
    """With a theme filter: how far the background tagging is within what the caller
    may see (a run is started when passages are untagged; never tagged on this
    thread), as the theme pages report it. Until it is done, documents of that theme
    can be missing from the results, and the page says so."""
    if not params.thema:
        return None
    rt = runtime(request)
    vocabulary, progress = themes.start_tagging(rt.store, rt.embedder, rt.settings.data_dir, rt.settings.cache_dir)
    return themes.progress_within(rt.store, rt.embedder, vocabulary, progress, visible(request)).as_dict()


def run_search(request: Request, q: str, k: int, page: int, mode: str, params: FilterParams) -> dict:
    _check_mode(mode)
    context = {"q": q, "mode": mode, "page": page, "k": k, "params": params,
               "result": None, "people": [], "total": 0, "tagging": theme_tagging(request, params)}
    if q.strip():
        rt = runtime(request)
        result, total, people = search.search_page(rt.store, rt.embedder, q, page, k,
                                                   user_filters(request, params), mode, PEOPLE)
        context.update(result=result, total=total, people=people)
    return context


@router.get("/", include_in_schema=False)
def search_html(request: Request, q: str = "", page: int = Query(1, ge=1, le=100), mode: str = "hybrid",
                params: FilterParams = Depends(shown_filters)):
    """A query over the limit or a filter that cannot be applied is not searched: the
    page says what is wrong at that field and keeps what was typed (a browser's
    maxlength would have cut a pasted situation without a word)."""
    errors = dict(params.problems)
    if len(q) > MAX_QUERY:
        errors["q"] = (f"Uw vraag is {thousands(len(q))} tekens lang; het maximum is {thousands(MAX_QUERY)}."
                       " Kort ze in tot de kern van de situatie: een paar zinnen werken het best.")
    context = run_search(request, "" if errors else q, PER_PAGE, page, mode, params)
    context.update(q=q, errors=errors, max_query=thousands(MAX_QUERY), query_params=query_params(request),
                   facets=runtime(request).store.catalogue.facets(visible(request)),
                   pages=math.ceil(context["total"] / PER_PAGE), in_pack=packs.keys(request))
    return templates.TemplateResponse(request, "search.html", context, status_code=422 if errors else 200)


@router.get("/api/search", summary="Zoeken: documenten met hun beste passages en wie erover schreef")
def search_json(request: Request, q: str = Query(..., min_length=1, max_length=MAX_QUERY),
                k: int = Query(10, ge=1, le=100), page: int = Query(1, ge=1, le=MAX_PAGE),
                mode: str = "hybrid", params: FilterParams = Depends(filter_params)) -> dict:
    _check(q, mode)
    context = run_search(request, q, k, page, mode, params)
    result = context["result"]
    more = page * k < context["total"] and page < MAX_PAGE
    return {**result.as_dict(), "results": [links.hit(request, h) for h in result.hits],
            "weaker": [links.hit(request, h) for h in result.weaker], "total": context["total"], "page": page,
            "next": app_url(request, f"/api/search?{with_query(query_params(request), page=page + 1)}") if more else None,
            "people": [links.person(request, p) for p in context["people"]],
            **({"tagging": context["tagging"]} if context["tagging"] else {})}


EXPORT_K = 100  # documents in a results export: the most a results page can show


def _export(request: Request, q: str, fmt: str, mode: str, separator: str, params: FilterParams) -> Response:
    """The confident results of a search as .xlsx or CSV, one row per shown passage;
    audited without the query (a query may describe a client)."""
    if fmt not in search.TABLE_FORMATS:
        raise HTTPException(404)
    _check(q, mode)
    check_separator(separator)
    rt = runtime(request)
    result = search.search(rt.store, rt.embedder, q, EXPORT_K, user_filters(request, params), mode, snippets=False)
    audit(request, f"zoekresultaten geëxporteerd ({fmt})")
    return download(search.table_bytes(search.results_table(result), fmt, separator), fmt, "zoekresultaten")


@router.get("/zoekresultaten.{fmt}", include_in_schema=False)
def export_download(request: Request, fmt: str, q: str = Query(..., max_length=MAX_QUERY), mode: str = "hybrid",
                    sep: str = ",", params: FilterParams = Depends(filter_params)):
    return _export(request, q, fmt, mode, sep, params)


@router.get("/api/search/export", summary="Zoekresultaten als Excel-bestand (xlsx) of CSV (met , of ;)")
def export_api(request: Request, q: str = Query(..., min_length=1, max_length=MAX_QUERY), format: str = "xlsx",
               mode: str = "hybrid", sep: str = ",", params: FilterParams = Depends(filter_params)):
    return _export(request, q, format, mode, sep, params)


@router.get("/api/who", summary="Wie heeft hiermee gewerkt? Mensen en organisaties bij een vraag")
def who_json(request: Request, q: str = Query(..., min_length=1, max_length=MAX_QUERY),
             k: int = Query(10, ge=1, le=50), mode: str = "hybrid",
             params: FilterParams = Depends(filter_params)) -> dict:
    _check(q, mode)
    return {"query": q, "people": [links.person(request, p) for p in people_for(request, q, k, mode, params)]}
