"""Moving a deployment from its SQLite file to PostgreSQL (issue 20), without re-embedding.

Every table of the SQLite database is copied, column for column (a test holds both
schemas' tables and columns equal), into an EMPTY PostgreSQL schema by COPY FROM
STDIN, in one write transaction, tables in foreign-key order, with the identity
counters moved past the copied ids. The lexical rows are rebuilt for PostgreSQL's
plain `chunks_fts(rowid, body)` from FTS5's rows (the same analysed text, so the
BM25 copy scores as before). `meta` comes along, so the vector collection named
in it (in the data dir's Chroma, or on the Chroma server) stays the live one: no
passage is embedded again. The source is read under its writer lock (no ingest
halfway through) in one read transaction.
"""
from __future__ import annotations

import sqlite3

from settings import Settings
from store._backup import BackupError
from store._lock import WriterBusy, WriterLock, in_service
from store._migrate import SCHEMA_VERSION, migrate
from store._pgbackup import (
    RestoreRefused,
    columns_of,
    copy_statement,
    move_identities,
    refuse_unless_empty,
    table_order,
)
from store._postgres import PostgresDatabase
from store._upgrade import stored_schema

LOCK_SECONDS = 5   # s to wait for the source's writer lock before refusing (an ingest is running)


def migrate_from_sqlite(source: Settings, url: str) -> dict[str, int]:
    """Copy the SQLite database of `source` into the empty PostgreSQL database at `url`;
    returns the rows copied per table."""
    found = stored_schema(source.db_path)
    if found is None:
        raise BackupError(f"There is no SQLite database in {source.data_dir} to migrate.")
    if found != int(SCHEMA_VERSION):
        raise BackupError(f"The database in {source.data_dir} is at schema {found}; this version copies"
                          f" schema {SCHEMA_VERSION}. Run `praktijkgeheugen check --data-dir"
                          f" {source.data_dir}` with this version first (it upgrades the data dir).")
    if in_service(source.data_dir):   # it went on: uploads after the copy stayed behind in SQLite
        raise BackupError(f"A server (or a watch) is running on {source.data_dir}: stop it first (sudo"
                          " systemctl stop praktijkgeheugen), then migrate. What it stored after the copy"
                          " would stay in the SQLite database.")
    target = PostgresDatabase(url)
    try:
        migrate(target)   # the schema, as a first start makes it
        with WriterLock(source.lock_path).hold(LOCK_SECONDS):
            return _copy(source, target)
    except WriterBusy as busy:
        raise BackupError(f"Another process ({busy}) is writing to {source.data_dir}; stop it"
                          " (and the server) before migrating.") from None
    except RestoreRefused as exc:
        raise BackupError(str(exc)) from None
    finally:
        target.close()


def _copy(source: Settings, target: PostgresDatabase) -> dict[str, int]:
    lite = sqlite3.connect(f"file:{source.db_path}?mode=ro", uri=True)
    copied = {}
    try:
        lite.execute("BEGIN")   # one read snapshot of the whole file
        with target.transaction() as conn:
            raw = conn.raw
            order = table_order(raw)
            refuse_unless_empty(raw, order)
            raw.execute("DELETE FROM meta")   # a first start's rows; the source's take their place
            for table in order:
                columns = columns_of(raw, table)
                rows = lite.execute(f"SELECT {', '.join(_quoted(c) for c in columns)} FROM {table}")
                count = 0
                with raw.cursor().copy(copy_statement(table, columns, "FROM STDIN")) as copy:
                    for row in rows:
                        copy.write_row(row)
                        count += 1
                move_identities(raw, table)
                copied[table] = count
    finally:
        lite.close()
    return copied


def _quoted(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'
