"""Rebuilding the vector index beside the live one, then switching in one step.

Used by reindex (a new model), erasure (Chroma keeps deleted vectors in its files
until the collection is rewritten) and restore. Searches keep using the old
collection until the switch, which is one SQLite transaction; readers in other
processes follow through `vector_generation`. The collection being filled is noted
in meta first, so a crash before the switch leaves nothing the reconciler
(`drop_abandoned`) cannot find and drop. The caller holds the writer lock.

SQLite's `chunk_vectors` are the truth the erasure's copy comes from. A rebuild
for a model (reindex, restore) also stages each new vector in `chunk_vectors_next`
and swaps the staged vectors in within the switch's transaction, so searches read
the old model's vectors until the new model becomes the index's model.
"""
from __future__ import annotations

from typing import Protocol

import numpy as np

from store._chroma_admin import close_client, drop_collection
from store._db import META_UPSERT
from store._vectors import VectorIndex, write_vectors

NEXT, RETIRED = "vector_collection_next", "vector_collection_retired"


class VectorSink(Protocol):
    """What a rebuild's `fill` writes to: the new collection, or `Staging` over it."""

    def upsert(self, ids: list[str], vectors: np.ndarray, document_pk: int) -> None: ...


class Staging:
    """The collection being filled, also staging each vector in SQLite for the switch."""

    def __init__(self, target: VectorIndex, db) -> None:
        self._target, self._db = target, db

    def upsert(self, ids: list[str], vectors: np.ndarray, document_pk: int) -> None:
        self._target.upsert(ids, vectors, document_pk)
        with self._db.transaction() as conn:
            pk_of = dict(conn.execute("SELECT vector_id, id FROM chunks WHERE document_id = ?", (document_pk,)))
            write_vectors(conn, "chunk_vectors_next", [pk_of[i] for i in ids], vectors)

    def __getattr__(self, name: str):
        return getattr(self._target, name)


def clear_staged(db) -> None:
    with db.transaction() as conn:
        conn.execute("DELETE FROM chunk_vectors_next")


def drop(index: VectorIndex) -> None:
    drop_collection(index)
    close_client(index)


def set_meta(conn, key: str, value: str) -> None:
    conn.execute(META_UPSERT, (key, value))
