"""Search plumbing with the fake embedder: modes, filters, grouping, snippets, related."""
import pytest

import ingest
import search
from dutch_docs import write_docs
from search._snippet import snippet as make_snippet
from store import Filters

WIDOWER = "pg-noord/2022-2023/casus-weduwnaar.md"
DEBTS = "wt-zuid/2023-2024/casus-schulden.md"


@pytest.mark.parametrize("mode", search.MODES)
def test_each_mode_finds_the_document(filled, fake_embedder, mode):
    result = search.search(filled, fake_embedder, "huurachterstand en brieven van de woningcorporatie", mode=mode)
    assert result.hits[0].doc_id == DEBTS
    assert result.hits[0].authors[0].name == "Fatima El Amrani"


def test_hits_carry_their_linked_source(filled, fake_embedder):
    hit = search.search(filled, fake_embedder, "kaartnamiddag dienstencentrum").hits[0]
    assert (hit.doc_id, hit.community, hit.cycle, hit.session, hit.type) == (
        WIDOWER, "PG Noord", "2022-2023", 2, "casus")
    passage = hit.passages[0]
    document = filled.catalogue.get_document(WIDOWER)
    assert document.text[passage.start:passage.end] == passage.text
    snippet = passage.snippet
    assert "kaartnamiddag" in [snippet.text[start:end] for start, end in snippet.spans]
    assert "<mark>" not in snippet.text


def test_lexical_uses_lemmas(filled, fake_embedder):
    hits = search.search(filled, fake_embedder, "winkelier", mode="lexical").hits
    assert hits and hits[0].doc_id == "pg-noord/2023-2024/verslag-dementie.md"


def test_filters_apply_in_every_mode(filled, fake_embedder):
    only_south = Filters(communities=("Wijkteam Zuid",))
    for mode in search.MODES:
        hits = search.search(filled, fake_embedder, "dementie in de buurt", filters=only_south, mode=mode).hits
        assert {h.doc_id for h in hits} <= {DEBTS}
    nothing = Filters(communities=())
    assert search.search(filled, fake_embedder, "dementie", filters=nothing).hits == []


def test_cycle_type_and_date_filters(filled, fake_embedder):
    hits = search.search(filled, fake_embedder, "buurt", filters=Filters(cycles=("2022-2023",))).hits
    assert {h.doc_id for h in hits} == {WIDOWER}
    hits = search.search(filled, fake_embedder, "buurt", filters=Filters(date_from="2023-10-04")).hits
    assert {h.doc_id for h in hits} == {"pg-noord/2023-2024/verslag-dementie.md"}


def test_snippets_are_the_text_as_written_with_spans(store, fake_embedder, tmp_path):
    text = "Een <script>alert(1)</script> test over mantelzorg, met &lt; en a < b > c."
    write_docs(tmp_path / "d", {"x.md": text})
    ingest.ingest_paths(store, fake_embedder, [tmp_path / "d"])
    snippet = search.search(store, fake_embedder, "mantelzorg").hits[0].passages[0].snippet
    assert snippet.text == text
    assert snippet.spans == [(text.index("mantelzorg"), text.index("mantelzorg") + len("mantelzorg"))]


def test_snippet_spans_point_into_the_joined_sentences(store, fake_embedder, tmp_path):
    """Two chosen sentences that are not neighbours are joined with " … ": the spans
    count in the joined text, after the leading "… "."""
    text = ("Eerst iets anders. Daarna over mantelzorg. Een zin zonder. Nog een zin zonder. "
            "Weer mantelzorg en mantelzorgers. Slot.")
    snippet = make_snippet(text, {"mantelzorg"})
    assert snippet.text == "… Daarna over mantelzorg. … Weer mantelzorg en mantelzorgers. …"
    assert [snippet.text[start:end] for start, end in snippet.spans][:2] == ["mantelzorg", "mantelzorg"]


def test_bad_mode_and_empty_query(filled, fake_embedder):
    with pytest.raises(search.SearchError, match="unknown mode"):
        search.search(filled, fake_embedder, "x", mode="fuzzy")
    with pytest.raises(search.SearchError, match="empty"):
        search.search(filled, fake_embedder, "  ")


def test_who_else_lists_authors_of_relevant_documents(filled, fake_embedder):
    people = search.who_else(filled, fake_embedder, "dementie bakker winkeliers")
    assert people[0].name in {"Griet Declercq", "Tom Wouters"}
    assert "pg-noord/2023-2024/verslag-dementie.md" in people[0].documents


def test_related_never_includes_the_document_itself(filled, fake_embedder):
    for doc_id in (WIDOWER, DEBTS):
        hits = search.related(filled, doc_id, k=5)
        assert doc_id not in {h.doc_id for h in hits}
    other = search.related(filled, WIDOWER, other_communities_only=True)
    assert {h.community for h in other} <= {"Wijkteam Zuid"}


def test_unknown_and_forbidden_documents_look_the_same(filled):
    with pytest.raises(search.DocumentNotFound):
        search.get_document(filled, "bestaat/niet.md")
    with pytest.raises(search.DocumentNotFound):
        search.get_document(filled, WIDOWER, Filters(communities=("Wijkteam Zuid",)))


