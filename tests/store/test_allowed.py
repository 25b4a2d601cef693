"""The allowed chunks of a filter: kept until the catalogue changes, and every change
that can alter an answer is seen by the next search (fake embedder, temp data dir)."""
import numpy as np
import pytest

import ingest
from dutch_docs import write_docs
from store import Access, Filters
from store._allowed import AllowedCache, AllowedChunks
from store._snapshot import Snapshot
from text import analyze

# A member of a community with no documents here: sees exactly what others share.
# (An account with no role at all sees nothing: tests/security/test_no_role.py.)
SHARED_ONLY = Filters(access=Access(member_of=("Elders",), shared=True))


def _ingested(store, fake_embedder, tmp_path):
    ingest.ingest_paths(store, fake_embedder, [write_docs(tmp_path / "docs")])
    return store


def _communities(store, pks) -> set[str]:
    chunks = store.catalogue.chunks_by_pk(list(pks))
    docs = store.catalogue.documents_by_pk([c.document_pk for c in chunks.values()])
    return {d.meta.community for d in docs.values()}


def test_the_same_set_serves_until_the_catalogue_moves(store, fake_embedder, tmp_path):
    _ingested(store, fake_embedder, tmp_path)
    first = store.catalogue.allowed_chunks(SHARED_ONLY)
    assert store.catalogue.allowed_chunks(SHARED_ONLY) is first and len(first) > 0
    community = sorted(_communities(store, first.pks))[0]
    store.accounts.set_community(community, "closed")
    after = store.catalogue.allowed_chunks(SHARED_ONLY)
    assert after is not first
    assert community not in _communities(store, after.pks)
    assert after.pks < first.pks


def test_closing_a_community_hides_it_from_the_next_search_of_both_kinds(store, fake_embedder, tmp_path):
    _ingested(store, fake_embedder, tmp_path)
    vector = fake_embedder.embed_queries(["schulden buurt mantelzorg"])[0]
    match = analyze("brieven buurt weduwnaar", for_query=True)  # words of both communities' documents
    before = {pk for pk, _ in store.vectors.search(vector, SHARED_ONLY, 100)}
    before |= {pk for pk, _ in store.lexical.search(match, SHARED_ONLY, 100)}
    community = sorted(_communities(store, before))[0]
    store.accounts.set_community(community, "closed")
    dense = {pk for pk, _ in store.vectors.search(vector, SHARED_ONLY, 100)}
    lexical = {pk for pk, _ in store.lexical.search(match, SHARED_ONLY, 100)}
    assert dense and lexical
    assert community not in _communities(store, dense | lexical)


def test_a_deleted_document_leaves_every_kept_set(store, fake_embedder, tmp_path):
    _ingested(store, fake_embedder, tmp_path)
    doc = store.catalogue.get_document("wt-zuid/2023-2024/casus-schulden.md")
    own = {c.pk for c in store.catalogue.chunks_of(doc.pk)}
    assert own <= store.catalogue.allowed_chunks(Filters()).pks
    store.catalogue.delete_document(doc.doc_id)
    assert not own & store.catalogue.allowed_chunks(Filters()).pks
    vector = fake_embedder.embed_queries([doc.text[:200]])[0]
    assert not own & {pk for pk, _ in store.vectors.search(vector, Filters(), 100)}


def test_unfiltered_dense_search_is_exact(store, fake_embedder, tmp_path):
    _ingested(store, fake_embedder, tmp_path)
    allowed = store.catalogue.allowed_chunks(Filters())
    matrix = store.vectors.get(allowed.ids)
    vector = fake_embedder.embed_queries(["eenzaamheid bij ouderen in de wijk"])[0]
    scores = matrix @ vector
    expected = [allowed.pk_of[allowed.ids[i]] for i in np.argsort(-scores)[:10]]
    hits = store.vectors.search(vector, Filters(), 10)
    assert [pk for pk, _ in hits] == expected
    assert np.allclose([s for _, s in hits], np.sort(scores)[::-1][:10], atol=1e-5)


def test_the_spread_of_a_querys_cosines_counts_the_allowed_chunks_only(store, fake_embedder, tmp_path):
    from search._retrieve import retrieve

    _ingested(store, fake_embedder, tmp_path)
    vector = fake_embedder.embed_queries(["schulden buurt mantelzorg"])[0]
    community = sorted(_communities(store, store.catalogue.allowed_chunks(SHARED_ONLY).pks))[0]
    store.accounts.set_community(community, "closed")  # no longer shared: it must not count
    everything, shared = store.catalogue.allowed_chunks(Filters()), store.catalogue.allowed_chunks(SHARED_ONLY)
    assert 0 < len(shared) < len(everything)
    for filters, allowed in ((Filters(), everything), (SHARED_ONLY, shared)):
        hits, spread, counted = store.vectors.search_spread(vector, filters, 10)
        assert hits == store.vectors.search(vector, filters, 10)
        assert counted == len(allowed)
        assert spread == pytest.approx(float(np.std(store.vectors.get(allowed.ids) @ vector)), abs=1e-6)
    retrieval = retrieve(store, fake_embedder, "schulden buurt mantelzorg", SHARED_ONLY, "hybrid")
    assert retrieval.spread_of == len(shared)


