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
import weakref
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

    def close_all(self) -> None:
        """Close every thread's connection (the store is closed: store._db.ThreadConnections)."""


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

    @abc.abstractmethod
    def close_all(self) -> None:
        """Close every thread's connection."""

    def get_meta(self, key: str) -> str | None:
        row = self.conn().execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        return row[0] if row else None

    def set_meta(self, key: str, value: str) -> None:
        with self.transaction() as conn:
            conn.execute(META_UPSERT, (key, value))

    def delete_meta(self, key: str) -> None:
        with self.transaction() as conn:
            conn.execute("DELETE FROM meta WHERE key = ?", (key,))


class ThreadConnections:
    """Each thread's connection: closed when the thread ends, and by `close_all`.

    A connection left to the garbage collector keeps its file descriptors until a full
    collection: a sqlite3 connection and its statement cache refer to each other (CPython
    3.11), so it is not freed when the last reference to it goes. A web server runs
    requests on worker threads that end after 10 s idle (anyio) while new ones take their
    place, and hybrid search runs BM25 on a pool of threads that serve every store
    (search._retrieve); `close()` closed the calling thread's connection only. Every other
    thread's kept the database and its WAL open, 2 descriptors, until a full collection
    came: a full CI run's test process held over 1024 descriptors late in the session and
    `select()` refused them (docs/testing.md, "Open file descriptors").

    Here a thread's connection is held by a `_Closing` that closes it when the thread
    ends (the thread-local forgets it). `close_all` closes this thread's connection and
    those of ended threads at once; another thread's connection is never closed under
    it (a store closed while its background tagging run committed crashed the test
    process): that thread closes it itself the next time it opens a connection, to any
    database, or anyone does once it has ended (`_close_handed_over`)."""

    def __init__(self) -> None:
        self._local = threading.local()
        self._lock = threading.Lock()
        self._holders: weakref.WeakSet[_Closing] = weakref.WeakSet()

    def current(self) -> Any | None:
        """This thread's connection; None when it has none or it was closed."""
        holder = getattr(self._local, "holder", None)
        return holder.conn if holder is not None else None

    def add(self, conn: Any) -> None:
        _close_handed_over()
        holder = _Closing(conn)
        self._local.holder = holder
        with self._lock:
            self._holders.add(holder)

    def forget(self) -> Any | None:
        """This thread's connection, no longer held (the caller closes it)."""
        holder = getattr(self._local, "holder", None)
        self._local.holder = None
        return holder.take() if holder is not None else None

    def close_all(self) -> None:
        """Close this thread's connection and every ended thread's; hand every other
        thread's over to that thread to close."""
        mine = self.forget()
        if mine is not None:
            mine.close()
        with self._lock:
            holders = list(self._holders)
            self._holders = weakref.WeakSet()
        with _handed_lock:
            for holder in holders:
                if holder.conn is not None:
                    _handed_over.setdefault(holder.thread, []).append(holder)
        _close_handed_over()


class _Closing:
    """A thread's connection, closed when the thread-local that holds it forgets it."""

    def __init__(self, conn: Any) -> None:
        self.conn: Any | None = conn
        self.thread = threading.current_thread()

    def take(self) -> Any | None:
        conn, self.conn = self.conn, None
        return conn

    def close(self) -> None:
        conn = self.take()
        if conn is not None:
            conn.close()

    def __del__(self) -> None:
        self.close()


# Connections of closed databases whose threads were still running: each thread closes
# its own when it next opens a connection; anyone closes an ended thread's.
_handed_lock = threading.Lock()
_handed_over: dict[threading.Thread, list[_Closing]] = {}


def _close_handed_over() -> None:
    here = threading.current_thread()
    with _handed_lock:
        due = [thread for thread in _handed_over if thread is here or not thread.is_alive()]
        holders = [holder for thread in due for holder in _handed_over.pop(thread)]
    for holder in holders:
        holder.close()


class SQLiteDatabase(MetaTable):
    """The embedded default: one SQLite file in the data dir."""

    dialect = "sqlite"

    def __init__(self, path: Path) -> None:
        self.path = path
        self._connections = ThreadConnections()
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
        conn = self._connections.current()
        if conn is None:
            # check_same_thread off: a thread-local freed by the garbage collector (a store
            # never closed) closes its connections on the collector's thread
            conn = sqlite3.connect(self.path, timeout=30, isolation_level=None, check_same_thread=False)
            conn.row_factory = sqlite3.Row
            conn.execute("PRAGMA journal_mode=WAL")
            conn.execute("PRAGMA synchronous=FULL")
            conn.execute("PRAGMA secure_delete=ON")
            conn.execute("PRAGMA foreign_keys=ON")
            self._connections.add(conn)
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
        conn = self._connections.forget()
        if conn is not None:
            conn.close()

    def close_all(self) -> None:
        self._connections.close_all()
