"""What a stored version was embedded as. Erasure reaches the embedding cache (models/
keeps passage vectors by text hash so re-ingest never re-embeds) in the store's purge
(store.Maintenance.forget_version_files): a deleted or replaced text must not live on
there, and it goes before the version's rows, which are all that name it."""
from __future__ import annotations

from store import Store
from text import embedding_text


def embedded_texts(store: Store, document_pk: int, title: str | None) -> list[str]:
    """What was embedded for one stored version (see text.embedding_text)."""
    return [embedding_text(title, c.heading, c.text) for c in store.catalogue.chunks_of(document_pk)]
