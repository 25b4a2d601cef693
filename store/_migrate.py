"""Schema additions after version 1, applied in place at start-up.

SQLite is the source of truth, so it is migrated rather than rebuilt: each step
adds what a newer version needs and records the new schema version.
"""
from __future__ import annotations

import uuid
from importlib import resources

from store._clients import KEY_META, name_digest, name_words, new_key
from store._db import META_UPSERT, Database
from store._opaque_ids import TABLES as OPAQUE_TABLES
from store._opaque_ids import fill_opaque_ids
from store._person_ids import fill_public_ids, person_key
from store._person_links import unlink_text_authors
from store._types import AUTHOR_ROLES, TYPE_ROLES
from store._vectors import write_vectors
from store._write import text_digest
from text import ANALYZER_VERSION

SCHEMA_VERSION = "17"
# The schema version `_schema_postgres.sql` creates. A new `_schema_N` step must be
# added to that file too, and this raised with it (a test holds it equal to
# SCHEMA_VERSION, and both backends' tables and columns equal).
POSTGRES_SCHEMA = "17"

# Schema 3. The allowed chunks of a filter are read through two covering indexes,
# never touching document or chunk texts (store._allowed): a document's state and
# sharing columns come after its text, so without them SQLite walks every text.
INDEXES = ["documents_catalogue ON documents(state, community_id, cycle, type, date, sharing)",
           "chunks_document_vector ON chunks(document_id, vector_id)"]
# `catalogue_generation` moves with every change that can alter which chunks a
# filter allows (a document's state or metadata, its chunks, a community's sharing,
# authors), so a reader may keep a filter's allowed chunks until it moves.
# Triggers, because then no write path can forget to bump it.
CATALOGUE_CHANGES = [("documents", "INSERT"), ("documents", "UPDATE"), ("documents", "DELETE"),
                     ("chunks", "INSERT"), ("chunks", "DELETE"), ("communities", "UPDATE"),
                     ("authorship", "INSERT"), ("authorship", "DELETE"), ("people", "UPDATE")]


def _columns(conn, table: str) -> set[str]:
    return {row[1] for row in conn.execute(f"PRAGMA table_info({table})")}


def migrate(db: Database) -> None:
    if db.dialect == "postgresql":
        _migrate_postgres(db)
        return
    db.conn().executescript(resources.files("store").joinpath("_schema_v2.sql").read_text())
    with db.transaction() as conn:
        if "pseudonymise" not in _columns(conn, "communities"):
            conn.execute("ALTER TABLE communities ADD COLUMN pseudonymise INTEGER NOT NULL DEFAULT 1")
        if "sharing" not in _columns(conn, "documents"):
            # NULL: follow the community's policy; 'shared' or 'closed': moderator's override.
            conn.execute("ALTER TABLE documents ADD COLUMN sharing TEXT"
                         " CHECK (sharing IS NULL OR sharing IN ('shared', 'closed'))")
        if "expires_at" not in _columns(conn, "api_tokens"):
            # NULL: the token lasts until revoked; else it is refused from this UTC time on.
            conn.execute("ALTER TABLE api_tokens ADD COLUMN expires_at TEXT")
        _schema_3(conn)
        _schema_4(conn)
        _schema_5(conn)
        _schema_6(conn)
        _schema_7(conn)
        _schema_8(conn)
        _schema_9(conn)
        _schema_10(conn)
        _schema_11(conn)
        _schema_12(conn)
        _schema_13(conn)
        _schema_14(conn)
        _schema_15(conn)
        _schema_16(conn)
        _schema_17(conn)
        _analyzer_version(conn)
        if conn.execute("SELECT NOT EXISTS (SELECT 1 FROM chunks)").fetchone()[0]:
            conn.execute("INSERT OR IGNORE INTO meta(key, value) VALUES (?, '1')", (VECTORS_FILLED,))
        conn.execute("INSERT OR REPLACE INTO meta(key, value) VALUES ('schema_version', ?)", (SCHEMA_VERSION,))


