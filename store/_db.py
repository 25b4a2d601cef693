"""The `Database` seam every store part works through, and its SQLite implementation.

`Database` is the whole interface a part may use: this thread's connection, a
write transaction, the `meta` table, a checkpoint and close. A PostgreSQL
implementation (issue 20) implements the same methods; the store's parts never
open connections or set pragmas themselves.

SQLite: one connection per thread, WAL, schema and meta.

WAL lets readers (web requests) go on while one writer ingests. Connections are
per thread because FastAPI runs synchronous routes in a thread pool.
synchronous=FULL makes a commit durable when it returns (a power cut after
"ingested" must not lose the document); secure_delete overwrites deleted content
with zeros, so erased text does not linger in free pages of the file.
"""
from __future__ import annotations

import abc
import sqlite3
import threading
import uuid
from contextlib import AbstractContextManager, contextmanager
from importlib import resources
from pathlib import Path
from typing import Any, Iterator, Protocol

SCHEMA_VERSION = "1"
# Portable SQL both backends run as it is (SQLite >= 3.24 and PostgreSQL share the upsert).
META_UPSERT = "INSERT INTO meta(key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value"


class Database(Protocol):
    """What the store's parts need from the relational store.

    Parts write portable SQL with `?` placeholders (`INSERT ... ON CONFLICT`,
    `RETURNING id`, `cursor.rowcount`); where a backend's features differ (the
    lexical index: FTS5 in SQLite, a plain table in PostgreSQL), a part asks
    `dialect`, which is "sqlite" or "postgresql"."""

    dialect: str

    def conn(self) -> Any:
        """This thread's connection (DB-API: execute, executemany, rows by index and name)."""

    def transaction(self) -> AbstractContextManager[Any]:
        """A write transaction on this thread's connection, rolled back on any error."""

    def reading(self) -> AbstractContextManager[Any]:
        """A read transaction: every statement inside sees one committed state of the
        database, whatever other threads or processes commit meanwhile."""

    def get_meta(self, key: str) -> str | None: ...

    def set_meta(self, key: str, value: str) -> None: ...

    def delete_meta(self, key: str) -> None: ...

    def checkpoint(self) -> bool:
        """Make committed writes durable in the main file; False if readers kept it from completing."""

    def close(self) -> None:
        """Close this thread's connection (the next `conn()` opens a new one)."""


class MetaTable(abc.ABC):
    """The base of both backends: the `meta` table's three methods (the same SQL on
    both), over the rest of `Database`, which each backend must implement. The
    methods are abstract, so a backend that misses one fails when it is constructed,
    not at its first call in production."""

    dialect: str

    @abc.abstractmethod
    def conn(self) -> Any:
        """This thread's connection."""

    @abc.abstractmethod
    def transaction(self) -> AbstractContextManager[Any]:
        """A write transaction on this thread's connection, rolled back on any error."""

    @abc.abstractmethod
    def reading(self) -> AbstractContextManager[Any]:
        """A read transaction over one committed state of the database."""

    @abc.abstractmethod
    def checkpoint(self) -> bool:
        """Make committed writes durable in the main file; False if readers kept it from completing."""

    @abc.abstractmethod
    def close(self) -> None:
        """Close this thread's connection."""

    def get_meta(self, key: str) -> str | None:
        row = self.conn().execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        return row[0] if row else None

    def set_meta(self, key: str, value: str) -> None:
        with self.transaction() as conn:
            conn.execute(META_UPSERT, (key, value))

    def delete_meta(self, key: str) -> None:
        with self.transaction() as conn:
            conn.execute("DELETE FROM meta WHERE key = ?", (key,))


class SQLiteDatabase(MetaTable):
    """The embedded default: one SQLite file in the data dir."""

    dialect = "sqlite"

    def __init__(self, path: Path) -> None:
        self.path = path
        self._local = threading.local()
        path.parent.mkdir(parents=True, exist_ok=True)
        # executescript commits by itself; the schema is idempotent (IF NOT EXISTS).
        self.conn().executescript(resources.files("store").joinpath("_schema.sql").read_text())
        with self.transaction() as conn:
            conn.execute(
                "INSERT OR IGNORE INTO meta(key, value) VALUES ('schema_version', ?), ('deployment_id', ?),"
                " ('vector_generation', '0')", (SCHEMA_VERSION, uuid.uuid4().hex),
            )
            # The vector collection starts out named after the deployment (as before
            # rebuilds existed); a rebuild fills a new one and switches this key.
            conn.execute("INSERT OR IGNORE INTO meta(key, value)"
                         " SELECT 'vector_collection', value FROM meta WHERE key = 'deployment_id'")

    def conn(self) -> sqlite3.Connection:
        conn = getattr(self._local, "conn", None)
        if conn is None:
            conn = sqlite3.connect(self.path, timeout=30, isolation_level=None)
            conn.row_factory = sqlite3.Row
            conn.execute("PRAGMA journal_mode=WAL")
            conn.execute("PRAGMA synchronous=FULL")
            conn.execute("PRAGMA secure_delete=ON")
            conn.execute("PRAGMA foreign_keys=ON")
            self._local.conn = conn
        return conn

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """BEGIN IMMEDIATE ... COMMIT, rolled back on any error."""
        conn = self.conn()
        conn.execute("BEGIN IMMEDIATE")
        try:
            yield conn
        except BaseException:
            conn.execute("ROLLBACK")
            raise
        conn.execute("COMMIT")

    @contextmanager
    def reading(self) -> Iterator[sqlite3.Connection]:
        """BEGIN (deferred) ... COMMIT: in WAL mode the first SELECT fixes the snapshot
        every later SELECT of the transaction reads. Inside a transaction already open
        on this thread, that transaction's view is used as it is."""
        conn = self.conn()
        if conn.in_transaction:
            yield conn
            return
        conn.execute("BEGIN")
        try:
            yield conn
        finally:
            conn.execute("COMMIT")

    def checkpoint(self) -> bool:
        """Copy the WAL into the database file and empty it; False if a reader kept it busy."""
        busy, _, _ = self.conn().execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()
        return not busy

    def close(self) -> None:
        conn = getattr(self._local, "conn", None)
        if conn is not None:
            conn.close()
            self._local.conn = None
