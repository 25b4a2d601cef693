"""The seventeenth floor round's joint reading (bench/tuning/tune_seventeenth_floor.py): which tokens are the
question's content and the passage's, the late-interaction similarities, the features and the logistic head
(fast, no model)."""
import numpy as np
import pytest

from bench.tuning import tune_seventeenth_floor as t17
from bench.tuning import tune_sixteenth_floor as t16


def test_content_tokens_skip_the_prefix_stop_words_and_special_tokens():
    text = "Hoeveel vakantiegeld krijgt een verzorgende?"
    joint = "query: " + text
    # <s>, "query", ":", then the words as a tokenizer would split them (offsets in `joint`), "?", </s>
    words = [(7, 14), (15, 23), (23, 27), (28, 34), (35, 38), (39, 50), (50, 51)]
    offsets = [(0, 0), (0, 5), (5, 6)] + words + [(0, 0)]
    rows = t17.content_tokens(text, offsets, len("query: "))
    # "een" is a stop word, "?" no word, "query" and ":" the prefix, <s> and </s> special
    assert [joint[offsets[i][0]:offsets[i][1]] for i in rows] == ["Hoeveel", "vakantie", "geld", "krijgt", "verzorgende"]


def test_span_tokens_are_the_passages_own():
    offsets = [(0, 0), (0, 5), (6, 10), (11, 19), (20, 24), (0, 0)]
    assert t17.span_tokens(offsets, 11, 24) == [3, 4]


def test_best_sims_is_each_question_tokens_closest_passage_token():
    q = np.array([[1.0, 0.0], [0.0, 1.0]])
    p = np.array([[0.6, 0.8], [1.0, 0.0], [0.0, -1.0]])
    assert t17.best_sims(q, [0, 1], p, [0, 2]).tolist() == pytest.approx([0.6, 0.8])
    assert t17.best_sims(q, [], p, [0]).size == 0


def _pair(sep: list[float], joint: list[float]) -> dict:
    q = np.array([1.0, 0.0, 0.0])
    p = np.array([0.8, 0.6, 0.0])
    j = np.array([0.9, 0.0, np.sqrt(1 - 0.81)])
    return {"q": q, "p": p, "j": j, "sep": np.array(sep), "joint": np.array(joint)}


def test_joint_features():
    f = t17.joint_features([_pair([0.95, 0.82, 0.7], [0.99, 0.9, 0.86])])
    assert f["jq_1"] == pytest.approx(0.9) and f["jp_1"] == pytest.approx(0.72)
    assert f["jgain_1"] == pytest.approx(0.1)                     # 0.9 against the passage alone's 0.8
    assert f["sep_mean_1"] == pytest.approx(0.8233, abs=1e-4) and f["sep_min_1"] == pytest.approx(0.7)
    assert f["sep_miss@0.85_1"] == pytest.approx(2 / 3) and f["joint_miss@0.90_1"] == pytest.approx(1 / 3)
    assert "jq_2" not in f
    empty = t17.joint_features([_pair([], [])])
    assert empty["sep_miss@0.80_1"] == 1.0 and empty["joint_mean_1"] == 0.0   # no content token: all missing
    two = t17.joint_features([_pair([0.95, 0.82, 0.7], [0.9]), _pair([0.99, 0.99, 0.99], [0.5])])
    assert two["sep_miss@0.85_2"] == 0.0 and two["joint_mean_2"] == pytest.approx(0.9)


def _input(off: bool, margin: float, vector: list[float]) -> tuple[bool, dict]:
    return off, {"cos": t16.LINE + margin, "evidence_3": 0.0, "spread": 0.0, "passages": 1000, "lone": 0.0,
                 "_j": np.array(vector), "category": "naburig" if off else "on"}


def test_the_head_refuses_off_topic_inputs_its_training_sets_tell_apart_and_keeps_the_on_topic_ones():
    rng = np.random.default_rng(0)

    def one_set() -> list[tuple[bool, dict]]:
        on = [_input(False, m, [1.0 + rng.normal(0, 0.1), rng.normal()]) for m in (0.004, 0.01, 0.02, 0.03)]
        off = [_input(True, m, [-1.0 + rng.normal(0, 0.1), rng.normal()]) for m in (0.001, 0.003, 0.006)]
        return on + off
    train = [one_set() for _ in range(3)]
    score, line = t17.head("_j", 1.0)(train, 0.95)
    assert score.c > 0                                # on-topic inputs lie on the head's positive side
    held = one_set()
    kept, ons, answered, offs, _, _ = t16.counts(held, score, line)
    assert (kept, answered) == (ons, 0)
    # today's rule answers all three off-topic inputs
    assert t16.counts(held, t16.today, t16.LINE)[2] == 3


def test_the_round_scores_its_decisions_through_the_sixteenth_rounds_report(capsys):
    rng = np.random.default_rng(1)
    sets = [[_input(False, 0.01 + i / 100, [1.0, rng.normal()]) for i in range(4)]
            + [_input(True, 0.002, [-1.0, rng.normal()])] for _ in range(3)]
    for questions in sets:
        for _, f in questions:
            f.update({n: 0.5 for n in t17.NAMES})
    decisions = {k: v for k, v in t17.candidates().items() if k in ("today", "head:j@C0.1")}
    t16.report(["a", "b", "c"], sets, 0.95, [], False, decisions)
    out = capsys.readouterr().out
    assert "head:j@C0.1" in out and "off 0/3" in out and "off 3/3" in out