def _migrate_postgres(db: Database) -> None:
    """PostgreSQL: the schema file is the whole schema at POSTGRES_SCHEMA (idempotent),
    run in a write transaction, so hosts starting at once take turns."""
    schema = resources.files("store").joinpath("_schema_postgres.sql").read_text()
    with db.transaction() as conn:
        conn.executescript(schema)
        for key, value in [("deployment_id", uuid.uuid4().hex), ("vector_generation", "0"),
                           ("catalogue_generation", "0"), (KEY_META, new_key())]:
            conn.execute("INSERT INTO meta(key, value) VALUES (?, ?) ON CONFLICT DO NOTHING", (key, value))
        conn.execute("INSERT INTO meta(key, value) SELECT 'vector_collection', value FROM meta"
                     " WHERE key = 'deployment_id' ON CONFLICT DO NOTHING")
        person_key(conn)
        fill_public_ids(conn)   # rows of a database made at schema 13 or restored from its backup
        unlink_text_authors(conn)
        fill_opaque_ids(conn)   # packs, items and tokens of a database made before schema 16
        fill_text_hashes(conn)   # documents of a database made before schema 17, or restored from its backup
        _analyzer_version(conn)
        if conn.execute("SELECT NOT EXISTS (SELECT 1 FROM chunks)").fetchone()[0]:
            conn.execute("INSERT INTO meta(key, value) VALUES (?, '1') ON CONFLICT DO NOTHING", (VECTORS_FILLED,))
        conn.execute(META_UPSERT, ("schema_version", POSTGRES_SCHEMA))


def _schema_3(conn) -> None:
    for index in INDEXES:
        conn.execute(f"CREATE INDEX IF NOT EXISTS {index}")
    conn.execute("INSERT OR IGNORE INTO meta(key, value) VALUES ('catalogue_generation', '0')")
    for table, event in CATALOGUE_CHANGES:
        conn.execute(
            f"CREATE TRIGGER IF NOT EXISTS catalogue_{table}_{event.lower()} AFTER {event} ON {table} BEGIN"
            " UPDATE meta SET value = CAST(value AS INTEGER) + 1 WHERE key = 'catalogue_generation'; END")


# Schema 4. Each chunk's vector, as float32 bytes, next to the chunk: readers copy
# vectors into memory from here (SQLite is safe across processes; an embedded
# Chroma store read while another process writes it failed most searches of the
# load test), and Chroma's collection can be rebuilt from it. A rebuild with a new
# model stages its vectors in `chunk_vectors_next` and swaps them in at the switch.
VECTOR_TABLES = ["chunk_vectors", "chunk_vectors_next"]
VECTORS_FILLED = "chunk_vectors_filled"  # set once the chunks' vectors are in SQLite
_FILL_BATCH = 5000


def _schema_4(conn) -> None:
    for table in VECTOR_TABLES:
        conn.execute(f"CREATE TABLE IF NOT EXISTS {table} ("
                     " chunk_id INTEGER PRIMARY KEY REFERENCES chunks(id) ON DELETE CASCADE,"
                     " vector BLOB NOT NULL)")


# Schema 5. What each person did in a document (issue #15): brought the case
# (inbreng), wrote the reflection, presented, took part, took notes (verslag).
# NULL: an author whose part is not known. Existing links get the part their
# document's type implies (a case's author brought it, a reflection's wrote it,
# a session report's took the notes), which is what ingest now does too.
# Accounts get an optional e-mail address and the person's consent to be
# contacted through it; without both, a person page points to the moderators.
USER_COLUMNS = {"email": "TEXT", "contact": "INTEGER NOT NULL DEFAULT 0"}


def _schema_5(conn) -> None:
    if "role" not in _columns(conn, "authorship"):
        roles = ", ".join(f"'{role}'" for role in AUTHOR_ROLES)
        conn.execute(f"ALTER TABLE authorship ADD COLUMN role TEXT CHECK (role IS NULL OR role IN ({roles}))")
        for doc_type, role in TYPE_ROLES.items():
            conn.execute("UPDATE authorship SET role = ? WHERE role IS NULL AND document_id IN"
                         " (SELECT id FROM documents WHERE type = ?)", (role, doc_type))
    conn.execute("CREATE INDEX IF NOT EXISTS authorship_person ON authorship(person_id)")
    for column, definition in USER_COLUMNS.items():
        if column not in _columns(conn, "users"):
            conn.execute(f"ALTER TABLE users ADD COLUMN {column} {definition}")



