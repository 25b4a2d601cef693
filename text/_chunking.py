"""Dutch-aware chunking that follows the document's structure.

A chunk is a contiguous span of the document text (so pages can highlight it by
offsets), made of whole sentences (`text._sentences`), starting a new chunk at a heading when
the current one already says something, kept within the embedding model's window
(about 120-250 words), and overlapping the previous chunk by one sentence when a
long section has to be split.
"""
from __future__ import annotations

from dataclasses import dataclass

from text._sentences import Sentence, sentences

MAX_WORDS = 220
MIN_WORDS_AT_HEADING = 50


@dataclass(frozen=True)
class Span:
    start: int
    end: int
    heading: str | None


def chunk_spans(text: str, max_words: int = MAX_WORDS) -> list[Span]:
    """Split a document into chunk spans (character offsets into `text`)."""
    spans: list[Span] = []
    current: list[Sentence] = []
    heading = chunk_heading = None
    for sentence in sentences(text, max_words):
        words = sum(s.words for s in current)
        at_heading = sentence.heading is not None and words >= MIN_WORDS_AT_HEADING
        if current and (at_heading or words + sentence.words > max_words):
            spans.append(Span(current[0].start, current[-1].end, chunk_heading))
            last = current[-1]
            overlap = not at_heading and last.heading is None and last.words < max_words // 2
            current = [last] if overlap else []
            chunk_heading = heading
        if sentence.heading is not None:
            heading = sentence.heading
        if not current:
            chunk_heading = heading
        current.append(sentence)
    if current:
        spans.append(Span(current[0].start, current[-1].end, chunk_heading))
    return spans


def embedding_text(title: str | None, heading: str | None, text: str) -> str:
    """What a chunk is embedded as: the title and heading give a passage its context
    ("Casus: ..." / "Afspraken"). Ingest, reindex and erasure of the embedding cache
    must all compute the same text, so it is defined once, here."""
    context = " - ".join(part for part in (title, heading) if part)
    return f"{context}\n{text}" if context else text
