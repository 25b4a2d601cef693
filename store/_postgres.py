"""The PostgreSQL implementation of the `Database` seam (issue 20): one database
shared by several app hosts, each with its own data dir.

The parts write portable SQL with SQLite's `?` placeholders; `PgConnection` turns
them into psycopg's `%s` (doubling every literal `%`, which psycopg would read as
a placeholder) and gives rows that are read by index and by name, as
`sqlite3.Row` is. What SQLite has and PostgreSQL lacks is made in the schema
(`_schema_postgres.sql`): `datetime('now')` and `instr()` as small SQL
functions, the catalogue generation's triggers in PL/pgSQL, the lexical rows as
a plain table `chunks_fts(rowid, body)` that the in-memory BM25 copy reads
(store._lexical), so ranking is the copy's on both backends.

Writes: `transaction()` takes a transaction-level advisory lock first, so write
transactions run one at a time across every host, as SQLite's BEGIN IMMEDIATE
makes them within one file (the parts' count-then-insert steps rely on it).
Reads outside a transaction run in autocommit; `reading()` is REPEATABLE READ,
one snapshot for all its statements.

Connections are per thread (FastAPI runs routes in a thread pool), like the
SQLite ones; the database is created with the C collation in the installation
guide, so ORDER BY on text orders as SQLite's byte order does.
"""
from __future__ import annotations

import uuid
from contextlib import contextmanager
from typing import Any, Iterator, Sequence

import psycopg

from store._db import MetaTable, ThreadConnections

# Advisory lock keys (64-bit, arbitrary but fixed): one for write transactions,
# one for the writer lock (store._pglock) that a write session holds.
TRANSACTION_KEY = 0x5072_616B_7469_6A01
WRITER_KEY = 0x5072_616B_7469_6A02
CONNECT_SECONDS = 10   # s: how long opening a connection may take before it is an error


def translate(sql: str) -> str:
    """SQLite-style SQL as psycopg takes it: `?` outside string literals becomes
    `%s`, every `%` is doubled (psycopg reads `%` as the start of a placeholder),
    and an empty `IN ()` list becomes a comparison with an empty array."""
    out, quoted = [], False
    for char in sql:
        if char == "'":
            quoted = not quoted
        if char == "%":
            out.append("%%")
        elif char == "?" and not quoted:
            out.append("%s")
        else:
            out.append(char)
    # SQLite takes an empty list, which a part builds for no ids; PostgreSQL needs an empty array.
    return "".join(out).replace(" NOT IN ()", " <> ALL('{}')").replace(" IN ()", " = ANY('{}')")


class Row(tuple):
    """A row read by index or by column name, like sqlite3.Row."""

    names: dict[str, int]

    def __new__(cls, values: Sequence[Any], names: dict[str, int]) -> "Row":
        row = super().__new__(cls, values)
        row.names = names
        return row

    def __getitem__(self, key):
        return tuple.__getitem__(self, self.names[key] if isinstance(key, str) else key)

    def keys(self) -> list[str]:
        return list(self.names)


def _row_factory(cursor: psycopg.Cursor) -> Any:
    if cursor.description is None:
        return tuple
    names = {column.name: n for n, column in enumerate(cursor.description)}
    return lambda values: Row(values, names)


class PgConnection:
    """A psycopg connection that runs the parts' SQL (DB-API as sqlite3 offers it)."""

    def __init__(self, raw: psycopg.Connection) -> None:
        self.raw = raw

    def execute(self, sql: str, params: Sequence[Any] = ()) -> psycopg.Cursor:
        cursor = self.raw.cursor(row_factory=_row_factory)
        return cursor.execute(translate(sql), _values(params))

    def executemany(self, sql: str, rows) -> psycopg.Cursor:
        cursor = self.raw.cursor(row_factory=_row_factory)
        rows = [_values(row) for row in rows]
        if rows:
            cursor.executemany(translate(sql), rows)
        return cursor

    def executescript(self, script: str) -> None:
        """Several statements without parameters (a schema file)."""
        self.raw.execute(script.encode())

    def close(self) -> None:
        self.raw.close()


def _values(params: Sequence[Any]) -> tuple:
    """Parameters as SQLite takes them: a bool is the integer 0 or 1 (the flags are
    integers). PostgreSQL's text cannot hold NUL, which SQLite's can: a crafted id or
    name with one (a look-up the parts make before refusing it) gets U+FFFD instead,
    the character a decoder puts for a byte it cannot read, so it matches nothing."""
    return tuple(int(value) if isinstance(value, bool) else
                 value.replace("\x00", "\ufffd") if isinstance(value, str) and "\x00" in value else value
                 for value in params)


