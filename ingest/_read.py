"""Files on disk -> source documents (text + raw metadata), one format at a time.

A file yields one document, except .jsonl, which yields one per line. Errors are
raised per file (or per line) so the batch can report them and go on. What a file
may ask (size, text length, ZIP declarations) is checked before a parser runs;
`read_all` is what the parsing child process (ingest._sandbox) runs.
"""
from __future__ import annotations

import base64
import html
import json
import os
import re
import stat
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator
from urllib.parse import unquote

from ingest import _mail, _office, _parsers
from ingest._decode import clean_text, decode_bytes
from ingest._errors import BAD_JSONL, CORRUPT, EMPTY, TOO_LARGE, UNREADABLE, UNSUPPORTED, IngestError
from ingest._limits import MAX_FILE_BYTES, MAX_PARTS_CHARS, MAX_TEXT_CHARS
from ingest._sniff import check_format

SUPPORTED = (".txt", ".md", ".markdown", ".docx", ".pdf", ".html", ".htm", ".jsonl", ".pptx", ".odt", ".eml")


@dataclass
class SourceDocument:
    doc_id: str
    text: str
    fields: dict  # front matter or JSONL fields, as written
    source_path: str | None
    # Every part of the file as text, also what the parser does not read (a Word file's
    # headers, footers, comments and properties, front-matter fields ingest does not know,
    # an e-mail's headers): only to decide whether the original may be kept as uploaded.
    # None: a part cannot be read as text (an e-mail's .docx attachment), so it is not kept.
    whole: str | None = ""


def read_all(path: Path, doc_id: str) -> list[SourceDocument | IngestError]:
    """`read_file` as a list, with the ways a parser can fail mapped to reasons."""
    try:
        return list(read_file(path, doc_id))
    except PermissionError:
        raise IngestError(UNREADABLE, "no permission to read the file; ask whoever owns it to share it") from None
    except RecursionError:
        raise IngestError(CORRUPT, "the file is nested too deeply to read (damaged or hostile?)") from None


def read_file(path: Path, doc_id: str) -> Iterator[SourceDocument | IngestError]:
    """Documents in one file; a JSONL line that fails is yielded as its error."""
    _check_file(path)
    suffix = path.suffix.lower()
    if suffix not in SUPPORTED:
        # the extension alone: a name without one is someone's words ('notities mevrouw Yilmaz')
        what = f"'{suffix}'" if suffix[1:].isalnum() and len(suffix) <= 6 else "without a known extension"
        raise IngestError(UNSUPPORTED, f"unsupported file type {what} (supported: {', '.join(SUPPORTED)})")
    check_format(path, suffix)
    if suffix == ".jsonl":
        yield from _read_jsonl(path)
        return
    text, fields = _parse(path, suffix)
    yield SourceDocument(doc_id, _cleaned(text), fields, str(path), every_part(path, suffix))


_OFFICE = {".docx": "Word", ".pptx": "PowerPoint", ".odt": "Writer"}


def every_part(path: Path, suffix: str) -> str | None:
    """The text of every part of the file (see SourceDocument.whole): a text format's
    bytes as they are, an Office package's part names, XML text and attribute values
    (see _office.package_text; checked against its ZIP limits already), a PDF's properties,
    annotations and form fields, an e-mail's decoded headers and parts, with character
    references decoded too. None when a part cannot be read as text (an e-mail's binary
    attachment, an embedded object) or when all parts hold more than MAX_PARTS_CHARS (a
    cut-off check missed a header after a long text): the original is then not kept."""
    whole: str | None
    marks = ""
    if suffix in (".docx", ".pptx", ".odt"):
        with _parsers.unreadable_package(suffix, _OFFICE[suffix]):   # a part the parser never read
            whole = _office.package_text(path)
    elif suffix == ".pdf":
        parts = _parsers.pdf_properties(path)
        whole, marks = parts if parts is not None else (None, "")
    elif suffix == ".eml":
        whole = _mail.every_part(path.read_bytes())
    else:   # .txt, .md, .html: the file as written, front matter and tags too
        whole = decode_bytes(path.read_bytes())
    if whole is None or len(whole) + len(marks) > MAX_PARTS_CHARS:   # not all of it can be checked
        return None
    # the file's own NUL is no mark: what follows it is read by the rules as the rest
    whole, marks = whole.replace(LIST_ONLY, " "), marks.replace(LIST_ONLY, " ")
    embedded = _data_uris(f"{whole}\n{marks}")
    if embedded is None:
        return None
    written = _decoded_too("\n".join([whole, *embedded]))
    return f"{written}{LIST_ONLY}{_decoded_too(marks)}" if marks else written


# In SourceDocument.whole, what follows it a program wrote (a PDF's names '/Root' and
# '/Link', the tool that made it, 'pdfTeX-1.40'): checked against the community's list of
# clients, not by the name rules, which take such capitalised words for names
# (ingest._document.names_elsewhere).
LIST_ONLY = "\x00"


