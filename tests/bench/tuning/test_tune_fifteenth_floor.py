"""The fifteenth floor round's fitting (bench/tuning/tune_fifteenth_floor.py): the line every training set's
on-topic keep allows, and a penalty for one-sentence statements fitted at today's line (fast, no model)."""
import pytest

from bench.tuning import tune_fifteenth_floor as t15
from bench.tuning import tune_thirteenth_floor as t13


def _input(off: bool, margin: float, lone: bool) -> tuple[bool, dict]:
    """An input whose rule score lies `margin` above today's line."""
    return off, {"cos": t13.LINE + margin, "evidence_3": 0.0, "spread": 0.0, "lone": float(lone),
                 "category": "stelling" if off and lone else ("ver" if off else "on")}


def test_the_line_is_the_highest_every_training_set_keeps_enough_under():
    a = [_input(False, m, False) for m in (0.05, 0.04, 0.03, 0.02)] + [_input(True, 0.01, False)]
    b = [_input(False, m, False) for m in (0.06, 0.001)]
    line = t15.line_for([a, b], t13.rule, 0.75)
    assert line == pytest.approx(t13.LINE + 0.001)      # b needs both of its two: its lower one sets the line
    assert t15.line_for([a], t13.rule, 0.75) == pytest.approx(t13.LINE + 0.03)   # 3 of a's 4


def test_a_statement_penalty_refuses_statements_while_every_set_keeps_its_on_topic_inputs():
    one = [_input(False, 0.05, True), _input(False, 0.01, False), _input(True, 0.02, True), _input(True, 0.03, True)]
    two = [_input(False, 0.02, False), _input(True, 0.015, True), _input(True, 0.005, False)]
    score, line = t15.fixed("lone")([one, two], 0.95)
    assert line == t13.LINE and score.c == 0.04      # the smallest c refusing both of one's statements
    assert t15.counts(one, score, line) == (2, 2, 0, 2)
    assert t15.counts(two, score, line) == (1, 1, 1, 2)  # the question-form off-topic input stays answered
    assert t15.per_category(two, score, line) == {"stelling": (0, 1), "ver": (1, 1)}
    # an on-topic statement just above the line forbids any c that would refuse it
    tight = [_input(False, 0.012, True), _input(True, 0.0115, True)]
    assert t15.fixed("lone")([tight], 0.95)[0].c == 0.0


def test_lone_is_the_products_one_sentence_test_with_the_eleventh_rounds_openers():
    """The cases are in tests/search/test_fusion_floor.py; the script reads the same function."""
    from bench.tuning import tune_eleventh
    from search import _floor

    assert t15.declarative is _floor.declarative
    assert _floor._OPENERS == tune_eleventh.OPENERS
