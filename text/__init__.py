"""Dutch text handling shared by ingest, store and search: the lexical analysis (what the
lexical index stores and queries are matched with), compound splitting, sentences and
chunking. Depends only on `models` (for spaCy), so every other package can use it.

- `analyze` / `analyze_many` / `terms_of`: index or query terms (`Analysis` says which);
  `ANALYZER_VERSION` is recorded with the index, and a different one re-analyses it.
- `fold`: lower case without diacritics, as FTS5's unicode61 tokenizer sees a word.
- `with_parts`, `split_compound`: compound parts ("woonzorgcentrum" -> woon, zorgcentrum, ...).
- `latin_lookalikes`, `compatibility_letters`: 'Jаnssens' (a Cyrillic а) and '𝐉𝐚𝐧' in plain Latin letters.
- `sentences`: a document's sentences and headings as offsets; `chunk_spans`: its chunks;
  `embedding_text`: what a chunk is embedded as (title and heading as context).
"""
from text._analysis import (
    ANALYZER_VERSION,
    DEFAULT,
    LEMMAS_AND_PARTS,
    QUESTION_FRAME,
    SNOWBALL_STOP,
    Analysis,
    analyze,
    analyze_many,
    fold,
    stem,
    terms_of,
    with_parts,
)
from text._chunking import MAX_WORDS, MIN_WORDS_AT_HEADING, Span, chunk_spans, embedding_text
from text._compounds import split_compound
from text._letters import compatibility_letters, latin_lookalikes
from text._sentences import MAX_BLOCK_CHARS, Sentence, sentences

__all__ = [
    "ANALYZER_VERSION", "DEFAULT", "LEMMAS_AND_PARTS", "QUESTION_FRAME", "SNOWBALL_STOP", "Analysis",
    "analyze", "analyze_many", "fold", "stem", "terms_of", "with_parts", "split_compound",
    "MAX_WORDS", "MIN_WORDS_AT_HEADING", "Span", "chunk_spans", "embedding_text", "MAX_BLOCK_CHARS", "Sentence", "sentences",
    "compatibility_letters", "latin_lookalikes",
]
