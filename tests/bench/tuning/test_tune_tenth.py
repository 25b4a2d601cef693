"""The tenth floor round's features and decisions (bench/tuning/tune_tenth.py), as plain arithmetic
over a made-up question (fast, no model)."""
import math
from types import SimpleNamespace

import numpy as np
import pytest
from test_tune_eighth import ROW, assert_a_new_weight_only_when_it_helps

from bench.tuning import tune_floor_rule, tune_tenth
from bench.tuning.tune_sixth import Question


@pytest.fixture
def frequencies(monkeypatch):
    """wordfreq's Zipf frequencies, made up: 'jaar' everyday, 'mantelzorg' rare, 'overbelast' rarer."""
    zipfs = {"jaar": 6.0, "mantelzorg": 3.0, "overbelast": 2.0}
    with monkeypatch.context() as m:
        m.setattr(tune_tenth, "zipf", lambda term: zipfs.get(term, 0.0))
        yield zipfs


def test_information_and_enrichment_against_general_dutch(frequencies):
    assert tune_tenth.info("jaar") == 2.0 and tune_tenth.info("overbelast") == 6.0
    assert tune_tenth.info("onbekend") == 8.0   # a word wordfreq does not know is the most informative
    # mantelzorg: 3 of 100 passages (corpus), Zipf 3 (1e-6 a word, x 150 words a passage)
    assert tune_tenth.enrich("mantelzorg", 3, 100) == pytest.approx(
        math.log10(3.5 / 101) - math.log10(1e-6 * 150))
    # an everyday word (0.15 a passage in Dutch) held by 5 of 100 passages is not enriched
    assert tune_tenth.enrich("jaar", 5, 100) < 0 < tune_tenth.enrich("mantelzorg", 3, 100)
    assert tune_tenth.enrich("onbekend", 50, 100) == 3.0   # clipped
    assert tune_tenth.enrich("onbekend", 0, 100) == 0.0    # a word no passage holds is never enriched


def test_background_weighted_evidence_and_the_domain_features(frequencies):
    f = tune_tenth.features(ROW)
    info = {"mantelzorg": 5.0, "overbelast": 6.0, "jaar": 2.0}
    # the dense top 3 hold [jaar], [mantelzorg, jaar], []: the best share is document 2's
    assert f["ev_bg_3"] == pytest.approx(7.0 / 13.0) and f["ev_bg_1"] == pytest.approx(2.0 / 13.0)
    idf = {t: tune_floor_rule.idf(ROW, t) for t in ROW["terms"]}
    mix = {t: idf[t] * info[t] / 8 for t in info}
    assert f["ev_mix_3"] == pytest.approx((mix["mantelzorg"] + mix["jaar"]) / sum(mix.values()))
    rich = {t: tune_tenth.enrich(t, ROW["df"][t], 100) for t in info}
    assert f["dom_mean"] == pytest.approx(np.mean(list(rich.values())))
    assert f["dom_min"] == pytest.approx(min(rich.values()))
    assert f["dom_share"] == pytest.approx(sum(info[t] for t in info if rich[t] > 0) / 13.0)
    # overbelast is the missing term of the best-evidence document, and the most informative
    assert f["miss_bg"] == pytest.approx(1.0) and f["absent_bg"] == pytest.approx(6.0 / 13.0)
    assert f["emax_gap"] == pytest.approx(0.86 - (0.78 + 0.015 * math.sqrt(2 * math.log(100))))


def test_the_evidence_of_the_lexical_legs_best_document_counts_beside_the_dense_top_3(frequencies):
    idf = {t: tune_floor_rule.idf(ROW, t) for t in ROW["terms"]}
    held_all = {2: ["mantelzorg", "jaar"], 9: ["overbelast", "mantelzorg"]}
    # the lexical leg's best document (2) is among the dense top 3: the evidence as it is
    f = tune_tenth.features(dict(ROW, held_all=held_all))
    assert f["ev_union"] == pytest.approx(f["evidence_3"])
    # its best document (9) holds the rarest terms, which no dense top-3 document holds
    f = tune_tenth.features(dict(ROW, held_all=held_all, lexical=[9, 2]))
    assert f["ev_union"] == pytest.approx((idf["overbelast"] + idf["mantelzorg"]) / sum(idf.values()))
    assert f["ev_union"] > f["evidence_3"]


