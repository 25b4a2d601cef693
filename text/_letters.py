"""Letters that show as other letters: a lookalike from another script and a letter kept
for compatibility. Used where a name is read as a reader sees it: before ingest's rules
and list run (ingest._visible), and in the known-names list's comparison form
(store._clients.fold_name), which a file name, an id or a theme is matched with too.
"""
from __future__ import annotations

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
