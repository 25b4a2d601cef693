"""What a file really is, checked before any parser sees it.

A PDF named .txt would otherwise be "decoded" into nonsense by charset detection,
an old .doc named .docx reported as "damaged", and a .docx that unpacks to
gigabytes (a zip bomb) handed to python-docx. The first bytes name the format;
the ZIP directory declares every part's size before anything is unpacked
(Python's zipfile never unpacks more than a part declares, so the declaration
bounds the work).
"""
from __future__ import annotations

import zipfile
from pathlib import Path

from ingest._errors import CORRUPT, ENCRYPTED, TOO_LARGE, WRONG_TYPE, IngestError
from ingest._limits import MAX_UNZIPPED_BYTES, MAX_ZIP_MEMBERS, MAX_ZIP_RATIO

_MAGIC = (
    (b"PK\x03\x04", "zip", "ZIP package (such as .docx)"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "ole", "old-style Office file (.doc, .xls)"),
    (b"\x89PNG\r\n\x1a\n", "image", "PNG image"),
    (b"\xff\xd8\xff", "image", "JPEG image"),
    (b"GIF8", "image", "GIF image"),
    (b"\x1f\x8b", "archive", "gzip archive"),
    (b"Rar!", "archive", "RAR archive"),
    (b"7z\xbc\xaf", "archive", "7-Zip archive"),
    (b"\x7fELF", "program", "program"),
    (b"{\\rtf", "rtf", "RTF document"),
)
_EXPECTED = {".pdf": "pdf", ".docx": "zip"}
_ENCRYPTED_OFFICE = "EncryptedPackage".encode("utf-16-le")


def sniff(head: bytes, pdf_expected: bool = False) -> tuple[str | None, str]:
    """(kind, description) from a file's first bytes; kind None for anything else (text).
    A PDF may have junk before its header, so a .pdf is searched a little further."""
    if head.startswith(b"%PDF-") or (pdf_expected and b"%PDF-" in head[:1024]):
        return "pdf", "PDF document"
    for magic, kind, description in _MAGIC:
        if head.startswith(magic):
            return kind, description
    return None, "text"


def check_format(path: Path, suffix: str) -> None:
    """Refuse a file whose content does not match its extension, with what to do."""
    with path.open("rb") as handle:
        head = handle.read(4096)
    expected = _EXPECTED.get(suffix)
    kind, description = sniff(head, pdf_expected=expected == "pdf")
    if kind == expected:
        if kind == "zip":
            check_zip(path)
        return
    if suffix == ".docx" and kind == "ole":
        _refuse_old_office(path)
    if kind is None:
        name = {".pdf": "PDF", ".docx": "Word (.docx)"}.get(suffix, suffix)
        raise IngestError(CORRUPT, f"not a readable {name} file (it does not start like one)")
    right = {"pdf": ".pdf", "zip": ".docx"}.get(kind)
    hint = f"; rename it to {right}" if right else "; save it as .docx, .pdf or .txt"
    raise IngestError(WRONG_TYPE, f"the file is a {description}, not a {suffix} file{hint}")


def _refuse_old_office(path: Path) -> None:
    if _ENCRYPTED_OFFICE in path.read_bytes():
        raise IngestError(ENCRYPTED, "the Word file is protected with a password;"
                                     " save an unprotected copy and try again")
    raise IngestError(WRONG_TYPE, "the file is an old Word document (.doc) with a .docx name;"
                                  " open it in Word or LibreOffice and save it as .docx")


def check_zip(path: Path) -> None:
    """Refuse a ZIP package whose declared parts are too many, too big or compressed
    suspiciously well, before anything is unpacked."""
    try:
        with zipfile.ZipFile(path) as archive:
            parts = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError) as exc:
        raise IngestError(CORRUPT, f"the ZIP package inside the file is damaged ({exc})") from None
    if len(parts) > MAX_ZIP_MEMBERS:
        raise IngestError(TOO_LARGE, f"the file holds {len(parts)} parts; the limit is {MAX_ZIP_MEMBERS}")
    total = sum(part.file_size for part in parts)
    if total > MAX_UNZIPPED_BYTES:
        raise IngestError(TOO_LARGE, f"the file would unpack to {total // 2**20} MB;"
                                     f" the limit is {MAX_UNZIPPED_BYTES // 2**20} MB")
    for part in parts:
        if part.file_size > 2**20 and part.file_size > MAX_ZIP_RATIO * max(part.compress_size, 1):
            raise IngestError(TOO_LARGE, f"part {part.filename} would grow"
                                         f" {part.file_size // max(part.compress_size, 1)} times when"
                                         " unpacked (a zip bomb?)")
