"""Search: hybrid (dense + Dutch lexical) retrieval over chunks, results grouped by
document with highlighted passages, "wie nog?" (who else), and related cases.

Public facade; every function takes the caller's `Filters`, which the retrievers
apply before ranking, so nothing outside them can leak into a result or count.
"""
from __future__ import annotations

import time

from search._group import group_hits
from search._related import related_documents
from search._retrieve import RankedDocument, retrieve
from search._snippet import highlight, snippet
from search._types import MODES, Hit, Passage, Person, Reason, SearchError, SearchResult
from search._who import FURTHER, ROLE_WEIGHTS, people_from_hits
from store import Document, Filters, PersonDocument, PersonRecord, Store
from store._analyzer import analyze

__all__ = [
    "FURTHER", "MODES", "ROLE_WEIGHTS", "DocumentNotFound", "Hit", "Passage", "Person", "PersonNotFound", "Reason",
    "SearchError", "SearchResult", "get_document", "highlight", "people_from_hits", "person", "query_terms", "related",
    "search", "search_page", "warm_up", "who_else",
]


class DocumentNotFound(SearchError):
    """Absent or not visible to the caller: both answer the same (no enumeration)."""


def query_terms(query: str) -> set[str]:
    """The analysed terms of a query, for highlighting."""
    return set(analyze(query))


def warm_up(store: Store, embedder) -> None:
    """Before the first user's search: keep the lexical index in memory, then one
    search, which loads the models and copies every vector into memory for exact
    search (together some seconds at 100k chunks)."""
    store.keep_lexical_copy()
    _ranked(store, embedder, "opwarmen", Filters(), "hybrid")


def _ranked(store: Store, embedder, query: str, filters: Filters, mode: str) -> list[RankedDocument]:
    if mode not in MODES:
        raise SearchError(f"unknown mode '{mode}' (use one of: {', '.join(MODES)})")
    if not query.strip():
        raise SearchError("empty query")
    if mode != "lexical":
        store.check_model(embedder.name)
    return retrieve(store, embedder, query, filters, mode)


def search(store: Store, embedder, query: str, k: int = 10, filters: Filters = Filters(),
           mode: str = "hybrid", offset: int = 0, snippets: bool = True) -> SearchResult:
    """Documents answering a query, best first, each with its best passages."""
    started = time.perf_counter()
    ranked = _ranked(store, embedder, query, filters, mode)
    return _result(store, query, mode, ranked, k, offset, snippets, started)


def search_page(store: Store, embedder, query: str, page: int, per_page: int,
                filters: Filters = Filters(), mode: str = "hybrid") -> tuple[SearchResult, int]:
    """One page of results, and how many documents matched among the candidates."""
    started = time.perf_counter()
    ranked = _ranked(store, embedder, query, filters, mode)
    result = _result(store, query, mode, ranked, per_page, (page - 1) * per_page, True, started)
    return result, len(ranked)


def _result(store: Store, query: str, mode: str, ranked: list[RankedDocument], k: int, offset: int, snippets: bool,
            started: float) -> SearchResult:
    hits = group_hits(store, ranked, k, offset)
    if snippets:
        terms = query_terms(query)
        for passage in (p for hit in hits for p in hit.passages):
            passage.snippet = snippet(passage.text, terms)
    return SearchResult(query, mode, hits, time.perf_counter() - started)


def who_else(store: Store, embedder, query: str, filters: Filters = Filters(), k: int = 10,
             mode: str = "hybrid") -> list[Person]:
    """The people who wrote most (and most relevantly) about the query's subject."""
    hits = group_hits(store, _ranked(store, embedder, query, filters, mode), 20)
    return people_from_hits(hits, k)


def get_document(store: Store, doc_id: str, filters: Filters = Filters()) -> Document:
    document = store.get_document(doc_id, filters)
    if document is None:
        raise DocumentNotFound(doc_id)
    return document


def related(store: Store, doc_id: str, filters: Filters = Filters(), k: int = 5,
            other_communities_only: bool = False) -> list[Hit]:
    """Documents most similar to `doc_id` (never itself), within what the caller may see."""
    return related_documents(store, get_document(store, doc_id, filters), filters, k, other_communities_only)


class PersonNotFound(SearchError):
    """No such person, or none of their documents is visible to the caller: both
    answer the same, so a closed group's members cannot be enumerated."""


def person(store: Store, embedder, person_id: int, filters: Filters = Filters(),
           query: str = "") -> tuple[PersonRecord, list[PersonDocument]]:
    """A person as the caller may see them, and (for a query) their documents
    among its results, best first."""
    record = store.person(person_id, filters)
    if record is None:
        raise PersonNotFound(person_id)
    if not query.strip():
        return record, []
    mine = {d.doc_id: d for d in record.documents}
    hits = search(store, embedder, query, len(mine) + 20, filters, snippets=False).hits
    return record, [mine[h.doc_id] for h in hits if h.doc_id in mine]