# Schema 6. Whether a person's link comes from the document's metadata (front
# matter, upload form, `ingest --author`) or only from its text ("Inbreng Sien:",
# an attendance list). Only metadata authors count as the community's members
# for pseudonymisation: a name read from a text stored without pseudonymisation
# must not be spared later, when the community switches it on.
def _schema_6(conn) -> None:
    if "source" not in _columns(conn, "authorship"):
        conn.execute("ALTER TABLE authorship ADD COLUMN source TEXT NOT NULL DEFAULT 'metadata'"
                     " CHECK (source IN ('metadata', 'text'))")


def needs_vector_fill(db: Database) -> bool:
    """Whether a data dir made before schema 4 still has to copy its vectors into SQLite."""
    return db.get_meta(VECTORS_FILLED) is None


def fill_vectors(db: Database, index) -> int:
    """Copy the vectors of chunks that have none in SQLite from Chroma (once, for a
    data dir made before schema 4); returns how many. The caller holds the writer
    lock. Vectors Chroma lacks stay missing: `check` reports them and `check
    --repair` embeds them again."""
    rows = db.conn().execute("SELECT vector_id, id FROM chunks WHERE id NOT IN"
                             " (SELECT chunk_id FROM chunk_vectors)").fetchall()
    pk_of, copied = dict(rows), 0
    ids = list(pk_of)
    for start in range(0, len(ids), _FILL_BATCH):
        found, vectors = index.fetch(ids[start:start + _FILL_BATCH])
        with db.transaction() as conn:
            write_vectors(conn, "chunk_vectors", [pk_of[i] for i in found], vectors)
        copied += len(found)
    db.set_meta(VECTORS_FILLED, "1")
    return copied


# Schema 7. Known client names are kept as keyed hashes (store._clients), never as
# text: the names of the earlier `client_names` table are hashed into
# `client_name_hashes` and the table is dropped (secure_delete zeroes its pages;
# `erase_pending` has the next writer empty the WAL that still holds them).
def _schema_7(conn) -> None:
    conn.execute("INSERT OR IGNORE INTO meta(key, value) VALUES (?, ?)", (KEY_META, new_key()))
    if not conn.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'client_names'").fetchone():
        return
    key = bytes.fromhex(conn.execute("SELECT value FROM meta WHERE key = ?", (KEY_META,)).fetchone()[0])
    rows = conn.execute("SELECT community_id, name FROM client_names").fetchall()
    conn.executemany("INSERT OR IGNORE INTO client_name_hashes(community_id, digest, words) VALUES (?, ?, ?)",
                     [(pk, name_digest(key, name), name_words(name)) for pk, name in rows if name_words(name)])
    conn.execute("DROP TABLE client_names")
    conn.execute("INSERT OR REPLACE INTO meta(key, value) VALUES ('erase_pending', '1')")


# Schema 8. A document's `openbaar: ja` switch (front matter) is stored with it: a
# public document names professionals, so pseudonymising it again (a moderator adds a
# missed client name) must keep their names as the first ingest did.
def _schema_8(conn) -> None:
    if "public" not in _columns(conn, "documents"):
        conn.execute("ALTER TABLE documents ADD COLUMN public INTEGER NOT NULL DEFAULT 0")


# Schema 9. Web administration (issue #17): one-time links with which an invited
# user sets their first password, or a user an admin reset sets a new one (only a
# hash of the link's token is kept, like API tokens and sessions); a profile the
# user keeps themselves (the name shown, their organisation); and an optional
# label per API token, so its owner can tell their tokens apart and revoke one.
PROFILE_COLUMNS = {"display_name": "TEXT", "organisation": "TEXT"}


def _schema_9(conn) -> None:
    conn.execute("CREATE TABLE IF NOT EXISTS invitations ("
                  " token_hash TEXT PRIMARY KEY,"
                  " user_id    INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,"
                  " purpose    TEXT NOT NULL CHECK (purpose IN ('invite', 'reset')),"
                  " created_at TEXT NOT NULL,"
                  " expires_at TEXT NOT NULL,"
                  " used_at    TEXT)")
    conn.execute("CREATE INDEX IF NOT EXISTS invitations_user ON invitations(user_id)")
    for column, definition in PROFILE_COLUMNS.items():
        if column not in _columns(conn, "users"):
            conn.execute(f"ALTER TABLE users ADD COLUMN {column} {definition}")
    if "label" not in _columns(conn, "api_tokens"):
        conn.execute("ALTER TABLE api_tokens ADD COLUMN label TEXT")