def scalar(cursor: psycopg.Cursor) -> Any:
    """The one value a one-row query gives (SELECT of a function, a count)."""
    row = cursor.fetchone()
    assert row is not None, "a one-row query gave no row"
    return row[0]


def unreachable(error: BaseException) -> str | None:
    """The user's message when `error` is psycopg failing to open the database (it does not
    exist yet, a wrong password, host or port), else None. `backup`, `init` and `migrate`
    connect on their own, and printed psycopg's traceback for the documented nightly
    `backup --database-url ...` before `createdb`; opening the store said it already
    (store._upgrade). psycopg's message names no password."""
    if not isinstance(error, psycopg.OperationalError):
        return None
    return (f"Cannot open the PostgreSQL database given by --database-url: {error}".strip()
            + "\nCheck its address, user and password, and that the database exists (createdb,"
            " docs/installatie.md section 9).\nfout: de PostgreSQL-database van --database-url is niet te"
            " openen. Controleer adres, gebruiker en wachtwoord, en of de database bestaat (createdb,"
            " installatie.md stap 9).")


def connect(url: str) -> psycopg.Connection:
    """An autocommit connection: transactions are begun and ended explicitly."""
    return psycopg.connect(url, autocommit=True, connect_timeout=CONNECT_SECONDS)


class PostgresDatabase(MetaTable):
    """The relational store in a PostgreSQL database (`--database-url`)."""

    dialect = "postgresql"

    def __init__(self, url: str) -> None:
        self.url = url
        self._connections = ThreadConnections()   # closed when their thread ends, as SQLite's (store._db)

    def conn(self) -> PgConnection:
        conn = self._connections.current()
        if conn is None or conn.raw.closed:
            conn = PgConnection(connect(self.url))
            self._connections.add(conn)
        return conn

    @contextmanager
    def transaction(self) -> Iterator[PgConnection]:
        """BEGIN, then wait for the one-writer advisory lock, ... COMMIT; rolled back on any error."""
        conn = self.conn()
        conn.raw.execute("BEGIN")
        try:
            conn.raw.execute("SELECT pg_advisory_xact_lock(%s)", (TRANSACTION_KEY,))
            yield conn
        except BaseException:
            if not conn.raw.closed:
                conn.raw.execute("ROLLBACK")
            raise
        conn.raw.execute("COMMIT")

    @contextmanager
    def reading(self) -> Iterator[PgConnection]:
        """REPEATABLE READ: one snapshot for every statement; inside a transaction
        already open on this thread, that transaction's view is used as it is."""
        conn = self.conn()
        if conn.raw.info.transaction_status != psycopg.pq.TransactionStatus.IDLE:
            yield conn
            return
        conn.raw.execute("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY")
        try:
            yield conn
        finally:
            if not conn.raw.closed:
                conn.raw.execute("COMMIT")

    def checkpoint(self) -> bool:
        """VACUUM the tables that held erased content, so their dead rows' space is
        reused. Unlike SQLite's secure_delete, PostgreSQL does not zero the freed
        space; the installation guide says so (an encrypted disk covers it)."""
        for table in ERASED_TABLES:
            self.conn().raw.execute(f"VACUUM {table}")
        return True

    def close(self) -> None:
        conn = self._connections.forget()
        if conn is not None:
            conn.close()

    def close_all(self) -> None:
        self._connections.close_all()


@contextmanager
def scratch_database(url: str, prefix: str = "scratch") -> Iterator[str]:
    """An empty schema of its own in the database at `url`, as a URL whose connections
    see only it; dropped with everything in it afterwards. For a bench run or a test:
    the store's tables of a deployment in the same database stay as they were."""
    schema = f"{prefix}_{uuid.uuid4().hex[:12]}"
    with connect(url) as conn:
        conn.execute(f"CREATE SCHEMA {schema}")
    joiner = "&" if "?" in url else "?"
    try:
        yield f"{url}{joiner}options=-csearch_path%3D{schema}"
    finally:
        with connect(url) as conn:
            conn.execute(f"DROP SCHEMA {schema} CASCADE")


# Tables whose rows an erasure or a correction deletes or rewrites: a document's own rows,
# and every row that names its id or a moderator's text about it (store._traces moves or
# digests them; a correction rewrites pack names and notes).
ERASED_TABLES = ("documents", "chunks", "chunks_fts", "chunk_vectors", "chunk_vectors_next", "chunk_themes",
                 "chunk_tagged", "authorship", "people", "packs", "pack_items", "document_edits", "watch_files",
                 "audit_log", "community_names")
