"""Schema additions after version 1, applied in place at start-up.

SQLite is the source of truth, so it is migrated rather than rebuilt: each step
adds what a newer version needs and records the new schema version.
"""
from __future__ import annotations

from importlib import resources

from store._db import Database

SCHEMA_VERSION = "2"


def _columns(db: Database, table: str) -> set[str]:
    return {row[1] for row in db.conn().execute(f"PRAGMA table_info({table})")}


def migrate(db: Database) -> None:
    db.conn().executescript(resources.files("store").joinpath("_schema_v2.sql").read_text())
    with db.transaction() as conn:
        if "pseudonymise" not in _columns(db, "communities"):
            conn.execute("ALTER TABLE communities ADD COLUMN pseudonymise INTEGER NOT NULL DEFAULT 1")
        if "sharing" not in _columns(db, "documents"):
            # NULL: follow the community's policy; 'shared' or 'closed': moderator's override.
            conn.execute("ALTER TABLE documents ADD COLUMN sharing TEXT"
                         " CHECK (sharing IS NULL OR sharing IN ('shared', 'closed'))")
        conn.execute("INSERT OR REPLACE INTO meta(key, value) VALUES ('schema_version', ?)", (SCHEMA_VERSION,))
