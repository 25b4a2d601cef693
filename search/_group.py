"""Ranked documents -> results, each with its linked source and best passages."""
from __future__ import annotations

from search._boilerplate import is_boilerplate
from search._retrieve import RankedDocument
from search._types import Hit, Passage
from store import Store

PASSAGES_PER_DOCUMENT = 3


def group_hits(store: Store, ranked: list[RankedDocument], k: int, offset: int = 0) -> list[Hit]:
    selected = ranked[offset:offset + k]
    documents = store.catalogue.documents_by_pk([r.document_pk for r in selected])
    chunks = store.catalogue.chunks_by_pk([pk for r in selected for pk, _ in r.chunks[:PASSAGES_PER_DOCUMENT]])
    return [_hit(documents[r.document_pk], r.score,
                 [(chunks[pk], s) for pk, s in r.chunks[:PASSAGES_PER_DOCUMENT]])
            for r in selected if r.document_pk in documents]


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
