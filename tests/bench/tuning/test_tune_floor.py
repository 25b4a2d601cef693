"""The floor variants bench/tuning/tune.py calibrates, as plain arithmetic (fast, no model)."""
import pytest

from bench.tuning import tune_floor
from bench.tuning.tune import _best, calibrate


def test_the_best_document_is_judged_with_coverage_less_a_share_of_the_heads_mean_cosine():
    docs = [(0.9, 1.0), (0.8, 0.0), (0.7, 0.5)]
    assert _best(docs, 0.0, 0.0) == pytest.approx(0.9)
    assert _best(docs, 0.1, 0.0) == pytest.approx(1.0)
    assert _best(docs, 0.0, 0.5) == pytest.approx(0.9 - 0.5 * 0.8)
    assert _best([], 0.03, 0.25) == 0.0


def test_calibration_keeps_the_on_topic_questions_and_counts_the_off_topic_ones_answered(capsys):
    on = [(False, [(0.9 + i / 1000, 0.0)], 0.01) for i in range(40)]
    off = [(True, [(0.95, 0.0)], 0.05), (True, [(0.5, 0.0)], 0.01)]
    calibrate([on + off])
    lines = capsys.readouterr().out.splitlines()
    assert "weight=0.00 head-mean=0.00 spread=0.0" in lines[0]
    assert "off-topic answered 0.500 of 2" in lines[0]
    # Subtracting 2 x the spread drops the off-topic question that spreads wider.
    spread = next(line for line in lines if "weight=0.03 head-mean=0.00 spread=2.0" in line)
    assert "off-topic answered 0.000 of 2" in spread


def _questions(on: list[tuple[float, float]], off: list[tuple[float, float]]):
    """(off-topic?, features) with the product's confidences and one feature, `absent`."""
    def features(confidence, absent):
        return {**{f"confidence_{w}": confidence for w in tune_floor.WEIGHTS}, "absent": absent}
    return [(False, features(c, a)) for c, a in on] + [(True, features(c, a)) for c, a in off]


def test_the_threshold_keeps_the_on_topic_questions_of_every_set():
    sets = [_questions([(0.9, 0.0)] * 10 + [(0.8, 0.0)] * 10, []), _questions([(0.85, 0.0)] * 20, [])]
    assert tune_floor.threshold(sets, lambda f: f["confidence_0.03"], 0.5) == pytest.approx(0.85)


def test_leave_one_set_out_scores_each_set_with_a_threshold_from_the_others():
    sets = [_questions([(0.9, 0.0)] * 40, [(0.95, 1.0)]), _questions([(0.8, 0.0)] * 40, [(0.85, 1.0)])]
    check = tune_floor.leave_one_set_out(sets, tune_floor.product_form, 0.975)
    # Held back, the second set loses its on-topic answers (the first set's line is 0.9),
    # and the first set's off-topic question passes the second's line (0.8).
    assert check["kept"] == [1.0, 0.0]
    assert check["answered"] == pytest.approx(0.5)
    assert check["same_keep"] == pytest.approx(1.0)  # both off-topic questions outscore their set's on-topic ones


def test_a_feature_that_separates_gets_a_weight_that_drops_the_off_topic_questions():
    sets = [_questions([(0.9, 0.0)] * 40, [(0.91, 1.0)]), _questions([(0.88, 0.0)] * 40, [(0.9, 1.0)])]
    score, constants = tune_floor.plus_one("absent")(sets, 0.975)
    assert "absent weight -" in constants
    assert tune_floor.answered(sets, score, 0.975) == 0.0
    assert tune_floor.answered(sets, lambda f: f["confidence_0.03"], 0.975) == 1.0
