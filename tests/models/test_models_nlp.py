"""The Dutch spaCy pipeline: sentences and lemmas."""
from __future__ import annotations

import models


def test_nlp_is_built_once():
    assert models.get_nlp() is models.get_nlp()


def test_sentences_are_split():
    doc = models.get_nlp()("De bewoners gingen naar de dagbesteding. Zij waren blij! Komt u morgen?")
    assert [s.text for s in doc.sents] == [
        "De bewoners gingen naar de dagbesteding.", "Zij waren blij!", "Komt u morgen?",
    ]


def test_lemmas_are_sensible():
    lemmas = {t.text: t.lemma_ for t in models.get_nlp()("De bewoners gingen naar huis.")}
    assert lemmas["bewoners"] == "bewoner"
    assert lemmas["gingen"] == "gaan"
