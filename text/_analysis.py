"""The lexical analyzer: what the lexical index stores and what queries are matched with.

Both sides (ingest when indexing, search when querying) must analyse text the same
way, so both take it from this one module (the store records its version). Dutch-aware: spaCy
lemmas (bewoners -> bewoner, ging -> gaan), case and diacritics folded (ideeën ->
ideeen), Snowball's short Dutch stop list, and the parts of mixed tokens
(AOW-leeftijd -> aow, leeftijd; e-mail -> mail), which spaCy keeps whole and an
alphabetic-only filter used to drop. Which of these, and whether Snowball stems
or compound parts are indexed too (`Analysis`), was chosen by lexical nDCG@10 on
the tuning halves of three sets (bench/tuning/tune.py; README "Retrieval quality"):
stems beside lemmas and compound parts both measured lower, the word parts and
the short stop list higher.
`ANALYZER_VERSION` is recorded with the index; a different one re-analyses it
(ingest.relex), since index and query terms must come from the same analyser.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from typing import Iterable

from text._compounds import split_compound

ANALYZER_VERSION = "2"  # 1: lemmas + compound parts, spaCy stop words; 2: see `Analysis`

# Words that frame a question rather than say what it is about ("wie heeft
# ervaring met ...", "tips voor ..."); they match everywhere, so queries drop them.
QUESTION_FRAME = frozenset({
    "ervaring", "iemand", "tip", "tips", "advies", "voorbeeld", "idee", "weten", "kennen",
    "vraag", "zoeken", "graag", "omgaan",
})


# Snowball's Dutch stop list (101 words). spaCy's (343) also drops content words
# that questions turn on: mag, mogen, sinds, alleen, binnen, minder, eigen, lang.
SNOWBALL_STOP = frozenset("""aan al alles als altijd andere ben bij daar dan dat de der deze die dit doch doen
door dus een eens en er ge geen geweest haar had heb hebben heeft hem het hier hij hoe hun iemand iets ik in
is ja je kan kon kunnen maar me meer men met mij mijn moet na naar niet niets nog nu of om omdat onder ons ook
op over reeds te tegen toch toen tot u uit uw van veel voor want waren was wat werd wezen wie wil worden wordt
zal ze zelf zich zij zijn zo zonder zou""".split())


@dataclass(frozen=True)
class Analysis:
    """Which terms a word contributes; the defaults are the ones the index uses
    (chosen on the tuning halves of the evaluation sets, see bench/tuning/tune.py)."""

    stems: bool = False          # the Snowball stem beside the lemma
    lemmas: bool = True          # False: the stem instead of the lemma
    compounds: bool = False      # compound parts, on the index side only
    snowball_stop: bool = True   # Snowball's short stop list instead of spaCy's
    frame: bool = True           # queries drop QUESTION_FRAME words
    word_parts: bool = True      # index the parts of tokens such as "AOW-leeftijd", "e-mail", "16-jarige"


DEFAULT = Analysis()
# Analyser 1 (lemmas, spaCy's stop words, compound parts): what the theme tagger
# matches theme lemmas against (its F1 was measured with it; compound parts let
# "hitte" meet "hittegolf"), independent of what the lexical index chooses.
LEMMAS_AND_PARTS = Analysis(compounds=True, snowball_stop=False, word_parts=False)


def fold(word: str) -> str:
    """Lower case without diacritics, as FTS5's unicode61 tokenizer sees it."""
    decomposed = unicodedata.normalize("NFKD", word.lower())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


@lru_cache(maxsize=1)
def _stemmer():
    import Stemmer  # PyStemmer: the Snowball stemmers in C

    return Stemmer.Stemmer("dutch")


def stem(word: str) -> str:
    """The Snowball (Dutch) stem of a folded word."""
    return _stemmer().stemWord(word)


def with_parts(body: str) -> list[str]:
    """An index body as analyser 1 saw text: spaCy's stop words dropped and compound
    parts added, for the theme tagger and labels, which were measured that way."""
    from spacy.lang.nl.stop_words import STOP_WORDS

    return [t for w in body.split() if w not in STOP_WORDS for t in (w, *split_compound(w))]


def analyze_many(texts: Iterable[str], for_query: bool = False, analysis: Analysis = DEFAULT) -> list[list[str]]:
    """Index terms for each text (see `Analysis`)."""
    from models import get_nlp

    nlp = get_nlp()
    return [terms_of(doc, for_query, analysis) for doc in nlp.pipe(texts, batch_size=64)]


def analyze(text: str, for_query: bool = False) -> list[str]:
    return analyze_many([text], for_query)[0]


def _words(doc, analysis: Analysis):
    """(surface, lemma) of each content word; with `word_parts`, the alphanumeric
    parts of mixed tokens ("AOW-leeftijd" -> aow, leeftijd) count as words too."""
    for token in doc:
        stop = fold(token.text) in SNOWBALL_STOP if analysis.snowball_stop else token.is_stop
        if stop or len(token.text) < 2:
            continue
        if token.is_alpha or token.is_digit:
            yield fold(token.text), fold(token.lemma_ if token.lemma_ and token.lemma_.strip() else token.text)
        elif analysis.word_parts:
            for part in _PART.findall(fold(token.text)):
                if len(part) > 1 and part not in SNOWBALL_STOP:
                    yield part, part


_PART = re.compile(r"[^\W_]+")


def terms_of(doc, for_query: bool, analysis: Analysis = DEFAULT) -> list[str]:
    """The terms of one spaCy doc."""
    terms = []
    for surface, lemma in _words(doc, analysis):
        if for_query and analysis.frame and lemma in QUESTION_FRAME:
            continue
        if analysis.lemmas:
            terms.append(lemma)
        if analysis.stems or not analysis.lemmas:
            stem = _stemmer().stemWord(surface)
            if len(stem) > 1 and (stem != lemma or not analysis.lemmas):
                terms.append(stem)
        if analysis.compounds and not for_query:
            terms.extend(split_compound(lemma))
    return terms
