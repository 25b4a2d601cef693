"""Fusion and the relevance floor as plain arithmetic (fast, no model)."""
import pytest

from search._floor import (
    NO_FLOOR,
    Floor,
    confidence,
    confident_only,
    coverage,
    declarative,
    evidence,
    floor_for,
    split,
)
from search._fusion import Fusion, RankedDocument, by_document, fuse, fuse_hybrid


def _docs(*pairs):
    return [RankedDocument(pk, score, [(pk * 10, score)]) for pk, score in pairs]


def test_a_document_ranks_by_its_best_chunk_plus_a_share_of_the_next():
    ranking = [(11, 0.9), (21, 0.8), (22, 0.7), (23, 0.6), (24, 0.5)]
    document_of = {11: 1, 21: 2, 22: 2, 23: 2, 24: 2}
    assert [d.document_pk for d in by_document(ranking, document_of)] == [1, 2]
    # With the next passages counting, the document answering in three places wins,
    # and only the first three of its chunks count.
    ranked = by_document(ranking, document_of, more=0.2)
    assert [d.document_pk for d in ranked] == [2, 1]
    assert abs(ranked[0].score - (0.8 + 0.2 * (0.7 + 0.6))) < 1e-9


def test_chunks_of_unknown_documents_are_dropped():
    assert by_document([(99, 1.0)], {}) == []


def test_weighted_rrf_lets_the_heavier_leg_decide_a_disagreement():
    dense, lexical = _docs((1, 0.9), (2, 0.8)), _docs((2, 5.0), (1, 4.0))
    assert fuse(dense, lexical, Fusion(dense_weight=1.0, lexical_weight=1.0))[0].score == \
        fuse(dense, lexical, Fusion(dense_weight=1.0, lexical_weight=1.0))[1].score
    assert [d.document_pk for d in fuse(dense, lexical, Fusion(dense_weight=2.0))] == [1, 2]
    assert [d.document_pk for d in fuse(dense, lexical, Fusion(lexical_weight=2.0))] == [2, 1]


def test_score_fusion_normalises_each_leg_so_scales_do_not_matter():
    dense = _docs((1, 0.86), (2, 0.85), (3, 0.70))
    lexical = _docs((2, 40.0), (3, 39.0), (1, 1.0))
    fused = fuse(dense, lexical, Fusion(method="score", dense_weight=0.5, lexical_weight=0.5))
    assert [d.document_pk for d in fused] == [2, 1, 3]
    assert all(0.0 <= d.score <= 1.0 for d in fused)


def test_fusion_keeps_a_document_found_by_one_leg_only_and_merges_its_chunks():
    dense = [RankedDocument(1, 0.9, [(10, 0.9), (11, 0.8)])]
    lexical = [RankedDocument(1, 3.0, [(11, 3.0)]), RankedDocument(2, 2.0, [(20, 2.0)])]
    fused = {d.document_pk: d for d in fuse(dense, lexical)}
    assert set(fused) == {1, 2}
    assert [pk for pk, _ in fused[1].chunks] == [11, 10]  # found by both legs: first


def test_coverage_is_the_share_of_query_terms_present():
    assert coverage(["mantelzorger", "respijt"], ["mantelzorger zorg", "iets anders"]) == 0.5
    assert coverage(["appeltaart"], ["mantelzorger"]) == 0.0
    assert coverage([], ["mantelzorger"]) == 0.0


def test_a_weaker_document_near_the_line_keeps_its_place_between_confident_ones():
    docs = _docs((1, 1.0), (2, 0.9), (3, 0.8), (4, 0.7), (5, 0.6))
    floor = Floor(threshold=0.8, kept_within=0.01)
    answers, weaker = split(docs, [0.85, 0.795, 0.81, 0.70], floor)
    # 2 is under the line, but within 0.01 of it and ranked by fusion between confident 1 and 3: it
    # keeps its place (before the eighteenth fusion round it dropped below 3)
    assert [d.document_pk for d in answers] == [1, 2, 3]
    assert [d.document_pk for d in weaker] == [4, 5]  # 5 was not judged: never an answer
    assert confident_only(docs, [0.85, 0.795, 0.81, 0.70], floor) == [docs[0], docs[2]]  # whom "wie nog?" reads


