"""The twelfth round's predictors (bench/tuning/tune_twelfth.py): clarity, query feedback, the lexical
leg's score distribution, as plain arithmetic."""
import math

import numpy as np
import pytest

from bench.tuning import tune_twelfth


def test_clarity_is_zero_when_the_documents_speak_like_the_corpus_and_grows_with_their_own_words():
    corpus = {"zorg": 4, "buurt": 4}
    assert tune_twelfth.clarity([{"zorg": 1, "buurt": 1}], [1.0], corpus, 8) == pytest.approx(0.0)
    # one document of "zorg" alone: P(zorg|Q) = 0.6 + 0.4 x 0.5 = 0.8, P(buurt|Q) = 0.2
    expected = 0.8 * math.log2(0.8 / 0.5) + 0.2 * math.log2(0.2 / 0.5)
    assert tune_twelfth.clarity([{"zorg": 3}], [1.0], corpus, 8) == pytest.approx(expected)
    mixed = tune_twelfth.clarity([{"zorg": 3}, {"buurt": 3}], [1.0, 1.0], corpus, 8)
    assert mixed == pytest.approx(0.0)   # two documents of opposite words average back to the corpus
    weighted = tune_twelfth.clarity([{"zorg": 3}, {"buurt": 3}], [1.0, 0.0], corpus, 8)
    assert weighted == pytest.approx(expected)
    assert tune_twelfth.clarity([], [], corpus, 8) == 0.0


def test_feedback_overlap_compares_the_first_documents_of_the_question_and_of_its_feedback():
    # four passages of documents 1, 1, 2, 3; the question sits between passages 0 and 2
    matrix = np.array([[1.0, 0.0, 0.0], [0.9, 0.1, 0.0], [0.0, 1.0, 0.0], [0.0, 0.0, 1.0]], dtype=np.float32)
    matrix /= np.linalg.norm(matrix, axis=1, keepdims=True)
    documents = np.array([1, 1, 2, 3])
    vector = np.array([0.8, 0.6, 0.0], dtype=np.float32)
    out = tune_twelfth.feedback_overlap(matrix, documents, vector, passages=2, ks=(1, 2))
    # first ranking 1, 2; the feedback from passages 0 and 1 (both of document 1) keeps 1 first, 2 second
    assert out[1] == 1.0 and out[2] == 1.0 and out["top"] == 1.0
    alone = tune_twelfth.feedback_overlap(matrix, documents, np.array([0.0, 0.6, 0.8], dtype=np.float32),
                                          passages=1, ks=(1, 2), alone=True)
    # first ranking 3, 2; the feedback is passage 3 alone: document 3, then 2 (cosine 0) or 1 (0) by order
    assert alone[1] == 1.0 and alone["top"] == 1.0


def test_the_lexical_distribution_is_divided_by_the_questions_idf_sum():
    out = tune_twelfth.lexical_distribution([4.0, 2.0, 0.0], [4.0, 2.0, 0.0, 2.0], 2.0, ks=(2,))
    assert out["top"] == pytest.approx(2.0)
    assert out["nqc_2"] == pytest.approx(np.std([4.0, 2.0]) / 2)
    assert out["wig_2"] == pytest.approx((3.0 - 2.0) / 2)
    empty = tune_twelfth.lexical_distribution([], [], 0.0, ks=(2,))
    assert empty == {"nqc_2": 0.0, "wig_2": 0.0, "top": 0.0}
