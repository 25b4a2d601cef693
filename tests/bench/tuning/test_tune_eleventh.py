"""The eleventh round's features (bench/tuning/tune_eleventh.py): the question's form, the legs'
agreement at the top, and the legs weighted by their own confidence, as plain arithmetic."""
from types import SimpleNamespace

import numpy as np
import pytest
from test_tune_eighth import ROW

from bench.tuning import tune_eleventh


@pytest.mark.parametrize("text, kind", [
    ("appeltaart recept", "keyword"), ("spijbelen", "keyword"), ("opgelicht pinpas vergeetachtig", "keyword"),
    ("Hoe vraag ik een BIG-registratie aan?", "question"), ("Wie heeft ervaring met een moeder die dwaalt", "question"),
    ("Mag een vrijwilliger medicijnen geven", "question"), ("recept voor appeltaart met kaneel?", "question"),
    ("Mijn moeder wordt steeds vergeetachtiger en wil niet naar de dagbesteding", "statement")])
def test_the_form_of_a_question(text, kind):
    assert tune_eleventh.form(text) == kind


def test_the_agreement_at_the_top_and_the_form_features():
    f = tune_eleventh.features(dict(ROW, text="mantelzorg overbelast jaar"))
    # dense 1, 2, 3, ...; lexical 2, 9, 1, ...: the best differ, dense's best is third lexically
    assert f["disagree_1"] == 1.0 and f["dense1_out_lex3"] == 0.0 and f["dense1_out_lex5"] == 0.0
    assert f["lex1_out_dense3"] == 0.0
    assert f["keyword"] == 1.0 and f["question"] == f["statement"] == 0.0 and f["short"] == 1.0
    assert f["keyword_disagree_1"] == 1.0 and f["question_disagree_1"] == 0.0
    agreeing = tune_eleventh.features(dict(ROW, text="Hoe houd ik het vol als mantelzorger?", lexical=[1, 2]))
    assert agreeing["disagree_1"] == 0.0 and agreeing["question"] == 1.0 and agreeing["keyword_disagree_1"] == 0.0
    nothing = tune_eleventh.features(dict(ROW, text="x", lexical=[]))
    assert nothing["disagree_1"] == nothing["dense1_out_lex3"] == nothing["lex1_out_dense3"] == 1.0


def test_a_legs_confidence_is_how_far_its_first_documents_stand_out():
    q = SimpleNamespace(norm=np.array([[1.0, 0.9, 0.8, 0.0], [1.0, 0.2, 0.1, 0.0]]),
                        rank=np.array([[0, 1, 2, 3], [0, 1, 2, np.inf]]))
    assert tune_eleventh.confidences(q, 2) == pytest.approx([0.1, 0.8])
    assert tune_eleventh.confidences(q, 10) == pytest.approx([1.0, 0.9])   # fewer documents: the last


def test_weighting_by_confidence_keeps_the_score_parts_sum_and_gamma_zero_is_the_product():
    from bench.tuning.tune_seventh import ADOPTED

    conf = np.array([0.2, 0.8, 0.5, 0.5, 0, 0, 0])
    assert tune_eleventh.weighted(ADOPTED, conf, 0.0, True) == ADOPTED
    c = tune_eleventh.weighted(ADOPTED, conf, 1.0, False)
    assert sum(c.score) == pytest.approx(sum(ADOPTED.score)) and c.rrf == ADOPTED.rrf
    assert c.score[0] / c.score[1] == pytest.approx(ADOPTED.score[0] / ADOPTED.score[1] * 0.2 / 0.8)
    both = tune_eleventh.weighted(ADOPTED, conf, 1.0, True)
    assert both.rrf[0] == pytest.approx(ADOPTED.rrf[0] * 0.2) and both.rrf[2] == pytest.approx(ADOPTED.rrf[2] * 0.5)
