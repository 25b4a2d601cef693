"""Rebuild both indexes from SQLite, the source of truth: after a model change,
or when an index was lost or damaged."""
from __future__ import annotations

from typing import Callable

from ingest._pipeline import embedding_text, lexical_texts
from store import Store


def reindex(store: Store, embedder, progress: Callable[[int], None] | None = None) -> int:
    """Re-embed and re-analyse every ready document; returns the number of chunks.

    The vectors go into a new collection that replaces the live one in one step
    (store.rebuild_vectors), so searches keep working during the rebuild and a
    crash leaves the old index in place. Unchanged chunk texts come from the
    embedder's cache, so a rebuild with the same model costs little."""
    total = 0

    def fill(target) -> None:
        nonlocal total
        for document in store.list_documents():
            chunks = store.chunks_of(document.pk)
            lexical = lexical_texts(document.meta.title, [(c.heading, c.text) for c in chunks])
            store.replace_lexical([(c.pk, body) for c, body in zip(chunks, lexical)])
            target.upsert([c.vector_id for c in chunks], embedder.embed_passages(
                [embedding_text(document.meta.title, c.heading, c.text) for c in chunks]), document.pk)
            total += len(chunks)
            if progress:
                progress(1)

    store.rebuild_vectors(fill, model=embedder.name)
    return total