def test_a_weaker_document_far_under_the_line_goes_first_among_the_weaker_ones():
    docs = _docs((1, 1.0), (2, 0.9), (3, 0.8), (4, 0.7))
    answers, weaker = split(docs, [0.85, 0.70, 0.81, 0.795], Floor(threshold=0.8, kept_within=0.01))
    assert [d.document_pk for d in answers] == [1, 3]
    assert [d.document_pk for d in weaker] == [2, 4]  # 4 is near the line, but below the last confident one
    # without `kept_within` every document under the line moves: the order before the round
    answers, weaker = split(docs, [0.85, 0.795, 0.81], Floor(threshold=0.8))
    assert [d.document_pk for d in answers] == [1, 3] and [d.document_pk for d in weaker] == [2, 4]


def test_without_a_confident_document_in_the_judged_head_there_is_no_answer():
    docs = _docs((1, 1.0), (2, 0.9), (3, 0.8))
    floor = Floor(threshold=0.8, kept_within=0.01)
    assert split(docs, [0.79, 0.795], floor) == ([], docs)  # 3, not judged, cannot answer
    assert split([], [], floor) == ([], [])


def test_the_default_model_keeps_a_weaker_document_within_001_of_the_line_in_its_place():
    assert floor_for("multilingual-e5-small@onnx-int8").kept_within == 0.01


def test_an_uncalibrated_model_gets_no_floor():
    assert floor_for("some-other-model") is NO_FLOOR
    docs = _docs((1, 0.1))
    assert split(docs, [0.0], NO_FLOOR) == (docs, [])
    assert floor_for("multilingual-e5-small@onnx-int8").threshold > 0.5


def test_the_querys_spread_lowers_the_confidence_once_measured_on_enough_passages():
    floor = Floor(threshold=0.8, coverage_weight=0.03, spread_weight=2.0, spread_min=100, reference_spread=0.01)
    assert confidence(0.85, 0.5, floor, 0.02, 500) == pytest.approx(0.85 + 0.015 - 0.04)
    assert confidence(0.85, 0.5, floor, 0.02, 99) == pytest.approx(0.85 + 0.015 - 0.02)  # too few: the reference
    assert confidence(0.85, 0.5, Floor(threshold=0.8, coverage_weight=0.03), 0.02, 500) == pytest.approx(0.865)


def test_the_default_floor_without_a_measured_spread_is_the_rule_without_it():
    """Fewer than 100 passages searched: cosine + 0.03 x evidence >= 0.8477 (0.84766), the rule
    without the spread calibrated on the same tuning halves (search._floor.FLOORS); with the
    eighteenth round's head the line is its refitted one, so that constant rises by as much."""
    from search._floor import FLOORS, HEAD

    calibrated = FLOORS["multilingual-e5-small@onnx-int8"]
    floor = floor_for("multilingual-e5-small@onnx-int8")
    assert floor.spread_weight > 0 and floor.coverage_weight == 0 and floor.threshold == HEAD.line
    for cosine, shown in ((0.8477, 0.0), (0.83, 0.5), (0.9, 1.0)):
        assert confidence(cosine, 0.7, calibrated, shown=shown) - calibrated.threshold == \
            pytest.approx(cosine + 0.03 * shown - 0.84765, abs=1e-4)
        assert confidence(cosine, 0.7, floor, shown=shown) - floor.threshold == \
            pytest.approx(cosine + 0.03 * shown - 0.84765 - (HEAD.line - 0.81364), abs=1e-4)


