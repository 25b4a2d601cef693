"""BM25 ranks first and the filters pick from its hits (fake embedder, temp data dir)."""
import pytest

import ingest
from dutch_docs import write_docs
from store import Access, ChunkDraft, DocumentDraft, DocumentMeta, Filters
from text import analyze


def _match(text: str) -> list[str]:
    return sorted(set(analyze(text, for_query=True)))


def _staged(store, n: int, words: str) -> int:
    body = " ".join(analyze(words))
    return store.catalogue.stage(DocumentDraft(f"half-{n}.md", words, DocumentMeta(title="Half"), None, f"{n:064d}",
                                               [ChunkDraft(0, words, 0, len(words), None, body)]))


@pytest.fixture(params=["kept set", "large store"])
def store(request, store, monkeypatch):
    """Both ways unfiltered hits are restricted to ready chunks: by the kept set of
    all ready chunks, or (past EXACT_MAX chunks) by asking SQLite about the hits."""
    if request.param == "large store":
        monkeypatch.setattr("store._lexical.EXACT_MAX", 0)
        monkeypatch.setattr("store._dense.EXACT_MAX", 0)
    return store


def test_chunks_of_unpublished_documents_are_never_hits(store, fake_embedder, tmp_path):
    ingest.ingest_paths(store, fake_embedder, [write_docs(tmp_path / "docs")])
    match = _match("huurachterstand betalingsregeling")
    published = store.lexical.search(match, Filters(), 1)
    # Ten staged chunks that outrank everything: more than twice the limit, so the
    # first pass holds only them and the search must rank all hits.
    staged = [_staged(store, n, "huurachterstand betalingsregeling huurachterstand") for n in range(10)]
    staged_chunks = {c.pk for pk in staged for c in store.catalogue.chunks_of(pk)}
    hits = store.lexical.search(match, Filters(), 1)
    assert len(staged_chunks) == 10
    assert [pk for pk, _ in hits] == [pk for pk, _ in published]  # scores move: staged text counts in IDF
    assert not staged_chunks & {pk for pk, _ in store.lexical.search(match, Filters(), 100)}


def _community_of(store, pks):
    chunks = store.catalogue.chunks_by_pk(pks)
    docs = store.catalogue.documents_by_pk([c.document_pk for c in chunks.values()])
    return {pk: docs[chunks[pk].document_pk].meta.community for pk in pks}


def test_filtered_hits_are_the_best_allowed_ones(store, fake_embedder, tmp_path):
    ingest.ingest_paths(store, fake_embedder, [write_docs(tmp_path / "docs")])
    match = _match("mantelzorg eenzaamheid betalingsregeling buurt")
    everything = store.lexical.search(match, Filters(), 100)
    community = store.catalogue.get_document("wt-zuid/2023-2024/casus-schulden.md").meta.community
    own = store.lexical.search(match, Filters(access=Access(member_of=(community,), shared=False)), 100)
    of = _community_of(store, [pk for pk, _ in everything])
    # The same hits; their scores use the statistics of the allowed chunks only (tests/security).
    assert sorted(pk for pk, _ in own) == sorted(pk for pk, _ in everything if of[pk] == community)
    assert 0 < len(own) < len(everything)
    assert store.lexical.search(match, Filters(access=Access(member_of=(community,), shared=False)), 1) == own[:1]
