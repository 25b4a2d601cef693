"""The sixteenth floor round's features and fitting (bench/tuning/tune_sixteenth_floor.py): the query's
distinctive terms, today's rule as the product computes it, a penalty at today's line and a refitted line
(fast, no model)."""
import pytest

from bench.tuning import tune_sixteenth_floor as t16
from search import _floor


def _row() -> dict:
    """A dumped question: "vakantiegeld" no passage holds, "verzorgende" 3 of 200 passages, "wanneer" 40."""
    return {"text": "Wanneer krijgt een verzorgende vakantiegeld?", "terms": ["vakantiegeld", "verzorgende", "wanneer"],
            "df": {"vakantiegeld": 0, "verzorgende": 3, "wanneer": 40}, "passages": 200,
            "held_best": ["wanneer"], "held": [["wanneer"], ["verzorgende", "wanneer"], []],
            "df_stem": {"vakantiegeld": 0, "verzorgende": 5, "wanneer": 40},
            "held_stem": {1: ["wanneer"], 2: ["verzorgende", "wanneer"], 3: []},
            "dense": [(1, 0.86), (2, 0.85), (3, 0.84)], "passage_cos": [0.86, 0.855, 0.85],
            "cosine": {1: 0.86, 2: 0.85, 3: 0.84}, "lexical": [2, 1], "mean_all": 0.80, "spread": 0.015}


def test_distinctive_terms_are_the_rarest_ones_and_known_skips_what_no_passage_holds():
    row = _row()
    assert t16.distinctive(row, 1, known=False) == ["vakantiegeld"]
    assert t16.distinctive(row, 1, known=True) == ["verzorgende"]
    assert t16.distinctive(row, 2, known=True) == ["verzorgende", "wanneer"]


def test_the_features_read_the_best_passage_and_the_best_documents():
    row = _row()
    f = {"gap10": 0.02, "agree_3": 1 / 3, "centroid": 0.06}
    t16.new_features(row, f)
    assert f["dpass_known_1"] == 1.0          # "verzorgende" is not in the best passage
    assert f["ddoc3_known_1"] == 0.0          # ... but the second document holds it
    assert 0.5 < f["dpass_known_2"] < 1.0     # "wanneer" (held) weighs less than the missing "verzorgende"
    assert f["absent_rarest"] == 1.0 and f["dpass_any_1"] == 1.0
    assert f["dstem3_1"] == 1.0               # its rarest stem is "vakantiegeld"'s, held nowhere
    assert f["dinf_pass"] == 1.0              # the informative terms (under 5% of 200 passages) all missing
    assert f["lexbest_gap"] == pytest.approx(0.01) and f["disagree_3"] == pytest.approx(2 / 3)
    assert f["asks_what"] == 1.0 and f["q_absent_rarest"] == 1.0
    assert f["centroid_z"] == pytest.approx(4.0) and f["pgap10"] == pytest.approx(0.01)


def _input(off: bool, margin: float, feature: float, category: str = "naburig") -> tuple[bool, dict]:
    """An input whose confidence under today's rule lies `margin` above the line."""
    return off, {"cos": t16.LINE + margin, "evidence_3": 0.0, "spread": 0.0, "passages": 1000, "lone": 0.0,
                 "x": feature, "category": category if off else "on"}


def test_today_is_the_products_rule_with_its_reference_spread_on_small_corpora():
    f = {"cos": 0.85, "evidence_3": 0.5, "spread": 0.02, "passages": 500, "lone": 1.0}
    floor = _floor.FLOORS["multilingual-e5-small@onnx-int8"]
    assert t16.today(f) == pytest.approx(_floor.confidence(0.85, 0.0, floor, 0.02, 500, 0.5, True))
    small = dict(f, passages=50)
    assert t16.today(small) == pytest.approx(_floor.confidence(0.85, 0.0, floor, 0.02, 50, 0.5, True))


def test_a_penalty_at_todays_line_refuses_what_it_can_while_every_set_keeps_its_on_topic_inputs():
    one = [_input(False, 0.05, 1.0), _input(False, 0.03, 0.0), _input(True, 0.004, 1.0), _input(True, 0.012, 1.0)]
    two = [_input(False, 0.02, 0.0), _input(True, 0.006, 1.0, "ver"), _input(True, 0.001, 0.0)]
    score, line = t16.fixed("x")([one, two], 0.95)
    assert line == t16.LINE and score.c == 0.015     # the smallest c refusing every off-topic input with x = 1
    assert t16.counts(one, score, line) == (2, 2, 0, 2, 0, 2)
    assert t16.counts(two, score, line) == (1, 1, 1, 2, 1, 1)   # the naburig input without x stays answered
    tight = [_input(False, 0.003, 1.0), _input(True, 0.01, 1.0)]
    assert t16.fixed("x")([tight], 0.95)[0].c == 0.0  # the on-topic input just above the line forbids any c


def test_the_refitted_line_is_the_highest_every_training_set_keeps_enough_under():
    a = [_input(False, m, 0.0) for m in (0.05, 0.04, 0.03, 0.02)] + [_input(True, 0.01, 1.0)]
    b = [_input(False, m, 0.0) for m in (0.06, 0.001)]
    score, line = t16.refit("line")([a, b], 0.75)
    assert line == pytest.approx(t16.LINE + 0.001)   # b needs both of its two: its lower one sets the line
    assert t16.counts(a, score, line)[2] == 1
