"""The nineteenth round's bench (bench/tuning/tune_nineteenth.py): both halves of a seen set are read,
a set being written is refused, and the rankings it tries are the product's at their ends."""
import json

import numpy as np
import pytest

from bench.tuning.tune_eighteenth import Question18, evidence_within
from bench.tuning.tune_nineteenth import agreement, both_halves, presented, seen, switched, toward_naive
from bench.tuning.tune_seventeenth import PRODUCT
from bench.tuning.tune_sixth import Config, Question

THRESHOLD = 0.82


def _set(root, name):
    directory = root / name
    directory.mkdir()
    (directory / "queries.jsonl").write_text("".join(
        json.dumps({"id": f"q{i}", "text": f"vraag {i}"}) + "\n" for i in range(12)), encoding="utf-8")
    (directory / "qrels.tsv").write_text("".join(f"q{i}\td{i}\t1\n" for i in range(12)), encoding="utf-8")
    (directory / "corpus.jsonl").write_text(json.dumps({"_id": "d0", "text": "tekst"}) + "\n", encoding="utf-8")
    return directory


def test_a_set_being_written_is_refused(tmp_path):
    with pytest.raises(SystemExit):
        seen(_set(tmp_path, "eval-cases-17"))
    with pytest.raises(SystemExit):
        both_halves(_set(tmp_path, "eval-notes-22"))


def test_both_halves_are_read_as_tuning_questions_and_each_keeps_its_own(tmp_path):
    from bench.evaluate import half_of

    dataset = both_halves(_set(tmp_path, "eval-cases-16"))
    assert len(dataset.half("tune")) == 12 and dataset.half("heldout") == []
    assert [q["was"] for q in dataset.queries] == [half_of(f"q{i}") for i in range(12)]
    assert {q["was"] for q in dataset.queries} == {"tune", "heldout"}  # both halves in this sample


def _question(dense, whole, stems, judged: int = 50) -> Question18:
    legs = [dense, [(pk, 1.0) for pk, _ in dense[:2]], whole, stems]
    pks = {pk for leg in legs for pk, _ in leg}
    question = Question(legs, {pk: 1.0 for pk in pks if pk % 2}, 3.0, {pk: 0.9 for pk in pks}, THRESHOLD, judged)
    question.__class__ = Question18
    assert isinstance(question, Question18)
    return question.with_confidence(np.full(len(question.pks), 0.9), THRESHOLD)


def test_the_ends_of_the_way_to_naive_rrf():
    assert toward_naive(0.0, 1.0) == Config(PRODUCT.score, PRODUCT.rrf, PRODUCT.k, PRODUCT.share)
    end = toward_naive(1.0, 1.0)
    assert end.rrf == (1.0, 0.0, 0.0, 1.0) and end.share == 1.0
    assert toward_naive(0.5, 0.8).share == 0.7


def test_agreement_counts_the_dense_legs_first_ten_the_lexical_legs_rank_there_too():
    dense = [(pk, 1.0 - pk / 100) for pk in range(1, 21)]
    whole = [(pk, 10.0 - pk / 10) for pk in (1, 2, 30, 31, 32, 33, 34, 35, 36, 37, 3)]  # 3 is 11th
    stems = [(pk, 5.0) for pk in (4, 40)]
    assert agreement(_question(dense, whole, stems)) == pytest.approx(0.3)


def test_the_switch_ranks_as_the_product_when_the_legs_agree_and_as_the_fallback_when_not():
    dense = [(pk, 1.0 - pk / 100) for pk in range(1, 13)]
    agreeing = _question(dense, [(pk, 20.0 - pk) for pk in range(1, 13)], [(pk, 9.0 - pk / 10) for pk in range(12, 0, -1)])
    apart = _question(dense, [(pk, 20.0 - pk) for pk in range(30, 42)], [(pk, 9.0 - pk / 10) for pk in range(50, 62)])
    fallback = toward_naive(1.0, 1.0)
    for q in (agreeing, apart):
        product, other = presented(PRODUCT)(q), presented(fallback)(q)
        expected = other if agreement(q) < 0.5 else product
        assert list(switched(0.5, fallback)(q)) == list(expected)
        assert list(product) == list(evidence_within(0.01)(q.fused(PRODUCT), q)[0])
    assert not np.array_equal(presented(PRODUCT)(apart), presented(fallback)(apart))  # the switch can matter