def test_evidence_is_the_idf_weighted_share_of_the_query_terms_a_document_holds():
    frequency = {"mantelzorg": 2, "overbelast": 1, "jaar": 50}   # of 100 visible passages
    both = evidence(["jaar", "mantelzorg", "overbelast"], {"mantelzorg", "overbelast"}, frequency, 100)
    common = evidence(["jaar", "mantelzorg", "overbelast"], {"jaar"}, frequency, 100)
    assert 0.8 < both < 1.0 and 0.0 < common < 0.2   # a common word weighs little
    # a term no visible passage holds weighs most, and is missing everywhere
    assert evidence(["vakantiedag", "jaar"], {"jaar"}, {"jaar": 50}, 100) < 0.2
    assert evidence([], set(), {}, 100) == 0.0


def test_the_questions_evidence_raises_every_judged_documents_confidence_alike():
    """The evidence is the question's (its best-cosine documents'), so it moves the line, not the order."""
    floor = Floor(threshold=0.85, evidence_weight=0.03, spread_weight=2.5, reference_spread=0.01)
    assert confidence(0.84, 0.0, floor, 0.01, 500, shown=1.0) == pytest.approx(0.84 + 0.03 - 0.025)
    assert confidence(0.84, 0.0, floor, 0.01, 500, shown=0.0) == pytest.approx(0.84 - 0.025)


@pytest.mark.parametrize("text", [
    "De bakker in onze straat is voortaan op maandag de hele dag gesloten.",
    "Mijn hond blaft de hele dag als ik naar mijn werk ben!",
    "Hij is 3.5 jaar oud en valt de laatste tijd vaak.",          # a decimal point is no sentence end
])
def test_one_declarative_sentence_is_a_statement(text):
    assert declarative(text)


@pytest.mark.parametrize("text", [
    "Hoe krijg ik mijn moeder zover dat ze haar rollator gebruikt.",  # a question word: a question
    "Kan een mantelzorger respijtzorg aanvragen.",                    # an inverted verb: a question
    "Mijn moeder valt steeds, wat kan ik doen?",
    "witte stok, durft niet naar buiten",                             # a keyword query
    "De buurman is gevallen.",                                        # five words or fewer
    "Ik ben apotheker. Een vrouw van 91 valt 's nachts op weg naar de badkamer.",  # a situation: two sentences
    "iemand die na het wegvallen van zijn levenspartner in zijn schulp kruipt",    # no full stop
])
def test_questions_keywords_and_situations_are_not_statements(text):
    assert not declarative(text)


def test_a_statement_needs_a_higher_confidence_than_a_question():
    """The fifteenth round: 0.01 off every confidence of a one-sentence statement (search._floor.FLOORS)."""
    floor = floor_for("multilingual-e5-small@onnx-int8")
    assert floor.declarative_weight == pytest.approx(0.01)
    asked = confidence(0.849, 0.0, floor, 0.014, 500, shown=0.2)
    assert confidence(0.849, 0.0, floor, 0.014, 500, shown=0.2, stated=True) == pytest.approx(asked - 0.01)
    assert asked >= floor.threshold > asked - 0.01     # the same match: an answer to a question only


def test_fuse_hybrid_without_a_rank_share_is_score_fusion():
    dense, lexical = _docs((1, 0.9), (2, 0.8), (3, 0.7)), _docs((3, 9.0), (2, 5.0))
    whole = _docs((2, 12.0), (1, 3.0))
    fusion = Fusion(method="score", dense_weight=0.55, lexical_weight=0.45)
    assert [(d.document_pk, d.score) for d in fuse_hybrid(dense, lexical, whole, fusion)] == \
        [(d.document_pk, d.score) for d in fuse(dense, lexical, fusion)]


