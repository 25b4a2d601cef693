"""The search page (`/`) and its JSON twin (`/api/search`): one function computes
the results, the two routes only present them."""
from __future__ import annotations

from fastapi import APIRouter, Depends, HTTPException, Query, Request

import search
from web.templating import templates
from web.views._params import FilterParams, filter_params, runtime

router = APIRouter()
PER_PAGE = 10


def run_search(request: Request, q: str, k: int, page: int, mode: str, params: FilterParams) -> dict:
    rt = runtime(request)
    if mode not in search.MODES:
        raise HTTPException(422, f"Onbekende zoekmodus '{mode}'.")
    context = {"q": q, "mode": mode, "page": page, "k": k, "params": params,
               "facets": rt.store.facets(), "result": None, "people": [], "total": 0}
    if q.strip():
        filters = params.filters()
        result, total = search.search_page(rt.store, rt.embedder, q, page, k, filters, mode)
        people = search.who_else(rt.store, rt.embedder, q, filters, 5, mode) if page == 1 else []
        context.update(result=result, total=total, people=people)
    return context


@router.get("/")
def search_html(request: Request, q: str = "", page: int = Query(1, ge=1, le=100),
                mode: str = "hybrid", params: FilterParams = Depends(filter_params)):
    context = run_search(request, q, PER_PAGE, page, mode, params)
    context["query_params"] = _multi(request)
    return templates.TemplateResponse(request, "search.html", context)


@router.get("/api/search")
def search_json(request: Request, q: str = Query(..., min_length=1), k: int = Query(10, ge=1, le=100),
                page: int = Query(1, ge=1, le=100), mode: str = "hybrid",
                params: FilterParams = Depends(filter_params)) -> dict:
    context = run_search(request, q, k, page, mode, params)
    return {**context["result"].as_dict(), "total": context["total"],
            "people": [p.as_dict() for p in context["people"]]}


def _multi(request: Request) -> dict[str, list[str]]:
    params: dict[str, list[str]] = {}
    for key, value in request.query_params.multi_items():
        params.setdefault(key, []).append(value)
    return params
