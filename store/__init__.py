"""The store: SQLite as the source of truth, with a lexical index (FTS5, same file)
and a vector index (Chroma, embedded or a server).

Public facade: `open_store(settings)` returns a `Store`; records and `Filters`
are plain dataclasses. Nothing outside this package sees SQL or Chroma.
"""
from __future__ import annotations

from contextlib import contextmanager
from typing import Iterator

from store._accounts import ROLES, SHARING, AccountError, AccountsMixin, Community, User
from store._db import Database
from store._migrate import SCHEMA_VERSION, migrate
from store._read import ReadMixin
from store._types import (
    DOCUMENT_TYPES,
    Access,
    Author,
    Chunk,
    ChunkDraft,
    Document,
    DocumentDraft,
    DocumentMeta,
    Filters,
)
from store._vectors import VectorIndex
from store._write import WriteMixin, vector_id
from store.settings import Settings

__all__ = [
    "DOCUMENT_TYPES", "ROLES", "SCHEMA_VERSION", "SHARING", "Access", "AccountError", "Community", "User",
    "Author", "Chunk", "ChunkDraft", "Document",
    "DocumentDraft", "DocumentMeta", "Filters", "ModelMismatchError", "Settings", "Store",
    "StoreError", "open_store", "vector_id",
]


class StoreError(Exception):
    """A problem with the data dir or its indexes, with a message for the user."""


class ModelMismatchError(StoreError):
    def __init__(self, built_with: str, requested: str) -> None:
        super().__init__(
            f"This index was built with embedding model '{built_with}', but '{requested}' was"
            f" requested. Use --model {built_with}, or re-embed everything with the new model:"
            f" praktijkgeheugen reindex --model {requested}"
        )
        self.built_with = built_with
        self.requested = requested


class Store(ReadMixin, WriteMixin, AccountsMixin):
    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.db = Database(settings.db_path)
        migrate(self.db)
        self.vectors = VectorIndex(settings.chroma_dir, settings.chroma_url, self.db.get_meta("deployment_id"))

    @property
    def embedding_model(self) -> str | None:
        """The model the vectors were built with (None for an empty index)."""
        return self.db.get_meta("embedding_model")

    def check_model(self, model: str, claim: bool = False) -> None:
        """Refuse to mix vectors of two models in one index; `claim` records the
        model on an empty index (ingest does, search does not)."""
        built_with = self.embedding_model
        if built_with is None and claim:
            self.db.set_meta("embedding_model", model)
        elif built_with is not None and built_with != model:
            raise ModelMismatchError(built_with, model)

    def reset_vectors(self, model: str) -> None:
        """Start an empty vector index for `model` (re-embedding rebuilds it from SQLite)."""
        self.vectors.reset()
        self.db.set_meta("embedding_model", model)

    @contextmanager
    def writer(self, timeout: float = 600) -> Iterator[None]:
        """Hold the data dir's writer lock: Chroma's embedded store and our
        staging protocol assume one writing process at a time."""
        from filelock import FileLock, Timeout

        lock = FileLock(str(self.settings.lock_path))
        try:
            lock.acquire(timeout=timeout)
        except Timeout:
            raise StoreError(
                f"Another process is writing to {self.settings.data_dir}; try again when it is done."
            ) from None
        try:
            yield
        finally:
            lock.release()

    def close(self) -> None:
        self.db.close()


def open_store(settings: Settings) -> Store:
    """Open (creating if needed) the store of a data dir."""
    try:
        return Store(settings)
    except (OSError, ValueError) as exc:
        raise StoreError(f"Cannot open the data dir {settings.data_dir}: {exc}") from exc
