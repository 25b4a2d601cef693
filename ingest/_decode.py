"""Bytes -> text for plain-text formats, with honest encoding detection.

Order matters: a BOM is certain, strict UTF-8 almost certain (legacy 8-bit text
rarely decodes as valid UTF-8), and only then do we ask charset-normalizer, a
well-kept detector, to choose between legacy code pages such as cp1252.
"""
from __future__ import annotations

import codecs
import unicodedata

from ingest._errors import EMPTY, NO_TEXT, UNDECODABLE, IngestError

_BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


def decode_bytes(data: bytes) -> str:
    """Decode text of unknown encoding; raises IngestError if it is not text."""
    if not data.strip():
        raise IngestError(EMPTY, "the file is empty")
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return data.decode(encoding)
    if b"\x00" in data[:4096]:
        raise IngestError(UNDECODABLE, "the file contains binary data (NUL bytes), not text")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return _detect(data)


def _detect(data: bytes) -> str:
    from charset_normalizer import from_bytes

    best = from_bytes(data, cp_isolation=["cp1252", "latin_1", "cp850", "iso8859_15"]).best()
    if best is None:
        raise IngestError(UNDECODABLE, "cannot determine the text encoding")
    return str(best)


def clean_text(text: str) -> str:
    """Normalise what every parser returns: NFC, Unix newlines, no control chars."""
    text = unicodedata.normalize("NFC", text).replace("\r\n", "\n").replace("\r", "\n")
    text = "".join(ch for ch in text if ch in "\n\t" or unicodedata.category(ch) != "Cc")
    if not text.strip():
        raise IngestError(NO_TEXT, "the file contains no text")
    return text.strip() + "\n"
