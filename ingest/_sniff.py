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
import zlib
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
_EXPECTED = {".pdf": "pdf", ".docx": "zip", ".pptx": "zip", ".odt": "zip"}
_NAMES = {".pdf": "PDF", ".docx": "Word (.docx)", ".pptx": "PowerPoint (.pptx)", ".odt": "OpenDocument (.odt)"}
_OLD_OFFICE = {".docx": ("Word", ".doc"), ".pptx": ("PowerPoint", ".ppt")}
_ENCRYPTED_OFFICE = "EncryptedPackage".encode("utf-16-le")
# What kind of package a ZIP is, by a part only that kind has: (suffix, description).
_PACKAGE_PARTS = (("word/document.xml", ".docx", "Word document (.docx)"),
                  ("ppt/presentation.xml", ".pptx", "PowerPoint presentation (.pptx)"),
                  ("xl/workbook.xml", ".xlsx", "Excel workbook (.xlsx)"))
_ODF_TYPES = {b"application/vnd.oasis.opendocument.text": (".odt", "OpenDocument text (.odt)"),
              b"application/vnd.oasis.opendocument.spreadsheet": (".ods", "OpenDocument spreadsheet (.ods)"),
              b"application/vnd.oasis.opendocument.presentation": (".odp", "OpenDocument presentation (.odp)")}
_READABLE = frozenset(_EXPECTED)


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
    right = ".pdf" if kind == "pdf" else None
    if kind == "zip":
        check_zip(path)
        right, description = package_kind(path) or (None, description)
        if expected == "zip" and right in (suffix, None):
            return  # the right package, or one the parser will judge
    elif kind == expected:
        return
    if kind == "ole" and suffix in _OLD_OFFICE:
        _refuse_old_office(path, suffix)
    if kind is None:
        raise IngestError(CORRUPT, f"not a readable {_NAMES.get(suffix, suffix)} file (it does not start like one)")
    hint = f"; rename it to {right}" if right in _READABLE else "; save it as .docx, .pdf or .txt"
    raise IngestError(WRONG_TYPE, f"the file is a {description}, not a {suffix} file{hint}")


def _refuse_old_office(path: Path, suffix: str) -> None:
    program, old = _OLD_OFFICE[suffix]
    if _ENCRYPTED_OFFICE in path.read_bytes():
        raise IngestError(ENCRYPTED, f"the {program} file is protected with a password;"
                                     " save an unprotected copy and try again")
    raise IngestError(WRONG_TYPE, f"the file is an old {program} document ({old}) with a {suffix} name;"
                                  f" open it in {program} or LibreOffice and save it as {suffix}")


def package_kind(path: Path) -> tuple[str, str] | None:
    """(suffix, description) of an Office or OpenDocument package, None if it is not
    recognisably one. Called after check_zip, so the small `mimetype` part may be read."""
    try:
        with zipfile.ZipFile(path) as archive:
            names = set(archive.namelist())
            for part, suffix, description in _PACKAGE_PARTS:
                if part in names:
                    return suffix, description
            if "mimetype" in names and archive.getinfo("mimetype").file_size <= 200:
                return _ODF_TYPES.get(archive.read("mimetype").strip())
    except (zipfile.BadZipFile, OSError, ValueError, zlib.error):
        return None  # a damaged part: the parser reports it
    return None


def check_zip(path: Path) -> None:
    """Refuse a ZIP package whose declared parts are too many, too big or compressed
    suspiciously well, before anything is unpacked."""
    try:
        with zipfile.ZipFile(path) as archive:
            parts = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError) as exc:
        raise IngestError(CORRUPT, f"the ZIP package inside the file is damaged ({exc.__class__.__name__})") from None
    if len(parts) > MAX_ZIP_MEMBERS:
        raise IngestError(TOO_LARGE, f"the file holds {len(parts)} parts; the limit is {MAX_ZIP_MEMBERS}")
    total = sum(part.file_size for part in parts)
    if total > MAX_UNZIPPED_BYTES:
        raise IngestError(TOO_LARGE, f"the file would unpack to {total // 2**20} MB;"
                                     f" the limit is {MAX_UNZIPPED_BYTES // 2**20} MB")
    for part in parts:
        if part.file_size > 2**20 and part.file_size > MAX_ZIP_RATIO * max(part.compress_size, 1):
            raise IngestError(TOO_LARGE, "a part would grow"
                                         f" {part.file_size // max(part.compress_size, 1)} times when"
                                         " unpacked (a zip bomb?)")
