"""Whole-document BM25 (the lexical mode's ranking): a document's passages count as
one text, statistics come from the allowed documents only, and an erased document
leaves no trace in any score (fake embedder, temp data dir)."""
import math

import numpy as np
import pytest

import ingest
from dutch_docs import DEBTS, WIDOWER, write_docs
from store import Access, Filters
from store._bm25 import Postings
from store._bm25_documents import K1, B, documents_within, known_forms, terms_held
from text import analyze

# (chunk pk, analysed body, vector id, document pk): document 10 has two passages.
ROWS = [(1, "schuld huur brief", "v1", 10), (2, "huur huur buurt", "v2", 10),
        (3, "buurt koffie", "v3", 20), (4, "mantelzorg moeder koffie koffie", "v4", 30)]


def _all(postings):
    return [(postings, np.ones(len(postings.pks), dtype=bool))]


def _bm25(tf: float, length: float, average: float, documents: int, with_term: int) -> float:
    idf = math.log(1 + (documents - with_term + 0.5) / (with_term + 0.5))
    return idf * tf * (K1 + 1) / (tf + K1 * (1 - B + B * length / average))


def test_a_documents_passages_count_as_one_text():
    ranked = documents_within(_all(Postings("x", ROWS)), ["huur", "buurt"], 10)
    average = (6 + 2 + 4) / 3
    expected = _bm25(3, 6, average, 3, 1) + _bm25(1, 6, average, 3, 2)  # huur 3x, buurt 1x in 6 words
    assert [pk for pk, _, _ in ranked] == [10, 20]
    assert ranked[0][1] == pytest.approx(expected, rel=1e-12)
    assert ranked[1][1] == pytest.approx(_bm25(1, 2, average, 3, 2), rel=1e-12)
    # The same as one row holding both passages: the split into chunks changes nothing.
    joined = Postings("y", [(1, "schuld huur brief huur huur buurt", "v1", 10)] + ROWS[2:])
    assert [(pk, pytest.approx(s)) for pk, s, _ in documents_within(_all(joined), ["huur", "buurt"], 10)] \
        == [(pk, s) for pk, s, _ in ranked]


def test_each_document_comes_with_its_best_passages_and_limits_hold():
    postings = Postings("x", ROWS)
    ranked = documents_within(_all(postings), ["huur", "buurt"], 10)
    assert [pk for pk, _ in ranked[0][2]] == [2, 1]   # "huur huur buurt" before "schuld huur brief"
    assert [pk for pk, _ in ranked[1][2]] == [3]
    assert documents_within(_all(postings), ["huur"], 0) == []
    assert documents_within(_all(postings), ["onbekendwoord"], 10) == []
    assert len(documents_within(_all(postings), ["koffie", "huur"], 1)) == 1


def test_masked_rows_change_no_statistic():
    """Scores over a mask equal scores over a copy holding only the unmasked rows:
    N, avgdl and df come from the allowed documents alone."""
    postings = Postings("x", ROWS)
    allowed = np.array([pk != 4 for pk in postings.pks.tolist()])  # document 30 is not the caller's
    masked = documents_within([(postings, allowed)], ["koffie", "huur", "mantelzorg"], 10)
    alone = documents_within(_all(Postings("y", ROWS[:3])), ["koffie", "huur", "mantelzorg"], 10)
    assert masked == alone
    assert 30 not in {pk for pk, _, _ in masked}
    assert masked != documents_within(_all(postings), ["koffie", "huur", "mantelzorg"], 10)


def test_a_term_no_row_holds_becomes_the_commonest_form_of_its_word():
    """Only terms that match nothing change: "zomeren" meets the rows' "zomer" (one
    Snowball stem), and of two forms with that stem the commoner one is taken; a term
    with no form anywhere, and one the rows hold, stay as they are."""
    rows = [(1, "zomer hitte", "v1", 10), (2, "zomer woning", "v2", 20), (3, "zomers wonen", "v3", 30),
            (4, "vrijwilliger", "v4", 40)]
    postings = Postings("x", rows)
    assert known_forms(_all(postings), ["zomeren", "vrijwilligers", "appeltaart", "wonen"]) \
        == ["appeltaart", "vrijwilliger", "wonen", "zomer"]   # zomer in 2 rows, zomers in 1
    # Forms and counts come from the masked rows only: without rows 1 and 2, "zomers" is
    # the form, and "woningen" meets "wonen" (row 2's "woning" is not the caller's).
    mask = np.array([pk in (3, 4) for pk in postings.pks.tolist()])
    assert known_forms([(postings, mask)], ["zomeren", "woningen"]) == ["wonen", "zomers"]


