"""Rebuilding the vector index beside the live one, then switching in one step.

Used by reindex (a new model), erasure (Chroma keeps deleted vectors in its files
until the collection is rewritten) and restore. Searches keep using the old
collection until the switch, which is one SQLite transaction; readers in other
processes follow through `vector_generation`. The collection being filled is noted
in meta first, so a crash before the switch leaves nothing the reconciler
(`drop_abandoned`) cannot find and drop. The caller holds the writer lock.
"""
from __future__ import annotations

import uuid
from typing import Callable

from store._chroma_admin import close_client, drop_collection, remove_orphan_segments
from store._vectors import VectorIndex
from store._write import bump_generation

_NEXT, _RETIRED = "vector_collection_next", "vector_collection_retired"


class RebuildMixin:
    def rebuild_vectors(self, fill: Callable[[VectorIndex], None], model: str | None = None) -> None:
        """Fill a new collection with `fill`, then make it the live one (and `model`
        the index's model, when given)."""
        key = uuid.uuid4().hex
        self.db.set_meta(_NEXT, key)
        target = self.open_vector_index(key)
        try:
            fill(target)
        except BaseException:
            _drop(target)
            self.db.delete_meta(_NEXT)
            raise
        close_client(target)
        with self.db.transaction() as conn:
            old = conn.execute("SELECT value FROM meta WHERE key = 'vector_collection'").fetchone()[0]
            _set(conn, "vector_collection", key)
            _set(conn, _RETIRED, old)
            if model:
                _set(conn, "embedding_model", model)
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


def _drop(index: VectorIndex) -> None:
    drop_collection(index)
    close_client(index)


def _set(conn, key: str, value: str) -> None:
    conn.execute("INSERT OR REPLACE INTO meta(key, value) VALUES (?, ?)", (key, value))
