"""Erasure reaches the embedding cache too: the cache (models/) keeps passage vectors
by text hash so re-ingest never re-embeds, and a deleted or replaced text must not
live on there. Texts that another stored version still uses are kept."""
from __future__ import annotations

from collections.abc import Set

import models
from store import Store
from text import embedding_text


def embedded_texts(store: Store, document_pk: int, title: str | None) -> list[str]:
    """What was embedded for one stored version (see text.embedding_text)."""
    return [embedding_text(title, c.heading, c.text) for c in store.catalogue.chunks_of(document_pk)]


def forget_cached(store: Store, texts: list[str], keep: Set[str] = frozenset()) -> None:
    model = store.vectors.embedding_model
    if model:
        models.forget_passages(model, store.settings.models_dir, [t for t in texts if t not in keep])