_DATA_URI = re.compile(r"data:([\w.+-]+/[\w.+-]+)?(?:;[\w.+=-]+)*;base64,([A-Za-z0-9+/=\s]+)", re.IGNORECASE)


def _data_uris(whole: str) -> list[str] | None:
    """The text of every base64 `data:` URI in the parts (an HTML or Markdown file's
    inline frame, object or link opens it): pictures and fonts are not read (as an
    Office file's are not); None when one is neither text nor a picture (a zip, a PDF)."""
    texts = []
    for match in _DATA_URI.finditer(whole):
        kind = (match.group(1) or "text/plain").lower()
        if kind.startswith(("image/", "font/")) and kind != "image/svg+xml":
            continue
        try:
            data = base64.b64decode("".join(match.group(2).split()) + "==")
            texts.append(data.decode("utf-8"))
        except (ValueError, UnicodeDecodeError):
            return None
    return texts


def _decoded_too(whole: str) -> str:
    """The parts, then as a viewer shows them: character references decoded ("Y&#105;lmaz"
    in an attribute or an HTML mail part is shown as "Yilmaz"), percent-escapes in links
    ("mailto:%59ilmaz@...", "https://.../%59ilmaz"), and tags taken out."""
    shown = unquote(html.unescape(whole)) if "&" in whole or "%" in whole else whole
    # a name split by markup where the reader does not look ("Yil<tspan>maz</tspan>" in an
    # SVG, "Yil<!---->maz" in a <noscript>) is shown whole: the text with every tag taken out
    joined = _TAG.sub("", shown) if "<" in shown else shown
    return "\n".join(dict.fromkeys([whole, shown, joined]))


_TAG = re.compile(r"<!--.*?-->|<[^<>]*>", re.DOTALL)


def _check_file(path: Path) -> None:
    """A readable regular file of an acceptable size (symlinks followed)."""
    try:
        info = path.stat()
    except OSError as exc:
        raise IngestError(UNREADABLE, f"cannot open the file ({exc.strerror or exc}; a broken or looping link?)") from None
    if stat.S_ISDIR(info.st_mode):
        readable = os.access(path, os.R_OK | os.X_OK)
        raise IngestError(UNREADABLE, "this is a folder, not a file" if readable else
                          "no permission to read this folder; its files were left out")
    if not stat.S_ISREG(info.st_mode):
        raise IngestError(UNREADABLE, "this is not a regular file (a pipe, socket or device)")
    if not os.access(path, os.R_OK):
        raise IngestError(UNREADABLE, "no permission to read the file; ask whoever owns it to share it")
    if info.st_size == 0:
        raise IngestError(EMPTY, "the file is empty")
    if info.st_size > MAX_FILE_BYTES:
        raise IngestError(TOO_LARGE, f"the file is {info.st_size / 2**20:.1f} MB;"
                                     f" the limit is {MAX_FILE_BYTES / 2**20:.0f} MB")


def _cleaned(text: str) -> str:
    """Refuse text too long to be one document before the (per character) cleaning."""
    if len(text) > MAX_TEXT_CHARS:
        raise IngestError(TOO_LARGE, f"the text is {len(text):,} characters (about {len(text) // 2500}"
                                     f" pages); the limit is {MAX_TEXT_CHARS:,}: split the document")
    return clean_text(text)


def _parse(path: Path, suffix: str) -> tuple[str, dict]:
    if suffix == ".docx":
        return _parsers.parse_docx(path)
    if suffix == ".pdf":
        return _parsers.parse_pdf(path)
    if suffix in (".html", ".htm"):
        return _parsers.parse_html(path.read_bytes())
    if suffix == ".pptx":
        return _office.parse_pptx(path)
    if suffix == ".odt":
        return _office.parse_odt(path)
    if suffix == ".eml":
        return _mail.parse_eml(path.read_bytes())
    return _parsers.parse_text(path.read_bytes())


def _read_jsonl(path: Path) -> Iterator[SourceDocument | IngestError]:
    for number, line in enumerate(decode_bytes(path.read_bytes()).splitlines(), start=1):
        if line.strip():
            try:
                yield _jsonl_document(line, number, str(path))
            except IngestError as error:
                error.detail = f"line {number}: {error.detail}"
                yield error


def _jsonl_document(line: str, number: int, source: str) -> SourceDocument:
    try:
        record = json.loads(line)
    except json.JSONDecodeError as exc:
        raise IngestError(BAD_JSONL, f"not valid JSON ({exc.msg})") from None
    if not isinstance(record, dict) or not str(record.get("id", record.get("_id", ""))).strip():
        raise IngestError(BAD_JSONL, "each line needs an object with an 'id'")
    if not isinstance(record.get("text"), str) or not record["text"].strip():
        raise IngestError(BAD_JSONL, "the 'text' field is missing or empty")
    doc_id = str(record.pop("id", None) or record.pop("_id"))
    text = _cleaned(record.pop("text"))
    return SourceDocument(doc_id, text, {k: v for k, v in record.items() if v not in (None, "")}, source)
