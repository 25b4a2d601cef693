"""Schema 5: the part a person played in a document, and e-mail/consent on accounts,
added to data dirs made before it (existing links get the part their type implies)."""
from __future__ import annotations

import pytest

from store import SCHEMA_VERSION, open_store


def _as_schema_4(store) -> None:
    """Undo schema 5 on a fresh store, as a data dir from before it would be."""
    conn = store.db.conn()
    conn.execute("DROP INDEX authorship_person")
    conn.execute("ALTER TABLE authorship DROP COLUMN role")
    conn.execute("ALTER TABLE authorship DROP COLUMN source")
    conn.execute("ALTER TABLE users DROP COLUMN email")
    conn.execute("ALTER TABLE users DROP COLUMN contact")
    conn.execute("UPDATE meta SET value = '4' WHERE key = 'schema_version'")
    conn.execute("INSERT INTO people(id, name) VALUES (1, 'Leen'), (2, 'Bram')")
    conn.execute("INSERT INTO documents(id, doc_id, type, content_hash, text, state) VALUES"
                 " (1, 'casus-1', 'casus', 'h1', 'x', 'ready'), (2, 'verslag-1', 'sessieverslag', 'h2', 'y', 'ready'),"
                 " (3, 'ander-1', 'other', 'h3', 'z', 'ready')")
    conn.execute("INSERT INTO authorship(document_id, person_id, position) VALUES (1, 1, 0), (2, 2, 0), (3, 1, 0)")


@pytest.mark.parametrize("backend", ["sqlite"])  # the SQLite migration path
def test_a_schema_4_data_dir_gets_roles_contact_fields_and_link_sources(settings):
    first = open_store(settings)
    _as_schema_4(first)
    first.close()
    store = open_store(settings)
    try:
        roles = dict(store.db.conn().execute(
            "SELECT d.doc_id, a.role FROM authorship a JOIN documents d ON d.id = a.document_id").fetchall())
        columns = {row[1] for row in store.db.conn().execute("PRAGMA table_info(users)")}
        assert store.db.get_meta("schema_version") == SCHEMA_VERSION and int(SCHEMA_VERSION) >= 6
        assert roles == {"casus-1": "inbreng", "verslag-1": "verslag", "ander-1": None}
        assert {"email", "contact"} <= columns
        sources = {r[0] for r in store.db.conn().execute("SELECT source FROM authorship")}
        assert sources == {"metadata"}
    finally:
        store.close()
