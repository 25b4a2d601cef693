"""The third round of retrieval ideas (bench/tuning/tune_third.py), as plain arithmetic on fakes."""
import numpy as np

from bench.tuning.tune_documents import Documents
from bench.tuning.tune_third import (
    cross_validated,
    document_vectors,
    expanded,
    feedback_terms,
    weighted_documents,
    weighted_passages,
)
from store._bm25 import Postings

# Four documents of one or two passages; document 1 and 2 are about respite care.
CHUNK_PKS = [11, 12, 21, 31, 41]
TERMS = [["mantelzorg", "respijt", "logeeropvang"], ["respijt", "logeeropvang", "weekend"],
         ["mantelzorg", "respijt", "dagbesteding"], ["fiets", "parkeren"], ["boot", "haven", "respijt"]]
DOCUMENT_OF = {11: 1, 12: 1, 21: 2, 31: 3, 41: 4}


def test_feedback_takes_the_best_weighted_terms_of_the_first_documents():
    docs = Documents(CHUNK_PKS, TERMS, DOCUMENT_OF)
    model = feedback_terms(docs, [(1, 2.0), (2, 0.5), (4, 0.5)], k=2, terms=2, idf=False)
    # Documents 1 and 2 only (k=2); "respijt" is in both, "logeeropvang" weighs most in document 1.
    assert list(model) == ["respijt", "logeeropvang"]
    assert abs(sum(model.values()) - 1.0) < 1e-9
    assert feedback_terms(docs, [], k=3, terms=5, idf=False) == {}
    # With idf, a word in three of four documents ("respijt") weighs less than one in one.
    assert list(feedback_terms(docs, [(1, 2.0), (2, 1.0)], k=2, terms=1, idf=True)) == ["logeeropvang"]


def test_the_expanded_query_keeps_its_share_for_the_original_terms():
    weights = expanded(["mantelzorg", "respijt"], {"respijt": 0.5, "logeeropvang": 0.5}, original=0.8)
    assert abs(weights["mantelzorg"] - 0.4) < 1e-9
    assert abs(weights["respijt"] - (0.4 + 0.1)) < 1e-9
    assert abs(weights["logeeropvang"] - 0.1) < 1e-9
    assert abs(sum(weights.values()) - 1.0) < 1e-9
    assert expanded([], {"respijt": 1.0}, 0.8) == {}


def test_equal_weights_rank_as_the_unweighted_bm25_does():
    docs = Documents(CHUNK_PKS, TERMS, DOCUMENT_OF)
    query = ["mantelzorg", "respijt"]
    plain = docs.scores(query, 2.0, 0.6, "lucene")
    assert weighted_documents(docs, {w: 1.0 for w in query}) == sorted(plain.items(), key=lambda x: (-x[1], x[0]))
    postings = Postings("t", [(pk, " ".join(t)) for pk, t in zip(CHUNK_PKS, TERMS)])
    assert [pk for pk, _ in weighted_passages(postings, {w: 2.0 for w in query})] == \
        [pk for pk, _ in postings.best(query, 100)]
    # An expansion term moves a passage that holds it up.
    moved = weighted_passages(postings, {"respijt": 1.0, "weekend": 1.0})
    assert moved[0][0] == 12


def test_document_vectors_are_unit_means_or_first_passages():
    s = {"chunk_pks": np.array([11, 12, 21]), "document_of": {11: 1, 12: 1, 21: 2},
         "matrix": np.array([[1.0, 0.0], [0.0, 1.0], [0.6, 0.8]])}
    pks, mean = document_vectors(s, "mean")
    assert pks.tolist() == [1, 2]
    assert np.allclose(mean[0], [2 ** -0.5, 2 ** -0.5]) and np.allclose(mean[1], [0.6, 0.8])
    _, first = document_vectors(s, "first")
    assert np.allclose(first[0], [1.0, 0.0])


def test_cross_validation_finds_no_gain_in_a_grid_worse_than_the_product(capsys):
    product = [np.full(10, 0.8), np.full(12, 0.6)]
    worse = [[p - 0.1 for p in product], [p - 0.05 for p in product]]
    cross_validated(product, worse, repeats=5)
    printed = capsys.readouterr().out
    assert "macro +0.0000" in printed and "better in 0% of splits, worse in 0%" in printed
    better = [[p + 0.1 for p in product]]
    cross_validated(product, better, repeats=5)
    assert "better in 100% of splits" in capsys.readouterr().out