def test_stems_count_every_form_of_a_word_as_one_term():
    """With `stems`, BM25 over the Snowball stems of the rows' terms: "zomer" and "zomers"
    are one term (frequencies summed, df the documents holding either), added with its
    weight to the lemmas' BM25; alone it equals BM25 over rows whose terms were stemmed."""
    from text import stem

    rows = [(1, "zomer hitte", "v1", 10), (2, "zomers zomers buurt", "v2", 20), (3, "buurt koffie", "v3", 30)]
    postings = Postings("x", rows)
    only = documents_within(_all(postings), ["zomer"], 10, lemmas=0.0, stems=1.0)
    stemmed = Postings("s", [(pk, " ".join(stem(w) for w in body.split()), v, d) for pk, body, v, d in rows])
    assert [(pk, pytest.approx(s)) for pk, s, _ in only] \
        == [(pk, s) for pk, s, _ in documents_within(_all(stemmed), [stem("zomer")], 10)]
    assert [pk for pk, _, _ in only] == [20, 10]   # "zomers" twice in a row of three terms
    lemmas = documents_within(_all(postings), ["zomer"], 10)
    assert [pk for pk, _, _ in lemmas] == [10]
    both = dict((pk, s) for pk, s, _ in documents_within(_all(postings), ["zomer"], 10, stems=0.5))
    assert both[10] == pytest.approx(lemmas[0][1] + 0.5 * dict((pk, s) for pk, s, _ in only)[10])
    assert both[20] == pytest.approx(0.5 * dict((pk, s) for pk, s, _ in only)[20])
    assert [pk for pk, _ in documents_within(_all(postings), ["zomer"], 10, stems=0.5)[1][2]] == [2]  # its passage


def test_stems_count_the_masked_rows_only():
    """A form only a masked-out row holds adds nothing, and N, avgdl and df of the stems come
    from the allowed rows: the same scores as an index of those rows alone."""
    rows = [(1, "zomer hitte", "v1", 10), (2, "zomers buurt", "v2", 20), (3, "zomertje zomers", "v3", 30),
            (4, "koffie", "v4", 40)]
    postings = Postings("x", rows)
    allowed = np.array([pk != 3 for pk in postings.pks.tolist()])
    masked = documents_within([(postings, allowed)], ["zomer", "koffie"], 10, stems=0.5)
    alone = documents_within(_all(Postings("y", [r for r in rows if r[0] != 3])), ["zomer", "koffie"], 10, stems=0.5)
    assert masked == alone
    assert 30 not in {pk for pk, _, _ in masked}


@pytest.fixture
def filled(store, fake_embedder, tmp_path):
    ingest.ingest_paths(store, fake_embedder, [write_docs(tmp_path / "docs")])
    return store


def test_terms_held_counts_a_documents_passages_together_and_the_masked_rows_only():
    postings = Postings("x", ROWS)
    held, frequency, rows = terms_held(_all(postings), ["huur", "koffie", "brief", "onbekend"], [10, 30])
    assert held == {10: {"huur", "brief"}, 30: {"koffie"}}
    assert frequency == {"brief": 1, "huur": 2, "koffie": 2, "onbekend": 0} and rows == 4
    allowed = np.array([pk != 4 for pk in postings.pks.tolist()])  # document 30 is not the caller's
    held, frequency, rows = terms_held([(postings, allowed)], ["koffie", "mantelzorg"], [20, 30])
    assert held == {20: {"koffie"}, 30: set()} and frequency == {"koffie": 1, "mantelzorg": 0} and rows == 3


# Words of both communities' documents (dutch_docs: PG Noord has two, Wijkteam Zuid one).
QUERY = sorted(set(analyze("huurachterstand brieven buurt eenzaamheid dementie vrouw", for_query=True)))


