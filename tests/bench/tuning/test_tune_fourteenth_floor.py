"""The fourteenth round's features (bench/tuning/tune_fourteenth_floor.py): several of the question's terms
held together in one passage or document of its best-cosine documents, coverage by document-level idf, and
the whole-document lexical leg's agreement with the dense leg."""
import math

import pytest
from test_tune_eighth import ROW

from bench.tuning import tune_fourteenth_floor as t14

EXTRA = {"documents": 20, "doc_df": {"mantelzorg": 1, "overbelast": 0, "jaar": 15},
         "dense": [1, 2, 3, 4, 5],
         # document 1: one passage with "jaar"; document 2: "mantelzorg" and "jaar" in two passages
         "passages": [[["jaar"]], [["mantelzorg"], ["jaar"]], [], [], [["mantelzorg"]]],
         "lex_rank": [4, 0, None, None, 7], "lex_score": [2.0, 8.0, 0.0, 0.0, 1.0], "lex_top": 8.0,
         "lex_first": [2, 9, 8, 7, 1]}


def test_two_terms_must_meet_in_one_document_or_one_passage():
    f = t14.features(dict(ROW, text="Hoe houd ik het vol?"), EXTRA)
    assert f["solo_doc_1"] == 1.0 and f["solo_doc_3"] == 0.0      # document 2 holds both
    assert f["solo_pass_3"] == 1.0                                   # but in different passages
    together = dict(EXTRA, passages=[[["jaar"]], [["jaar", "mantelzorg"]], [], [], []])
    g = t14.features(dict(ROW, text="Hoe houd ik het vol?"), together)
    assert g["solo_pass_3"] == 0.0
    assert g["solo_rare_3"] == 1.0    # "jaar" is in 15 of 20 documents: not informative


def test_passage_share_and_document_idf_coverage():
    f = t14.features(dict(ROW, text="Hoe houd ik het vol?"), EXTRA)
    idf = {t: t14.tune_floor_rule.idf(ROW, t) for t in ROW["terms"]}
    assert f["pass_miss_3"] == pytest.approx(1 - idf["mantelzorg"] / sum(idf.values()))
    doc = {t: math.log(20 / max(df, 1)) + 1 for t, df in EXTRA["doc_df"].items()}
    assert f["doc_miss_3"] == pytest.approx(1 - (doc["mantelzorg"] + doc["jaar"]) / sum(doc.values()))
    assert f["doc_miss_1"] == pytest.approx(1 - doc["jaar"] / sum(doc.values()))


def test_the_legs_agreement_at_the_document_level():
    f = t14.features(dict(ROW, text="Hoe houd ik het vol?"), EXTRA)
    assert f["whole_out_3"] == 1.0                     # the best-cosine document is 5th lexically
    assert f["whole_overlap_3"] == pytest.approx(1 - 1 / 3)
    assert f["whole_rel"] == pytest.approx(1 - 2.0 / 8.0)
    assert f["line"] == 1.0


def test_only_statements_carry_the_statement_variants():
    question = t14.features(dict(ROW, text="Hoe houd ik het vol als mantelzorger?"), EXTRA)
    statement = t14.features(dict(ROW, text="Onze kantine gaat in het voorjaar dicht en de automaat is stuk"), EXTRA)
    assert question["st_solo_pass_3"] == 0.0 and question["solo_pass_3"] == 1.0
    assert statement["st_solo_pass_3"] == 1.0


def test_the_line_rises_only_as_far_as_every_training_set_keeps_its_on_topic_inputs():
    on = {"cos": 0.83, "evidence_3": 0.0, "spread": 0.0, "line": 1.0}
    off = {"cos": 0.82, "evidence_3": 0.0, "spread": 0.0, "line": 1.0}    # both above 0.81364 today
    c = t14.fit("line", [[(False, on), (True, off)]], 0.95)
    assert 0.82 - c < t14.tune_thirteenth_floor.LINE <= 0.83 - c        # the off-topic one refused, not the other
    assert t14.fit("line", [[(False, dict(on, cos=0.815)), (True, off)]], 0.95) == 0.0


def test_a_bold_fit_takes_the_largest_c_the_training_sets_allow():
    on = {"cos": 0.83, "evidence_3": 0.0, "spread": 0.0, "x": 0.0}
    lay = dict(on, x=1.0, cos=0.84)            # an on-topic input with the feature, 0.0264 above the line
    train = [[(False, on), (False, lay), (True, dict(on, cos=0.70))]]   # nothing to refuse
    assert t14.fit("x", train, 0.95) == 0.0
    assert t14.fit("x", train, 0.95, bold=True) == 0.02      # 0.03 would cost the second on-topic input
