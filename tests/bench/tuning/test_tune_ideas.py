"""The retrieval ideas measured on tuning halves (bench/tuning/tune_ideas.py), as plain arithmetic on fakes."""
import numpy as np

from bench.tuning.tune_ideas import (
    agrees,
    backgrounds,
    dense_feedback,
    dense_weight_for,
    document_postings,
    whole_documents,
)
from search._fusion import Fusion, RankedDocument, fuse, fuse_legs


def _docs(*pairs):
    return [RankedDocument(pk, score, [(pk * 10, score)]) for pk, score in pairs]


def test_two_legs_fuse_as_before_and_a_third_leg_without_passages_adds_its_documents():
    dense, lexical = _docs((1, 0.9), (2, 0.8)), _docs((2, 5.0), (3, 4.0))
    fusion = Fusion(method="score", dense_weight=0.55, lexical_weight=0.45)
    two = fuse(dense, lexical, fusion)
    assert [(d.document_pk, d.score) for d in two] == \
        [(d.document_pk, d.score) for d in fuse_legs([(dense, 0.55), (lexical, 0.45)], fusion)]
    whole = [RankedDocument(4, 12.0), RankedDocument(3, 11.0), RankedDocument(5, 1.0)]
    three = {d.document_pk: d for d in fuse_legs([(dense, 0.55), (lexical, 0.45), (whole, 0.3)], fusion)}
    assert set(three) == {1, 2, 3, 4, 5}
    assert three[4].chunks == [] and three[4].score == 0.3      # found by the whole-document leg alone
    assert three[3].score > {d.document_pk: d for d in two}[3].score


def test_whole_document_bm25_meets_query_words_spread_over_a_reports_passages():
    # Document 1 has "mantelzorg" in one passage and "respijt" in another; document 2
    # has "mantelzorg" twice in one passage. Per passage they tie on one word each;
    # as whole documents, document 1 holds both words.
    chunk_pks = [11, 12, 21, 31, 41]
    terms = [["mantelzorg", "avond"], ["respijt", "dag"], ["mantelzorg", "mantelzorg"], ["fiets"], ["boot"]]
    postings = document_postings(chunk_pks, terms, {11: 1, 12: 1, 21: 2, 31: 3, 41: 4})
    ranked = whole_documents(postings, ["mantelzorg", "respijt"])
    assert [d.document_pk for d in ranked] == [1, 2]
    assert ranked[0].score > ranked[1].score > 0
    assert whole_documents(postings, []) == []


def test_dense_feedback_moves_the_query_towards_its_best_passages():
    pks = np.array([1, 2, 3, 4])
    matrix = np.array([[0.8, 0.6], [0.7, 0.714], [0.6, -0.8], [0.3, 0.954]])
    query = np.array([1.0, 0.0])
    first = [(int(pks[i]), float(matrix[i] @ query)) for i in np.argsort(-(matrix @ query))]
    assert [pk for pk, _ in first] == [1, 2, 3, 4]
    # The two best passages lie on one side of the query: feedback from them lifts
    # passage 4 (on their side) above passage 3 (on the other).
    moved = dense_feedback(matrix, pks, query, first, k=2, alpha=1.0)
    assert [pk for pk, _ in moved] == [1, 2, 4, 3]
    assert dense_feedback(matrix, pks, query, first, k=2, alpha=0.0) == first


def test_long_queries_get_their_own_dense_weight_and_agreement_reads_the_lexical_head():
    fusion = Fusion(dense_weight=0.55)
    assert dense_weight_for(["a"] * 9, fusion, 0.7, 8) == 0.7
    assert dense_weight_for(["a"] * 8, fusion, 0.7, 8) == 0.55
    assert dense_weight_for(["a"] * 20, fusion, None, 8) == 0.55
    lexical = _docs(*[(pk, 1.0) for pk in range(1, 13)])
    assert agrees(3, lexical) == 1.0
    assert agrees(11, lexical) == 0.0
    assert agrees(11, lexical, within=11) == 1.0


def test_a_querys_background_is_its_similarity_to_the_corpus_at_large():
    dense = [(1, 0.9), (2, 0.8), (3, 0.7)]
    found = backgrounds(dense, np.array([1.0, 0.0]), np.array([0.5, 0.5]))
    assert found["100th"] == 0.7                       # the last candidate
    assert abs(found["mean"] - 0.8) < 1e-9
    assert found["centroid"] == 0.5
