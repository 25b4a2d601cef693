"""A moderator's correction of a document's metadata (issue 18): a new version with
the same text, only what changed indexed again, a history of who changed what."""
from __future__ import annotations

import numpy as np
import pytest

import ingest
import search
from dutch_docs import DEBTS, DEMENTIA, WIDOWER, write_docs
from store import Author, Filters


@pytest.fixture
def docs_store(store, fake_embedder, tmp_path):
    ingest.ingest_paths(store, fake_embedder, [write_docs(tmp_path / "docs")])
    return store


def _no_embedder():
    raise AssertionError("the embedder was asked for, but nothing that is embedded changed")


def _vectors(store, doc_id):
    ids = [c.vector_id for c in store.catalogue.chunks_of(store.catalogue.get_document(doc_id).pk)]
    return store.vectors.stored(ids)[1]


def test_cycle_and_authors_change_without_embedding_again(docs_store):
    store = docs_store
    before = store.catalogue.get_document(WIDOWER)
    vectors = _vectors(store, WIDOWER)
    generation = store.db.get_meta("catalogue_generation")
    authors = [Author("Griet Declercq", "LDC De Kring", "inbreng"), Author("Sien Maes", "OCMW Gent", "reflectie")]
    report = ingest.edit_metadata(store, _no_embedder, WIDOWER, {"cycle": "2023-2024", "authors": authors}, "mod")
    assert report.version == 1 and not report.embedded
    assert [c.field for c in report.changes] == ["authors", "cycle"]
    after = store.catalogue.get_document(WIDOWER)
    assert after.pk != before.pk and after.text == before.text and after.meta.cycle == "2023-2024"
    assert [(a.name, a.organisation, a.role) for a in after.meta.authors] == [
        ("Griet Declercq", "LDC De Kring", "inbreng"), ("Sien Maes", "OCMW Gent", "reflectie")]
    assert np.array_equal(_vectors(store, WIDOWER), vectors)
    assert store.catalogue.documents_by_pk([before.pk]) == {}          # the old version is gone
    assert store.db.get_meta("catalogue_generation") != generation
    # filters and people reflect it at once
    in_new_cycle = {d.doc_id for d in store.catalogue.list_documents(Filters(cycles=("2023-2024",)))}
    assert WIDOWER in in_new_cycle and WIDOWER not in {d.doc_id for d in store.catalogue.list_documents(Filters(cycles=("2022-2023",)))}
    assert "Sien Maes" in store.catalogue.facets()["authors"]
    assert {d.doc_id for d in store.catalogue.list_documents(Filters(authors=("Sien Maes",)))} == {WIDOWER}
    [edit] = store.history.of(WIDOWER)
    assert edit.actor == "mod" and [(c.field, c.before, c.after) for c in edit.changes] == [
        ("authors", None, None), ("cycle", "2022-2023", "2023-2024")]


def test_a_new_title_is_embedded_again_and_found_lexically(docs_store, fake_embedder):
    store = docs_store
    old = _vectors(store, DEMENTIA)
    report = ingest.edit_metadata(store, lambda: fake_embedder, DEMENTIA,
                                  {"title": "Sessie 4: dementievriendelijke winkelstraat"}, "mod")
    assert report.embedded and [c.field for c in report.changes] == ["title"]
    assert store.catalogue.get_document(DEMENTIA).meta.title == "Sessie 4: dementievriendelijke winkelstraat"
    assert not np.array_equal(_vectors(store, DEMENTIA), old)
    hits = search.search(store, fake_embedder, "winkelstraat", k=5, mode="lexical").hits
    assert [h.doc_id for h in hits] == [DEMENTIA]
    [edit] = store.history.of(DEMENTIA)
    assert [(c.field, c.before, c.after) for c in edit.changes] == [("title", None, None)]   # titles may name people


def test_nothing_changed_is_no_version(docs_store):
    store = docs_store
    before = store.catalogue.get_document(DEBTS)
    report = ingest.edit_metadata(store, _no_embedder, DEBTS, {"cycle": before.meta.cycle, "type": before.meta.type},
                                  "mod")
    assert report.version is None and report.changes == []
    assert store.catalogue.get_document(DEBTS).pk == before.pk and store.history.of(DEBTS) == []


def test_another_communitys_writer_is_refused(docs_store):
    store = docs_store
    with pytest.raises(ingest.IngestError) as refused:
        ingest.edit_metadata(store, _no_embedder, DEBTS, {"cycle": "2020-2021"}, "mod-noord",
                             ingest.Scope(communities=frozenset({"PG Noord"})))
    assert refused.value.code == "other_community"
    assert store.catalogue.get_document(DEBTS).meta.cycle == "2023-2024"


def test_sharing_override_and_packs_survive_an_edit_and_delete_erases_the_history(docs_store):
    store = docs_store
    store.accounts.set_document_sharing(WIDOWER, "closed")
    pack = store.packs.create("PG Noord", "Sessie 4", "mod", None)
    store.packs.add(pack.id, WIDOWER, None, None)
    ingest.edit_metadata(store, _no_embedder, WIDOWER, {"session": 7, "date": "2022-12-01"}, "mod")
    assert store.accounts.document_sharing(WIDOWER)[0] == "closed"
    assert store.packs.holding(WIDOWER) == [pack.id]
    assert store.history.of(WIDOWER)[0].changes[0].after == "7"
    ingest.delete_document(store, WIDOWER)
    assert store.history.of(WIDOWER) == [] and store.packs.holding(WIDOWER) == []


def test_unknown_fields_are_refused(docs_store):
    with pytest.raises(ValueError):
        ingest.edit_metadata(docs_store, _no_embedder, WIDOWER, {"community": "Wijkteam Zuid"}, "mod")
