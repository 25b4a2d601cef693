"""The sixth round's bench (bench/tuning/tune_sixth.py) scores hybrid as search.search ranks it:
fuse_hybrid, then the floor's confident documents before the weaker ones."""
import itertools

import numpy as np

from bench.tuning.tune_sixth import Config, Question
from search._floor import Floor, split
from search._fusion import Fusion, RankedDocument, fuse_hybrid


def _docs(*pairs):
    return [RankedDocument(pk, score, [(pk * 10, score)]) for pk, score in pairs]


def test_a_config_ranks_as_fuse_hybrid_and_the_floor_do():
    dense = _docs((1, 0.91), (2, 0.88), (3, 0.86), (4, 0.80))
    lexical = _docs((3, 9.0), (5, 6.0), (1, 2.0))
    whole = _docs((5, 14.0), (3, 10.0), (6, 3.0), (2, 1.0))
    gains = {3: 3.0, 5: 1.0, 6: 1.0, 4: 1.0}
    idcg = 3.0 + 1.0 / np.log2(3) + 1.0 / np.log2(4) + 1.0 / np.log2(5)
    confidence = {1: 0.80, 2: 0.90, 3: 0.70, 4: 0.95, 5: 0.85, 6: 0.60}
    legs = [[(d.document_pk, d.score) for d in leg] for leg in (dense, lexical, whole)] + [[], []]  # no stem legs
    for share, k, wd, judged in itertools.product((0.0, 0.3, 0.6), (30, 60), (0.55, 0.65), (2, 50)):
        fusion = Fusion(method="score", rrf_k=k, dense_weight=wd, lexical_weight=round(1 - wd, 2), rank_share=share)
        ranked = fuse_hybrid(dense, lexical, whole if share else [], fusion)
        floor = Floor(threshold=0.82, judged=judged)
        sure, weaker = split(ranked, [confidence[d.document_pk] for d in ranked[:judged]], floor)
        order = [d.document_pk for d in sure + weaker]
        expected = sum(gains.get(pk, 0.0) / np.log2(r + 2) for r, pk in enumerate(order[:10])) / idcg
        question = Question(legs, gains, idcg, confidence, floor.threshold, judged)
        config = Config((wd, round(1 - wd, 2)), (1.0, 0.0, 1.0), k, share)
        assert abs(question.ndcg(config) - expected) < 1e-9
