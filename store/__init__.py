"""The store: SQLite as the source of truth, with a lexical index (FTS5, same file)
and a vector index (Chroma, embedded or a server).

Public facade: `open_store(settings)` returns a `Store`; records and `Filters`
are plain dataclasses. Nothing outside this package sees SQL or Chroma.
"""
from __future__ import annotations

import sqlite3
import sys
from contextlib import contextmanager
from functools import partial
from typing import Iterator

from settings import Settings
from store._accounts import (
    MAX_TOKEN_DAYS,
    MIN_PASSWORD,
    OWNER_ACTORS,
    OWNER_SHOWN,
    PASSWORD_SET,
    RESET_NOTICE_DAYS,
    ROLES,
    SHARING,
    AccountError,
    Accounts,
    Community,
    User,
    audit_said,
    check_user_name,
    deletion_actions,
    drawn_like_another,
    reserved_name,
    user_name_refused_characters,
)
from store._backup import BackupError, holds_data, read_manifest, restore_backup, write_backup
from store._catalogue import Catalogue
from store._check import CheckReport
from store._clients import ClientNames, Listed, given_name_spans
from store._dense import Vectors
from store._erase import incoming_folder, scrub_freed_memory
from store._erasures import (
    GROUP_DELETED,
    ITEM_REMOVED,
    ITEM_TARGET,
    PACK_DELETED,
    PACK_TARGET,
    deletions,
    erasure_source,
    listed_clients,
    pseudonymising,
    recorrections,
    remade,
    removals,
    source_shown,
)
from store._errors import ModelMismatchError, StoreError
from store._health import RUN_KINDS, CommunityCount, Health, Run, StatusReport
from store._history import Change, Edit, History
from store._invitations import LINK_DAYS, Invitations, Link, LinkError
from store._lexical import Lexical
from store._live import LiveIndex
from store._lock import WriterBusy, in_service, serving
from store._logins import LoginAttempts, LoginLimits
from store._maintenance import Maintenance
from store._migrate import SCHEMA_VERSION, fill_vectors, needs_vector_fill
from store._packs import MAX_NOTE_CHARS, Pack, PackError, PackItem, Packs, drop_session_files
from store._people import Contact, People, PersonDocument, PersonRecord
from store._pgmigrate import migrate_from_sqlite
from store._postgres import scratch_database, unreachable
from store._private import keep_private, make_private
from store._profiles import Profile, Profiles, TokenInfo
from store._rights import RightsChanged, acting_as, acting_in, acting_on, recheck
from store._rights import current as current_grant
from store._snapshot import Snapshot
from store._staging import interrupted_restore
from store._themes import Tags
from store._traces import RECORRECTED, Traces, read_recorrection, recorrection_target
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
from store._upgrade import open_database, stored_schema, upgrade_backups, writer_lock
from store._vectors import VectorIndex
from store._watch import Watch, WatchedFile, WatchedFolder
from store._write import vector_id

__all__ = [
    "interrupted_restore",
    "AUTHOR_ROLES", "DOCUMENT_TYPES", "ROLES", "TYPE_ROLES", "SCHEMA_VERSION", "SHARING", "Access", "AccountError", "Community", "User",
    "drawn_like_another", "deletion_actions", "PASSWORD_SET", "reserved_name",
    "user_name_refused_characters", "check_user_name", "OWNER_ACTORS", "OWNER_SHOWN", "audit_said", "unreachable",
    "Author", "CheckReport", "Contact", "PersonDocument", "PersonRecord", "Chunk", "ChunkDraft", "Document",
    "DocumentDraft", "DocumentMeta", "Filters", "ModelMismatchError", "Settings", "Snapshot", "Store",
    "StoreError", "is_transient", "open_store", "vector_id",
    "LINK_DAYS", "MAX_TOKEN_DAYS", "RESET_NOTICE_DAYS", "MIN_PASSWORD", "Link", "LinkError", "Profile", "TokenInfo",
    "WatchedFile", "WatchedFolder", "Change", "Edit", "MAX_NOTE_CHARS", "Pack", "PackError", "PackItem",
    "BackupError", "deletions", "removals", "remade", "GROUP_DELETED", "PACK_DELETED", "PACK_TARGET", "ITEM_REMOVED", "ITEM_TARGET",
    "listed_clients", "pseudonymising", "erasure_source", "source_shown",
    "RECORRECTED", "recorrections", "recorrection_target", "read_recorrection",
    "migrate_from_sqlite", "holds_data", "read_manifest",
    "restore_backup", "write_backup", "Listed", "given_name_spans",
    "keep_private",
    "LoginAttempts", "LoginLimits", "in_service", "serving", "stored_schema", "upgrade_backups", "scratch_database",
    "RightsChanged", "acting_as", "acting_in", "acting_on",
    "RUN_KINDS", "CommunityCount", "Run", "StatusReport", "incoming_folder",
]