@pytest.mark.parametrize("kept_copy", [False, True], ids=["rows read now", "in-memory copy"])
def test_an_outsider_ranks_as_if_the_other_communities_did_not_exist(filled, kept_copy):
    """... and the relevance floor's lexical evidence (terms held, df, N) counts alike."""
    if kept_copy:
        filled.lexical.keep_copy()
    community = filled.catalogue.get_document(WIDOWER).meta.community
    own = Filters(access=Access(member_of=(community,), shared=False))
    before = filled.lexical.documents(QUERY, own, 100)
    assert len(before) == 2 and {filled.catalogue.documents_by_pk([pk])[pk].meta.community for pk, _, _ in before} == {community}
    mine = [d.pk for d in filled.catalogue.list_documents() if d.meta.community == community]
    held = filled.lexical.terms_held(QUERY, mine, own)
    assert any(held[0].values()) and held[2] < len(filled.lexical._rows()[1])
    for doc in filled.catalogue.list_documents():
        if doc.meta.community != community:
            assert filled.catalogue.delete_document(doc.doc_id)
    assert filled.lexical.documents(QUERY, own, 100) == before
    assert filled.lexical.documents(QUERY, Filters(), 100) == before   # the owner now sees the same
    assert filled.lexical.terms_held(QUERY, mine, own) == held == filled.lexical.terms_held(QUERY, mine, Filters())


@pytest.mark.parametrize("kept_copy", [False, True], ids=["rows read now", "in-memory copy"])
def test_an_erased_document_leaves_no_trace_in_any_score(filled, kept_copy):
    if kept_copy:
        filled.lexical.keep_copy()
    doc = filled.catalogue.get_document(DEBTS)
    ranked = filled.lexical.documents(QUERY, Filters(), 100)
    assert doc.pk in {pk for pk, _, _ in ranked}
    assert filled.catalogue.delete_document(doc.doc_id)
    after = filled.lexical.documents(QUERY, Filters(), 100)
    assert doc.pk not in {pk for pk, _, _ in after}
    chunks = {c.pk for d in filled.catalogue.list_documents() for c in filled.catalogue.chunks_of(d.pk)}
    rows = [row for row in filled.lexical._rows()[1] if row[0] in chunks]   # the rest, indexed afresh
    assert after == documents_within(_all(Postings("rest", rows)), QUERY, 100)


@pytest.mark.parametrize("kept_copy", [False, True], ids=["rows read now", "in-memory copy"])
def test_hybrids_two_whole_document_legs_come_from_one_gathering_of_the_allowed_rows(filled, kept_copy):
    """Lexical.documents_and_stems: the lemmas' ranking is `documents`', the stems' is BM25 of
    the Snowball stems alone over the same allowed rows (an outsider's statistics exclude the
    other communities there too). The stems' leg leaves out the passages of the lemmas'
    documents (hybrid takes theirs from the lemmas' leg), and both those of `passages_known`."""
    if kept_copy:
        filled.lexical.keep_copy()
    community = filled.catalogue.get_document(WIDOWER).meta.community
    for filters in (Filters(), Filters(access=Access(member_of=(community,), shared=False))):
        lemmas, stems = filled.lexical.documents_and_stems(QUERY, filters, 100)
        assert lemmas == filled.lexical.documents(QUERY, filters, 100)
        allowed = filled.catalogue.allowed_chunks(filters, filled.catalogue.snapshot())
        rows = [row for row in filled.lexical._rows()[1] if row[0] in set(allowed.pks)]
        reference = documents_within(_all(Postings("allowed", rows)), QUERY, 100, lemmas=0.0, stems=1.0)
        known = {pk for pk, _, _ in lemmas}
        assert stems == [(pk, score, [] if pk in known else passages) for pk, score, passages in reference]
        assert stems and any(passages for _, _, passages in reference)
        some = {pk for pk, _, _ in lemmas[::2]}
        lemmas_known, stems_known = filled.lexical.documents_and_stems(QUERY, filters, 100, passages_known=some)
        assert lemmas_known == [(pk, score, [] if pk in some else passages) for pk, score, passages in lemmas]
        assert stems_known == stems
    assert filled.lexical.documents_and_stems([], Filters(), 100) == ([], [])
