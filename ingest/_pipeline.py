"""Ingest: files -> source documents -> drafts (metadata, chunks) -> store.

Each file is parsed in a child process with time and memory limits (see
ingest._isolated), so a hostile or broken file becomes one failed line in the
report and in the log and never affects the others. Client names are replaced
before anything is hashed, stored or embedded (ingest._privacy). Each document
is staged, indexed and published as one unit (see store._write): it is either
fully searchable or not there at all.
"""
from __future__ import annotations

import dataclasses
import hashlib
import json
import logging
import os
import time
from dataclasses import asdict
from pathlib import Path
from typing import Callable, Iterable

from ingest._chunk import chunk_spans
from ingest._errors import UNEXPECTED, IngestError
from ingest._forget import embedded_texts, forget_cached
from ingest._isolated import parse_limited
from ingest._metadata import Overrides, resolve_meta
from ingest._privacy import Privacy
from ingest._read import SUPPORTED, SourceDocument
from ingest._report import FAILED, INGESTED, REPLACED, UNCHANGED, IngestReport, Outcome
from store import ChunkDraft, DocumentDraft, Store
from store._analyzer import analyze_many

log = logging.getLogger(__name__)
Progress = Callable[[int], None]
KEEP_CHARS = 20_000_000  # parsed text held between the two passes of a batch


def discover(paths: Iterable[Path]) -> list[tuple[Path, str]]:
    """(file, doc id) pairs: a folder contributes every file below it, with ids
    relative to that folder; a file named directly gets its own name as id."""
    found = []
    for path in paths:
        if path.is_dir():
            found += [(p, p.relative_to(path).as_posix()) for p in _walk(path)]
        else:
            found.append((path, path.name))
    return found


def _walk(root: Path) -> list[Path]:
    """Everything below `root` that is not a folder, so that a broken or looping link
    or a pipe is reported rather than skipped; also an empty folder named like a file
    ("verslag.pdf/") and a folder that cannot be read. Hidden names are skipped; links
    to folders are not followed."""
    entries = []
    for folder, dirs, files in os.walk(root, onerror=lambda error: entries.append(Path(error.filename))):
        dirs[:] = [d for d in dirs if not d.startswith(".")]
        here = Path(folder)
        entries += [here / f for f in files if not f.startswith(".")]
        entries += [here / d for d in dirs if _named_like_a_file(here / d)]
    return sorted(entries)


def _named_like_a_file(folder: Path) -> bool:
    return folder.suffix.lower() in SUPPORTED and (folder.is_symlink() or not any(folder.iterdir()))


def ingest_files(store: Store, embedder, files: list[tuple[Path, str]], overrides: Overrides,
                 progress: Progress | None = None) -> IngestReport:
    """Parse every file first, so that each document's pseudonymisation knows all the
    authors of the batch (a member named in the first report may only write the
    tenth), then ingest them one by one."""
    report, started = IngestReport(), time.perf_counter()
    store.check_model(embedder.name, claim=True)
    parsed, authors = _parse_batch(files, overrides)
    privacy = Privacy(store, authors)
    for path, doc_id, items in parsed:
        items = _parse(path, doc_id) if items is None else items
        _ingest_file(store, embedder, privacy, path, doc_id, items, overrides, report)
        if progress:
            progress(1)
    report.seconds = time.perf_counter() - started
    return report


def _parse(path: Path, doc_id: str) -> list | Exception:
    try:
        return parse_limited(path, doc_id)
    except Exception as exc:  # reported per file by _ingest_file
        return exc


def _parse_batch(files: list[tuple[Path, str]], overrides: Overrides) -> tuple[list, dict[str | None, set[str]]]:
    """(path, doc id, parsed items or None to parse again) per file, and the authors of
    the batch per community. Parsed text is kept up to a budget, so a huge batch
    costs a second parse rather than memory."""
    parsed, authors, budget = [], {}, KEEP_CHARS
    for path, doc_id in files:
        items = _parse(path, doc_id)
        sources = [i for i in items if isinstance(i, SourceDocument)] if isinstance(items, list) else []
        for source in sources:
            _add_authors(authors, source, overrides)
        budget -= sum(len(source.text) for source in sources)
        parsed.append((path, doc_id, items if budget >= 0 or not sources else None))
    return parsed, authors


def _add_authors(authors: dict[str | None, set[str]], source: SourceDocument, overrides: Overrides) -> None:
    try:
        meta = resolve_meta(source.fields, overrides, source.doc_id, source.text)
    except IngestError:
        return  # reported when the document is ingested
    authors.setdefault(meta.community, set()).update(author.name for author in meta.authors)


def _ingest_file(store, embedder, privacy: Privacy, path: Path, doc_id: str, items: list | Exception,
                 overrides: Overrides, report: IngestReport) -> None:
    if isinstance(items, IngestError):
        _failed(report, path, doc_id, items)
        return
    if isinstance(items, Exception):  # a parser bug must not stop the batch
        log.error("unexpected error while reading %s", path, exc_info=items)
        report.add(Outcome(str(path), doc_id, FAILED, code=UNEXPECTED, reason=f"unexpected error: {items!r}"))
        return
    for item in items:
        if isinstance(item, IngestError):
            _failed(report, path, None, item)
        else:
            report.add(_guarded(store, embedder, privacy, item, path, overrides, report))


def _failed(report: IngestReport, path: Path, doc_id: str | None, error: IngestError) -> None:
    log.warning("not ingested: %s: %s (%s)", path, error.detail, error.code)
    report.add(Outcome(str(path), doc_id, FAILED, code=error.code, reason=error.detail))


def _guarded(store, embedder, privacy: Privacy, source: SourceDocument, path: Path, overrides,
             report) -> Outcome:
    try:
        return ingest_document(store, embedder, source, overrides, report, privacy)
    except IngestError as error:
        log.warning("not ingested: %s (%s): %s (%s)", path, source.doc_id, error.detail, error.code)
        return Outcome(str(path), source.doc_id, FAILED, code=error.code, reason=error.detail)


def ingest_document(store: Store, embedder, source: SourceDocument, overrides: Overrides,
                    report: IngestReport, privacy: Privacy | None = None) -> Outcome:
    """Ingest one document unless an identical version is already there. The hash is
    taken after pseudonymisation: a changed list of members or known clients that
    changes what is stored replaces the stored version."""
    meta = resolve_meta(source.fields, overrides, source.doc_id, source.text)
    text, meta, replaced = (privacy or Privacy(store)).apply(source.text, meta)
    source = dataclasses.replace(source, text=text)
    content_hash = _hash(source.text, meta)
    existing = store.get_document(source.doc_id)
    where = source.source_path or source.doc_id
    if existing is not None and existing.content_hash == content_hash:
        return Outcome(where, source.doc_id, UNCHANGED, replacements=replaced)
    draft = _draft(source, meta, content_hash)
    started = time.perf_counter()
    texts = [embedding_text(draft.meta.title, c.heading, c.text) for c in draft.chunks]
    vectors = embedder.embed_passages(texts)
    report.embed_seconds += time.perf_counter() - started
    pk = store.stage(draft)
    store.index_vectors(pk, vectors)
    for old in store.publish(pk):
        old_texts = embedded_texts(store, old, existing.meta.title if existing else None)
        store.purge(old)
        forget_cached(store, old_texts, keep=set(texts))
    status = REPLACED if existing is not None else INGESTED
    return Outcome(where, source.doc_id, status, chunks=len(draft.chunks), replacements=replaced)


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
