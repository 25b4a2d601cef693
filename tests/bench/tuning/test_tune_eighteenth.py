"""The eighteenth round's bench (bench/tuning/tune_eighteenth.py): each presentation only permutes the
judged head, today's is the old confident-first order, and the fused one is what search._floor.split
presents now."""
import numpy as np

from bench.tuning.tune_eighteenth import (
    Question18,
    cut,
    evidence_within,
    families,
    fused,
    kth,
    lexical_too,
    today,
    within,
)
from bench.tuning.tune_seventeenth import PRODUCT
from bench.tuning.tune_sixth import Question
from search._floor import Floor, split
from search._fusion import RankedDocument

THRESHOLD = 0.82


def _question(confidence: dict[int, float], judged: int = 50) -> Question18:
    dense = [(1, 0.91), (2, 0.88), (3, 0.86), (4, 0.80), (5, 0.79)]
    passages = [(3, 9.0), (5, 6.0), (1, 2.0)]
    whole = [(5, 14.0), (3, 10.0), (6, 3.0), (2, 1.0)]
    stems = [(3, 8.0), (6, 7.0), (5, 1.0)]
    legs = [dense, passages, whole, stems]
    gains = {3: 3.0, 5: 1.0, 6: 1.0, 4: 1.0}
    question = Question(legs, gains, 5.0, confidence, THRESHOLD, judged)
    question.__class__ = Question18
    assert isinstance(question, Question18)
    return question.with_confidence(np.array([confidence[pk] for pk in question.pks.tolist()]), THRESHOLD)


def _pks(q: Question18, presented: tuple[np.ndarray, int]) -> list[int]:
    return q.pks[presented[0]].tolist()


def test_todays_presentation_puts_the_judged_heads_confident_documents_first():
    q = _question({1: 0.80, 2: 0.90, 3: 0.70, 4: 0.95, 5: 0.85, 6: 0.60})
    order = np.array([0, 1, 2, 3, 4, 5])
    assert _pks(q, today(order, q)) == [2, 4, 5, 1, 3, 6] and today(order, q)[1] == 3


def test_the_fused_presentation_moves_nothing_and_the_chosen_one_is_what_the_product_splits():
    confidence = {1: 0.80, 2: 0.90, 3: 0.815, 4: 0.95, 5: 0.60, 6: 0.60}
    q = _question(confidence)
    order = q.fused(PRODUCT)
    assert list(fused(order, q)[0]) == list(order)
    docs = [RankedDocument(int(pk), 1.0 - r / 10, []) for r, pk in enumerate(q.pks[order].tolist())]
    confidences = [confidence[d.document_pk] for d in docs]
    for present, kept_within in ((evidence_within(0.01), 0.01), (today, 0.0), (fused, 1.0)):
        answers, weaker = split(docs, confidences, Floor(threshold=THRESHOLD, kept_within=kept_within))
        assert [d.document_pk for d in answers + weaker] == _pks(q, present(order, q))
        assert len(answers) == present(order, q)[1]


def test_a_line_after_the_kth_confident_or_within_n_places_reorders_only_below_it():
    q = _question({1: 0.90, 2: 0.70, 3: 0.90, 4: 0.70, 5: 0.90, 6: 0.60})
    order = np.array([0, 1, 2, 3, 4, 5])
    assert _pks(q, kth(1)(order, q)) == [1, 3, 5, 2, 4, 6]
    assert _pks(q, kth(2)(order, q)) == [1, 2, 3, 5, 4, 6]
    assert _pks(q, within(4)(order, q)) == [1, 2, 3, 5, 4, 6]
    assert _pks(q, within(5)(order, q)) == [1, 2, 3, 4, 5, 6]


def test_a_weaker_document_above_the_line_keeps_its_place_only_with_evidence_of_its_own():
    q = _question({1: 0.90, 2: 0.81, 3: 0.60, 4: 0.90, 5: 0.60, 6: 0.60})
    order = np.array([0, 1, 2, 3, 4, 5])
    assert _pks(q, evidence_within(0.02)(order, q)) == [1, 2, 4, 3, 5, 6]  # 2 is within 0.02 of the line
    assert evidence_within(0.02)(order, q)[1] == 3  # 1, 2 and 4 answer; 3 moved below the line
    assert _pks(q, evidence_within(0.0)(order, q)) == _pks(q, today(order, q))
    assert _pks(q, lexical_too(order, q)) == [1, 2, 3, 4, 5, 6]  # 2 and 3 were found by lexical legs


def test_no_presentation_moves_a_document_out_of_the_judged_head_or_changes_the_answer():
    rng = np.random.default_rng(18)
    for _ in range(50):
        q = _question({pk: float(rng.uniform(0.7, 0.9)) for pk in range(1, 7)}, judged=4)
        order = rng.permutation(6)
        for family in families().values():
            for present in family.values():
                shown, answers = present(order, q)
                assert sorted(shown[:4]) == sorted(order[:4]) and list(shown[4:]) == list(order[4:])
                assert (answers > 0) == q.sure[order[:4]].any()
                assert q.sure[shown[answers:4]].sum() == 0  # no confident document below the line


def test_without_a_confident_document_every_presentation_is_the_fused_order():
    q = _question({pk: 0.5 for pk in range(1, 7)})
    order = np.array([3, 1, 0, 2, 5, 4])
    for family in families().values():
        for present in family.values():
            assert list(present(order, q)[0]) == list(order) and present(order, q)[1] == 0
    assert list(cut(order, q, -1)[0]) == list(order)