def test_fuse_hybrid_blends_rank_fusion_of_dense_and_whole_documents():
    # Score fusion alone ties 1 and 2; whole-document BM25 finds only 2, which breaks the tie.
    dense, lexical = _docs((1, 0.9), (2, 0.8)), _docs((2, 5.0), (1, 4.0))
    whole = _docs((2, 7.0))
    fusion = Fusion(method="score", dense_weight=0.5, lexical_weight=0.5, rank_share=0.6)
    fused = fuse_hybrid(dense, lexical, whole, fusion)
    assert [d.document_pk for d in fused] == [2, 1]
    # Both parts run 0..1: first in both rank lists and in both score legs is 1.0.
    assert abs(fuse_hybrid(dense, _docs((1, 5.0)), _docs((1, 2.0)), fusion)[0].score - 1.0) < 1e-9
    assert all(0.0 <= d.score <= 1.0 for d in fused)


def test_fuse_hybrid_keeps_a_document_only_whole_document_bm25_found_with_its_passages():
    dense, lexical = _docs((1, 0.9)), _docs((1, 4.0))
    whole = [RankedDocument(1, 3.0, [(10, 3.0)]), RankedDocument(5, 2.0, [(51, 1.5), (52, 1.0)])]
    fused = {d.document_pk: d for d in fuse_hybrid(dense, lexical, whole, Fusion(method="score", rank_share=0.6))}
    assert set(fused) == {1, 5}
    assert [pk for pk, _ in fused[5].chunks] == [51, 52]
    assert fused[1].score > fused[5].score > 0.0


def test_hybrid_weighs_dense_065_against_the_passage_legs_035():
    """The sixth round's score fusion (search._retrieve.FUSION, bench/tuning/tune_sixth.py): a
    document dense ranks first and the passage leg last beats one the passage leg ranks
    first and dense far below it; with the weights of before (0.55 / 0.45) it lost. Without
    a rank part, so only the score part decides."""
    from dataclasses import replace

    from search._retrieve import FUSION

    dense = _docs((1, 0.90), (2, 0.83), (3, 0.80))      # min-max: 1.0, 0.3, 0.0
    lexical = _docs((2, 10.0), (3, 5.0), (1, 0.0))      # 1.0, 0.5, 0.0
    assert (FUSION.dense_weight, FUSION.lexical_weight) == (0.65, 0.35)
    assert [d.document_pk for d in fuse_hybrid(dense, lexical, [], replace(FUSION, rank_share=0.0))][:2] == [1, 2]
    before = Fusion(method="score", dense_weight=0.55, lexical_weight=0.45, lexical_more=0.3)
    assert [d.document_pk for d in fuse_hybrid(dense, lexical, [], before)][:2] == [2, 1]


def test_the_rank_part_fuses_dense_lemmas_and_stems_with_the_seventh_rounds_weights():
    """search._retrieve.FUSION (bench/tuning/tune_seventh.py): 0.6 of the score is weighted RRF
    (k 60) of dense 1.5, whole-document BM25 of the lemmas 0.5 and of the Snowball stems 1,
    scaled by its largest possible value."""
    from search._retrieve import FUSION

    assert (FUSION.rrf_k, FUSION.rank_share, FUSION.rank_dense, FUSION.rank_lemmas, FUSION.rank_stems) == \
        (60, 0.6, 1.5, 0.5, 1.0)
    dense, lexical = _docs((1, 0.9), (2, 0.8)), _docs((1, 5.0), (2, 4.0))
    whole, stems = _docs((2, 7.0), (1, 6.0)), _docs((2, 3.0), (1, 2.0))
    fused = {d.document_pk: d.score for d in fuse_hybrid(dense, lexical, whole, FUSION, stems)}
    k = 60
    first, second = (k + 1) / (k + 1), (k + 1) / (k + 2)
    rank_1 = (1.5 * first + 0.5 * second + 1.0 * second) / 3.0
    rank_2 = (1.5 * second + 0.5 * first + 1.0 * first) / 3.0
    assert fused[1] == pytest.approx(0.4 * 1.0 + 0.6 * rank_1)    # first in both score legs
    assert fused[2] == pytest.approx(0.4 * 0.0 + 0.6 * rank_2)
    # First in every leg is 1.0: both parts run 0..1.
    assert fuse_hybrid(dense, lexical, _docs((1, 1.0)), FUSION, _docs((1, 1.0)))[0].score == pytest.approx(1.0)


