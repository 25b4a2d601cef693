"""Ranked documents -> results, each with its linked source and best passages."""
from __future__ import annotations

from search._boilerplate import is_boilerplate
from search._retrieve import RankedDocument
from search._types import Hit, Passage
from store import Filters, Store

PASSAGES_PER_DOCUMENT = 3


def group_hits(store: Store, ranked: list[RankedDocument], filters: Filters, k: int, offset: int = 0) -> list[Hit]:
    """Hits for `ranked[offset:offset + k]`, read again under `filters` (which carry the
    caller's access): a ranking is a moment old, and meanwhile another process may have
    deleted or replaced a ranked document, and SQLite may have given its row numbers to
    a new document of another group. Only what `filters` allow now, with passages that
    still belong to the ranked document, is shown; the rest is left out."""
    selected = ranked[offset:offset + k]
    documents, chunks = store.catalogue.sources(
        [r.document_pk for r in selected], [pk for r in selected for pk, _ in r.chunks[:PASSAGES_PER_DOCUMENT]],
        filters)
    hits = []
    for r in selected:
        passages = [(chunks[pk], s) for pk, s in r.chunks[:PASSAGES_PER_DOCUMENT]
                    if pk in chunks and chunks[pk].document_pk == r.document_pk]
        if r.document_pk in documents and passages:  # else replaced or deleted since it was ranked
            hits.append(_hit(documents[r.document_pk], r.score, passages))
    return hits


def _hit(document, score: float, scored_chunks) -> Hit:
    """The document's matching passages, best first, except that an attendance list
    or page furniture goes after the passages with content (search._boilerplate); the
    document's own score and place are not touched."""
    meta = document.meta
    passages = [Passage(c.vector_id, c.ordinal, c.text, c.start, c.end, c.heading, round(s, 6))
                for c, s in scored_chunks]
    passages.sort(key=lambda p: is_boilerplate(p.text, p.heading))  # stable: score order otherwise
    return Hit(document.doc_id, meta.title, meta.type, meta.community, meta.cycle, meta.session,
               meta.date, meta.authors, document.source_path, round(score, 6), passages)
