"""The twentieth floor round (bench/tuning/tune_twentieth_floor.py): a set being written is refused by name, the line
keeps each training set's count of on-topic inputs, a feature's weight is fitted to answer fewer off-topic training
inputs, and the held-back counts (fast, no model)."""
import numpy as np
import pytest

from bench.tuning import tune_twentieth_floor as t20
from bench.tuning.tune_sixteenth_floor import LINE


def _half(name, today, off, near=None, features=None):
    off = np.array(off)
    return t20.Half(name, [], off, np.array(near if near is not None else [False] * len(off)),
                    np.array(today, float), np.zeros((len(off), 2)),
                    np.array(features if features is not None else [[0.0]] * len(off), float))


def test_a_set_being_written_is_refused_by_name(tmp_path):
    for name in ("eval-cases-18", "eval-notes-23", "eval-cases-18-tune"):
        with pytest.raises(SystemExit, match="being written"):
            t20.seen(tmp_path / name)
    assert t20.seen(tmp_path / "eval-cases-17-tune") == tmp_path / "eval-cases-17-tune"


def test_the_line_keeps_each_training_sets_count_of_on_topic_inputs():
    a = _half("a", [LINE + 0.03, LINE + 0.01, LINE - 0.01, LINE + 0.02], [False, False, False, True])
    b = _half("b", [LINE + 0.005, LINE + 0.04], [False, True])
    need = t20.needs([a, b])
    assert need == [2, 1]     # today keeps two of a's three on-topic inputs and b's one
    assert t20.line_for([a.today, b.today], [a, b], need) == pytest.approx(LINE + 0.005)


def test_a_feature_is_weighed_to_answer_fewer_off_topic_training_inputs():
    # the off-topic input scores above both on-topic ones, and only it holds the feature
    a = _half("a", [LINE + 0.01, LINE + 0.02, LINE + 0.03], [False, False, True], features=[[0.0], [0.0], [1.0]])
    d, line = t20.fewest([a], [2], [a.today], [a.features[:, 0]], (0.01, 0.05))
    assert d == -0.05 and line == pytest.approx(LINE + 0.01)
    assert t20.cell(a, a.today + d * a.features[:, 0], line) == (2, 2, 0, 1, 0, 0)
    d, _ = t20.fewest([a], [2], [a.today], [np.zeros(3)], (0.01, 0.05))
    assert d == 0.0           # a feature that tells nothing keeps the smallest weight


def _fitted_half(name, rng):
    questions = []
    for i in range(12):
        off = i % 3 == 0
        questions.append((off, {"cos": LINE + rng.uniform(-0.01, 0.03), "evidence_3": 0.0, "spread": 0.0,
                                "passages": 1000, "lone": 0.0, "category": "naburig" if off else "on",
                                "_qmp": rng.normal(-1.0 if off else 1.0, 1.0, 3)}))
    from bench.tuning.tune_sixteenth_floor import today
    return t20.Half(name, questions, np.array([o for o, _ in questions]),
                    np.array([o for o, _ in questions]), np.array([today(f) for _, f in questions]),
                    np.array([f["_qmp"] for _, f in questions]), np.zeros((12, len(t20.FEATURES))))


def test_a_fitted_head_scores_an_input_outside_the_fit_as_it_scored_it_inside():
    rng = np.random.default_rng(7)
    halves = [_fitted_half("a", rng), _fitted_half("b", rng)]
    fold = t20.Fold(halves, halves)
    for h in halves:
        assert [fold.apply(f) for _, f in h.questions] == pytest.approx(list(fold.score[h.name]))
    # the line keeps every training set's count of on-topic inputs today's rule keeps
    for h, need in zip(halves, t20.needs(halves)):
        assert t20.cell(h, fold.score[h.name], fold.line)[0] >= need
