"""The sixth floor round's null-distribution decisions (bench/tuning/tune_floor_null.py), as plain
arithmetic over small made-up sets (fast, no model)."""
import numpy as np
import pytest

from bench.tuning import tune_floor, tune_floor_null


def _unit(*rows):
    m = np.array(rows, dtype=np.float32)
    return m / np.linalg.norm(m, axis=1, keepdims=True)


def test_the_generic_questions_are_read_by_section_without_comments(tmp_path):
    path = tmp_path / "null.txt"
    path.write_text("# uitleg\n## alledaags\nWat voor weer wordt het?\n\n## werk\nWanneer is de vergadering?\n",
                    encoding="utf-8")
    assert tune_floor_null.null_questions(path) == ["Wat voor weer wordt het?", "Wanneer is de vergadering?"]
    assert tune_floor_null.null_questions(path, ("werk",)) == ["Wanneer is de vergadering?"]


def test_the_list_in_the_repository_has_its_three_sections():
    assert len(tune_floor_null.null_questions()) >= 50
    for sections in tune_floor_null.SECTIONS[1:]:
        assert tune_floor_null.null_questions(sections=sections)


def test_the_null_distribution_is_each_generic_questions_best_cosine_among_the_passages():
    passages = _unit([1, 0], [0, 1])
    null = _unit([1, 0], [1, 1], [0, 1])
    stats = tune_floor_null.null_statistics(passages, null)
    assert stats["q1.0"] == pytest.approx(1.0)
    assert stats["q0.5"] == pytest.approx(1.0)
    assert stats["mean"] == pytest.approx((1 + 2 ** -0.5 + 1) / 3)


def _record(features, heads, queries, matrix):
    return {"name": "set", "features": features, "heads": heads, "queries": _unit(*queries), "matrix": _unit(*matrix)}


def test_a_passage_every_generic_question_lands_near_counts_for_less():
    # Two questions with the same cosine to their best passage; the off-topic one's best
    # passage (row 1) lies on the generic question's axis, the on-topic one's (row 0) not.
    record = _record([(False, [(0.86, 0.0)], 0.0), (True, [(0.86, 0.0)], 0.0)], [[0], [1]],
                     [[1, 0, 0], [0, 1, 0]], [[1, 0, 0], [0, 1, 0]])
    (_, on), (_, off) = tune_floor_null.questions(record, _unit([0, 1, 0]))
    assert tune_floor_null.hub(on, 0.0) == tune_floor_null.hub(off, 0.0)
    assert tune_floor_null.hub(on, 0.5) > tune_floor_null.hub(off, 0.5)


def test_a_corpus_wide_null_moves_no_question_past_another_of_its_set():
    # One number per corpus shifts a whole set: at the held-back set's own keep ("same
    # keep") it answers exactly what the product's rule answers; only the threshold carried
    # over from the other sets can change.
    rng = np.random.default_rng(0)
    sets = []
    for shift in (0.0, 0.02, -0.01):
        sets.append([(off, {"conf": float(c), "spread": 0.0, "mean": 0.8 + shift, "sd": 0.01})
                     for off, c in [(False, x) for x in rng.normal(0.87 + shift, 0.01, 40)]
                     + [(True, x) for x in rng.normal(0.84 + shift, 0.01, 20)]])
    product = tune_floor_null.fixed(tune_floor_null.current)
    shifted = tune_floor_null.fixed(lambda f: tune_floor_null.current(f) - f["mean"] - f["sd"])
    before = tune_floor.leave_one_set_out(sets, product, 0.95)
    after = tune_floor.leave_one_set_out(sets, shifted, 0.95)
    assert after["same_keep"] == before["same_keep"]
    assert after["answered"] <= before["answered"]