def is_transient(exc: BaseException) -> bool:
    """Whether reopening may cure an error of a read: SQLite busy or briefly unable to
    read, a Chroma error or a Chroma server that dropped the connection. (Chroma's
    modules are only looked at when loaded: importing them costs a second.)"""
    if isinstance(exc, sqlite3.OperationalError):
        return True
    psycopg = sys.modules.get("psycopg")
    if psycopg and isinstance(exc, psycopg.OperationalError):
        return True
    chroma, httpx = sys.modules.get("chromadb.errors"), sys.modules.get("httpx")
    return bool((chroma and isinstance(exc, chroma.ChromaError)) or (httpx and isinstance(exc, httpx.TransportError)))


class Store:
    """One data dir's store, composed of parts that each own their tables and caches.

    Callers reach a part by name (see docs/architecture.md):
    `catalogue` (documents, chunks, the write protocol), `lexical` (BM25),
    `vectors` (dense search, the vectors, the model), `accounts` (communities,
    users, tokens, sessions, audit), `tags` (theme tags), `people`, `clients`
    (known client names, hashed), `traces` (a deleted document's id in the audit
    log), `maintenance` (check, repair, erasure, vector rebuilds), `health` (the last run of each job, the status report). The store
    itself holds what they share: the `Database` seam (store._db), the writer lock,
    and the write session (`writer()`).
    """

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        if not settings.chroma_url:
            scrub_freed_memory()  # before Chroma allocates anything (see store._erase)
        self.db = open_database(settings)   # refuses a newer schema, backs up before migrating
        try:
            self.lock = writer_lock(settings)
            open_index = partial(VectorIndex, settings.chroma_dir, settings.chroma_url)
            self._live = LiveIndex(open_index, self.db, self.lock)
            self.catalogue = Catalogue(self.db, self._live)
            self.vectors = Vectors(self.db, self._live, self.catalogue, open_index)
            self.lexical = Lexical(self.db, self.catalogue)
            self.accounts = Accounts(self.db, self.writer)
            self.clients = ClientNames(self.db)
            self.people = People(self.db)
            self.tags = Tags(self.db)
            self.maintenance = Maintenance(settings, self.db, self.catalogue, self.vectors)
            self.catalogue.forget_files = self.maintenance.forget_version_files   # purge, before the rows go
            self.invitations = Invitations(self.db, writer=self.writer)
            self.profiles = Profiles(self.db, self.writer)
            self.watch = Watch(self.db)
            self.packs = Packs(self.db, self.writer)
            self.history = History(self.db)
            self.traces = Traces(self.db)
            self.health = Health(settings, self.db, self.catalogue, self.maintenance, self.watch)
            drop_session_files(settings.packs_dir)
            self.logins = LoginAttempts(self.db)
            if needs_vector_fill(self.db):
                with self.writer():
                    if needs_vector_fill(self.db):
                        fill_vectors(self.db, self._live)
        except BaseException:
            if hasattr(self, "_live"):
                self._live.close()
            self.db.close_all()   # a store that failed to open keeps no connection or Chroma client
            raise

    @contextmanager
    def writer(self, timeout: float = 600) -> Iterator[None]:
        """Hold the data dir's writer lock: Chroma's embedded store and our staging
        protocol assume one writing process at a time. Re-entrant; on entry the
        vector index catches up with what other writers did, and a session that
        removed something ends by erasing its residue from the indexes' files.
        A web request's rights are checked again once the lock is taken (store._rights):
        RightsChanged when they no longer hold, before anything is written."""
        if self.lock.held():
            yield
            return
        try:
            with self.lock.hold(timeout):
                with self.db.reading() as conn:   # a web request's rights, again, now that it may write
                    recheck(conn, current_grant())
                self._live.catch_up()
                try:
                    yield
                    if self.maintenance.erase_pending():
                        self.maintenance.erase_residue()
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
        """Close the indexes and the database connections of every thread (store._db.ThreadConnections)."""
        self.lexical.close()
        self._live.close()
        self.db.close_all()


def open_store(settings: Settings) -> Store:
    """Open (creating if needed) the store of a data dir, owner-only (store._private)."""
    try:
        make_private(settings.data_dir, (settings.db_path,))
        return Store(settings)
    except (OSError, ValueError) as exc:
        raise StoreError(f"Cannot open the data dir {settings.data_dir}: {exc}") from exc
