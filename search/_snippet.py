"""Snippets: a passage's best sentences with the query's words marked.

A word is marked when its lemma or its surface form matches a query lemma, so
"bewoners" lights up for the query "bewoner". Everything is HTML-escaped here,
and only our own <mark> tags are added, so templates can trust the result.
"""
from __future__ import annotations

from html import escape

from store._analyzer import fold

SNIPPET_SENTENCES = 2


def _matches(token, terms: set[str]) -> bool:
    return token.is_alpha and not token.is_stop and (
        fold(token.lemma_ or token.text) in terms or fold(token.text) in terms)


def _marked(tokens, terms: set[str]) -> str:
    parts = []
    for token in tokens:
        text = escape(token.text)
        parts.append((f"<mark>{text}</mark>" if _matches(token, terms) else text) + token.whitespace_)
    return "".join(parts).strip()


def snippet(text: str, terms: set[str], sentences: int = SNIPPET_SENTENCES) -> str:
    """The `sentences` sentences with most query words, in document order, marked."""
    from models import get_nlp

    sents = list(get_nlp()(text).sents)
    ranked = sorted(range(len(sents)), key=lambda i: -sum(_matches(t, terms) for t in sents[i]))
    chosen = sorted(ranked[:sentences])
    pieces = [_marked(sents[i], terms) for i in chosen]
    lead = "… " if chosen and chosen[0] > 0 else ""
    tail = " …" if chosen and chosen[-1] < len(sents) - 1 else ""
    return lead + " … ".join(pieces) + tail


def highlight(text: str, terms: set[str]) -> str:
    """The whole text, escaped, with query words marked."""
    from models import get_nlp

    return _marked(get_nlp()(text), terms)
