"""The upload's notice of the same text under another name (web.uploads, `same_as`) is a
look-up by each version's text digest (`documents.text_hash`, schema 17), within the
document's own community, on SQLite and PostgreSQL; a data dir or database made before
schema 17 gets the digests of its documents when it is opened."""
from __future__ import annotations

import hashlib

import pytest

import ingest
from store import SCHEMA_VERSION, open_store

TEXT = "Verslag van sessie 3. De vrijwilligers van het buurtrestaurant halen eenzame bewoners op.\n"


def _write(folder, name: str, community: str, text: str):
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(f"---\ncommunity: {community}\n---\n{text}", "utf-8")
    return path


def _fill(store, embedder, tmp_path) -> None:
    for community in ("PG Noord", "PG Oost"):
        store.accounts.add_community(community, "closed", False)
    folder = tmp_path / "docs"
    for name, community, text in [("noord/a.md", "PG Noord", TEXT), ("noord/b.md", "PG Noord", TEXT),
                                  ("noord/c.md", "PG Noord", TEXT + "Een afspraak meer.\n"),
                                  ("oost/a.md", "PG Oost", TEXT)]:
        _write(folder, name, community, text)
    report = ingest.ingest_paths(store, embedder, [folder])
    assert {o.status for o in report.outcomes} == {ingest.INGESTED}, report.outcomes


def test_the_same_text_is_found_in_the_own_community_only(store, fake_embedder, tmp_path):
    _fill(store, fake_embedder, tmp_path)
    catalogue = store.catalogue
    assert catalogue.same_text("noord/a.md") == ["noord/b.md"]
    assert catalogue.same_text("noord/b.md") == ["noord/a.md"]
    assert catalogue.same_text("noord/c.md") == []
    assert catalogue.same_text("oost/a.md") == []   # PG Noord's texts are not PG Oost's to compare
    assert catalogue.same_text("bestaat/niet.md") == []
    ingest.delete_document(store, "noord/b.md")
    assert catalogue.same_text("noord/a.md") == []   # a deleted version is no twin


def test_every_version_keeps_the_digest_of_its_text(store, fake_embedder, tmp_path):
    _fill(store, fake_embedder, tmp_path)
    rows = store.db.conn().execute("SELECT doc_id, text, text_hash FROM documents").fetchall()
    assert rows and all(row[2] == hashlib.sha256(row[1].encode("utf-8")).hexdigest() for row in rows)


@pytest.mark.parametrize("backend", ["sqlite"])
def test_the_look_up_uses_the_index_not_every_text(store, fake_embedder, tmp_path):
    _fill(store, fake_embedder, tmp_path)
    from store._catalogue import SAME_TEXT

    plan = " ".join(str(tuple(row)) for row in store.db.conn().execute(
        f"EXPLAIN QUERY PLAN {SAME_TEXT}", ("noord/a.md",)))
    assert "documents_text_hash" in plan and "SCAN o" not in plan, plan


def _forget_digests(store) -> None:
    """The documents as a version before schema 17 left them."""
    with store.db.transaction() as conn:
        if store.db.dialect == "sqlite":
            conn.execute("DROP INDEX documents_text_hash")
            conn.execute("ALTER TABLE documents DROP COLUMN text_hash")
        else:   # the schema file adds the column again at every start: its rows are what counts
            conn.execute("UPDATE documents SET text_hash = NULL")
        conn.execute("UPDATE meta SET value = '16' WHERE key = 'schema_version'")


def test_an_older_data_dir_gets_the_digests_when_opened(settings, fake_embedder, tmp_path):
    store = open_store(settings)
    try:
        _fill(store, fake_embedder, tmp_path)
        _forget_digests(store)
    finally:
        store.close()
    store = open_store(settings)
    try:
        assert store.db.get_meta("schema_version") == SCHEMA_VERSION == "17"
        missing = store.db.conn().execute("SELECT count(*) FROM documents WHERE text_hash IS NULL").fetchone()[0]
        assert missing == 0
        assert store.catalogue.same_text("noord/a.md") == ["noord/b.md"]
        assert store.catalogue.same_text("oost/a.md") == []
    finally:
        store.close()
