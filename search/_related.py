"""Related cases: documents whose passages are closest to a document's own.

The document is represented by the mean of its chunk vectors (the centre of what
it is about); the document itself is always excluded, and moderators can ask for
other communities only, to bring in experience from elsewhere in the network.
"""
from __future__ import annotations

import dataclasses

import numpy as np

from search._group import group_hits
from search._retrieve import by_document
from search._types import Hit
from store import Document, Filters, Store


def related_documents(store: Store, document: Document, filters: Filters, k: int,
                      other_communities_only: bool = False) -> list[Hit]:
    vectors = store.vectors.get([c.vector_id for c in store.catalogue.chunks_of_version(document)])
    if len(vectors) == 0:
        return []
    centre = vectors.mean(axis=0)
    centre /= np.linalg.norm(centre) or 1.0
    if other_communities_only:
        filters = _without_community(store, filters, document.meta.community)
    ranked = store.vectors.search(centre, filters, limit=100)
    hits = group_hits(store, by_document(store, ranked), filters, k + 1)
    return [h for h in hits if h.doc_id != document.doc_id][:k]


def _without_community(store: Store, filters: Filters, community: str | None) -> Filters:
    visible = filters.communities
    if visible is None:
        visible = tuple(store.catalogue.facets(filters)["communities"])
    return dataclasses.replace(filters, communities=tuple(c for c in visible if c != community))