def test_the_cache_evicts_the_least_recently_used_sets_beyond_its_size():
    cache = AllowedCache(max_chunks=3)
    reads = []

    def read(filters):  # two chunks, other ones per filter (the same ones would be kept once)
        reads.append(filters)
        return AllowedChunks.of([(f"{filters.cycles[0]}-a", 1), (f"{filters.cycles[0]}-b", 2)])
    first, second = Filters(cycles=("2023",)), Filters(cycles=("2024",))
    cache.get(first, Snapshot("1"), read)
    cache.get(second, Snapshot("1"), read)  # 4 chunks kept > 3: the first set goes
    cache.get(second, Snapshot("1"), read)
    cache.get(first, Snapshot("1"), read)
    cache.get(first, Snapshot("2"), read)  # a new generation is read again
    assert reads == [first, second, first, first]


@pytest.mark.parametrize("backend", ["sqlite"])  # the SQLite migration path
def test_a_schema_2_database_gets_the_triggers_and_index_on_open(settings):
    from store import SCHEMA_VERSION, open_store

    first = open_store(settings)
    conn = first.db.conn()
    for (name,) in conn.execute("SELECT name FROM sqlite_master WHERE name LIKE 'catalogue_%'").fetchall():
        conn.execute(f"DROP TRIGGER {name}")
    conn.execute("DROP INDEX chunks_document_vector")
    conn.execute("DROP INDEX documents_catalogue")
    conn.execute("UPDATE meta SET value = '2' WHERE key = 'schema_version'")
    first.close()
    store = open_store(settings)
    try:
        names = {r[0] for r in store.db.conn().execute("SELECT name FROM sqlite_master")}
        store.accounts.add_community("Wijkteam Noord", "shared")
        before = store.db.get_meta("catalogue_generation")
        store.accounts.set_community("Wijkteam Noord", "closed")
        assert store.db.get_meta("schema_version") == SCHEMA_VERSION and {"chunks_document_vector", "documents_catalogue"} <= names
        assert int(store.db.get_meta("catalogue_generation")) > int(before)
    finally:
        store.close()


def test_past_exact_max_hnsw_hits_of_unpublished_versions_are_dropped(store, fake_embedder, tmp_path, monkeypatch):
    from store import ChunkDraft, DocumentDraft, DocumentMeta

    _ingested(store, fake_embedder, tmp_path)
    monkeypatch.setattr("store._dense.EXACT_MAX", 0)
    text = "huurachterstand bij de woningcorporatie"
    pending = store.catalogue.stage(DocumentDraft("half.md", text, DocumentMeta(title="Half"), None, "9" * 64,
                                                  [ChunkDraft(0, text, 0, len(text), None, text)]))
    store.catalogue.index_vectors(pending, fake_embedder.embed_passages([text]))
    hits = store.vectors.search(fake_embedder.embed_queries([text])[0], Filters(), 10)
    assert hits and not {c.pk for c in store.catalogue.chunks_of(pending)} & {pk for pk, _ in hits}


def test_past_exact_max_a_restricted_caller_is_searched_exactly(store, fake_embedder, tmp_path, monkeypatch):
    """HNSW's graph holds every passage, so an approximate search would let passages a
    member may not read decide which of theirs are found. Past EXACT_MAX a caller under
    access restrictions still gets the exact ranking of their own allowed passages, and
    the graph is never asked."""
    _ingested(store, fake_embedder, tmp_path)
    monkeypatch.setattr("store._dense.EXACT_MAX", 0)
    vector = fake_embedder.embed_queries(["schulden buurt mantelzorg"])[0]
    allowed = store.catalogue.allowed_chunks(SHARED_ONLY)
    ids, vectors = store.vectors.stored(list(allowed.ids))
    scores = vectors @ vector
    expected = [allowed.pk_of[ids[i]] for i in np.argsort(-scores)[:3]]

    def graph(*args, **kwargs):
        pytest.fail("the HNSW graph was asked for a caller under access restrictions")

    monkeypatch.setattr(store.vectors.live, "query", graph)
    assert len(ids) > 3 and [pk for pk, _ in store.vectors.search(vector, SHARED_ONLY, 3)] == expected


def test_filters_that_allow_the_same_chunks_share_one_kept_set():
    """Ten members who each see only what is shared: one set in memory (and one serial,
    under which masks and vector rows are derived once), counted once against the limit,
    so none pushes another out. A set with other chunks, or another generation, is its own."""
    cache = AllowedCache(max_chunks=5)  # the shared set (3) and the other (2), not ten times 3
    rows = [("v1", 1), ("v2", 2), ("v3", 3)]
    now = Snapshot("g1")
    members = [Filters(access=Access(member_of=(f"C{i}",), shared=True)) for i in range(10)]
    kept = [cache.get(f, now, lambda f: AllowedChunks.of(list(rows))) for f in members]
    assert all(k is kept[0] for k in kept)
    assert all(cache.get(f, now, lambda f: pytest.fail("read again")) is kept[0] for f in members)
    other = cache.get(Filters(communities=("C1",)), now, lambda f: AllowedChunks.of(rows[:2]))
    assert other is not kept[0] and other.pk_of == dict(rows[:2])
    assert all(cache.get(f, now, lambda f: pytest.fail("evicted")) is kept[0] for f in members)
    later = cache.get(members[0], Snapshot("g2"), lambda f: AllowedChunks.of(list(rows)))
    assert later is not kept[0] and later == kept[0]
