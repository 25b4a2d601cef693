"""The PostgreSQL backend of the `Database` seam (issue 20), beyond the store's tests
that run on both backends: the same schema, the same BM25 scores as SQLite's FTS5,
the writer lock and the catalogue generation shared by every host of one database."""
import pytest

import ingest
import search
from dutch_docs import write_docs
from fakes import FakeEmbedder
from store import Access, Filters, Settings, StoreError, open_store
from store._migrate import POSTGRES_SCHEMA, SCHEMA_VERSION
from store._postgres import translate
from text import analyze

QUERIES = ["huurachterstand en brieven van de woningcorporatie", "eenzaamheid na het overlijden van zijn vrouw",
           "mantelzorger overbelast door de zorg voor haar moeder", "schulden buurt", "kaartnamiddag"]


def test_the_postgres_schema_file_is_at_the_current_schema_version():
    """A new _schema_N step must be added to _schema_postgres.sql too (store._migrate)."""
    assert POSTGRES_SCHEMA == SCHEMA_VERSION


def test_placeholders_outside_literals_become_psycopg_ones():
    assert translate("SELECT '?', a FROM t WHERE b = ? AND c LIKE '50%'") == \
        "SELECT '?', a FROM t WHERE b = %s AND c LIKE '50%%'"
    assert translate("x IN () AND y NOT IN ()") == "x = ANY('{}') AND y <> ALL('{}')"


@pytest.fixture
def both(tmp_path, postgres_url, fake_embedder):
    """The same documents ingested into a SQLite store and a PostgreSQL store."""
    docs = write_docs(tmp_path / "docs")
    stores = {}
    for name, url in (("sqlite", None), ("postgresql", postgres_url)):
        stores[name] = open_store(Settings(data_dir=tmp_path / name, model=FakeEmbedder.name, database_url=url))
        ingest.ingest_paths(stores[name], fake_embedder, [docs])
    yield stores
    for store in stores.values():
        store.close()


def _columns(store) -> dict[str, set[str]]:
    conn = store.db.conn()
    if store.db.dialect == "sqlite":
        tables = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'"
                                             " AND name NOT LIKE 'chunks_fts%' AND name NOT LIKE 'sqlite_%'")]
        return {t: {r[1] for r in conn.execute(f"PRAGMA table_info({t})")} for t in tables}
    rows = conn.execute("SELECT table_name, column_name FROM information_schema.columns"
                        " WHERE table_schema = current_schema() AND table_name <> 'chunks_fts'").fetchall()
    columns: dict[str, set[str]] = {}
    for table, column in rows:
        columns.setdefault(table, set()).add(column)
    columns["api_tokens"].discard("rowid")   # SQLite's implicit rowid, made explicit
    return columns


def test_both_backends_have_the_same_tables_and_columns(both):
    assert _columns(both["postgresql"]) == _columns(both["sqlite"])


@pytest.mark.parametrize("query", QUERIES)
def test_postgres_ranks_with_the_scores_of_sqlite_fts5(both, query):
    """Owner search (whole-index statistics) and a member's (statistics of what they may see)."""
    terms = sorted(set(analyze(query, for_query=True)))
    member = Filters(access=Access(member_of=("Wijkteam Zuid",), shared=True))
    for filters in (Filters(), member):
        ranked = {}
        for name, store in both.items():
            vector_of = dict(store.db.conn().execute("SELECT id, vector_id FROM chunks").fetchall())
            ranked[name] = [(vector_of[pk], score) for pk, score in store.lexical.search(terms, filters, 50)]
        assert ranked["postgresql"] and [v for v, _ in ranked["postgresql"]] == [v for v, _ in ranked["sqlite"]]
        assert [s for _, s in ranked["postgresql"]] == pytest.approx([s for _, s in ranked["sqlite"]], rel=1e-9)


