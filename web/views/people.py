"""The person page (`/mensen/{id}`) and its JSON twin (`/api/mensen/{id}`): who
someone is, where they work, their documents (on the query's subject, and all
visible ones) and how to reach them. One function computes it for both.

Everything is within what the caller may see: a person known only from
documents the caller cannot see is a 404, the same as an id that does not exist.

An author's link elsewhere carries the document it was on (`?document=ID`): the page
opened from a case had no way back but a new search (workflow round 41). Only a document
the caller may read is linked back to, by its title; any other id is ignored alike.
"""
from __future__ import annotations

from dataclasses import asdict

from fastapi import APIRouter, Query, Request

import search
from web import links
from web.proxy import app_url
from web.templating import templates
from web.views._params import FILTER_KEYS, query_params, runtime, visible

router = APIRouter()
MAX_QUERY = 4000
# What the panel's link carries from the search and the page's "terug naar de resultaten"
# gives back to "/" (QA, 7 December: the link carried only the query, the filters were lost).
# Only these keys, and only to the app's own search page: no address to send anyone elsewhere.
SEARCH_KEYS = ("q", "mode", "page", *FILTER_KEYS)


def person_view(request: Request, person_id: str, q: str, document: str = "") -> dict:
    """The person as the caller may see them; 404 for unknown, invisible or malformed ids,
    and for the numbers people had before schema 14 (store._person_ids). `document`: the
    page it was opened from, as {doc_id, title} when the caller may read it, else None."""
    rt = runtime(request)
    record, on_subject = search.person(rt.store, rt.embedder, person_id, visible(request), q)
    came_from = rt.store.catalogue.get_document(document, visible(request)) if document else None
    return {"person": record, "q": q, "on_subject": on_subject,
            "from_document": {"doc_id": came_from.doc_id, "title": came_from.meta.title or came_from.doc_id}
            if came_from is not None else None,
            "contact": {"email": record.email,
                        "moderators": {c: [asdict(m) for m in ms] for c, ms in record.moderators.items()}}}


@router.get("/mensen/{person_id}", include_in_schema=False)
def person_html(request: Request, person_id: str, q: str = Query("", max_length=MAX_QUERY),
                document: str = Query("", max_length=MAX_QUERY)):
    back = {key: values for key, values in query_params(request).items() if key in SEARCH_KEYS}
    return templates.TemplateResponse(request, "person.html",
                                      {**person_view(request, person_id, q, document), "back": back})


@router.get("/api/mensen/{person_id}", summary="Eén persoon: organisatie, groepen, documenten en contact")
def person_json(request: Request, person_id: str, q: str = Query("", max_length=MAX_QUERY),
                document: str = Query("", max_length=MAX_QUERY)) -> dict:
    view = person_view(request, person_id, q, document)
    person = view["person"]
    return {"id": person.id, "name": person.name, "organisation": person.organisation,
            "url": app_url(request, f"/mensen/{person.id}"),
            "communities": list(person.communities), "query": q or None,
            "on_subject": [links.with_url(request, asdict(d)) for d in view["on_subject"]],
            "documents": [links.with_url(request, asdict(d)) for d in person.documents], "contact": view["contact"],
            "from_document": links.with_url(request, view["from_document"]) if view["from_document"] else None}