def test_a_term_is_matched_by_its_stems_forms_and_as_a_compounds_head():
    vocabulary = ["spijbelt", "spijbelgedrag", "spijs", "zorgverlof", "verlofdag", "verlof", "jaar"]
    assert tune_tenth.matches("spijbelen", vocabulary) == {"spijbelen", "spijbelt", "spijbelgedrag"}
    assert tune_tenth.matches("verlof", vocabulary) == {"verlof", "zorgverlof", "verlofdag"}
    assert tune_tenth.matches("jaar", vocabulary) == {"jaar"}   # too short for either


def test_fuzzy_evidence_and_the_symmetric_cosine():
    f = tune_tenth.features(ROW)
    extra = {"df_fuzzy": {"mantelzorg": 3, "overbelast": 2, "jaar": 60},
             "held_fuzzy": [["jaar"], ["mantelzorg", "jaar", "overbelast"], [], [], []]}
    tune_tenth.fuzzy(ROW, extra, f)
    assert f["fuzzy_3"] == pytest.approx(1.0) and f["fuzzy_gain"] == pytest.approx(1.0 - f["evidence_3"])
    tune_tenth.symmetric({"sym": [0.84, 0.87, 0.80], "self": 0.95}, f)
    assert f["sym_1"] == pytest.approx(-0.02) and f["sym_20"] == pytest.approx(0.01) and f["sym_self"] == 0.95


def test_the_pooled_domain_model_counts_the_other_corpora(frequencies):
    f = {}
    tune_tenth.pooled_domain(ROW, f, 1000, {"mantelzorg": 30, "overbelast": 10})
    assert f["pool_min"] == pytest.approx(tune_tenth.enrich("jaar", 0, 1000))
    assert 0 < f["pool_share"] < 1


def test_a_new_weight_of_zero_keeps_the_rule(frequencies):
    assert_a_new_weight_only_when_it_helps(tune_tenth.plus("dom_off"), tune_tenth.features(ROW), "dom_off")


def test_the_relaxed_line_reorders_only_an_answered_questions_documents():
    # one leg ranks documents 10, 11, 12 (scores 1, 0.5, 0); only 11 is relevant
    legs = [[(10, 1.0), (11, 0.5), (12, 0.0)]]
    config = SimpleNamespace(score=(1.0,), rrf=(0.0,), k=60, share=0.0)

    def question(confidence: dict) -> Question:
        q = Question(legs, {11: 1.0}, 1.0, confidence, 0.815, 50)
        q.conf = np.array([confidence[pk] for pk in q.pks.tolist()])  # type: ignore[attr-defined]  # as fusion() keeps them
        q.line = 0.815  # type: ignore[attr-defined]
        return q

    answered = question({10: 0.80, 11: 0.81, 12: 0.82})
    # delta 0 is the product's floor: 12 (confident) first, then 10 and 11: the relevant one third
    assert tune_tenth.relaxed_ndcg(answered, config, 0.0) == pytest.approx(answered.ndcg(config))
    assert answered.ndcg(config) == pytest.approx(1 / math.log2(4))
    # delta 0.01: 11 and 12 are confident, 11 first in fused order
    assert tune_tenth.relaxed_ndcg(answered, config, 0.01) == pytest.approx(1.0)
    # an unanswered question: nothing is confident whatever delta, the fused order stands
    unanswered = question({10: 0.70, 11: 0.71, 12: 0.72})
    assert tune_tenth.relaxed_ndcg(unanswered, config, float("inf")) == pytest.approx(1 / math.log2(3))
    assert unanswered.ndcg(config) == unanswered.ndcg(config, floor=False) == pytest.approx(1 / math.log2(3))
