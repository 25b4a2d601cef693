"""The relational half of a backup on PostgreSQL (issue 20): every table by COPY.

`dump_tables` copies each table of the store's schema with `COPY ... TO STDOUT`
(text format) in ONE read-only REPEATABLE READ transaction, so all tables come
from one snapshot, as SQLite's online backup gives one consistent file. Nothing
but psycopg is needed (no pg_dump client binary on the app host). The vectors are
consistent with it for the same reason as in the SQLite backup: each chunk's
vector is a row of `chunk_vectors`, in the same snapshot, and restore rebuilds
the Chroma collection from those rows (ingest.restore_vectors).

`load_tables` puts such a copy into an EMPTY database (only the schema and its
`meta` rows, as a first start leaves it): one write transaction, tables in
foreign-key order, identity counters moved past the restored ids. A database
that already holds documents, accounts or anything else is refused: merging two
deployments' ids is not what a restore does.
"""
from __future__ import annotations

import uuid
from graphlib import TopologicalSorter
from pathlib import Path

import psycopg
from psycopg import sql

from store._errors import StoreError
from store._opaque_ids import fill_opaque_ids
from store._person_ids import fill_public_ids
from store._postgres import PostgresDatabase, connect, scalar

TABLES = "tables"          # the archive's folder of COPY files, one `<table>.copy` per table
BLOCK_BYTES = 1 << 20      # bytes written to COPY FROM at a time (1 MiB: few calls, little memory)


class RestoreRefused(StoreError):
    """The database is not empty, or the backup's tables do not fit its schema."""


KEPT_ORIGINALS = "SELECT source_path FROM documents WHERE state = 'ready' AND source_path IS NOT NULL"

# Only what ready documents hold is dumped. A version caught between a purge's two
# transactions ('deleting': its whole text) or still being ingested ('pending') is
# left out, as SQLite's backup purges it in its copy (store._backup.erase_in_copy), so
# no backup keeps the words of a document a moderator deleted. Tables are filtered by
# their foreign keys to documents or chunks (found in the catalogue, so a new table
# is filtered too), plus the lexical rows (rowid = chunk id, no foreign key) and the
# people no ready document names (store._person_links.FORGET_UNNAMED).
_READY_DOCUMENTS = "SELECT id FROM documents WHERE state = 'ready'"
_READY_CHUNKS = ("SELECT ch.id FROM chunks ch JOIN documents d ON d.id = ch.document_id"
                 " WHERE d.state = 'ready'")
_NAMED_PEOPLE = f"SELECT a.person_id FROM authorship a WHERE a.document_id IN ({_READY_DOCUMENTS})"
_ROWS = {"documents": "state = 'ready'", "chunks_fts": f"rowid IN ({_READY_CHUNKS})",
         "people": f"id IN ({_NAMED_PEOPLE})"}
_COLUMNS = {("authorship", "linked_person_id"):
            f"CASE WHEN linked_person_id IN ({_NAMED_PEOPLE}) THEN linked_person_id END"}


def dump_tables(url: str, target: Path) -> tuple[dict[str, dict], dict[str, str], dict[str, int], list[str]]:
    """COPY every table into `target/<table>.copy` from one snapshot; returns the
    tables (columns and row counts), the `meta` rows, the ready documents/chunks, and
    the originals those ready documents keep (`source_path`), read in the same
    snapshot so the backup packs exactly the files its own documents keep."""
    target.mkdir(parents=True, exist_ok=True)
    with connect(url) as conn:
        conn.execute("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY")
        tables = {}
        references = _ready_references(conn)
        for table in table_order(conn):
            columns = columns_of(conn, table)
            rows = 0
            with (target / f"{table}.copy").open("wb") as out, \
                    conn.cursor().copy(_dump_statement(table, columns, references.get(table))) as copy:
                for block in copy:
                    out.write(block)
                    rows += bytes(block).count(b"\n")   # text format: one line per row
            tables[table] = {"columns": columns, "rows": rows}
        meta: dict[str, str] = dict(conn.execute("SELECT key, value FROM meta").fetchall())
        counts = {"documents": scalar(conn.execute("SELECT COUNT(*) FROM documents WHERE state = 'ready'")),
                  "chunks": scalar(conn.execute("SELECT COUNT(*) FROM chunks ch JOIN documents d"
                                                " ON d.id = ch.document_id WHERE d.state = 'ready'"))}
        kept = [row[0] for row in conn.execute(KEPT_ORIGINALS).fetchall()]
        conn.execute("COMMIT")
    return tables, meta, counts, kept


def _ready_references(conn: psycopg.Connection) -> dict[str, str]:
    """For each table with a foreign key to documents or chunks, the condition that keeps
    only the rows of ready documents (`_ROWS` for the tables without such a key)."""
    keep = dict(_ROWS)
    for table, column, parent in conn.execute(
            "SELECT c.relname, a.attname, p.relname FROM pg_constraint k"
            " JOIN pg_class c ON c.oid = k.conrelid JOIN pg_class p ON p.oid = k.confrelid"
            " JOIN pg_attribute a ON a.attrelid = k.conrelid AND a.attnum = k.conkey[1]"
            " WHERE k.contype = 'f' AND k.connamespace = current_schema()::regnamespace"
            " AND p.relname IN ('documents', 'chunks')").fetchall():
        ready = _READY_DOCUMENTS if parent == "documents" else _READY_CHUNKS
        condition = f"({column} IS NULL OR {column} IN ({ready}))"
        keep[table] = f"{keep[table]} AND {condition}" if table in keep else condition
    return keep


