"""Chunk rankings -> document results, each with its best passages."""
from __future__ import annotations

from search._types import Hit, Passage
from store import Store

PASSAGES_PER_DOCUMENT = 3


def group_hits(store: Store, ranked: list[tuple[int, float]], k: int, offset: int = 0) -> list[Hit]:
    """Collapse chunk hits into document hits, ordered by each document's best chunk."""
    chunks = store.chunks_by_pk([pk for pk, _ in ranked])
    per_document: dict[int, list[tuple[int, float]]] = {}
    for pk, score in ranked:
        if pk in chunks:
            per_document.setdefault(chunks[pk].document_pk, []).append((pk, score))
    selected = list(per_document.items())[offset:offset + k]
    documents = store.documents_by_pk([doc_pk for doc_pk, _ in selected])
    return [_hit(documents[doc_pk], [(chunks[pk], s) for pk, s in hits[:PASSAGES_PER_DOCUMENT]])
            for doc_pk, hits in selected if doc_pk in documents]


def count_documents(store: Store, ranked: list[tuple[int, float]]) -> int:
    chunks = store.chunks_by_pk([pk for pk, _ in ranked])
    return len({chunk.document_pk for chunk in chunks.values()})


def _hit(document, scored_chunks) -> Hit:
    meta = document.meta
    passages = [Passage(c.vector_id, c.ordinal, c.text, c.start, c.end, c.heading, round(s, 6))
                for c, s in scored_chunks]
    return Hit(document.doc_id, meta.title, meta.type, meta.community, meta.cycle, meta.session,
               meta.date, meta.authors, document.source_path, passages[0].score, passages)
