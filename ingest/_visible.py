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
These functions write such a name as the letters it shows, before any rule or list runs.
"""
from __future__ import annotations

import html
import unicodedata

import regex

# Cyrillic and Greek letters that look like a Latin one (Unicode's confusables, those
# that look the same in the fonts a browser uses), read as that Latin letter.
_LOOKALIKES = str.maketrans({
    "а": "a", "е": "e", "о": "o", "р": "p", "с": "c", "у": "y", "х": "x", "ѕ": "s", "і": "i", "ј": "j",
    "һ": "h", "ԁ": "d", "ԛ": "q", "ԝ": "w", "ӏ": "l", "ѵ": "v",
    "А": "A", "В": "B", "Е": "E", "К": "K", "М": "M", "Н": "H", "О": "O", "Р": "P", "С": "C", "Т": "T",
    "Х": "X", "Ѕ": "S", "І": "I", "Ј": "J", "Ү": "Y", "Ԝ": "W", "Ԛ": "Q", "Ӏ": "I",
    "Α": "A", "Β": "B", "Ε": "E", "Ζ": "Z", "Η": "H", "Ι": "I", "Κ": "K", "Μ": "M", "Ν": "N", "Ο": "O",
    "Ρ": "P", "Τ": "T", "Υ": "Y", "Χ": "X", "ο": "o", "ν": "v", "ι": "i", "κ": "k", "ρ": "p", "α": "a",
})
_WORD = regex.compile(r"[\p{L}\p{M}]{2,}")
_OTHER_SCRIPT = regex.compile(r"[\u0370-\u052f]")
_LATIN_OR_LOOKALIKE = regex.compile(r"[\p{Latin}\p{M}" + "".join(k for k in map(chr, _LOOKALIKES)) + "]+")


def latin_lookalikes(text: str) -> str:
    """Words written in Latin letters and other scripts' lookalikes ('Jаnssens') in Latin
    letters alone. A word with a letter that has no Latin lookalike (Russian 'Иванов',
    Greek 'λόγος') stays as written: it is that script's word, not a disguised one."""
    def latin(match: regex.Match[str]) -> str:
        word = match.group()
        return word.translate(_LOOKALIKES) if _LATIN_OR_LOOKALIKE.fullmatch(word) else word
    return _WORD.sub(latin, text) if _OTHER_SCRIPT.search(text) else text


# Where Unicode keeps letters for compatibility: ligatures, full-width forms, mathematical
# letters, 'ĳ', 'ŀ', 'ſ', 'ǆ', modifier and subscript letters, letter-like symbols, circled letters.
_COMPATIBILITY = regex.compile(r"[\u0132\u0133\u013f\u0140\u017f\u01c4-\u01cc\u01f1-\u01f3\u1d2c-\u1d6a"
                               r"\u2090-\u209c\u2100-\u214f\u24b6-\u24e9\ufb00-\ufb06\uff21-\uff3a\uff41-\uff5a"
                               r"\U0001d400-\U0001d7ff\U0001f130-\U0001f189]")


def compatibility_letters(text: str) -> str:
    """A letter Unicode keeps only for compatibility ('𝐉' mathematical bold, 'Ｊ' full
    width, the ligature 'ﬁ', 'ĳ', 'Ⓙ') as the plain letters it stands for (NFKC); a
    symbol that stands for no letters ('℃' stays) and every other character stay."""
    def plain(match: regex.Match[str]) -> str:
        shown = unicodedata.normalize("NFKC", match.group())
        return shown if shown.isalpha() else match.group()
    return _COMPATIBILITY.sub(plain, text)


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
# A word broken at a line's end: a hyphen, the line break, and the word's lower-case rest.
_BROKEN_WORD = regex.compile(r"(?<=\p{L})-[ \t]*\n[ \t]*(?=\p{Ll})")


def words_joined(text: str) -> str:
    """A word split by markup ('**Jan**ssens', 'Jan<b>ssens</b>') or broken at a line's end
    ('Jans-\\nsens') written whole, as it reads."""
    return _BROKEN_WORD.sub("", _MARKUP_IN_WORD.sub("", text))


def as_shown(text: str) -> str:
    """All of the above, in the order they build on each other."""
    return latin_lookalikes(words_joined(compatibility_letters(letter_references(text))))