def _dump_statement(table: str, columns: list[str], where: str | None) -> sql.Composed:
    """COPY of a table's rows, or of those `where` keeps (with `_COLUMNS`' expressions),
    in the same text format and column order as COPY of the table itself."""
    if where is None:
        return copy_statement(table, columns, "TO STDOUT")
    selected = [sql.SQL(_COLUMNS[(table, c)]) if (table, c) in _COLUMNS else sql.Identifier(c) for c in columns]
    return sql.SQL("COPY (SELECT {} FROM {} WHERE " + where + ") TO STDOUT").format(
        sql.SQL(", ").join(selected), sql.Identifier(table))


def load_tables(db: PostgresDatabase, source: Path, tables: dict[str, dict]) -> None:
    """Fill the empty database `db` (its schema made by open_database) from `source`."""
    with db.transaction() as conn:
        raw = conn.raw
        order = table_order(raw)
        refuse_unless_empty(raw, order)
        _refuse_unless_fitting(raw, order, tables)
        raw.execute("DELETE FROM meta")   # a first start's rows; the backup's take their place
        for table in (t for t in order if t in tables):
            with (source / f"{table}.copy").open("rb") as data, \
                    raw.cursor().copy(copy_statement(table, tables[table]["columns"], "FROM STDIN")) as copy:
                while block := data.read(BLOCK_BYTES):
                    copy.write(block)
            move_identities(raw, table)
        # A collection of its own: the backup's may still be the live one of the deployment
        # it came from (one Chroma server), and the rebuild retires the collection it replaces.
        raw.execute("UPDATE meta SET value = %s WHERE key = 'vector_collection'", (uuid.uuid4().hex,))
        fill_public_ids(conn)   # a backup from before schema 14: its people get their ids
        fill_opaque_ids(conn)   # one from before schema 16: its packs, items and tokens


def table_order(conn: psycopg.Connection) -> list[str]:
    """The schema's tables, each after the tables its foreign keys point to."""
    names = [r[0] for r in conn.execute(
        "SELECT relname FROM pg_class WHERE relkind = 'r' AND relnamespace = current_schema()::regnamespace"
        " ORDER BY relname").fetchall()]
    graph: dict[str, set[str]] = {name: set() for name in names}
    for child, parent in conn.execute(
            "SELECT c.relname, p.relname FROM pg_constraint k JOIN pg_class c ON c.oid = k.conrelid"
            " JOIN pg_class p ON p.oid = k.confrelid WHERE k.contype = 'f'"
            " AND k.connamespace = current_schema()::regnamespace").fetchall():
        if child != parent:
            graph[child].add(parent)
    return list(TopologicalSorter(graph).static_order())


def copy_statement(table: str, columns: list[str], direction: str) -> sql.Composed:
    """COPY with quoted names (a column is called `end`, a keyword)."""
    return sql.SQL("COPY {} ({}) " + direction).format(
        sql.Identifier(table), sql.SQL(", ").join(sql.Identifier(c) for c in columns))


def columns_of(conn: psycopg.Connection, table: str) -> list[str]:
    return [r[0] for r in conn.execute(
        "SELECT column_name FROM information_schema.columns WHERE table_schema = current_schema()"
        " AND table_name = %s ORDER BY ordinal_position", (table,)).fetchall()]


def refuse_unless_empty(conn: psycopg.Connection, order: list[str]) -> None:
    full = [t for t in order if t != "meta" and scalar(conn.execute(f"SELECT EXISTS (SELECT 1 FROM {t})"))]
    if full:
        raise RestoreRefused(f"The database at --database-url is not empty (table {', '.join(full[:3])}"
                             f"{' ...' if len(full) > 3 else ''} holds rows). Restore into an empty"
                             " database (createdb a new one, or a new schema); a restore does not merge.")


def _refuse_unless_fitting(conn: psycopg.Connection, order: list[str], tables: dict[str, dict]) -> None:
    for table, entry in tables.items():
        if table not in order or not set(entry["columns"]) <= set(columns_of(conn, table)):
            raise RestoreRefused(f"The backup's table {table!r} does not fit this version's schema;"
                                 " restore it with the version that made it.")


def move_identities(conn: psycopg.Connection, table: str) -> None:
    """An identity column's next value past the restored ids (COPY gives ids explicitly)."""
    for (column,) in conn.execute(
            "SELECT attname FROM pg_attribute WHERE attrelid = %s::regclass AND attidentity <> ''",
            (table,)).fetchall():
        conn.execute(f"SELECT setval(pg_get_serial_sequence(%s, %s), COALESCE(MAX({column}), 0) + 1, false)"
                     f" FROM {table}", (table, column))
