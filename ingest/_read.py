"""Files on disk -> source documents (text + raw metadata), one format at a time.

A file yields one document, except .jsonl, which yields one per line. Errors are
raised per file (or per line) so the batch can report them and go on.
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator

from ingest import _parsers
from ingest._decode import clean_text, decode_bytes
from ingest._errors import BAD_JSONL, EMPTY, TOO_LARGE, UNSUPPORTED, IngestError

SUPPORTED = (".txt", ".md", ".markdown", ".docx", ".pdf", ".html", ".htm", ".jsonl")
MAX_FILE_BYTES = 50 * 1024 * 1024


@dataclass
class SourceDocument:
    doc_id: str
    text: str
    fields: dict  # front matter or JSONL fields, as written
    source_path: str | None


def read_file(path: Path, doc_id: str) -> Iterator[SourceDocument | IngestError]:
    """Documents in one file; a JSONL line that fails is yielded as its error."""
    suffix = path.suffix.lower()
    if suffix not in SUPPORTED:
        raise IngestError(UNSUPPORTED, f"unsupported file type '{suffix or path.name}'"
                          f" (supported: {', '.join(SUPPORTED)})")
    size = path.stat().st_size
    if size == 0:
        raise IngestError(EMPTY, "the file is empty")
    if size > MAX_FILE_BYTES:
        raise IngestError(TOO_LARGE, f"the file is {size // 2**20} MB; the limit is {MAX_FILE_BYTES // 2**20} MB")
    if suffix == ".jsonl":
        yield from _read_jsonl(path)
        return
    text, fields = _parse(path, suffix)
    yield SourceDocument(doc_id, clean_text(text), fields, str(path))


def _parse(path: Path, suffix: str) -> tuple[str, dict]:
    if suffix == ".docx":
        return _parsers.parse_docx(path)
    if suffix == ".pdf":
        return _parsers.parse_pdf(path)
    if suffix in (".html", ".htm"):
        return _parsers.parse_html(path.read_bytes())
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
    text = clean_text(record.pop("text"))
    return SourceDocument(doc_id, text, {k: v for k, v in record.items() if v not in (None, "")}, source)