def test_every_search_mode_and_access_rule_hold_on_postgres(both, fake_embedder):
    store = both["postgresql"]
    for mode in search.MODES:
        hits = search.search(store, fake_embedder, QUERIES[0], mode=mode).hits
        assert hits[0].doc_id == "wt-zuid/2023-2024/casus-schulden.md"
    outsider = Filters(access=Access(member_of=("PG Noord",), shared=True))
    for mode in search.MODES:   # shared: the outsider finds it, so the check below can fail
        hits = search.search(store, fake_embedder, QUERIES[0], mode=mode, filters=outsider).hits
        assert "wt-zuid/2023-2024/casus-schulden.md" in {h.doc_id for h in hits}, mode
    store.accounts.set_community("Wijkteam Zuid", sharing="closed")
    for mode in search.MODES:
        hits = search.search(store, fake_embedder, QUERIES[0], mode=mode, filters=outsider).hits
        assert all(not h.doc_id.startswith("wt-zuid/") for h in hits)


def test_a_second_host_sees_a_publication_and_a_deletion(tmp_path, postgres_url, fake_embedder):
    """Two stores with their own data dirs on one database: the catalogue generation
    moves for both, so the reader's caches never answer for the old catalogue."""
    writer = open_store(Settings(data_dir=tmp_path / "a", model=FakeEmbedder.name, database_url=postgres_url))
    reader = open_store(Settings(data_dir=tmp_path / "b", model=FakeEmbedder.name, database_url=postgres_url))
    try:
        search.warm_up(reader, fake_embedder)
        assert not search.search(reader, fake_embedder, "kaartnamiddag", mode="lexical").hits
        ingest.ingest_paths(writer, fake_embedder, [write_docs(tmp_path / "docs")])
        found = search.search(reader, fake_embedder, "kaartnamiddag", mode="lexical").hits
        assert found
        assert ingest.delete_document(writer, found[0].doc_id)
        after = search.search(reader, fake_embedder, "kaartnamiddag", mode="lexical").hits
        assert found[0].doc_id not in {h.doc_id for h in after}
    finally:
        writer.close()
        reader.close()


def test_the_writer_lock_is_one_for_every_host_of_the_database(tmp_path, postgres_url):
    first = open_store(Settings(data_dir=tmp_path / "a", model=FakeEmbedder.name, database_url=postgres_url))
    second = open_store(Settings(data_dir=tmp_path / "b", model=FakeEmbedder.name, database_url=postgres_url))
    try:
        with first.writer():
            with pytest.raises(StoreError, match="Another process"):
                with second.writer(timeout=0.2):
                    pass
        with second.writer():   # free again once the first let go
            assert second.lock.held() and not first.lock.held()
    finally:
        first.close()
        second.close()


def test_a_deleted_document_leaves_no_pack_item_nor_history_rows(tmp_path, postgres_url, fake_embedder):
    store = open_store(Settings(data_dir=tmp_path / "a", model=FakeEmbedder.name, database_url=postgres_url))
    try:
        ingest.ingest_paths(store, fake_embedder, [write_docs(tmp_path / "docs")])
        doc_id = "wt-zuid/2023-2024/casus-schulden.md"
        pack = store.packs.create("Wijkteam Zuid", "Sessie 4", "mod", None)
        assert store.packs.add(pack.id, doc_id, 0, None)
        ingest.edit_metadata(store, lambda: fake_embedder, doc_id, {"cycle": "2021-2022"}, "mod")
        assert store.history.of(doc_id) and store.packs.holding(doc_id) == [pack.id]
        assert ingest.delete_document(store, doc_id)
        assert not store.history.of(doc_id) and store.packs.holding(doc_id) == []
        assert store.maintenance.check().ok
    finally:
        store.close()


def test_an_unreachable_database_is_a_clear_error(tmp_path):
    settings = Settings(data_dir=tmp_path / "a", model=FakeEmbedder.name,
                        database_url="postgresql://nobody:geheim@127.0.0.1:1/nergens")
    with pytest.raises(StoreError, match="Cannot open the PostgreSQL database") as refused:
        open_store(settings)
    assert "geheim" not in str(refused.value)   # the password is never repeated


def test_a_crafted_name_with_nul_finds_nothing_instead_of_failing(tmp_path, postgres_url):
    """SQLite's text holds NUL, PostgreSQL's cannot: a crafted id is a miss, not an error."""
    store = open_store(Settings(data_dir=tmp_path / "a", model=FakeEmbedder.name, database_url=postgres_url))
    try:
        store.accounts.add_community("Wijkteam Zuid")
        assert not store.accounts.has_community("Wijkteam\x00 Zuid")
        assert store.catalogue.get_document("oost/geheim.md\x00") is None
    finally:
        store.close()
