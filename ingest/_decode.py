"""Bytes -> text for plain-text formats, with honest encoding detection.

Order matters: a BOM is certain; UTF-16 without a BOM shows as a zero byte in
every other place (Dutch text is mostly ASCII); strict UTF-8 is almost certain
(legacy 8-bit text rarely decodes as valid UTF-8); only then do we ask
charset-normalizer, a well-kept detector, to choose between legacy code pages
such as cp1252. Whatever was chosen, text full of control characters is binary
data, not text: a stray NUL in a text file is dropped, a binary file refused.
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


BINARY_SHARE = 0.05  # more control characters than this: not text


def decode_bytes(data: bytes) -> str:
    """Decode text of unknown encoding; raises IngestError if it is not text."""
    if not data.strip():
        raise IngestError(EMPTY, "the file is empty")
    encoding = _bom(data) or _utf16_without_bom(data[:4096])
    if encoding is None:
        try:
            return _text(data.decode("utf-8"))
        except UnicodeDecodeError:
            return _text(_detect(data))
    try:
        return _text(data.decode(encoding))
    except UnicodeDecodeError:
        raise IngestError(UNDECODABLE, f"the file looks like {encoding} but is not valid {encoding}") from None


def _bom(data: bytes) -> str | None:
    return next((encoding for bom, encoding in _BOMS if data.startswith(bom)), None)


def _utf16_without_bom(sample: bytes) -> str | None:
    half = len(sample) // 2
    zeros_even, zeros_odd = sample[0::2].count(0), sample[1::2].count(0)
    if zeros_odd > 0.3 * half and zeros_even < 0.05 * half:
        return "utf-16-le"
    if zeros_even > 0.3 * half and zeros_odd < 0.05 * half:
        return "utf-16-be"
    return None


def _text(text: str) -> str:
    sample = text[:100_000]
    controls = sum(1 for ch in sample if ch not in "\n\r\t\f\v" and unicodedata.category(ch) == "Cc")
    if controls > BINARY_SHARE * len(sample):
        raise IngestError(UNDECODABLE, "the file contains binary data, not text")
    return text


def _detect(data: bytes) -> str:
    from charset_normalizer import from_bytes

    best = from_bytes(data, cp_isolation=["cp1252", "latin_1", "cp850", "iso8859_15"]).best()
    if best is None:
        raise IngestError(UNDECODABLE, "the file is not text in a known encoding (binary data?)")
    return str(best)


def clean_text(text: str) -> str:
    """Normalise what every parser returns: NFC, Unix newlines, no control chars."""
    text = unicodedata.normalize("NFC", text).replace("\r\n", "\n").replace("\r", "\n")
    text = "".join(ch for ch in text if ch in "\n\t" or unicodedata.category(ch) != "Cc")
    if not text.strip():
        raise IngestError(NO_TEXT, "the file contains no text")
    return text.strip() + "\n"
