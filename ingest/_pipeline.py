"""Ingest: files -> source documents -> drafts (metadata, chunks) -> store.

Each document is processed on its own, so one bad file is reported and the
others go on, and each is staged, indexed and published as one unit (see
store._write): a document is either fully searchable or not there at all.
"""
from __future__ import annotations

import hashlib
import json
import logging
import time
from dataclasses import asdict
from pathlib import Path
from typing import Callable, Iterable

from ingest._chunk import chunk_spans
from ingest._errors import UNEXPECTED, IngestError
from ingest._metadata import Overrides, resolve_meta
from ingest._read import SUPPORTED, SourceDocument, read_file
from ingest._report import FAILED, INGESTED, REPLACED, UNCHANGED, IngestReport, Outcome
from store import ChunkDraft, DocumentDraft, Store
from store._analyzer import analyze_many

log = logging.getLogger(__name__)
Progress = Callable[[int], None]


def discover(paths: Iterable[Path]) -> list[tuple[Path, str]]:
    """(file, doc id) pairs: a folder contributes every file below it, with ids
    relative to that folder; a file named directly gets its own name as id."""
    found = []
    for path in paths:
        if path.is_dir():
            files = sorted(p for p in path.rglob("*") if p.is_file() and not _hidden(p, path))
            found += [(p, p.relative_to(path).as_posix()) for p in files]
        else:
            found.append((path, path.name))
    return found


def _hidden(path: Path, root: Path) -> bool:
    return any(part.startswith(".") for part in path.relative_to(root).parts)


def ingest_files(store: Store, embedder, files: list[tuple[Path, str]], overrides: Overrides,
                 progress: Progress | None = None) -> IngestReport:
    report, started = IngestReport(), time.perf_counter()
    store.check_model(embedder.name, claim=True)
    for path, doc_id in files:
        _ingest_file(store, embedder, path, doc_id, overrides, report)
        if progress:
            progress(1)
    report.seconds = time.perf_counter() - started
    return report


def _ingest_file(store, embedder, path: Path, doc_id: str, overrides: Overrides, report: IngestReport) -> None:
    try:
        for item in read_file(path, doc_id):
            if isinstance(item, IngestError):
                report.add(Outcome(str(path), None, FAILED, code=item.code, reason=item.detail))
            else:
                report.add(_guarded(store, embedder, item, path, overrides, report))
    except IngestError as error:
        report.add(Outcome(str(path), doc_id, FAILED, code=error.code, reason=error.detail))
    except Exception as exc:  # a parser bug must not stop the batch
        log.exception("unexpected error while reading %s", path)
        report.add(Outcome(str(path), doc_id, FAILED, code=UNEXPECTED, reason=f"unexpected error: {exc!r}"))


def _guarded(store, embedder, source: SourceDocument, path: Path, overrides, report) -> Outcome:
    try:
        return ingest_document(store, embedder, source, overrides, report)
    except IngestError as error:
        return Outcome(str(path), source.doc_id, FAILED, code=error.code, reason=error.detail)


def ingest_document(store: Store, embedder, source: SourceDocument, overrides: Overrides,
                    report: IngestReport) -> Outcome:
    """Ingest one document unless an identical version is already there."""
    meta = resolve_meta(source.fields, overrides, source.doc_id, source.text)
    content_hash = _hash(source.text, meta)
    existing = store.get_document(source.doc_id)
    if existing is not None and existing.content_hash == content_hash:
        return Outcome(source.source_path or source.doc_id, source.doc_id, UNCHANGED)
    draft = _draft(source, meta, content_hash)
    started = time.perf_counter()
    vectors = embedder.embed_passages(
        [embedding_text(draft.meta.title, c.heading, c.text) for c in draft.chunks])
    report.embed_seconds += time.perf_counter() - started
    pk = store.stage(draft)
    store.index_vectors(pk, vectors)
    for old in store.publish(pk):
        store.purge(old)
    status = REPLACED if existing is not None else INGESTED
    return Outcome(source.source_path or source.doc_id, source.doc_id, status, chunks=len(draft.chunks))


def _draft(source: SourceDocument, meta, content_hash: str) -> DocumentDraft:
    spans = chunk_spans(source.text)
    texts = [source.text[s.start:s.end] for s in spans]
    lexical = lexical_texts(meta.title, [(s.heading, t) for s, t in zip(spans, texts)])
    chunks = [ChunkDraft(i, t, s.start, s.end, s.heading, body)
              for i, (s, t, body) in enumerate(zip(spans, texts, lexical))]
    return DocumentDraft(source.doc_id, source.text, meta, source.source_path, content_hash, chunks)


def lexical_texts(title: str | None, chunks: list[tuple[str | None, str]]) -> list[str]:
    """What the lexical index holds per chunk: analysed title, heading and text."""
    bodies = (f"{title or ''}\n{heading or ''}\n{text}" for heading, text in chunks)
    return [" ".join(terms) for terms in analyze_many(bodies)]


def embedding_text(title: str | None, heading: str | None, text: str) -> str:
    """The title and heading give a passage its context ("Casus: ..." / "Afspraken")."""
    context = " - ".join(part for part in (title, heading) if part)
    return f"{context}\n{text}" if context else text


def _hash(text: str, meta) -> str:
    payload = json.dumps([text, asdict(meta)], ensure_ascii=False, sort_keys=True, default=str)
    return hashlib.sha256(payload.encode()).hexdigest()


__all__ = ["SUPPORTED", "discover", "ingest_document", "ingest_files"]