# Schema 10. Watched folders and what the last passes saw of their files (store._watch),
# so a watch survives restarts.
def _schema_10(conn) -> None:
    conn.execute("CREATE TABLE IF NOT EXISTS watch_folders (id INTEGER PRIMARY KEY, folder TEXT NOT NULL UNIQUE,"
                 " community TEXT, last_pass TEXT, last_error TEXT)")
    conn.execute("CREATE TABLE IF NOT EXISTS watch_files (folder_id INTEGER NOT NULL REFERENCES watch_folders(id)"
                 " ON DELETE CASCADE, path TEXT NOT NULL, size INTEGER NOT NULL, mtime_ns INTEGER NOT NULL,"
                 " status TEXT NOT NULL, code TEXT, changed_at TEXT NOT NULL, PRIMARY KEY (folder_id, path))")
    if "doc_id" not in _columns(conn, "watch_files"):
        # `path` holds a keyed digest of the file's path, never the path (a file name may
        # name a client); `doc_id` the document it became, with found names hidden.
        conn.execute("ALTER TABLE watch_files ADD COLUMN doc_id TEXT")


# Schema 11. Session packs that last (store._packs): named, per community, shared by
# its moderators, items ordered and annotated. Items name a document by its id (a
# document's versions share it); when the last version of a document is deleted,
# by any path, the trigger takes it out of every pack, note and all.
PACK_TABLES = [
    "packs (id INTEGER PRIMARY KEY,"
    " community_id INTEGER NOT NULL REFERENCES communities(id) ON DELETE CASCADE,"
    " name TEXT NOT NULL, created_by TEXT NOT NULL,"
    " created_at TEXT NOT NULL DEFAULT (datetime('now')), updated_at TEXT NOT NULL DEFAULT (datetime('now')))",
    "pack_items (id INTEGER PRIMARY KEY,"
    " pack_id INTEGER NOT NULL REFERENCES packs(id) ON DELETE CASCADE,"
    " doc_id TEXT NOT NULL, passage INTEGER, note TEXT NOT NULL DEFAULT '', position INTEGER NOT NULL)",
]


def _schema_11(conn) -> None:
    for table in PACK_TABLES:
        conn.execute(f"CREATE TABLE IF NOT EXISTS {table}")
    conn.execute("CREATE UNIQUE INDEX IF NOT EXISTS pack_items_reference ON pack_items(pack_id, doc_id, IFNULL(passage, -1))")
    conn.execute("CREATE INDEX IF NOT EXISTS pack_items_document ON pack_items(doc_id)")
    conn.execute("CREATE INDEX IF NOT EXISTS packs_community ON packs(community_id)")
    conn.execute("CREATE TRIGGER IF NOT EXISTS pack_items_forget AFTER DELETE ON documents"
                 " WHEN NOT EXISTS (SELECT 1 FROM documents WHERE doc_id = OLD.doc_id) BEGIN"
                 " DELETE FROM pack_items WHERE doc_id = OLD.doc_id; END")


# Schema 12. The metadata history of documents (store._history): one row per
# moderator's correction, by document id (its versions share it); deleting the
# last version of a document deletes its history, by any path.
def _schema_12(conn) -> None:
    conn.execute("CREATE TABLE IF NOT EXISTS document_edits (id INTEGER PRIMARY KEY, doc_id TEXT NOT NULL,"
                 " version INTEGER NOT NULL, at TEXT NOT NULL DEFAULT (datetime('now')), actor TEXT NOT NULL,"
                 " changes TEXT NOT NULL, UNIQUE (doc_id, version))")
    conn.execute("CREATE TRIGGER IF NOT EXISTS document_edits_forget AFTER DELETE ON documents"
                 " WHEN NOT EXISTS (SELECT 1 FROM documents WHERE doc_id = OLD.doc_id) BEGIN"
                 " DELETE FROM document_edits WHERE doc_id = OLD.doc_id; END")


