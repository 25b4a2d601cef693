"""The ninth floor round's features and decisions (bench/tuning/tune_ninth.py), as plain arithmetic
over a made-up question (fast, no model)."""
import numpy as np
import pytest
from test_tune_eighth import ROW as EIGHTH
from test_tune_eighth import assert_a_new_weight_only_when_it_helps

from bench.tuning import tune_floor_rule, tune_ninth

# the eighth round's made-up question, with what the first dump holds beside it
ROW = dict(EIGHTH, low=0.7, held_all={1: ["jaar"], 2: ["mantelzorg", "jaar"], 9: ["overbelast"]})
EXTRA = {"coh": {5: 0.9, 10: 0.88, 20: 0.87}, "doc_coh": {3: 0.91, 5: 0.89, 10: 0.87},
         "drift": {5: 0.88, 10: 0.87}, "lexcos": [0.85, 0.86, 0.80], "legvec": 0.93,
         "strip_best": 0.84, "strip_same": True,
         "terms": [("mantelzorg", 0.83, 0.85), ("overbelast", 0.80, 0.80), ("jaar", 0.79, 0.82)],
         "insert": (0.99, 0.85, 0.87)}


def test_the_meaning_of_the_legs_agreement_and_of_the_neighbourhood():
    f = tune_ninth.features(ROW, EXTRA)
    assert f["coh_10"] == 0.88 and f["doc_coh_3"] == 0.91
    assert f["drift_5"] == pytest.approx(0.88 - 0.86)
    assert f["lexcos_1"] == pytest.approx(0.85 - 0.86)
    assert f["lexcos_3"] == pytest.approx(np.mean([0.85, 0.86, 0.80]) - 0.86)
    assert f["legvec"] == 0.93 and f["strip_gap"] == pytest.approx(-0.02) and f["strip_same"] == 1.0
    assert f["z"] == pytest.approx((0.86 - 0.78) / 0.015)
    assert f["ins_drop"] == pytest.approx(0.01) and f["ins_gain"] == pytest.approx(0.02)


def test_the_terms_probe_and_the_missing_rarest_term():
    f = tune_ninth.features(ROW, EXTRA)
    idf = {t: tune_floor_rule.idf(ROW, t) for t in ROW["terms"]}
    gaps = {"mantelzorg": -0.02, "overbelast": 0.0, "jaar": -0.03}
    assert f["term_mean"] == pytest.approx(sum(idf[t] * gaps[t] for t in gaps) / sum(idf.values()))
    assert f["term_min"] == pytest.approx(-0.03)
    # the best evidence of the dense top 3 is document 2's (mantelzorg, jaar): overbelast is missing,
    # and it is the rarest term (no passage holds it), so the share is 1
    assert f["miss_idf"] == pytest.approx(1.0)
    # the lexical leg's best document (2) holds mantelzorg and jaar
    assert f["lexev_1"] == pytest.approx((idf["mantelzorg"] + idf["jaar"]) / sum(idf.values()))


def test_the_mean_pairwise_cosine_leaves_each_passage_with_itself_out():
    vectors = np.array([[1.0, 0.0], [0.6, 0.8], [0.0, 1.0]])
    assert tune_ninth._pairwise(vectors) == pytest.approx((0.6 + 0.0 + 0.8) / 3)
    assert tune_ninth._pairwise(vectors[:1]) == 1.0


def test_a_new_weight_of_zero_keeps_the_rule():
    assert_a_new_weight_only_when_it_helps(tune_ninth.plus("strip_gap"), tune_ninth.features(ROW, EXTRA),
                                           "strip_gap", -0.01, 0.05)


def test_the_leave_one_set_out_choice_is_scored_on_the_set_it_did_not_see(capsys):
    # option 0 (the product) is fair everywhere; option 1 shines on sets a and b and fails on c
    margins = np.array([[1.0, 1.0, 1.0], [3.0, 3.0, -2.0]])
    (worst, chosen), (macro, by_mean) = tune_ninth.loso_choice(["product", "spiky"], margins, 0, ["a", "b", "c"])
    assert worst == "worst" and macro == "macro"
    # without a: b and c decide, where the product's worst (1) beats the spiky one's (-2)
    assert chosen.tolist() == [1.0, 1.0, -2.0]
    # by the mean, without a the spiky option's (3 - 2) / 2 = 0.5 loses to 1, without c it wins (3)
    assert by_mean.tolist() == [1.0, 1.0, -2.0]
    out = capsys.readouterr().out
    assert "the choice better on 0 held-back sets, worse on 1" in out
