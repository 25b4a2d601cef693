"""Search: hybrid (dense + Dutch lexical) retrieval over chunks, results grouped by
document with highlighted passages, "wie nog?" (who else), and related cases.

Public facade; every function takes the caller's `Filters`, which the retrievers
apply before ranking, so nothing outside them can leak into a result or count.
"""
from __future__ import annotations

import time
from dataclasses import dataclass

from search._floor import confident_only, floor_for, judge, split
from search._group import group_hits
from search._related import related_documents
from search._retrieve import RankedDocument, retrieve
from search._snippet import highlight, snippet
from search._table import FORMATS as TABLE_FORMATS
from search._table import MEDIA, SEPARATORS, Table, results_table, table_bytes
from search._types import MODES, Hit, Passage, Person, Reason, SearchError, SearchResult, Snippet
from search._who import FURTHER, ROLE_WEIGHTS, Weighing, people_from_hits
from store import Document, Filters, PersonDocument, PersonRecord, Store
from text import analyze

__all__ = [
    "FURTHER", "MEDIA", "MODES", "ROLE_WEIGHTS", "SEPARATORS", "TABLE_FORMATS", "Weighing", "DocumentNotFound", "Hit", "Passage",
    "Person", "PersonNotFound", "Reason", "SearchError", "SearchResult", "Snippet", "Table", "get_document",
    "highlight", "people_from_hits", "people_hits", "person", "query_terms", "related", "results_table", "search",
    "search_page",
    "table_bytes", "warm_up", "who_else",
]


class _AskedFor(SearchError):
    """An error whose message is a value the caller typed (an id in a URL), which may name a
    client: an old link from before a correction renamed a document ("casus-Yilmaz.md"), or a
    guessed one. `str(exc)` keeps it for the CLI's own user; the log gets the kind only (web.app
    logs the route's pattern, not the path, for the same reason, and then logged this message)."""

    @property
    def log_message(self) -> str:
        return f"{type(self).__name__} (the id asked for left out: it may name a client)"


class DocumentNotFound(_AskedFor):
    """Absent or not visible to the caller: both answer the same (no enumeration)."""

    user = "Dit document bestaat niet, of u heeft er geen toegang toe."


PEOPLE_FROM = 20  # confident documents whose people "wie nog?" weighs


def query_terms(query: str) -> set[str]:
    """The analysed terms of a query, for highlighting."""
    return set(analyze(query))


def warm_up(store: Store, embedder) -> None:
    """Before the first user's search: keep the lexical index in memory, then one
    search, which loads the models and copies every vector into memory for exact
    search (together some seconds at 100k chunks)."""
    store.lexical.keep_copy()
    _ranked(store, embedder, "opwarmen", Filters(), "hybrid")


@dataclass
class _Answer:
    """One ranking split by the relevance floor: the answers (down to its line, search._floor.split)
    and the weaker matches; and the documents the floor is confident of, whom "wie nog?" reads."""

    answers: list[RankedDocument]
    weaker: list[RankedDocument]
    filters: Filters  # what was ranked under; what is shown is checked against it again
    confident: list[RankedDocument]


def _ranked(store: Store, embedder, query: str, filters: Filters, mode: str) -> _Answer:
    """Rank once and apply the floor. Only hybrid, the mode users get, has a floor;
    `dense` and `lexical` are diagnostic modes that return their whole ranking."""
    if mode not in MODES:
        raise SearchError(f"unknown mode '{mode}' (use one of: {', '.join(MODES)})")
    if not query.strip():
        raise SearchError("empty query")
    if mode != "lexical":
        store.vectors.check_model(embedder.name)
    retrieval = retrieve(store, embedder, query, filters, mode)
    if mode != "hybrid":
        return _current(store, _Answer(retrieval.documents, [], filters, retrieval.documents))
    floor = floor_for(embedder.name)
    confidences = judge(store, retrieval, floor, query)
    return _current(store, _Answer(*split(retrieval.documents, confidences, floor), filters,
                                   confident_only(retrieval.documents, confidences, floor)))


def _current(store: Store, answer: _Answer) -> _Answer:
    """The answer without documents the caller may not read now. The ranking read rows
    by number after its snapshot (passages' documents, the floor's passage texts): a
    document deleted meanwhile was still counted in a page's total, and its confidence
    could be judged on the text of a closed group's passage that took its row number.
    Checked after the floor, so whatever it read is about documents still shown."""
    allowed = store.catalogue.allowed_documents(
        [d.document_pk for d in answer.answers + answer.weaker], answer.filters)
    return _Answer([d for d in answer.answers if d.document_pk in allowed],
                   [d for d in answer.weaker if d.document_pk in allowed], answer.filters,
                   [d for d in answer.confident if d.document_pk in allowed])


