"""Stored text as people read it: the store keeps the writer's text (often Markdown,
often hard-wrapped); pages show it reflowed, with headings and bold as such, and
snippets without heading lines, query words in <mark>. Everything here returns HTML-safe
strings."""
from __future__ import annotations

import re
from collections.abc import Callable, Set
from html import escape

import search

WRAPPED = 60  # a line at least this long was probably wrapped by the writer's editor
_OWN_LINE = re.compile(r"\s*(#{1,6}\s|[-*•>|]|\d+[.)]\s)")
_MD_HEADING = re.compile(r"(?m)^#{1,6}[ \t]+(.+)$")
_HEADING_LINE = re.compile(r"(?m)(^|…)[ \t]*#{1,6}[ \t]+.*(\n|$)")
_BOLD = re.compile(r"\*\*(\S.*?)\*\*")


def reflow(text: str) -> str:
    """Join the hard-wrapped lines of a paragraph (a newline becomes a space, so the
    length stays the same); short lines, headings and list items keep their own line."""
    lines = text.split("\n")
    out = [lines[0]]
    for previous, line in zip(lines, lines[1:]):
        wrapped = len(previous.rstrip()) >= WRAPPED and not previous.rstrip().endswith(":")
        joined = wrapped and line.strip() and not _OWN_LINE.match(line) and not _OWN_LINE.match(previous)
        out += [" " if joined else "\n", line]
    return "".join(out)


def strong(html: str) -> str:
    """Markdown **bold** as <strong>; unpaired markers are dropped."""
    return _BOLD.sub(r"<strong>\1</strong>", html).replace("**", "")


# While text is escaped and tidied, a match's start and end are these two
# private-use characters, which escaping leaves alone and the regexes above never
# touch, so tidying can only drop whole matches (a match is one word).
_OPEN, _CLOSE = "\ue000", "\ue001"
_MARKERS = re.compile(f"([{_OPEN}{_CLOSE}])")


def marked_html(snippet: search.Snippet, transform: Callable[[str], str] = lambda html: html) -> str:
    """The one place a match becomes <mark>: the snippet's text escaped, each span
    marked, after `transform` (tidying, Markdown) ran over the escaped text.
    Markers the text itself holds become U+FFFD (same length: the spans stay right),
    and the result's marks are always paired, whatever the spans say."""
    text = _MARKERS.sub("\ufffd", snippet.text)
    for start, end in sorted(snippet.spans, reverse=True):
        if 0 <= start < end <= len(text):
            text = text[:start] + _OPEN + text[start:end] + _CLOSE + text[end:]
    return _paired(transform(escape(text)))


def _paired(html: str) -> str:
    """Markers as <mark> and </mark>, dropping any that would nest or close nothing."""
    out, inside = [], False
    for piece in _MARKERS.split(html):
        if piece in (_OPEN, _CLOSE):
            if (piece == _OPEN) != inside:
                out.append("<mark>" if piece == _OPEN else "</mark>")
                inside = not inside
        else:
            out.append(piece)
    return "".join(out) + ("</mark>" if inside else "")


def marked_terms(text: str, terms: set[str]) -> search.Snippet:
    """The text with the query's words' spans, keeping its outer white space."""
    core = text.strip()
    if not core or not terms:
        return search.Snippet(text)
    lead = text.index(core)
    found = search.highlight(core, terms)
    return search.Snippet(text, [(start + lead, end + lead) for start, end in found.spans])


def _markdown(html: str) -> str:
    return strong(_MD_HEADING.sub(r'<strong class="md-heading">\1</strong>', html))


def as_html(text: str, terms: Set[str] = frozenset()) -> str:
    """Escaped, reflowed text, query words marked, Markdown headings shown as headings."""
    return marked_html(marked_terms(reflow(text), set(terms)), _markdown)


def _tidy(html: str) -> str:
    kept = _HEADING_LINE.sub(r"\1 ", html).strip()
    kept = re.sub(r"(… *)+…", "…", kept) if kept.strip("… ") else html.replace("#", "").strip()
    return strong(kept)


def tidy_snippet(snippet: search.Snippet) -> str:
    """A search snippet as HTML, its matches marked, without Markdown heading lines
    (the title and the passage heading are shown next to it), bold shown as bold."""
    return marked_html(snippet, _tidy)


def quoted_opening(text: str) -> str:
    """A passage's opening as the panel quotes it (tidy_text), with "…" where it was cut:
    not after a sentence's end, where QA (7 December) saw "ligt.…"."""
    shown = tidy_text(text)
    return shown if re.sub(r"<[^>]*>", "", shown).rstrip().endswith((".", "!", "?", "…")) else shown + "…"


def tidy_text(text: str) -> str:
    """Stored passage text as a snippet is shown, for a quote made without one ("Wie heeft
    hiermee gewerkt?" quotes each reason's passage opening): before, the panel showed
    "# Casus: ... ## Situatie" and "**" as stored (workflow round 38)."""
    return tidy_snippet(search.Snippet(text))
