"""The floor variants bench/tune.py calibrates, as plain arithmetic (fast, no model)."""
import pytest

from bench.tune import _best, calibrate


def test_the_best_document_is_judged_with_coverage_less_a_share_of_the_heads_mean_cosine():
    docs = [(0.9, 1.0), (0.8, 0.0), (0.7, 0.5)]
    assert _best(docs, 0.0, 0.0) == pytest.approx(0.9)
    assert _best(docs, 0.1, 0.0) == pytest.approx(1.0)
    assert _best(docs, 0.0, 0.5) == pytest.approx(0.9 - 0.5 * 0.8)
    assert _best([], 0.03, 0.25) == 0.0


def test_calibration_keeps_the_on_topic_questions_and_counts_the_off_topic_ones_answered(capsys):
    on = [(False, [(0.9 + i / 1000, 0.0)]) for i in range(40)]
    off = [(True, [(0.95, 0.0)]), (True, [(0.5, 0.0)])]
    calibrate([on + off])
    first = capsys.readouterr().out.splitlines()[0]
    assert "weight=0.00 head-mean=0.00" in first
    assert "off-topic answered 0.500 of 2" in first
