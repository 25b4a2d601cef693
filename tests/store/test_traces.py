"""store._traces on the store's own backend (SQLite, or PostgreSQL when the suite runs
on it): an id moves in every table that names it and in the audit log, exactly where
the audit entry's target is that id (alone or after a pack), and nowhere else."""
from __future__ import annotations

from store._traces import DOC_ID_TABLES, move_document_id


def _audit(store, *targets):
    for target in targets:
        store.accounts.audit("mod", "bekeken", target)


def test_an_id_moves_in_the_audit_log_and_nowhere_it_is_only_part_of_a_target(store):
    _audit(store, "a/casus-bosmans.md", "pakket 3: a/casus-bosmans.md", "a/casus-bosmans.md.bak",
           "x a/casus-bosmans.md", "a/casus-bosmans", None)
    with store.db.transaction() as conn:
        move_document_id(conn, "a/casus-bosmans.md", "a/casus-B..md")
    assert [row[3] for row in reversed(store.accounts.audit_log())] == [
        "a/casus-B..md", "pakket 3: a/casus-B..md", "a/casus-bosmans.md.bak",
        "x a/casus-bosmans.md", "a/casus-bosmans", None]


def test_a_forgotten_id_becomes_one_keyed_label(store):
    _audit(store, "a/b.md", "pakket 1: a/b.md", "a/c.md")
    label = store.traces.label("a/b.md")
    assert label.startswith("document #") and "a/b" not in label and label != store.traces.label("a/c.md")
    with store.db.transaction() as conn:   # the deletion's own (Catalogue.delete_document)
        store.traces.forget(conn, "a/b.md", label, "mod")
    assert [row[2:] for row in reversed(store.accounts.audit_log())] == [
        ("bekeken", label), ("bekeken", f"pakket 1: {label}"), ("bekeken", "a/c.md"), ("verwijderd", label)]


def test_every_table_with_a_doc_id_column_is_moved(store):
    """A new table naming documents must be added to DOC_ID_TABLES (or this fails)."""
    conn = store.db.conn()
    if store.settings.database_url:
        tables = {r[0] for r in conn.execute("SELECT table_name FROM information_schema.columns"
                                             " WHERE column_name = 'doc_id' AND table_schema = current_schema()")}
    else:
        names = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
        tables = {t for t in names if "doc_id" in {c[1] for c in conn.execute(f"PRAGMA table_info({t})")}}
    assert tables == {"documents", *DOC_ID_TABLES}


def test_postgres_vacuums_every_table_an_erasure_or_a_correction_rewrites():
    """A table that names a document (DOC_ID_TABLES), the audit log (ids become digests)
    and the packs (a correction rewrites their names) are vacuumed after an erasure on
    PostgreSQL too: its dead rows hold the old values until their space is reused."""
    from store._postgres import ERASED_TABLES
    assert {"documents", "chunks", "chunks_fts", *DOC_ID_TABLES, "audit_log", "packs"} <= set(ERASED_TABLES)
    # A chunk's free-text themes (front matter) and tags go with it, and a name taken off a
    # group's member or keep list leaves a dead row too (trace attack 11).
    assert {"chunk_themes", "chunk_tagged", "chunk_vectors_next", "community_names"} <= set(ERASED_TABLES)

