-- Accounts, access, the audit log and theme tags (added after schema version 1).
CREATE TABLE IF NOT EXISTS users (
    id            INTEGER PRIMARY KEY,
    name          TEXT NOT NULL UNIQUE,
    password_hash TEXT NOT NULL,
    is_admin      INTEGER NOT NULL DEFAULT 0,
    created_at    TEXT NOT NULL DEFAULT (datetime('now'))
);

CREATE TABLE IF NOT EXISTS memberships (
    user_id      INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    community_id INTEGER NOT NULL REFERENCES communities(id) ON DELETE CASCADE,
    role         TEXT NOT NULL CHECK (role IN ('lid', 'moderator', 'onderzoeker')),
    PRIMARY KEY (user_id, community_id)
);

-- Only hashes of tokens and session ids are stored: a copy of the database
-- does not let anyone log in.
CREATE TABLE IF NOT EXISTS api_tokens (
    token_hash TEXT PRIMARY KEY,
    user_id    INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    created_at TEXT NOT NULL DEFAULT (datetime('now'))
);

CREATE TABLE IF NOT EXISTS web_sessions (
    id_hash    TEXT PRIMARY KEY,
    user_id    INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    csrf       TEXT NOT NULL,
    expires_at TEXT NOT NULL
);

-- A community's known client names, as keyed hashes (store._clients); schema 7
-- moved the names of the earlier `client_names` table here and dropped it.
CREATE TABLE IF NOT EXISTS client_name_hashes (
    community_id INTEGER NOT NULL REFERENCES communities(id) ON DELETE CASCADE,
    digest       TEXT NOT NULL,
    words        INTEGER NOT NULL,
    PRIMARY KEY (community_id, digest)
);

-- Names a community's documents keep when pseudonymised: members without an account or
-- authorship ('member'), and places, organisations and projects ('keep').
CREATE TABLE IF NOT EXISTS community_names (
    community_id INTEGER NOT NULL REFERENCES communities(id) ON DELETE CASCADE,
    kind         TEXT NOT NULL CHECK (kind IN ('member', 'keep')),
    name         TEXT NOT NULL,
    PRIMARY KEY (community_id, kind, name)
);

-- Who did what, and when; never query texts (they may describe clients).
CREATE TABLE IF NOT EXISTS audit_log (
    id     INTEGER PRIMARY KEY,
    at     TEXT NOT NULL DEFAULT (datetime('now')),
    actor  TEXT NOT NULL,
    action TEXT NOT NULL,
    target TEXT
);

-- Themes per chunk, from the tagger (recomputed when the vocabulary changes).
CREATE TABLE IF NOT EXISTS chunk_themes (
    chunk_id INTEGER NOT NULL REFERENCES chunks(id) ON DELETE CASCADE,
    theme    TEXT NOT NULL,
    score    REAL NOT NULL,
    PRIMARY KEY (chunk_id, theme)
);
CREATE INDEX IF NOT EXISTS chunk_themes_theme ON chunk_themes(theme);

-- Which chunks the tagger has seen with the current vocabulary (also those it gave no theme).
CREATE TABLE IF NOT EXISTS chunk_tagged (
    chunk_id   INTEGER PRIMARY KEY REFERENCES chunks(id) ON DELETE CASCADE,
    vocabulary TEXT NOT NULL
);
