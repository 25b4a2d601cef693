"""The eighth floor round's features and decisions (bench/tuning/tune_eighth.py), as plain arithmetic
over a made-up question (fast, no model)."""
import math

import numpy as np
import pytest

from bench.tuning import tune_eighth, tune_floor, tune_floor_rule

ROW = {"terms": ["mantelzorg", "overbelast", "jaar"], "df": {"mantelzorg": 3, "overbelast": 0, "jaar": 60},
       "passages": 100, "spread": 0.015, "product": 0.84,
       "dense": [(1, 0.86), (2, 0.85), (3, 0.84), (4, 0.83), (5, 0.82)],
       "lexical": [2, 9, 1, 8, 7],
       "held": [["jaar"], ["mantelzorg", "jaar"], [], [], ["mantelzorg"]], "held_best": ["jaar"],
       "passage_cos": [0.86, 0.855, 0.85, 0.84] + [0.80] * 96, "mean_all": 0.78,
       "doc_mean_cos": [0.84, 0.83, 0.82, 0.81, 0.80], "words": 9,
       "hub": [0.90, 0.88, 0.85, 0.84, 0.83], "probe": {"all": 0.83, "each": [0.83]}}


def test_how_far_the_best_passage_stands_out():
    f = tune_eighth.features(ROW)
    assert f["stand_10"] == pytest.approx(0.86 - np.mean([0.86, 0.855, 0.85, 0.84] + [0.80] * 6))
    assert f["stand_100"] == pytest.approx(0.86 - np.mean(ROW["passage_cos"]))
    assert f["doc_stand_5"] == pytest.approx(0.86 - 0.84)
    assert f["near_0.01"] == pytest.approx(math.log(1 + 2)) and f["near_0.02"] == pytest.approx(math.log(1 + 3))
    assert f["centroid"] == pytest.approx(0.08)
    assert f["doc_cos"] == 0.84 and f["doc_gap"] == pytest.approx(0.02)
    assert f["log_words"] == pytest.approx(math.log(9))


def test_known_is_the_idf_weighted_share_of_terms_any_passage_holds():
    f = tune_eighth.features(ROW)
    idf = {t: tune_floor_rule.idf(ROW, t) for t in ROW["terms"]}
    assert f["known"] == pytest.approx((idf["mantelzorg"] + idf["jaar"]) / sum(idf.values()))


def test_hubness_and_the_probe_of_missing_terms():
    f = tune_eighth.features(ROW)
    assert f["hub"] == 0.90
    assert f["csls_0.5"] == pytest.approx(max(c - 0.5 * h for c, h in zip(ROW["passage_cos"], ROW["hub"])) - 0.86)
    assert f["probe_all"] == pytest.approx(0.83 - 0.86) and f["probe_each"] == pytest.approx(0.83 - 0.86)
    nothing_missing = tune_eighth.features(dict(ROW, probe={"all": None, "each": []}))
    assert nothing_missing["probe_all"] == nothing_missing["probe_each"] == 0.0


def test_the_hubness_of_a_passage_reads_other_documents_only():
    matrix = np.array([[1.0, 0.0], [1.0, 0.0], [0.6, 0.8], [0.0, 1.0]])
    documents = np.array([1, 1, 2, 3])
    assert tune_floor_rule._hub(matrix, documents, 0, k=1) == pytest.approx(0.6)   # not its own document's twin
    assert tune_floor_rule._hub(matrix, documents, 0, k=2) == pytest.approx(0.3)


def test_the_rule_is_the_products_and_a_new_weight_of_zero_keeps_it():
    f = tune_eighth.features(ROW)
    a, b, _ = tune_floor_rule.ADOPTED
    assert tune_eighth.rule(f) == pytest.approx(tune_floor_rule.question_level(f, a, b, 3))
    assert_a_new_weight_only_when_it_helps(tune_eighth.plus("stand_20"), f, "stand_20", 0.01, 0.05)


def assert_a_new_weight_only_when_it_helps(fit, f: dict, name: str, on_value: float = 0.0,
                                           off_value: float = 0.5) -> None:
    """The rule + c x `name` (`fit`, bench.tuning.tune_eighth.plus and its kin): an off-topic question
    with the on-topic ones' cosine but another `name` gets a negative weight that drops it; one far
    below the line gets none (nothing to gain: no new weight)."""
    on = [(False, dict(f, cos=c, **{name: on_value})) for c in (0.86, 0.87, 0.88)]
    off = [(True, dict(f, cos=0.87, **{name: off_value}))]
    score, constants = fit([on + off], 1.0)
    assert tune_floor.answered([on + off], score, 1.0) == 0.0 and constants.startswith("c=-")
    far = [(True, dict(f, cos=0.70, **{name: off_value}))]
    _, constants = fit([on + far], 1.0)
    assert constants == "c=+0"


def test_saturated_evidence_adds_nothing_above_its_knee():
    f = {"cos": 0.85, "evidence_3": 0.5, "spread": 0.01}
    assert tune_eighth.saturated(f, 0.06, 0.25, 2.0) == pytest.approx(0.85 + 0.06 - 0.02)
    assert tune_eighth.saturated(dict(f, evidence_3=0.1), 0.06, 0.25, 2.0) == pytest.approx(0.85 + 0.024 - 0.02)


def test_the_fine_grid_counts_off_topic_tuning_questions(tmp_path, capsys):
    f = tune_eighth.features(ROW)
    on = [(False, dict(f, cos=c)) for c in (0.86, 0.87, 0.88)]
    off = [(True, dict(f, cos=0.90, stand_20=0.05, stand_50=0.05))]
    tune_eighth.fine(["a"], [on + off], tmp_path / "no-extra", keep=1.0)
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == 2 * len(tune_eighth.FINE)
    assert lines[0].startswith("stand_20 c=+0.00") and lines[0].endswith("answered 1/1")
