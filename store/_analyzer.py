"""The lexical analyzer: what the lexical index stores and what queries are matched with.

Both sides (ingest when indexing, search when querying) must analyse text the same
way, so the analyzer belongs to the store that owns the index. Dutch-aware:
spaCy lemmas (bewoners -> bewoner, ging -> gaan), Dutch stop words dropped,
compounds indexed with their parts too (woonzorgcentrum -> woon, zorgcentrum,
zorg, centrum),
case and diacritics folded (ideeën -> ideeen).
"""
from __future__ import annotations

import unicodedata
from typing import Iterable

from store._compounds import split_compound

# Words that frame a question rather than say what it is about ("wie heeft
# ervaring met ...", "tips voor ..."); they match everywhere, so queries drop them.
QUESTION_FRAME = frozenset({
    "ervaring", "iemand", "tip", "tips", "advies", "voorbeeld", "idee", "weten", "kennen",
    "vraag", "zoeken", "graag", "omgaan",
})


def fold(word: str) -> str:
    """Lower case without diacritics, as FTS5's unicode61 tokenizer sees it."""
    decomposed = unicodedata.normalize("NFKD", word.lower())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def analyze_many(texts: Iterable[str], for_query: bool = False) -> list[list[str]]:
    """Index terms for each text (lemmas of content words and their compound parts)."""
    from models import get_nlp

    nlp = get_nlp()
    return [_terms(doc, for_query) for doc in nlp.pipe(texts, batch_size=64)]


def analyze(text: str, for_query: bool = False) -> list[str]:
    return analyze_many([text], for_query)[0]


def _terms(doc, for_query: bool) -> list[str]:
    terms = []
    for token in doc:
        if token.is_stop or not (token.is_alpha or token.is_digit) or len(token.text) < 2:
            continue
        lemma = fold(token.lemma_ if token.lemma_ and token.lemma_.strip() else token.text)
        if for_query and lemma in QUESTION_FRAME:
            continue
        terms.append(lemma)
        if not for_query:
            terms.extend(split_compound(lemma))
    return terms
