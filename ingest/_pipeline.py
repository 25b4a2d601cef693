"""Ingest: files -> source documents -> drafts (metadata, chunks) -> store.

Each file is parsed in a child process with time and memory limits (see
ingest._isolated), so a hostile or broken file becomes one failed line in the
report and in the log and never affects the others. Client names are replaced
before anything is hashed, stored or embedded (ingest._privacy). Each document
is staged, indexed and published as one unit (ingest._document): it is either
fully searchable or not there at all; the documents of one file are embedded a
window at a time.
"""
from __future__ import annotations

import logging
import os
import time
import traceback
import unicodedata
from pathlib import Path
from typing import Callable, Iterable, Iterator

from errors import kind_of, storage_problem, without_message
from ingest._document import Prepared, Window, prepare
from ingest._errors import BAD_NAME, UNEXPECTED, IngestError
from ingest._isolated import parse_limited
from ingest._metadata import Overrides, community_of, resolve_meta
from ingest._privacy import Privacy
from ingest._read import SUPPORTED, SourceDocument
from ingest._report import FAILED, IngestReport, Outcome
from ingest._scope import Scope, check_id
from settings import Settings
from store import Store

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
                 progress: Progress | None = None, scope: Scope | None = None) -> IngestReport:
    """Parse every file first, so that each document's pseudonymisation knows all the
    authors of the batch (a member named in the first report may only write the
    tenth), then ingest them one by one, each as far as `scope` lets its writer."""
    report, started = IngestReport(), time.perf_counter()
    try:
        store.vectors.check_model(embedder.name, claim=True)
        parsed, authors = _parse_batch(files, overrides, store.settings)
        privacy = Privacy(store, authors)
        for path, doc_id, items in parsed:
            items = _parse(path, doc_id, store.settings) if items is None else items
            _ingest_file(store, embedder, privacy, path, doc_id, items, overrides, report, scope or Scope())
            if progress:
                progress(1)
    except Exception as exc:
        _stopped(store, report, exc)
        raise
    report.seconds = time.perf_counter() - started
    _record(store, report)
    return report


def _stopped(store: Store, report: IngestReport, exc: Exception) -> None:
    """A run that stopped part-way, on the status page and in the log. A full or read-only
    disk was recorded as `error=OperationalError`, and the documents stored before it went
    unsaid: the command printed only the disk's message (tried on 8 December 2026 on a 3 MB
    tmpfs: 6 of 40 files were in, and nothing said so)."""
    problem = storage_problem(exc, store.settings.data_dir)
    error = f"disk {problem}" if problem else type(exc).__name__
    try:
        store.health.record("ingest", False, {**report.counts(), "error": error})
    except Exception:   # noqa: BLE001 - on a full disk the record may fail too; the error below says why
        if problem is None:
            raise
    if report.outcomes:
        done = ", ".join(f"{n} {status}" for status, n in report.counts().items())
        log.warning("ingest stopped after %d of its files (%s; they are stored): run it again to take the"
                    " rest, unchanged files are skipped", len(report.outcomes), done)


def _record(store: Store, report: IngestReport) -> None:
    """The run for the admin's status page: counts only (a file name would outlive a
    deleted document); it succeeded when no file failed."""
    if report.outcomes:
        store.health.record("ingest", not report.failed, report.counts())


def passages(store: Store, paths: list[Path], overrides: Overrides | None = None) -> Iterator[str]:
    """The texts ingest would embed for these files, storing nothing: a large import
    can fill the embedding cache ahead of time (see bench.warm). Documents that
    would fail or are unchanged yield nothing."""
    overrides = overrides or Overrides()
    parsed, authors = _parse_batch(discover(paths), overrides, store.settings)
    privacy = Privacy(store, authors)
    for path, doc_id, items in parsed:
        items = _parse(path, doc_id, store.settings) if items is None else items
        for item in items if isinstance(items, list) else []:
            prepared = _guarded(store, privacy, item, path, overrides) if isinstance(item, SourceDocument) else None
            yield from prepared.texts if isinstance(prepared, Prepared) else []


def _parse(path: Path, doc_id: str, settings: Settings) -> list | Exception:
    if not _utf8(path):
        return IngestError(BAD_NAME, "the file name is not valid UTF-8; rename the file")
    try:
        return parse_limited(path, doc_id, settings.parse_seconds, settings.parse_memory_bytes)
    except Exception as exc:  # reported per file by _ingest_file
        return exc


def _parse_batch(files: list[tuple[Path, str]], overrides: Overrides,
                 settings: Settings) -> tuple[list, dict[str | None, set[str]]]:
    """(path, doc id, parsed items or None to parse again) per file, and the authors of
    the batch per community. Parsed text is kept up to a budget, so a huge batch
    costs a second parse rather than memory."""
    parsed, budget = [], KEEP_CHARS
    authors: dict[str | None, set[str]] = {}
    for path, doc_id in files:
        items = _parse(path, doc_id, settings)
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


def _utf8(path: Path) -> bool:
    """Whether a path is valid UTF-8 (Python keeps undecodable bytes as lone surrogates,
    which no report, log line or database row can hold)."""
    try:
        str(path).encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def shown(path: Path | str) -> str:
    """A path as a report can print it: undecodable bytes as \\x escapes."""
    return os.fsencode(path).decode("utf-8", "backslashreplace")


