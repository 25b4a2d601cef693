"""The seventh floor round's decisions (bench/tuning/tune_floor_rule.py), as plain arithmetic over a
made-up question (fast, no model)."""
import math

import pytest

from bench.tuning import tune_floor, tune_floor_rule
from search._floor import FLOORS, evidence

ROW = {"terms": ["mantelzorg", "overbelast", "jaar"], "df": {"mantelzorg": 3, "overbelast": 0, "jaar": 60},
       "passages": 100, "spread": 0.015, "product": 0.84,
       "dense": [(1, 0.86), (2, 0.85), (3, 0.84), (4, 0.83), (5, 0.82)],
       "lexical": [2, 9, 1, 8, 7],
       "held": [["jaar"], ["mantelzorg", "jaar"], [], [], ["mantelzorg"]], "held_best": ["jaar"]}


def test_the_evidence_is_the_products_own_over_the_best_cosine_documents():
    f = tune_floor_rule.features(ROW)
    best = evidence(ROW["terms"], {"mantelzorg", "jaar"}, ROW["df"], 100)
    assert f["evidence_1"] == pytest.approx(evidence(ROW["terms"], {"jaar"}, ROW["df"], 100))
    assert f["evidence_2"] == f["evidence_3"] == f["evidence_5"] == pytest.approx(best)
    assert f["plain_3"] == pytest.approx(2 / 3) and f["agree_3"] == pytest.approx(2 / 3)
    assert f["gap5"] == pytest.approx(0.04) and f["cos"] == 0.86
    # the absent term weighs most: Lucene's idf over the visible passages
    assert best == pytest.approx((math.log(1 + 97.5 / 3.5) + math.log(1 + 40.5 / 60.5))
                                 / sum(math.log(1 + (100 - d + 0.5) / (d + 0.5)) for d in (3, 0, 60)))


def test_the_adopted_rule_is_the_products_floor():
    a, b, threshold = tune_floor_rule.ADOPTED
    floor = FLOORS["multilingual-e5-small@onnx-int8"]
    assert (floor.evidence_weight, floor.spread_weight, floor.threshold, floor.evidence_top) == (a, b, threshold, 3)
    f = tune_floor_rule.features(ROW)
    assert tune_floor_rule.question_level(f, a, b) == pytest.approx(0.86 + a * f["evidence_3"] - b * 0.015)


def test_the_grid_picks_the_weights_answering_the_fewest_off_topic_questions():
    on = [(False, {"cos": c, "evidence_3": 1.0, "spread": 0.0}) for c in (0.85, 0.86, 0.87)]
    off = [(True, {"cos": c, "evidence_3": 0.0, "spread": 0.0}) for c in (0.86, 0.87)]
    score, constants = tune_floor_rule.grid(tune_floor_rule.question_level, "q3")([on + off], 1.0)
    assert tune_floor.answered([on + off], score, 1.0) == 0.0
    assert constants == "q3 a=0.025 b=0.0"   # the smallest weights that do (0.85 + 0.025 > 0.87)


def test_the_near_domain_list_holds_forty_questions():
    questions = tune_floor_rule.near_domain()
    assert len(questions) == 40 and all(q.endswith("?") for q in questions)