# Schema 13. Behind a reverse proxy the audit log records the client's address
# (web.proxy), and failed logins are counted in the database (store._logins), so
# that all worker processes of `serve --workers N` share one count.
def _schema_13(conn) -> None:
    if "address" not in _columns(conn, "audit_log"):
        conn.execute("ALTER TABLE audit_log ADD COLUMN address TEXT")
    conn.execute("CREATE TABLE IF NOT EXISTS login_attempts ("
                 " id INTEGER PRIMARY KEY, name_key TEXT NOT NULL, address_key TEXT NOT NULL, at REAL NOT NULL)")
    conn.execute("CREATE INDEX IF NOT EXISTS login_attempts_name ON login_attempts(name_key, at)")
    conn.execute("CREATE INDEX IF NOT EXISTS login_attempts_address ON login_attempts(address_key, at)")


# Schema 14. People are shown under a keyed hash of their name and organisation
# (store._person_ids), never their primary key: which number a new author link got
# told whether a closed group already named that person. Existing rows get theirs.
def _schema_14(conn) -> None:
    if "public_id" not in _columns(conn, "people"):
        conn.execute("ALTER TABLE people ADD COLUMN public_id TEXT")
    conn.execute("CREATE UNIQUE INDEX IF NOT EXISTS people_public_id ON people(public_id)")
    person_key(conn)
    fill_public_ids(conn)


# Schema 15. An author named without an organisation is stored as named, with the
# person it was linked to beside it (store._person_links), shown only while a document
# as widely readable names that person with the organisation. Links made before it by
# a text's name ("Inbreng Sien:" never gives an organisation) are moved there.
def _schema_15(conn) -> None:
    if "linked_person_id" not in _columns(conn, "authorship"):
        conn.execute("ALTER TABLE authorship ADD COLUMN linked_person_id INTEGER")
    conn.execute("CREATE INDEX IF NOT EXISTS authorship_linked ON authorship(linked_person_id)")
    unlink_text_authors(conn)


# Schema 16. Packs, pack items and API tokens are shown under a random public id
# (store._opaque_ids), never their key: the numbers counted other groups' packs and
# everyone's tokens. Existing rows get theirs.
def _schema_16(conn) -> None:
    for table in OPAQUE_TABLES:
        if "public_id" not in _columns(conn, table):
            conn.execute(f"ALTER TABLE {table} ADD COLUMN public_id TEXT")
        conn.execute(f"CREATE UNIQUE INDEX IF NOT EXISTS {table}_public_id ON {table}(public_id)")
    fill_opaque_ids(conn)


# Schema 17. Each document version keeps its text's digest, indexed per community with
# the ready versions only: an upload's notice of the same text under another name
# (web.uploads) looks its twins up instead of reading every text of the group.
TEXT_HASH_INDEX = "documents_text_hash ON documents(community_id, text_hash) WHERE state = 'ready'"


def _schema_17(conn) -> None:
    if "text_hash" not in _columns(conn, "documents"):
        conn.execute("ALTER TABLE documents ADD COLUMN text_hash TEXT")
        fill_text_hashes(conn)
    conn.execute(f"CREATE INDEX IF NOT EXISTS {TEXT_HASH_INDEX}")


def fill_text_hashes(conn) -> int:
    """The digest of every version that has none (made before schema 17); how many."""
    rows = conn.execute("SELECT id, text FROM documents WHERE text_hash IS NULL").fetchall()
    for pk, text in rows:
        conn.execute("UPDATE documents SET text_hash = ? WHERE id = ?", (text_digest(text), pk))
    return len(rows)


def _analyzer_version(conn) -> None:
    """Record which analyser built the lexical index: an empty index is current,
    an older one without the record was built by analyser 1 (lemmas and compound
    parts) and is re-analysed by ingest.relex when a runtime opens it."""
    if conn.execute("SELECT 1 FROM meta WHERE key = 'analyzer_version'").fetchone() is None:
        empty = conn.execute("SELECT 1 FROM chunks LIMIT 1").fetchone() is None
        conn.execute("INSERT INTO meta(key, value) VALUES ('analyzer_version', ?)", (ANALYZER_VERSION if empty else "1",))
