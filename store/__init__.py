"""The store: SQLite as the source of truth, with a lexical index (FTS5, same file)
and a vector index (Chroma, embedded or a server).

Public facade: `open_store(settings)` returns a `Store`; records and `Filters`
are plain dataclasses. Nothing outside this package sees SQL or Chroma.
"""
from __future__ import annotations

import sqlite3
import sys
from contextlib import contextmanager
from typing import Iterator

from settings import Settings
from store._accounts import ROLES, SHARING, AccountError, Accounts, Community, User
from store._allowed import AllowedCache
from store._backup import BackupError, holds_data, read_manifest, restore_backup, write_backup
from store._bm25 import LexicalCopy
from store._check import CheckMixin, CheckReport
from store._clients import ClientNames
from store._db import Database
from store._erase import EraseMixin, scrub_freed_memory
from store._lexical import LexicalMixin
from store._live import LiveIndex
from store._lock import WriterBusy, WriterLock
from store._migrate import SCHEMA_VERSION, fill_vectors, migrate, needs_vector_fill
from store._people import Contact, People, PersonDocument, PersonRecord
from store._private import keep_private, make_private
from store._read import ReadMixin
from store._rebuild import RebuildMixin
from store._themes import Tags
from store._types import (
    AUTHOR_ROLES,
    DOCUMENT_TYPES,
    TYPE_ROLES,
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

__all__ = [
    "AUTHOR_ROLES", "DOCUMENT_TYPES", "ROLES", "TYPE_ROLES", "SCHEMA_VERSION", "SHARING", "Access", "AccountError", "Community", "User",
    "Author", "CheckReport", "Contact", "PersonDocument", "PersonRecord", "Chunk", "ChunkDraft", "Document",
    "DocumentDraft", "DocumentMeta", "Filters", "ModelMismatchError", "Settings", "Store",
    "StoreError", "is_transient", "open_store", "vector_id",
    "BackupError", "holds_data", "read_manifest", "restore_backup", "write_backup", "keep_private",
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


def is_transient(exc: BaseException) -> bool:
    """Whether reopening may cure an error of a read: SQLite busy or briefly unable to
    read, a Chroma error or a Chroma server that dropped the connection. (Chroma's
    modules are only looked at when loaded: importing them costs a second.)"""
    if isinstance(exc, sqlite3.OperationalError):
        return True
    chroma, httpx = sys.modules.get("chromadb.errors"), sys.modules.get("httpx")
    return bool((chroma and isinstance(exc, chroma.ChromaError)) or (httpx and isinstance(exc, httpx.TransportError)))


class Store(ReadMixin, LexicalMixin, WriteMixin, CheckMixin, EraseMixin, RebuildMixin):
    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        if not settings.chroma_url:
            scrub_freed_memory()  # before Chroma allocates anything (see store._erase)
        self.db = Database(settings.db_path)
        migrate(self.db)
        self.accounts = Accounts(self.db)
        self.clients = ClientNames(self.db)
        self.people = People(self.db)
        self.tags = Tags(self.db)
        self.lock = WriterLock(settings.lock_path)
        self._allowed_cache = AllowedCache()
        self._lexical_copy = LexicalCopy(self._lexical_rows, self._lexical_rows_of)
        self._live = LiveIndex(self.open_vector_index, self.db, self.lock)
        if needs_vector_fill(self.db):
            with self.writer():
                if needs_vector_fill(self.db):
                    fill_vectors(self.db, self._live)

    @property
    def vectors(self) -> LiveIndex:
        """The vector index (a VectorIndex), kept in step with other processes' writes."""
        return self._live

    def open_vector_index(self, key: str) -> VectorIndex:
        """A client for the collection named after `key` (created when missing)."""
        return VectorIndex(self.settings.chroma_dir, self.settings.chroma_url, key)

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

    @contextmanager
    def writer(self, timeout: float = 600) -> Iterator[None]:
        """Hold the data dir's writer lock: Chroma's embedded store and our staging
        protocol assume one writing process at a time. Re-entrant; on entry the
        vector index catches up with what other writers did, and a session that
        removed something ends by erasing its residue from the indexes' files."""
        if self.lock.held():
            yield
            return
        try:
            with self.lock.hold(timeout):
                self._live.catch_up()
                try:
                    yield
                    if self.erase_pending():
                        self.erase_residue()
                finally:
                    self._live.mark_seen()
        except WriterBusy as busy:
            raise StoreError(f"Another process ({busy}) is writing to {self.settings.data_dir};"
                             " try again when it is done.") from None

    def recover(self) -> None:
        """After a transient error (is_transient): reopen this thread's database
        connection, and the Chroma client on its next use."""
        self._live.reopen()

    def close(self) -> None:
        self._lexical_copy.close()
        self._live.close()
        self.db.close()


def open_store(settings: Settings) -> Store:
    """Open (creating if needed) the store of a data dir, owner-only (store._private)."""
    try:
        make_private(settings.data_dir, (settings.db_path,))
        return Store(settings)
    except (OSError, ValueError) as exc:
        raise StoreError(f"Cannot open the data dir {settings.data_dir}: {exc}") from exc
