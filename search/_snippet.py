"""Snippets: a passage's best sentences with the spans of the query's words.

A word is marked when its lemma or its surface form matches a query lemma, so
"bewoners" lights up for the query "bewoner". The result is plain text plus
(start, end) character offsets: each interface decides how a match looks (the
web escapes and writes <mark>, the CLI prints text, the API returns the spans),
so no interface has to undo another one's markup.
"""
from __future__ import annotations

from search._boilerplate import boilerplate_spans, is_boilerplate_sentence
from search._types import Snippet
from text import fold

SNIPPET_SENTENCES = 2
GAP = " … "  # between two chosen sentences that are not neighbours in the text


def _matches(token, terms: set[str]) -> bool:
    return token.is_alpha and not token.is_stop and (
        fold(token.lemma_ or token.text) in terms or fold(token.text) in terms)


def _marked(tokens, terms: set[str]) -> Snippet:
    """A run of tokens (a sentence or a whole text) without its outer white space,
    with the offsets of its matching words relative to that stripped text."""
    raw = tokens.text
    core = raw.strip()
    shift = tokens.start_char + len(raw) - len(raw.lstrip())
    return Snippet(core, [(t.idx - shift, t.idx - shift + len(t.text)) for t in tokens if _matches(t, terms)])


def _joined(pieces: list[Snippet], lead: str, tail: str) -> Snippet:
    text, spans = lead, []
    for number, piece in enumerate(pieces):
        text += GAP if number else ""
        spans += [(start + len(text), end + len(text)) for start, end in piece.spans]
        text += piece.text
    return Snippet(text + tail, spans)


def snippet(text: str, terms: set[str], sentences: int = SNIPPET_SENTENCES, heading: str | None = None) -> Snippet:
    """The `sentences` sentences with most query words, in document order, with their
    matches; sentences of an attendance list or page furniture only when nothing else
    is there (search._boilerplate; `heading` is the one the passage starts under)."""
    from models import get_nlp

    sents = list(get_nlp()(text).sents)
    spans = boilerplate_spans(text, heading)
    content = [i for i, sent in enumerate(sents) if not _boilerplate(sent, spans)]
    ranked = sorted(content or range(len(sents)), key=lambda i: -sum(_matches(t, terms) for t in sents[i]))
    chosen = sorted(ranked[:sentences])
    lead = GAP.lstrip() if chosen and chosen[0] > 0 else ""
    tail = GAP.rstrip() if chosen and chosen[-1] < len(sents) - 1 else ""
    return _joined([_marked(sents[i], terms) for i in chosen], lead, tail)


def _boilerplate(sent, spans: list[tuple[int, int]]) -> bool:
    """Whether a sentence is attendance or furniture, judged from its first line that is
    not a heading (spaCy may glue '# Sessie 4' and 'Aanwezig: ...' into one sentence)."""
    offset = 0
    for line in sent.text.splitlines(keepends=True):
        if line.strip() and not line.lstrip().startswith("#"):
            break
        offset += len(line)
    start = sent.start_char + offset
    return is_boilerplate_sentence(sent.text[offset:]) or any(a <= start < b for a, b in spans)


def highlight(text: str, terms: set[str]) -> Snippet:
    """The whole text (without outer white space) with the query words' spans."""
    from models import get_nlp

    doc = get_nlp()(text)
    return _marked(doc[:], terms)
