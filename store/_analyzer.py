"""The lexical analyzer: what the lexical index stores and what queries are matched with.

Both sides (ingest when indexing, search when querying) must analyse text the same
way, so the analyzer belongs to the store that owns the index. Dutch-aware:
spaCy lemmas (bewoners -> bewoner, ging -> gaan), Dutch stop words dropped,
case and diacritics folded (ideeën -> ideeen).
"""
from __future__ import annotations

import unicodedata
from typing import Iterable


def fold(word: str) -> str:
    """Lower case without diacritics, as FTS5's unicode61 tokenizer sees it."""
    decomposed = unicodedata.normalize("NFKD", word.lower())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def analyze_many(texts: Iterable[str]) -> list[list[str]]:
    """Index terms for each text (lemmas of content words, folded)."""
    from models import get_nlp

    nlp = get_nlp()
    return [_terms(doc) for doc in nlp.pipe(texts, batch_size=64)]


def analyze(text: str) -> list[str]:
    return analyze_many([text])[0]


def _terms(doc) -> list[str]:
    terms = []
    for token in doc:
        if token.is_stop or not (token.is_alpha or token.is_digit) or len(token.text) < 2:
            continue
        lemma = token.lemma_ if token.lemma_ and token.lemma_.strip() else token.text
        terms.append(fold(lemma))
    return terms
