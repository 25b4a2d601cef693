"""The eighteenth floor round (bench/tuning/tune_eighteenth_floor.py): a check set must be a copy holding its tuning
half only, a set being written is refused by name, the pair readings from the stored passage vector, and the counts
per category (fast, no model)."""
import json

import numpy as np
import pytest

from bench.tuning import tune_eighteenth_floor as t18
from bench.tuning import tune_sixteenth_floor as t16


def _copy(root, name="cases-tune", split="tune", qrels=("tune.tsv",)):
    directory = root / name
    (directory / "qrels").mkdir(parents=True)
    for q in qrels:
        (directory / "qrels" / q).write_text("query-id\tcorpus-id\tscore\nq1\td1\t2\n", encoding="utf-8")
    (directory / "queries.jsonl").write_text(
        json.dumps({"_id": "q1", "text": "Hoe pak ik dat aan?", "category": "vaag", "split": "tune"}) + "\n"
        + json.dumps({"_id": "q2", "text": "Wie kent dit?", "category": "wie", "split": split}) + "\n",
        encoding="utf-8")
    (directory / "offtopic.jsonl").write_text(
        json.dumps({"_id": "o1", "text": "Wat kost een brood?", "category": "ver", "split": "tune"}) + "\n",
        encoding="utf-8")
    return directory


def test_a_check_set_holds_its_tuning_half_only(tmp_path):
    good = _copy(tmp_path)
    assert t18.tuning_copy(good) == good
    with pytest.raises(SystemExit, match="tuning lines only"):
        t18.tuning_copy(_copy(tmp_path, "mixed", split="heldout"))
    with pytest.raises(SystemExit, match="qrels/tune.tsv alone"):
        t18.tuning_copy(_copy(tmp_path, "both", qrels=("tune.tsv", "heldout.tsv")))
    with pytest.raises(SystemExit, match="being written"):
        t18.tuning_copy(_copy(tmp_path, "eval-cases-17"))
    with pytest.raises(SystemExit, match="being written"):
        t18.seen(tmp_path / "eval-notes-22")
    assert t18.forms(good) == {"Hoe pak ik dat aan?": "vaag", "Wie kent dit?": "wie"}


def test_the_pair_readings_need_only_the_question_and_the_stored_passage_vector():
    f = {"_pairs": [{"q": np.array([0.6, 0.8]), "p": np.array([1.0, 0.0])}]}
    t18.pair_features(f)
    assert f["_qp"].tolist() == pytest.approx([0.6, 0.0])
    assert f["_qmp"].tolist() == pytest.approx([-0.4, 0.8])


def _input(off: bool, margin: float, form: str) -> tuple[bool, dict]:
    return off, {"cos": t16.LINE + margin, "evidence_3": 0.0, "spread": 0.0, "passages": 1000, "lone": 0.0,
                 "category": form if off else "on", "form": form}


def test_counts_per_category_and_the_check_prints_them(capsys):
    questions = [_input(False, 0.01, "vaag"), _input(False, -0.01, "vaag"), _input(False, 0.02, "wie"),
                 _input(True, 0.001, "naburig"), _input(True, -0.02, "naburig"), _input(True, 0.003, "stelling")]
    assert t18.by_category(questions, t16.today, t16.LINE) == {
        "naburig": (1, 2), "on:vaag": (1, 2), "on:wie": (1, 1), "stelling": (1, 1)}
    t18.check(["a"], [questions], ["check"], [questions], 0.95, {"today": t16.current}, False)
    out = capsys.readouterr().out
    # 2 of 3 on-topic kept is under 95% and not under today's keep: no failure
    assert "check check today" in out and "2/3, 2/3, naburig 1/2 |" in out and "UNDER" not in out
    assert "on:vaag 1/2" in out


def _head_inputs(n: int = 60, dim: int = 8, seed: int = 3) -> list[list[tuple[bool, dict]]]:
    """Two training sets of synthetic inputs whose question-less-passage vectors tell off-topic from on-topic."""
    rng = np.random.default_rng(seed)
    sets = []
    for s in range(2):
        questions = []
        for i in range(n):
            off = i % 3 == 0
            vector = rng.normal(0.0, 1.0, dim).astype(np.float32) + (0.8 if off else -0.2)
            f = {"cos": t16.LINE + rng.normal(0.01, 0.01), "evidence_3": 0.0, "spread": 0.0, "passages": 1000,
                 "lone": 0.0, "category": "naburig" if off else "on", "_qmp": vector}
            questions.append((off, f))
        sets.append(questions)
    return sets


def test_the_weights_file_gives_the_fitted_rule_and_a_refit_the_same_file(tmp_path, monkeypatch):
    sets = _head_inputs()
    monkeypatch.setattr(t18, "ADOPTED_C", 0.1)
    data = t18.weights(["a", "b"], sets, "abc")
    assert json.loads(json.dumps(data)) == data and data["commit"] == "abc" and data["fitted_on"] == ["a", "b"]
    assert data["model"] == t18.MODEL and data["features"] == 8 and data["keep"] == 1.0 and data["C"] == 0.1
    assert t18.weights(["a", "b"], sets, "abc") == data   # deterministic
    fitted, line = t17_head(sets)
    score, read_line = t18.from_weights(json.loads(json.dumps(data)))
    assert read_line == line
    for questions in sets:
        assert t16.counts(questions, score, read_line) == t16.counts(questions, fitted, line)
        for _, f in questions:
            assert score(f) == pytest.approx(fitted(f), abs=1e-12)
    # keeping today's count: no training set keeps fewer on-topic inputs than today's rule
    for questions in sets:
        assert t16.counts(questions, score, read_line)[0] >= t16.counts(questions, t16.today, t16.LINE)[0]


def t17_head(sets):
    from bench.tuning import tune_seventeenth_floor

    return tune_seventeenth_floor.head(t18.ADOPTED_KIND, t18.ADOPTED_C)(sets, t18.ADOPTED_KEEP)
