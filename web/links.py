"""Links to the app's pages inside JSON answers, built in one place.

Pages write plain paths (`href="/documenten/..."`) and web.proxy.PrefixLinks puts
the root path in front when the app is served under one (`serve --root-path /pg`).
A JSON answer is not rewritten (a rewrite could not tell a link from a value), so
every `url` in it is made here, through web.proxy.app_url: a script that follows
one behind the proxy reaches the page. tests/web/test_root_path_json.py walks every
JSON answer of every GET route under a root path and finds no unprefixed app path.
"""
from __future__ import annotations

from dataclasses import asdict
from urllib.parse import quote

from fastapi import Request

import search
from web.proxy import app_url


def document_path(doc_id: str, passage: int | None = None) -> str:
    """A document's page, at one passage when given (as the result pages link)."""
    anchor = f"?passage={passage}#p{passage}" if passage is not None else ""
    return f"/documenten/{quote(doc_id, safe='/')}{anchor}"


def document_url(request: Request, doc_id: str, passage: int | None = None) -> str:
    return app_url(request, document_path(doc_id, passage))


def with_url(request: Request, record: dict) -> dict:
    """A document's summary (anything with a `doc_id`) with the address of its page."""
    return {**record, "url": document_url(request, record["doc_id"])}


def hit(request: Request, found: search.Hit) -> dict:
    """A search hit with the address of its document at its best passage."""
    first = found.passages[0].ordinal if found.passages else None
    return {**found.as_dict(), "url": document_url(request, found.doc_id, first)}


def person(request: Request, found: search.Person) -> dict:
    """Someone of "wie nog?" with their page and, per reason, the passage's address."""
    data = found.as_dict()
    data["url"] = app_url(request, f"/mensen/{found.id}") if found.id is not None else None
    data["reasons"] = [{**asdict(reason), "url": document_url(request, reason.doc_id, reason.ordinal)}
                       for reason in found.reasons]
    return data