def _ingest_file(store, embedder, privacy: Privacy, path: Path, doc_id: str, items: list | Exception,
                 overrides: Overrides, report: IngestReport, scope: Scope) -> None:
    refused = _Refused(privacy, path, overrides, scope)
    if isinstance(items, IngestError):
        refused.add(report, doc_id, items)   # an id not UTF-8 is shown readable, names hidden (_Refused)
        return
    if isinstance(items, Exception):  # a parser bug must not stop the batch
        source, shown_id, given_id = refused.shown(doc_id)
        log.error("unexpected error while reading %s: %s", refused.logged(source), unexpected(items, scope))
        report.add(Outcome(shown(path), shown_id, FAILED, code=UNEXPECTED,
                           reason=f"unexpected error: {kind_of(items)}", given_id=given_id))
        return
    window = Window(store, embedder, report)
    for item in items:
        if isinstance(item, IngestError):
            refused.add(report, None, item)
            continue
        if window.holds(item.doc_id):
            window.flush()
        prepared = _guarded(store, privacy, item, path, overrides, scope)
        if isinstance(prepared, Outcome):
            report.add(prepared)
        else:
            window.add(prepared)
    window.flush()


def logged(path: Path, scope: Scope) -> str:
    """How the log names a file. The owner's own run (the CLI) names its path, as its
    report does; an upload's or a watched group folder's file is named by its format
    only: its name was chosen by someone else and may name a client ('casus-yilmaz.pdf'),
    and a refused file is never pseudonymised. The upload's report and the folder's
    status page (store.watch: names hidden, else a digest) tell which file it was."""
    return f"een {path.suffix.lower() or 'bestand zonder extensie'}-bestand" if scope.namespaced else shown(path)


def unexpected(error: Exception, scope: Scope) -> str:
    """How the log tells an unexpected error: the owner's own run with its message and
    traceback; an upload's or a watched group folder's by its kind and its frames only,
    as a reader's message may quote the file ('Bad CRC-32 for file 'mevrouw Yilmaz.png''),
    which someone else chose and nothing pseudonymised."""
    if not scope.namespaced:
        return "".join(traceback.format_exception(error)).rstrip()
    return without_message(error)


class _Refused:
    """How the report and the log name a refused file of one path: its id with the client
    names its folders and file name hold hidden (Privacy.refused_id, with the community its
    folder, the flags or its front matter name), the id as given only in `given_id`, which
    --show-names prints; the log line gets the path with the id hidden in it."""

    def __init__(self, privacy: Privacy, path: Path, overrides: Overrides, scope: Scope) -> None:
        self.privacy, self.path, self.overrides, self.scope = privacy, path, overrides, scope

    def shown(self, doc_id: str | None, fields: dict | None = None) -> tuple[str, str | None, str | None]:
        """(path as the log shows it, id as the report shows it, id as given if that differs)."""
        source = shown(self.path)
        if doc_id is None:
            return source, None, None
        if _printable_id(doc_id) is None:   # not UTF-8, or a control character: no id as given
            given, readable = shown(doc_id), _readable(doc_id)
            hidden = self.privacy.refused_id(readable, self._community(readable, fields))
            return source.replace(given, hidden), hidden, given
        hidden = self.privacy.refused_id(doc_id, self._community(doc_id, fields))
        if hidden == doc_id:
            return source, doc_id, None
        return source.replace(doc_id, hidden), hidden, doc_id

    def logged(self, source: str) -> str:
        return logged(self.path, self.scope) if self.scope.namespaced else source

    def add(self, report: IngestReport, doc_id: str | None, error: IngestError, fields: dict | None = None) -> Outcome:
        source, shown_id, given_id = self.shown(doc_id, fields)
        log.warning("not ingested: %s: %s", self.logged(source), error.loggable)
        outcome = Outcome(shown(self.path), shown_id, FAILED, code=error.code, reason=self._reason(error, fields),
                          field=error.field, given_id=given_id)
        report.add(outcome)
        return outcome

    def _reason(self, error: IngestError, fields: dict | None) -> str:
        """The refusal's detail, with the client names hidden in a community the file itself
        names ('groep: Dossier mevrouw Zwanhilde Okonkwo': 'community ... does not exist' quoted
        it whole, twice, in the report a cron job logs; privacy attack 31). A community given
        with --community or by a folder is the owner's word and stays."""
        named = community_of(fields or {}, Overrides(), "")
        if not named or named not in error.detail:
            return error.detail
        return error.detail.replace(named, self.privacy.refused_id(named, None))

    def _community(self, doc_id: str, fields: dict | None) -> str | None:
        """The community the refused file would have gone to, as far as it can be told."""
        return community_of(fields or {}, self.overrides, doc_id)


def _guarded(store, privacy: Privacy, source: SourceDocument, path: Path, overrides,
             scope: Scope | None = None) -> Prepared | Outcome:
    """The prepared document or its refusal. A refused document's id is reported as
    given (with the client names it holds hidden, _Refused), never as the id it would
    have had: that says nothing about other groups."""
    try:
        return prepare(store, source, overrides, privacy, scope)
    except IngestError as error:
        refused, scratch = _Refused(privacy, path, overrides, scope or Scope()), IngestReport()
        return refused.add(scratch, source.doc_id, error, source.fields)


def _readable(doc_id: str) -> str:
    """A refused id no report can show as given, as the file-name rules can read it: a name
    that is not UTF-8 read as Latin-1 (what a zip or share from Windows writes: 'Quillat\xefna'
    is 'Quillatïna'), a control character as a space. Printed as given ('...Quillat\\xefna.md'),
    the client's name was in the report, --json and the log (late attack 11)."""
    raw = os.fsencode(doc_id)
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        text = raw.decode("latin-1")
    return "".join(" " if unicodedata.category(ch)[0] == "C" else ch for ch in text)


def _printable_id(doc_id: str) -> str | None:
    """The id as given, if a report can show it (not one with control characters)."""
    try:
        check_id(doc_id)
    except IngestError:
        return None
    return doc_id


__all__ = ["SUPPORTED", "discover", "ingest_files", "passages"]
