"""The thirteenth round's features (bench/tuning/tune_thirteenth_floor.py): a statement's care-specific
terms held by its best-cosine documents, and the fit that keeps every training set's on-topic inputs."""
import pytest
from test_tune_eighth import ROW

from bench.tuning import tune_thirteenth_floor as t13


def test_care_specific_terms_are_the_rare_ones_in_general_dutch():
    # "wijkteam" is rare in general Dutch (Zipf 2.8), "week" is not (5.6): only the first counts
    assert t13.care_share(["wijkteam", "week"], [["week"]], 3.5) == 0.0
    assert t13.care_share(["wijkteam", "week"], [["week"], ["wijkteam"]], 3.5) == 1.0
    assert t13.care_share(["week", "jaar"], [["week"]], 3.5) is None   # only generic words


def test_only_statements_carry_the_statement_features():
    statement = t13.features(dict(ROW, text="Onze kantine gaat in het voorjaar dicht en de koffieautomaat is stuk"))
    question = t13.features(dict(ROW, text="Hoe houd ik het vol als mantelzorger?"))
    assert statement["statement"] == 1.0 and question["statement"] == 0.0
    assert question["care_miss_3.5"] == question["miss_ev"] == question["long_words"] == 0.0
    assert statement["long_words"] == pytest.approx((ROW["words"] - 8) / 10)   # the row's 9 words


def test_the_fit_never_costs_a_training_set_its_on_topic_keep():
    on = {"cos": 0.83, "evidence_3": 0.0, "spread": 0.0, "x": 1.0}    # rule 0.83, just above the line
    off = {"cos": 0.83, "evidence_3": 0.0, "spread": 0.0, "x": 1.0}
    train = [[(False, on), (True, off)]]
    assert t13.fit("x", train, 0.95) == 0.0          # any c would refuse the on-topic one as well
    off_only = [[(False, dict(on, x=0.0)), (True, off)]]
    c = t13.fit("x", off_only, 0.95)
    assert c > 0 and t13.counts(off_only[0], t13.penalised("x", c)) == (1, 1, 0, 1)
