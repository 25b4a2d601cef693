"""The Dutch spaCy pipeline, built once per process.

A trained ``nl_core_news_*`` package gives better sentences and lemmas, so it
is used when installed. Otherwise a blank Dutch pipeline with a rule-based
sentencizer and the lookup lemmatizer (tables from spacy-lookups-data, shipped
on PyPI, no download at run time) is good enough for keyword search.
"""

from __future__ import annotations

import functools
from typing import TYPE_CHECKING

from ._errors import ModelError

if TYPE_CHECKING:
    import spacy.language

TRAINED_PIPELINES = ("nl_core_news_sm", "nl_core_news_md", "nl_core_news_lg")


@functools.lru_cache(maxsize=1)
def get_nlp() -> spacy.language.Language:
    """Load the best available Dutch pipeline (spaCy import takes ~1 s, so only once)."""
    import spacy

    for name in TRAINED_PIPELINES:
        if spacy.util.is_package(name):
            return spacy.load(name)
    return _blank_dutch(spacy)


def _blank_dutch(spacy) -> spacy.language.Language:
    nlp = spacy.blank("nl")
    nlp.add_pipe("sentencizer")
    nlp.add_pipe("lemmatizer", config={"mode": "lookup"})
    try:
        nlp.initialize()
    except (ImportError, ValueError, OSError) as exc:
        raise ModelError(
            f"cannot set up the Dutch lemmatizer ({exc}). Fix: install spacy-lookups-data "
            "(in the project's requirements) or a trained pipeline such as nl_core_news_sm."
        ) from exc
    return nlp
