PRAGMA foreign_keys=OFF;
BEGIN TRANSACTION;
CREATE TABLE meta (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
INSERT INTO meta VALUES('deployment_id','5e72c0c128b84ed59648944b9ba416ac');
INSERT INTO meta VALUES('vector_generation','1');
INSERT INTO meta VALUES('vector_collection','5e72c0c128b84ed59648944b9ba416ac');
INSERT INTO meta VALUES('catalogue_generation','5');
INSERT INTO meta VALUES('client_name_key','a667ed357a996320d2f00bf575dde0cd3d8b125f0a8e009ad1a3ea998497b948');
INSERT INTO meta VALUES('analyzer_version','2');
INSERT INTO meta VALUES('chunk_vectors_filled','1');
INSERT INTO meta VALUES('schema_version','7');
INSERT INTO meta VALUES('embedding_model','fake-embedder');
CREATE TABLE communities (
    id      INTEGER PRIMARY KEY,
    name    TEXT NOT NULL UNIQUE,
    sharing TEXT NOT NULL DEFAULT 'shared' CHECK (sharing IN ('shared', 'closed'))
, pseudonymise INTEGER NOT NULL DEFAULT 1);
INSERT INTO communities VALUES(1,'PG Noord','closed',0);
CREATE TABLE people (
    id           INTEGER PRIMARY KEY,
    name         TEXT NOT NULL,
    organisation TEXT NOT NULL DEFAULT '',
    UNIQUE (name, organisation)
);
INSERT INTO people VALUES(1,'Els Claes','OCMW Gent');
CREATE TABLE documents (
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
, sharing TEXT CHECK (sharing IS NULL OR sharing IN ('shared', 'closed')));
INSERT INTO documents VALUES(1,'verslag.md','Sessie 2: een buurman die niemand meer ziet','sessieverslag',1,'2023-2024',2,NULL,'[]','/tmp/tmpnmo7pswu/verslag.md','eebdc543873f0592a21c46b3186ccd9223756811d2450ee26c93ffd335dc22b9',replace('De groep besprak een buurman die sinds de dood van zijn vrouw niemand meer ziet.\nEen vrijwilliger van het buurtcentrum belt hem nu elke week op.\n','\n',char(10)),'ready','2026-12-04 22:03:22',NULL);
CREATE TABLE authorship (
    document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    person_id   INTEGER NOT NULL REFERENCES people(id),
    position    INTEGER NOT NULL, role TEXT CHECK (role IS NULL OR role IN ('inbreng', 'reflectie', 'presentatie', 'deelnemer', 'verslag')), source TEXT NOT NULL DEFAULT 'metadata' CHECK (source IN ('metadata', 'text')),
    PRIMARY KEY (document_id, person_id)
);
INSERT INTO authorship VALUES(1,1,0,'verslag','metadata');
CREATE TABLE chunks (
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
INSERT INTO chunks VALUES(1,1,0,replace('De groep besprak een buurman die sinds de dood van zijn vrouw niemand meer ziet.\nEen vrijwilliger van het buurtcentrum belt hem nu elke week op.','\n',char(10)),0,144,NULL,'c46e25a8aecc8cf2-eebdc543873f-0');
PRAGMA writable_schema=ON;
INSERT INTO sqlite_schema(type,name,tbl_name,rootpage,sql)VALUES('table','chunks_fts','chunks_fts',0,'CREATE VIRTUAL TABLE chunks_fts USING fts5(
    body,
    tokenize = ''unicode61 remove_diacritics 2''
)');
CREATE TABLE IF NOT EXISTS 'chunks_fts_data'(id INTEGER PRIMARY KEY, block BLOB);
INSERT INTO chunks_fts_data VALUES(1,X'0111');
INSERT INTO chunks_fts_data VALUES(10,X'000000000101010001010101');
INSERT INTO chunks_fts_data VALUES(137438953473,X'0000009b053062656c740102100307737072656b656e01020702067575726d616e0104030705087463656e7472756d01020f0104646f6f6401020a0104656c6b65010211010567726f657001020601076e69656d616e640104040a01067365737369650102020204696e6473010209010c7672696a77696c6c6967657201020e03036f757701020b01047765656b01021201047a6965740104050a04090c0c0d09090a0d0b09110809');
CREATE TABLE IF NOT EXISTS 'chunks_fts_idx'(segid, term, pgno, PRIMARY KEY(segid, term)) WITHOUT ROWID;
INSERT INTO chunks_fts_idx VALUES(1,X'',2);
CREATE TABLE IF NOT EXISTS 'chunks_fts_content'(id INTEGER PRIMARY KEY, c0);
INSERT INTO chunks_fts_content VALUES(1,'sessie buurman niemand ziet groep bespreken buurman sinds dood vrouw niemand ziet vrijwilliger buurtcentrum belt elke week');
CREATE TABLE IF NOT EXISTS 'chunks_fts_docsize'(id INTEGER PRIMARY KEY, sz BLOB);
INSERT INTO chunks_fts_docsize VALUES(1,X'11');
CREATE TABLE IF NOT EXISTS 'chunks_fts_config'(k PRIMARY KEY, v) WITHOUT ROWID;
INSERT INTO chunks_fts_config VALUES('version',4);
CREATE TABLE users (
    id            INTEGER PRIMARY KEY,
    name          TEXT NOT NULL UNIQUE,
    password_hash TEXT NOT NULL,
    is_admin      INTEGER NOT NULL DEFAULT 0,
    created_at    TEXT NOT NULL DEFAULT (datetime('now'))
, email TEXT, contact INTEGER NOT NULL DEFAULT 0);
INSERT INTO users VALUES(1,'beheer','$argon2id$v=19$m=65536,t=3,p=4$PUCPVl5x60RRV0qeXjyHTw$dw5CfQMHrm23fk9zeXzdJ9O9QJ8eI5F1KbHFxuL97R8',1,'2026-12-04 22:03:15',NULL,0);
INSERT INTO users VALUES(2,'els','$argon2id$v=19$m=65536,t=3,p=4$Oct3+bLRQHY1JRaLe/u3PA$6EIAkOqAd7fNKSrgeUZWg2s7UPTYCPm5libXC+F4xIM',0,'2026-12-04 22:03:16',NULL,0);
CREATE TABLE memberships (
    user_id      INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    community_id INTEGER NOT NULL REFERENCES communities(id) ON DELETE CASCADE,
    role         TEXT NOT NULL CHECK (role IN ('lid', 'moderator', 'onderzoeker')),
    PRIMARY KEY (user_id, community_id)
);
INSERT INTO memberships VALUES(2,1,'moderator');
CREATE TABLE api_tokens (
    token_hash TEXT PRIMARY KEY,
    user_id    INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    created_at TEXT NOT NULL DEFAULT (datetime('now'))
, expires_at TEXT);
CREATE TABLE web_sessions (
    id_hash    TEXT PRIMARY KEY,
    user_id    INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    csrf       TEXT NOT NULL,
    expires_at TEXT NOT NULL
);
CREATE TABLE client_name_hashes (
    community_id INTEGER NOT NULL REFERENCES communities(id) ON DELETE CASCADE,
    digest       TEXT NOT NULL,
    words        INTEGER NOT NULL,
    PRIMARY KEY (community_id, digest)
);
CREATE TABLE community_names (
    community_id INTEGER NOT NULL REFERENCES communities(id) ON DELETE CASCADE,
    kind         TEXT NOT NULL CHECK (kind IN ('member', 'keep')),
    name         TEXT NOT NULL,
    PRIMARY KEY (community_id, kind, name)
);
CREATE TABLE audit_log (
    id     INTEGER PRIMARY KEY,
    at     TEXT NOT NULL DEFAULT (datetime('now')),
    actor  TEXT NOT NULL,
    action TEXT NOT NULL,
    target TEXT
);
INSERT INTO audit_log VALUES(1,'2026-12-04 22:03:15','cli','groep aangemaakt: closed, pseudonimiseren','PG Noord');
INSERT INTO audit_log VALUES(2,'2026-12-04 22:03:15','cli','groep gewijzigd: pseudonymise: on -> off','PG Noord');
CREATE TABLE chunk_themes (
    chunk_id INTEGER NOT NULL REFERENCES chunks(id) ON DELETE CASCADE,
    theme    TEXT NOT NULL,
    score    REAL NOT NULL,
    PRIMARY KEY (chunk_id, theme)
);
CREATE TABLE chunk_tagged (
    chunk_id   INTEGER PRIMARY KEY REFERENCES chunks(id) ON DELETE CASCADE,
    vocabulary TEXT NOT NULL
);
CREATE TABLE chunk_vectors ( chunk_id INTEGER PRIMARY KEY REFERENCES chunks(id) ON DELETE CASCADE, vector BLOB NOT NULL);
INSERT INTO chunk_vectors VALUES(1,X'cd84553e0000000000000000000000000000000000000000000000000000000000000000cd84553e00000000000000000000000000000000000000000000000000000000cd84d53e000000000000000000000000000000000000000000000000000000000000000000000000cd84553e00000000cd84553e00000000000000000000000000000000cd84d53e000000000000000000000000cd84553e00000000000000000000000000000000cd84553e0000000000000000cd84d53ecd84553e000000000000000000000000cd84553e0000000000000000cd84553e00000000cd84553e00000000000000000000000000000000cd84553e0000000000000000');
CREATE TABLE chunk_vectors_next ( chunk_id INTEGER PRIMARY KEY REFERENCES chunks(id) ON DELETE CASCADE, vector BLOB NOT NULL);
CREATE UNIQUE INDEX documents_ready_doc_id
    ON documents(doc_id) WHERE state = 'ready';
CREATE INDEX documents_state ON documents(state);
CREATE INDEX chunk_themes_theme ON chunk_themes(theme);
CREATE INDEX documents_catalogue ON documents(state, community_id, cycle, type, date, sharing);
CREATE INDEX chunks_document_vector ON chunks(document_id, vector_id);
CREATE TRIGGER catalogue_documents_insert AFTER INSERT ON documents BEGIN UPDATE meta SET value = CAST(value AS INTEGER) + 1 WHERE key = 'catalogue_generation'; END;
CREATE TRIGGER catalogue_documents_update AFTER UPDATE ON documents BEGIN UPDATE meta SET value = CAST(value AS INTEGER) + 1 WHERE key = 'catalogue_generation'; END;
CREATE TRIGGER catalogue_documents_delete AFTER DELETE ON documents BEGIN UPDATE meta SET value = CAST(value AS INTEGER) + 1 WHERE key = 'catalogue_generation'; END;
CREATE TRIGGER catalogue_chunks_insert AFTER INSERT ON chunks BEGIN UPDATE meta SET value = CAST(value AS INTEGER) + 1 WHERE key = 'catalogue_generation'; END;
CREATE TRIGGER catalogue_chunks_delete AFTER DELETE ON chunks BEGIN UPDATE meta SET value = CAST(value AS INTEGER) + 1 WHERE key = 'catalogue_generation'; END;
CREATE TRIGGER catalogue_communities_update AFTER UPDATE ON communities BEGIN UPDATE meta SET value = CAST(value AS INTEGER) + 1 WHERE key = 'catalogue_generation'; END;
CREATE TRIGGER catalogue_authorship_insert AFTER INSERT ON authorship BEGIN UPDATE meta SET value = CAST(value AS INTEGER) + 1 WHERE key = 'catalogue_generation'; END;
CREATE TRIGGER catalogue_authorship_delete AFTER DELETE ON authorship BEGIN UPDATE meta SET value = CAST(value AS INTEGER) + 1 WHERE key = 'catalogue_generation'; END;
CREATE TRIGGER catalogue_people_update AFTER UPDATE ON people BEGIN UPDATE meta SET value = CAST(value AS INTEGER) + 1 WHERE key = 'catalogue_generation'; END;
CREATE INDEX authorship_person ON authorship(person_id);
PRAGMA writable_schema=OFF;
COMMIT;
