"""Stored text as people read it: the store keeps the writer's text (often Markdown,
often hard-wrapped); pages show it reflowed, with headings and bold as such, and
snippets without heading lines. Everything here returns HTML-safe strings."""
from __future__ import annotations

import re
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


def marked_terms(text: str, terms: set[str]) -> str:
    """Escaped text with the query's words marked, keeping its outer white space."""
    core = text.strip()
    if not core or not terms:
        return escape(text)
    lead, tail = text[:text.index(core)], text[text.index(core) + len(core):]
    return escape(lead) + search.highlight(core, terms) + escape(tail)


def as_html(text: str, terms: set[str] = frozenset()) -> str:
    """Escaped, reflowed text, query words marked, Markdown headings shown as headings."""
    html = marked_terms(reflow(text), set(terms))
    return strong(_MD_HEADING.sub(r'<strong class="md-heading">\1</strong>', html))


def tidy_snippet(snippet: str) -> str:
    """A search snippet (already escaped, with <mark>s) without Markdown heading lines
    (the title and the passage heading are shown next to it), bold shown as bold."""
    kept = _HEADING_LINE.sub(r"\1 ", snippet).strip()
    kept = re.sub(r"(… *)+…", "…", kept) if kept.strip("… ") else snippet.replace("#", "").strip()
    return strong(kept)
