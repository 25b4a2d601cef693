"""Rebuild both indexes from SQLite, the source of truth: after a model change,
or when an index was lost or damaged."""
from __future__ import annotations

from typing import Callable

from ingest._pipeline import embedding_text, lexical_texts
from store import Store


def reindex(store: Store, embedder, progress: Callable[[int], None] | None = None) -> int:
    """Re-embed and re-analyse every ready document; returns the number of chunks."""
    store.reset_vectors(embedder.name)
    total = 0
    for document in store.list_documents():
        chunks = store.chunks_of(document.pk)
        lexical = lexical_texts(document.meta.title, [(c.heading, c.text) for c in chunks])
        store.replace_lexical([(c.pk, body) for c, body in zip(chunks, lexical)])
        store.index_vectors(document.pk, embedder.embed_passages(
            [embedding_text(document.meta.title, c.heading, c.text) for c in chunks]))
        total += len(chunks)
        if progress:
            progress(1)
    return total
