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

import uuid
from typing import Callable

from store._chroma_admin import close_client, drop_collection, remove_orphan_segments
from store._vectors import VectorIndex, write_vectors
from store._write import bump_generation

_NEXT, _RETIRED = "vector_collection_next", "vector_collection_retired"


class RebuildMixin:
    def rebuild_vectors(self, fill: Callable[[VectorIndex], None], model: str | None = None) -> None:
        """Fill a new collection with `fill`, then make it the live one (and `model`
        the index's model, when given)."""
        key = uuid.uuid4().hex
        self.db.set_meta(_NEXT, key)
        _clear_staged(self.db)
        target = self.open_vector_index(key)
        try:
            fill(_Staging(target, self.db) if model else target)
        except BaseException:
            _drop(target)
            self.db.delete_meta(_NEXT)
            _clear_staged(self.db)
            raise
        close_client(target)
        with self.db.transaction() as conn:
            old = conn.execute("SELECT value FROM meta WHERE key = 'vector_collection'").fetchone()[0]
            _set(conn, "vector_collection", key)
            _set(conn, _RETIRED, old)
            if model:
                _set(conn, "embedding_model", model)
                conn.execute("DELETE FROM chunk_vectors")
                conn.execute("INSERT INTO chunk_vectors SELECT chunk_id, vector FROM chunk_vectors_next")
                conn.execute("DELETE FROM chunk_vectors_next")
            conn.execute("DELETE FROM meta WHERE key = ?", (_NEXT,))
            bump_generation(conn)
        self.vectors.catch_up()
        self.drop_abandoned()

    def abandoned_collections(self) -> list[str]:
        """Collections a crash left behind: half-filled, or replaced but not dropped."""
        return [k for k in (self.db.get_meta(_NEXT), self.db.get_meta(_RETIRED)) if k]

    def drop_abandoned(self) -> list[str]:
        """Drop the abandoned collections (and, embedded, their folders); returns their keys."""
        keys = self.abandoned_collections()
        for key in keys:
            _drop(self.open_vector_index(key))
        self.db.delete_meta(_NEXT)
        self.db.delete_meta(_RETIRED)
        if not self.settings.chroma_url:
            remove_orphan_segments(self.settings.chroma_dir)
        return keys


class _Staging:
    """The collection being filled, also staging each vector in SQLite for the switch."""

    def __init__(self, target: VectorIndex, db) -> None:
        self._target, self._db = target, db

    def upsert(self, ids: list[str], vectors, document_pk: int) -> None:
        self._target.upsert(ids, vectors, document_pk)
        with self._db.transaction() as conn:
            pk_of = dict(conn.execute("SELECT vector_id, id FROM chunks WHERE document_id = ?", (document_pk,)))
            write_vectors(conn, "chunk_vectors_next", [pk_of[i] for i in ids], vectors)

    def __getattr__(self, name: str):
        return getattr(self._target, name)


def _clear_staged(db) -> None:
    with db.transaction() as conn:
        conn.execute("DELETE FROM chunk_vectors_next")


def _drop(index: VectorIndex) -> None:
    drop_collection(index)
    close_client(index)


def _set(conn, key: str, value: str) -> None:
    conn.execute("INSERT OR REPLACE INTO meta(key, value) VALUES (?, ?)", (key, value))
