"""Sentences of a document: heading lines as units of their own, paragraphs split by
spaCy's Dutch sentence splitter, and "sentences" longer than the embedding window
(lists without full stops, huge lines) cut at word boundaries. Offsets are into the
document text, so chunks made of them are contiguous spans pages can highlight.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

MAX_BLOCK_CHARS = 50_000  # spaCy refuses texts over nlp.max_length, and slows down long before
_HEADING = re.compile(r"^#{1,6}\s+\S.*$", re.MULTILINE)
_WORD = re.compile(r"\S+")


@dataclass(frozen=True)
class Sentence:
    start: int
    end: int
    words: int
    heading: str | None  # the heading this sentence starts, if it is a heading line


def _blocks(text: str) -> list[tuple[int, str, bool]]:
    """(offset, text, is_heading) for each heading line and each paragraph."""
    blocks, start, offset = [], None, 0
    for line in text.splitlines(keepends=True):
        is_heading = _HEADING.fullmatch(line.rstrip("\n")) is not None
        if start is not None and (is_heading or not line.strip()):
            blocks += _paragraph(text, start, offset)
            start = None
        if is_heading:
            blocks.append((offset, line, True))
        elif line.strip() and start is None:
            start = offset
        offset += len(line)
    if start is not None:
        blocks += _paragraph(text, start, offset)
    return blocks


def _paragraph(text: str, start: int, end: int) -> list[tuple[int, str, bool]]:
    """A paragraph as one block, or cut at whitespace into blocks spaCy can take."""
    pieces = []
    while end - start > MAX_BLOCK_CHARS:
        limit = start + MAX_BLOCK_CHARS
        cut = max(text.rfind(space, start + 1, limit) for space in " \n\t")
        cut = cut if cut > start else limit
        pieces.append((start, text[start:cut], False))
        start = cut
    return pieces + [(start, text[start:end], False)]


def sentences(text: str, max_words: int) -> list[Sentence]:
    """Headings as their own units, paragraphs split into sentences by spaCy."""
    from models import get_nlp

    blocks = _blocks(text)
    paragraphs = (block for _, block, is_heading in blocks if not is_heading)
    docs = iter(get_nlp().pipe(paragraphs, batch_size=64))
    out: list[Sentence] = []
    for offset, block, is_heading in blocks:
        if is_heading:
            out.append(_sentence(text, offset, offset + len(block), block.strip().strip("#").strip()))
            continue
        for sent in next(docs).sents:
            out += _split_long(text, offset + sent.start_char, offset + sent.end_char, max_words)
    return [s for s in out if s.words]


def _split_long(text: str, start: int, end: int, max_words: int) -> list[Sentence]:
    """A 'sentence' longer than the window (a list without full stops, a huge
    line) is cut at word boundaries so that no chunk exceeds the window."""
    words = list(_WORD.finditer(text, start, end))
    pieces = [words[i:i + max_words] for i in range(0, len(words), max_words)]
    return [_sentence(text, p[0].start(), p[-1].end()) for p in pieces if p]


def _sentence(text: str, start: int, end: int, heading: str | None = None) -> Sentence:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return Sentence(start, end, len(text[start:end].split()), heading)
