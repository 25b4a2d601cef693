"""The seventeenth round's bench (bench/tuning/tune_seventeenth.py): its question scores the product's
configuration as tune_sixth's does (fuse_hybrid, then the floor), its scalings are what they say, and
leave-one-set-out scores each set with a choice made on the others only."""
import numpy as np

from bench.tuning.tune_seventeenth import LEGS, PRODUCT, Config, Question17, loso
from bench.tuning.tune_sixth import Question


def _question():
    dense = [(1, 0.91), (2, 0.88), (3, 0.86), (4, 0.80)]
    passages = [(3, 9.0), (5, 6.0), (1, 2.0)]
    whole = [(5, 14.0), (3, 10.0), (6, 3.0), (2, 1.0)]
    stems = [(3, 8.0), (6, 7.0), (5, 1.0)]
    legs = [dense, passages, whole, stems] + [[] for _ in LEGS[4:]]
    gains = {3: 3.0, 5: 1.0, 6: 1.0, 4: 1.0}
    idcg = 3.0 + 1.0 / np.log2(3) + 1.0 / np.log2(4) + 1.0 / np.log2(5)
    confidence = {1: 0.80, 2: 0.90, 3: 0.70, 4: 0.95, 5: 0.85, 6: 0.60}
    plain = Question(legs, gains, idcg, confidence, 0.82, 50)
    question = Question(legs, gains, idcg, confidence, 0.82, 50)
    question.__class__ = Question17
    return plain, question.with_raw(legs, 4)


def test_the_product_scores_as_tune_sixth_scores_it():
    plain, question = _question()
    for c in (PRODUCT, Config((0.5, 0.5), (1.0, 0.0, 1.0, 1.0), 30, 0.4)):
        assert abs(question.ndcg(c) - plain.ndcg(c)) < 1e-12
        assert list(question.fused(c)) == list(plain.fused(c))


def test_scalings_keep_each_legs_order_and_put_absent_documents_lowest():
    _, question = _question()
    present = np.isfinite(question.rank)
    for norm in ("z", "rank", "max"):
        scaled = question.scale(norm)
        for j in range(4):
            order = np.argsort(question.rank[j, present[j]])
            assert (np.diff(scaled[j, present[j]][order]) <= 1e-12).all(), norm
            assert (scaled[j, ~present[j]] == 0).all() and (scaled[j, present[j]] >= 0).all(), norm
    assert np.allclose(question.scale("rank")[0, present[0]], [1.0, 0.75, 0.5, 0.25][:present[0].sum()])


def test_a_long_question_takes_the_long_share_and_dense_weight():
    _, question = _question()
    long = Config(PRODUCT.score, PRODUCT.rrf, 60, PRODUCT.share, "minmax", 3, 0.2, 0.9)
    assert list(question.fused(Config((0.9, 0.1), PRODUCT.rrf, 60, 0.2))) == list(question.fused(long))
    assert list(question.fused(Config(PRODUCT.score, PRODUCT.rrf, 60, PRODUCT.share, "minmax", 4, 0.2, 0.9))) == \
        list(question.fused(PRODUCT))  # 4 terms is not more than 4


def test_leave_one_set_out_chooses_on_the_other_sets_only():
    naive = np.array([0.5, 0.5, 0.5])
    values = np.array([[0.50, 0.50, 0.50],    # the product
                       [0.60, 0.60, 0.10],    # best on sets 0 and 1, bad on 2
                       [0.55, 0.55, 0.55]])   # good everywhere
    margins, chosen = loso(values, naive, [0, 1, 2])
    # set 2 held back: chosen on sets 0 and 1, where row 1 is best, so it scores -0.4 there
    assert chosen == [2, 2, 1]
    assert np.allclose(margins, [0.05, 0.05, -0.4])
