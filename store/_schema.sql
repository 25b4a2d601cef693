-- SQLite is the source of truth; the FTS table and the Chroma collection are
-- indexes that can be rebuilt from it.
CREATE TABLE IF NOT EXISTS meta (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
);

CREATE TABLE IF NOT EXISTS communities (
    id      INTEGER PRIMARY KEY,
    name    TEXT NOT NULL UNIQUE,
    sharing TEXT NOT NULL DEFAULT 'shared' CHECK (sharing IN ('shared', 'closed'))
);

CREATE TABLE IF NOT EXISTS people (
    id           INTEGER PRIMARY KEY,
    name         TEXT NOT NULL,
    organisation TEXT NOT NULL DEFAULT '',
    UNIQUE (name, organisation)
);

-- A document version: 'pending' while its chunks are being indexed, 'ready' when
-- searchable, 'deleting' while its traces are being removed. A replacement is a new
-- pending row; the swap to ready happens in one transaction.
CREATE TABLE IF NOT EXISTS documents (
    id           INTEGER PRIMARY KEY,
    doc_id       TEXT NOT NULL,
    title        TEXT,
    type         TEXT,
    community_id INTEGER REFERENCES communities(id),
    cycle        TEXT,
    session      INTEGER,
    date         TEXT,
    themes       TEXT NOT NULL DEFAULT '[]',
    source_path  TEXT,
    content_hash TEXT NOT NULL,
    text         TEXT NOT NULL,
    state        TEXT NOT NULL CHECK (state IN ('pending', 'ready', 'deleting')),
    created_at   TEXT NOT NULL DEFAULT (datetime('now'))
);
CREATE UNIQUE INDEX IF NOT EXISTS documents_ready_doc_id
    ON documents(doc_id) WHERE state = 'ready';
CREATE INDEX IF NOT EXISTS documents_state ON documents(state);

CREATE TABLE IF NOT EXISTS authorship (
    document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    person_id   INTEGER NOT NULL REFERENCES people(id),
    position    INTEGER NOT NULL,
    PRIMARY KEY (document_id, person_id)
);

CREATE TABLE IF NOT EXISTS chunks (
    id          INTEGER PRIMARY KEY,
    document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    ordinal     INTEGER NOT NULL,
    text        TEXT NOT NULL,
    start       INTEGER NOT NULL,
    "end"       INTEGER NOT NULL,
    heading     TEXT,
    vector_id   TEXT NOT NULL UNIQUE,
    UNIQUE (document_id, ordinal)
);

-- Lexical index: one row per chunk (rowid = chunks.id), holding the normalised
-- text (lemmas and compound parts). unicode61 folds case and diacritics.
CREATE VIRTUAL TABLE IF NOT EXISTS chunks_fts USING fts5(
    body,
    tokenize = 'unicode61 remove_diacritics 2'
);
