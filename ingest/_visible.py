"""A name as a reader sees it, where the characters stored spell it otherwise.

Every rule and the known-names list read words of letters. A reader reads what a text
shows, and a name can show whole while its characters are no such word (attack 30):
- a letter from another script that looks the same ('Jаnssens' with a Cyrillic 'а', as a
  pasted or deliberately disguised text carries it);
- a compatibility letter ('𝐉𝐚𝐧𝐬𝐬𝐞𝐧𝐬', mathematical bold, as a chat or a social-media
  post writes emphasis);
- a character reference in Markdown or a pasted fragment ('J&#97;nssens' shows 'Janssens');
- markup inside a word ('**Jan**ssens', 'Jan<b>ssens</b>' show one word);
- a word broken at a line's end ('Jans-\\nsens', as a PDF or a wrapped text writes it).
Each stayed in the stored text while the list or the rules hid the name written plainly.
These functions write such a name as the letters it shows, before any rule or list runs;
the letters' own two (text._letters) the known-names list folds with too (store._clients).
"""
from __future__ import annotations

import html
import unicodedata

import regex

from text import compatibility_letters, latin_lookalikes

_REFERENCE = regex.compile(r"&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});")


def letter_references(text: str) -> str:
    """Character references that spell a letter ('&#97;', '&#x61;', '&eacute;') as that
    letter, as Markdown and HTML show them; any other ('&amp;', '&lt;') stays."""
    def letter(match: regex.Match[str]) -> str:
        shown = html.unescape(match.group())
        return shown if len(shown) == 1 and unicodedata.category(shown)[0] in "LM" else match.group()
    return _REFERENCE.sub(letter, text) if "&" in text else text


# Between two letters of one word: emphasis ('**', '*', '~~'), an inline tag or a comment.
# A comment is one line's: one that ended far on would join the letters around a passage.
_MARKUP_IN_WORD = regex.compile(r"(?<=\p{L})(?:\*{1,3}|~~|<!--(?:(?!-->)[^\n]){0,200}-->|</?[A-Za-z][^<>\n]{0,200}>)+"
                                r"(?=\p{L})")
# A word broken at a line's end: a hyphen, the line break, and the word's lower-case rest;
# not a hyphen that stands for a shared part ('zorg-\nen welzijnswerk', 'thuis-\nof
# dagbesteding'): the conjunction after it is a word of its own.
_BROKEN_WORD = regex.compile(r"(?<=\p{L})-[ \t]*\n[ \t]*(?=\p{Ll})(?!(?:en|of|tot|noch|als|dan)\b)")


def words_joined(text: str) -> str:
    """A word split by markup ('**Jan**ssens', 'Jan<b>ssens</b>') or broken at a line's end
    ('Jans-\\nsens') written whole, as it reads."""
    return _BROKEN_WORD.sub("", _MARKUP_IN_WORD.sub("", text))


def as_shown(text: str) -> str:
    """All of the above, in the order they build on each other."""
    return latin_lookalikes(words_joined(compatibility_letters(letter_references(text))))
