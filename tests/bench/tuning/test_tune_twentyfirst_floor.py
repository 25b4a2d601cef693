"""The twenty-first floor round (bench/tuning/tune_twentyfirst_floor.py): a set being written is refused by name, and
the centred cosines read what a question shares with one passage beyond what every passage of the corpus shares
(fast, no model: small synthetic corpora)."""
import numpy as np
import pytest

from bench.tuning import tune_twentyfirst_floor as t21


def test_a_set_being_written_is_refused_by_name(tmp_path):
    for name in ("eval-cases-19", "eval-notes-25", "eval-cases-19-tune"):
        with pytest.raises(SystemExit, match="being written"):
            t21.seen(tmp_path / name)
    assert t21.seen(tmp_path / "eval-cases-17-tune") == tmp_path / "eval-cases-17-tune"


def _unit(x):
    return x / np.linalg.norm(x, axis=-1, keepdims=True)


def _corpus(rng, passages=40, dim=32, shared=3.0):
    """Passages that all lie near one common direction (a care corpus's 'care talk'), each with its own part."""
    common = np.zeros(dim)
    common[0] = 1.0
    own = rng.normal(0.0, 0.15, (passages, dim))
    own[:, 0] = 0.0
    matrix = _unit(shared * common + own)
    return matrix, common, own


def test_centring_takes_away_what_every_passage_shares():
    rng = np.random.default_rng(3)
    matrix, common, own = _corpus(rng)
    c = t21.corpus(matrix, list(range(len(matrix))))
    # a question about the corpus's common subject only (near-domain): close to every passage in raw cosine
    near = _unit(3.0 * common + rng.normal(0.0, 0.05, len(common)))
    # a question about what passage 7 alone says, besides the common subject
    answered = _unit(3.0 * common + own[7])
    f_near, f_answered = t21.features(c, near, [0, 1, 2]), t21.features(c, answered, [7, 1, 2])
    assert float((matrix @ near).max()) > 0.85          # the raw cosine cannot tell the near-domain question
    assert f_answered["ctr_best"] > f_near["ctr_best"] + 0.3
    assert f_answered["ctr_gap10"] > f_near["ctr_gap10"]
    # the centred best passage is the one that answers, the raw best is too, and the lexical leg agrees
    assert f_answered["ctr_same_doc"] == 1.0 and f_answered["ctr_lex3"] == 1.0
    assert f_answered["ctr_at_best"] == pytest.approx(f_answered["ctr_best"])
    # the question less the corpus's centre, for the heads
    assert np.allclose(f_answered["_qmm"], answered - matrix.mean(axis=0))
    for depth in t21.DIRECTIONS:
        assert f_answered[f"abtt{depth}_best"] > f_near[f"abtt{depth}_best"]


def test_the_features_are_defined_on_a_corpus_smaller_than_the_directions_removed():
    rng = np.random.default_rng(5)
    matrix, common, own = _corpus(rng, passages=6)
    c = t21.corpus(matrix, [0, 0, 1, 1, 2, 2])
    f = t21.features(c, _unit(common + own[2]), [1])
    assert set(t21.FEATURES) <= set(f)
    assert all(np.isfinite(f[n]) for n in t21.FEATURES)
    assert f["ctr_lex3"] == 1.0      # passage 2 is document 1's, which the lexical leg put first


def test_the_answer_type_probe_reads_a_question_for_an_amount_and_a_passage_for_a_number():
    assert t21.ASKS_AMOUNT.search("Hoeveel weken ouderschapsverlof heb ik als verpleegkundige?")
    assert t21.ASKS_AMOUNT.search("Wat kost beschermingsbewind per maand?")
    assert not t21.ASKS_AMOUNT.search("Wie heeft ervaring met een bewoner die 's nachts onrustig is?")
    assert t21.HOLDS_NUMBER.search("Na drie weken kwam de wijkverpleging langs.")
    assert t21.HOLDS_NUMBER.search("In 2024 besprak de intervisiegroep de casus.")
    assert not t21.HOLDS_NUMBER.search("De dochter belde de huisarts en vroeg om hulp.")