def test_without_a_stem_weight_the_rank_part_is_the_two_leg_rrf_of_before():
    dense, lexical = _docs((1, 0.9), (2, 0.8), (3, 0.5)), _docs((3, 9.0), (2, 5.0))
    whole, stems = _docs((2, 12.0), (3, 3.0)), _docs((3, 4.0), (4, 1.0))
    fusion = Fusion(method="score", dense_weight=0.65, lexical_weight=0.35, rank_share=0.6)
    fused = fuse_hybrid(dense, lexical, whole, fusion, stems)
    assert [(d.document_pk, d.score) for d in fused] == [(d.document_pk, d.score) for d in fuse_hybrid(
        dense, lexical, whole, fusion)]
    assert 4 not in {d.document_pk for d in fused}
    scored = {d.document_pk: d.score for d in fuse(dense, lexical, fusion)}
    k = 60
    rrf_2 = ((k + 1) / (k + 2) + (k + 1) / (k + 1)) / 2     # dense second, whole documents first
    assert {d.document_pk: d.score for d in fused}[2] == pytest.approx(0.4 * scored[2] + 0.6 * rrf_2)


def test_a_document_only_the_stem_leg_found_is_kept_with_its_passages_and_the_stems_break_a_tie():
    # Score fusion ties 1 and 2 (each first in one leg); the stem leg finds 2 and puts it first.
    dense, lexical = _docs((1, 0.9), (2, 0.8)), _docs((2, 5.0), (1, 4.0))
    whole = _docs((1, 3.0), (2, 2.0))
    stems = [RankedDocument(2, 4.0, [(20, 4.0)]), RankedDocument(7, 2.0, [(71, 1.5), (72, 1.0)])]
    fusion = Fusion(method="score", dense_weight=0.5, lexical_weight=0.5, rank_share=0.5, rank_dense=1.0,
                    rank_lemmas=1.0, rank_stems=1.0)
    fused = fuse_hybrid(dense, lexical, whole, fusion, stems)
    assert [d.document_pk for d in fused] == [2, 1, 7]
    assert [pk for pk, _ in fused[2].chunks] == [71, 72]
    assert fused[2].score > 0.0


def test_the_judge_reads_the_evidence_of_the_best_cosine_documents_under_the_searchs_filters():
    from types import SimpleNamespace

    from search._floor import judge
    from search._retrieve import Retrieval
    from store import Filters

    asked = []

    def terms_held(terms, pks, filters, snapshot):
        asked.append((sorted(pks), filters))
        return {1: {"mantelzorg"}, 2: {"mantelzorg", "overbelast"}, 3: set()}, {"mantelzorg": 5, "overbelast": 2}, 100

    store = SimpleNamespace(lexical=SimpleNamespace(terms_held=terms_held))
    filters = Filters(communities=("Wijkteam Zuid",))
    retrieval = Retrieval(_docs((4, 0.9), (1, 0.8), (2, 0.7)), ["mantelzorg", "overbelast"],
                          cosine={1: 0.86, 2: 0.84, 3: 0.83, 4: 0.80}, spread=0.01, spread_of=500, filters=filters)
    floor = Floor(threshold=0.85, evidence_weight=0.03, spread_weight=2.0, evidence_top=3)
    confidences = judge(store, retrieval, floor)
    assert asked == [([1, 2, 3], filters)]   # the three best cosines, not the fused order
    assert confidences == pytest.approx([0.80 + 0.03 - 0.02, 0.86 + 0.03 - 0.02, 0.84 + 0.03 - 0.02])
    retrieval.terms = []                       # nothing to hold: no evidence, nothing asked
    assert judge(store, retrieval, floor) == pytest.approx([0.78, 0.84, 0.82]) and len(asked) == 1