def test_lexical_search_finds_the_parts_of_hyphenated_words_and_inflected_forms(store, fake_embedder, tmp_path):
    write_docs(tmp_path / "c", {
        "a.md": "Wie de AOW-leeftijd bereikt, krijgt een brief. De bewoners mogen mailen.",
        "b.md": "De jeugdwerker organiseert een voetbaltoernooi op het plein.",
    })
    ingest.ingest_paths(store, fake_embedder, [tmp_path / "c"])
    for query in ("leeftijd", "AOW", "aow-leeftijd", "bewoner"):
        assert [h.doc_id for h in search.search(store, fake_embedder, query, mode="lexical").hits] == ["a.md"]


def test_a_query_word_the_index_holds_in_another_form_still_counts(store, fake_embedder, tmp_path):
    """In the lexical mode, a query term no passage holds is matched by the form of that
    word the passages hold (store._bm25_documents.known_forms): the parts of
    "oud-vrijwilligers" are not lemmatised, the passages hold "vrijwilliger"."""
    write_docs(tmp_path / "c", {
        "a.md": "De vrijwilliger kwam elke week langs bij mevrouw.",
        "b.md": "De jeugdwerker organiseert een voetbaltoernooi op het plein.",
    })
    ingest.ingest_paths(store, fake_embedder, [tmp_path / "c"])
    assert [h.doc_id for h in search.search(store, fake_embedder, "oud-vrijwilligers", mode="lexical").hits] \
        == ["a.md"]


def test_the_lexical_mode_also_counts_other_forms_of_a_query_word(store, fake_embedder, tmp_path):
    """The lexical mode adds a share (0.75) of whole-document BM25 over Snowball stems
    (search._retrieve.LEXICAL_STEMS): spaCy leaves "zomers" as it is, so the query "zomer"
    matched only the document that holds that form; now the other one is found too,
    after it."""
    write_docs(tmp_path / "c", {
        "a.md": "In de zomer was het warm in de flat.",
        "b.md": "De zomers waren heet en droog.",
        "c.md": "De jeugdwerker organiseert een voetbaltoernooi op het plein.",
    })
    ingest.ingest_paths(store, fake_embedder, [tmp_path / "c"])
    assert [h.doc_id for h in search.search(store, fake_embedder, "zomer", mode="lexical").hits] == ["a.md", "b.md"]


def test_warm_up_copies_the_vectors_so_the_first_search_reads_none(filled, fake_embedder, monkeypatch):
    search.warm_up(filled, fake_embedder)
    copy = filled.vectors.live._vectors()
    monkeypatch.setattr(copy, "_fetch", lambda ids: pytest.fail(f"fetched {len(ids)} vectors after warm-up"))
    result = search.search(filled, fake_embedder, "huurachterstand en brieven van de woningcorporatie", mode="dense")
    assert result.hits[0].doc_id == DEBTS



def test_a_document_deleted_or_changed_after_ranking_is_left_out_not_an_error(filled, fake_embedder):
    """What one search ranked is grouped a moment later; another process may have
    deleted a ranked document in between (CI once saw `KeyError` here: the document
    was read before its deletion, its chunks after it) or marked it for deletion."""
    from search._group import group_hits
    from search._retrieve import retrieve

    ranked = retrieve(filled, fake_embedder, "huurachterstand en brieven", Filters(), "hybrid").documents
    shown = [h.doc_id for h in group_hits(filled, ranked, Filters(), 10)]
    assert DEBTS in shown and WIDOWER in shown

    ingest.delete_document(filled, DEBTS)
    assert [h.doc_id for h in group_hits(filled, ranked, Filters(), 10)] == [d for d in shown if d != DEBTS]

    with filled.db.transaction() as conn:  # a replacement marks the old version first
        conn.execute("UPDATE documents SET state = 'deleting' WHERE id = ?", (filled.catalogue.get_document(WIDOWER).pk,))
    assert WIDOWER not in [h.doc_id for h in group_hits(filled, ranked, Filters(), 10)]


def test_row_numbers_taken_over_by_another_document_show_nothing_of_it(filled):
    """SQLite may give a deleted document's row numbers to the next one, perhaps a
    closed group's: a ranking is shown only where the caller's filters allow the
    document now, and only passages that belong to the ranked document."""
    from search._group import group_hits
    from search._retrieve import RankedDocument

    debts, widower = (filled.catalogue.get_document(d) for d in (DEBTS, WIDOWER))
    debts_chunk = filled.catalogue.chunks_of(debts.pk)[0].pk
    widower_chunk = filled.catalogue.chunks_of(widower.pk)[0].pk
    as_ranked = [RankedDocument(debts.pk, 1.0, [(debts_chunk, 1.0)])]
    assert [h.doc_id for h in group_hits(filled, as_ranked, Filters(), 10)] == [DEBTS]
    assert group_hits(filled, as_ranked, Filters(communities=(widower.meta.community,)), 10) == []
    assert group_hits(filled, [RankedDocument(debts.pk, 1.0, [(widower_chunk, 1.0)])], Filters(), 10) == []