def search(store: Store, embedder, query: str, k: int = 10, filters: Filters = Filters(),
           mode: str = "hybrid", offset: int = 0, snippets: bool = True) -> SearchResult:
    """Documents answering a query, best first, each with its best passages; the
    first `k` weaker matches beside them."""
    started = time.perf_counter()
    answer = _ranked(store, embedder, query, filters, mode)
    return _result(store, query, mode, answer, k, offset, snippets, started, k)


def search_page(store: Store, embedder, query: str, page: int, per_page: int, filters: Filters = Filters(),
                mode: str = "hybrid", people: int = 0) -> tuple[SearchResult, int, list[Person]]:
    """One page of answers (search._floor.split), how many there are, and (`people` > 0, first
    page) the people behind them: one ranking, one query embedding. Weaker
    matches come with the last page of results (or alone, when none is confident)."""
    started = time.perf_counter()
    answer = _ranked(store, embedder, query, filters, mode)
    offset = (page - 1) * per_page
    last = offset + per_page >= len(answer.answers)
    result = _result(store, query, mode, answer, per_page, offset, True, started, per_page if last else 0)
    found = _people(store, answer, people) if people and page == 1 else []
    return result, len(answer.answers), found


def _result(store: Store, query: str, mode: str, answer: _Answer, k: int, offset: int, snippets: bool,
            started: float, weaker: int) -> SearchResult:
    hits = group_hits(store, answer.answers, answer.filters, k, offset)
    others = group_hits(store, answer.weaker, answer.filters, weaker) if weaker else []
    if snippets:
        terms = query_terms(query)
        for passage in (p for hit in hits + others for p in hit.passages):
            passage.snippet = snippet(passage.text, terms, heading=passage.heading)
    return SearchResult(query, mode, hits, time.perf_counter() - started, others)


def _people(store: Store, answer: _Answer, k: int) -> list[Person]:
    """"Wie nog?" names people only from confident answers."""
    return people_from_hits(_people_hits(store, answer), k)


def _people_hits(store: Store, answer: _Answer) -> list[Hit]:
    """The documents "wie nog?" weighs: the first PEOPLE_FROM the floor is confident of (not every
    answer: search._floor.confident_only)."""
    return group_hits(store, answer.confident, answer.filters, PEOPLE_FROM)


def people_hits(store: Store, embedder, query: str, filters: Filters = Filters()) -> list[Hit]:
    """The confident documents whose people "wie nog?" weighs for a query, best first (for
    `praktijkgeheugen eval-people` and tuning, which weigh them in other ways too)."""
    return _people_hits(store, _ranked(store, embedder, query, filters, "hybrid"))


def who_else(store: Store, embedder, query: str, filters: Filters = Filters(), k: int = 10,
             mode: str = "hybrid") -> list[Person]:
    """The people behind the confident answers to the query (none for an off-topic one)."""
    return _people(store, _ranked(store, embedder, query, filters, mode), k)


def get_document(store: Store, doc_id: str, filters: Filters = Filters()) -> Document:
    document = store.catalogue.get_document(doc_id, filters)
    if document is None:
        raise DocumentNotFound(doc_id)
    return document


def related(store: Store, doc_id: str, filters: Filters = Filters(), k: int = 5,
            other_communities_only: bool = False) -> list[Hit]:
    """Documents most similar to `doc_id` (never itself), within what the caller may see.
    The document is looked up within the caller's access only, the related ones within
    `filters` too: `related DOC --community PG Oost` for a case of one's own group named
    no document (workflow round 41), where a moderator asks what another group she may
    read went through."""
    document = get_document(store, doc_id, Filters(access=filters.access))
    return related_documents(store, document, filters, k, other_communities_only)


class PersonNotFound(_AskedFor):
    """No such person, or none of their documents is visible to the caller: both
    answer the same, so a closed group's members cannot be enumerated."""

    user = "Deze persoon bestaat niet, of u heeft geen toegang tot wat over hem of haar geschreven is."


def person(store: Store, embedder, person_id: str, filters: Filters = Filters(),
           query: str = "") -> tuple[PersonRecord, list[PersonDocument]]:
    """A person as the caller may see them, and (for a query) their documents
    among its results, best first."""
    record = store.people.person(person_id, filters)
    if record is None:
        raise PersonNotFound(person_id)
    if not query.strip():
        return record, []
    mine = {d.doc_id: d for d in record.documents}
    hits = search(store, embedder, query, len(mine) + 20, filters, snippets=False).hits
    return record, [mine[h.doc_id] for h in hits if h.doc_id in mine]
