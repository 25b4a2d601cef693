"""The fourth round's bench (bench/tuning/tune_fourth.py) scores the product's fusion as the product does."""
import itertools

import numpy as np

from bench.tuning.tune_fourth import Config, Grid, Query, Tuning, best_of
from search._fusion import Fusion, RankedDocument, fuse_hybrid


def _docs(*pairs):
    return [RankedDocument(pk, score, [(pk * 10, score)]) for pk, score in pairs]


def _ndcg(order: list[int], gains: dict[int, float], idcg: float) -> float:
    return sum(gains.get(pk, 0.0) / np.log2(r + 2) for r, pk in enumerate(order[:10])) / idcg


def test_a_config_ranks_as_fuse_hybrid_does():
    dense = _docs((1, 0.91), (2, 0.88), (3, 0.86), (4, 0.80))
    lexical = _docs((3, 9.0), (5, 6.0), (1, 2.0))
    whole = _docs((5, 14.0), (3, 10.0), (6, 3.0), (2, 1.0))
    gains = {3: 3.0, 5: 1.0, 6: 1.0}
    idcg = 3.0 + 1.0 / np.log2(3) + 1.0 / np.log2(4)
    query = Query([[(d.document_pk, d.score) for d in leg] for leg in (dense, lexical, whole)], gains, idcg, {})
    for share, k in itertools.product((0.0, 0.3, 0.6, 1.0), (30, 60)):
        fusion = Fusion(method="score", rrf_k=k, dense_weight=0.55, lexical_weight=0.45, rank_share=share)
        expected = _ndcg([d.document_pk for d in fuse_hybrid(dense, lexical, whole if share else [], fusion)],
                         gains, idcg)
        config = Config("mix", k, 0.55, 0.45, 0.0, share, (1.0, 0.0, 1.0))
        assert abs(query.ndcg(config) - expected) < 1e-9


def test_policies_pick_a_config_per_question_by_a_query_feature():
    # Two questions: a short one that dense answers and a long one that lexical answers.
    short = Query([[(1, 0.9), (2, 0.8)], [(2, 5.0), (1, 1.0)], []], {1: 1.0}, 1.0, {"terms": 2.0})
    long = Query([[(1, 0.9), (2, 0.8)], [(2, 5.0), (1, 1.0)], []], {2: 1.0}, 1.0, {"terms": 12.0})
    tuning = Tuning("toy", [short, long], np.array([0.5, 0.5]), np.array([0.5, 0.5]), np.array([0.5, 0.5]), {})
    grid = Grid([tuning], [Config("score", 60, 0.9, 0.1, 0.0), Config("score", 60, 0.1, 0.9, 0.0)])
    labels, values, naive = grid.policies("terms/two-leg")
    best = best_of(values - naive)
    threshold, low, high = labels[best]
    assert (low.dense, high.dense) == (0.9, 0.1) and 2 <= threshold < 12
    assert values[best][0] == 1.0
