"""Uploads by moderators: check the form, stream each file to the data dir in
chunks (never whole in memory), ingest the files, and say per file what happened.

Files are received into a folder of their own upload (<data dir>/files/.incoming/<random>)
and ingested as the caller writes (ingest.Scope): only into communities they moderate
and that exist, each rights check before anything is staged. A document's id is its
community's name and the file's sanitised name ("PG Noord/verslag sessie 3.docx"), so
re-uploading a file replaces the earlier version of that group only, and another
group's file of the same name is never touched nor revealed. What a document keeps as
its original is copied to <data dir>/files/originals/<hash of its id>; a file in which
ingest replaced client names, a JSONL file (it holds other lines) and a refused file are
not kept: the upload's folder is removed when it is done.
"""
from __future__ import annotations

import dataclasses
import os
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO

from fastapi import HTTPException, Request
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import FormData, UploadFile
from starlette.exceptions import HTTPException as StarletteHTTPException

import ingest
from store import acting_in, incoming_folder
from web.access import can_upload, upload_communities, upload_refusal
from web.auth import verify_csrf
from web.messages import MAX_FILE_MB, MAX_REQUEST_MB, STATUS_LABELS, refusal
from web.runtime import tag_in_background
from web.views._params import runtime

CHUNK = 1024 * 1024
MAX_FILE = MAX_FILE_MB * 1024 * 1024
MAX_REQUEST = MAX_REQUEST_MB * 1024 * 1024
MAX_FILES = 50
FIELDS = ("community", "cycle", "session", "type", "date", "authors")
ORIGINALS = "originals"    # kept originals, named after their document's id


class TooLarge(Exception):
    pass


@dataclass(frozen=True)
class Row:
    """What happened to one uploaded file (or one line of a JSONL file)."""

    filename: str
    status: str
    doc_id: str | None = None
    code: str | None = None
    line: int | None = None
    replacements: int | None = None  # client names replaced; None: pseudonymisation off
    names: ingest.NameReport | None = None  # which names were replaced and kept, shown once
    bad_field: str | None = None  # the metadata field the file's own data got wrong
    same_as: str | None = None  # another document of the group with the very same text
    title: str | None = None    # the stored document's title, which the report links by
    same_as_title: str | None = None

    @property
    def replaced_names(self) -> list[str]:
        """"mevr janssens → mevr J.": what the uploader can check (never stored)."""
        return [f"{original} → {replacement}" for original, replacement in self.names.replaced] if self.names else []

    @property
    def kept_names(self) -> list[str]:
        """"Lien (lid)", "Herentals (plaats of organisatie)": names that stayed, and why."""
        return [f"{name} ({why})" for name, why in self.names.kept] if self.names else []

    @property
    def label(self) -> str:
        return STATUS_LABELS[self.status]

    @property
    def privacy(self) -> str | None:
        """What pseudonymisation did to an ingested document, in Dutch."""
        if self.status == ingest.FAILED:
            return None
        if self.replacements is None:
            return "Namen niet vervangen: dat staat uit voor deze groep."
        return f"{self.replacements} {'cliëntnaam' if self.replacements == 1 else 'cliëntnamen'} vervangen door initialen."

    @property
    def message(self) -> str | None:
        if self.status != ingest.FAILED:
            return None
        how = ingest.FIELD_MESSAGES.get(self.bad_field or "")
        return (f"Regel {self.line}: " if self.line else "") + refusal(self.code) + (f" {how}" if how else "")

    def as_dict(self) -> dict:
        return {"filename": self.filename, "status": self.status, "doc_id": self.doc_id,
                "code": self.code, "field": self.bad_field, "line": self.line, "label": self.label, "message": self.message,
                "replacements": self.replacements, "privacy": self.privacy,
                "replaced_names": self.replaced_names, "kept_names": self.kept_names, "same_as": self.same_as,
                "title": self.title, "same_as_title": self.same_as_title}


@dataclass
class Upload:
    values: dict[str, str]
    errors: dict[str, str] = field(default_factory=dict)
    rows: list[Row] = field(default_factory=list)
    chosen: int = 0   # files sent with a form that was refused: the browser does not keep them


# --- the form ---

def parse_form(form: FormData) -> tuple[dict, ingest.Overrides, dict[str, str], list[UploadFile]]:
    """Form values as typed, the metadata they give, Dutch errors per field, the files.
    Each field is checked by ingest's rule for it, the one front matter and `ingest`'s
    flags meet (authors: one per line)."""
    values = {name: str(form.get(name) or "").strip() for name in FIELDS}
    parsed, errors = {}, {}
    for name in FIELDS:
        value = [line for line in values[name].splitlines() if line.strip()] if name == "authors" else values[name]
        try:
            parsed[name] = ingest.check_field(name, value)
        except ingest.IngestError as error:
            errors[name] = error.user
    files = [f for f in form.getlist("files") if isinstance(f, UploadFile) and f.filename]
    if not files:
        errors["files"] = "Kies minstens één bestand."
    overrides = ingest.Overrides(**{**parsed, "authors": parsed.get("authors") or []})
    return values, overrides, errors, files


def _limited(request: Request, limit: int) -> Request:
    """The request with a body that stops with TooLarge past `limit` bytes."""
    received = 0

    async def receive():
        nonlocal received
        message = await request.receive()
        received += len(message.get("body", b""))
        if received > limit:
            raise TooLarge
        return message

    return Request(request.scope, receive)


# --- the files ---

def safe_name(name: str, suffix_required: bool = True) -> str | None:
    """A plain file or folder name: no path parts, no hidden or special names."""
    name = unicodedata.normalize("NFC", name.replace("\\", "/").rsplit("/", 1)[-1])
    name = re.sub(r"\s+", " ", re.sub(r"[^\w.\-() ]", "_", name)).strip(" .")
    stem, suffix = os.path.splitext(name)
    name = stem[:120].strip(" .") + suffix
    return name if stem.strip(" .") and (suffix or not suffix_required) else None


def _copy(source: BinaryIO, target: Path) -> int:
    """Stream into place in chunks; bytes seen (the target is kept only if 0 < size <= MAX_FILE)."""
    target.parent.mkdir(parents=True, exist_ok=True)
    part, size = target.with_name(f".{target.name}.part"), 0
    with part.open("wb") as out:
        while (chunk := source.read(CHUNK)) and size <= MAX_FILE:
            size += len(chunk)
            out.write(chunk)
    if 0 < size <= MAX_FILE:
        os.replace(part, target)
    else:
        part.unlink()
    return size


def _save(folder: Path, upload: UploadFile, taken: set[Path]) -> Path | Row:
    name = safe_name(upload.filename or "")
    if name is None or not (folder / name).resolve().is_relative_to(folder.resolve()):
        return Row(upload.filename or "?", ingest.FAILED, code="bad_name")
    target, refused = folder / name, lambda code: Row(upload.filename, ingest.FAILED, code=code)
    if Path(name).suffix.lower() not in ingest.SUPPORTED:
        return refused("unsupported_format")
    if target in taken:
        return refused("duplicate")
    if (upload.size or 0) > MAX_FILE:
        return refused("too_large")
    size = _copy(upload.file, target)
    taken.add(target)
    return target if 0 < size <= MAX_FILE else refused("empty" if size == 0 else "too_large")


def _row(filename: str, outcome: ingest.Outcome) -> Row:
    line = re.search(r"\bline (\d+)", outcome.reason or "")
    return Row(filename, outcome.status, outcome.doc_id, outcome.code, int(line[1]) if line else None,
               outcome.replacements, outcome.names, outcome.field)


def scope(rt, communities: list[str] | None) -> ingest.Scope:
    """What an upload may write: the caller's moderated communities (None: any, in
    local mode), only existing ones, with ids under the community's name, and
    originals kept under names derived from those ids."""
    return ingest.Scope(None if communities is None else frozenset(communities), create=False,
                        namespaced=True, originals=rt.settings.files_dir / ORIGINALS)


def store_and_ingest(rt, uploads: list[UploadFile], overrides: ingest.Overrides,
                     communities: list[str] | None = None) -> list[Row]:
    """Receive every acceptable file into a folder of this upload's own, ingest them in
    one batch as far as the caller may write, and remove the folder: what a document
    keeps as its original was copied out by ingest; everything else (refused files,
    JSONL files, files whose client names were replaced) is gone at once."""
    with incoming_folder(rt.settings.files_dir) as folder:   # locked while in use: a crash leaves no upload "in progress"
        taken: set[Path] = set()
        plan = [(u.filename, _save(folder, u, taken)) for u in uploads]
        paths = [item for _, item in plan if isinstance(item, Path)]
        outcomes: dict[str, list[ingest.Outcome]] = {}
        if paths:
            report = ingest.ingest_paths(rt.store, rt.embedder, paths, overrides, scope=scope(rt, communities))
            tag_in_background(rt)   # the new documents' passages
            for outcome in report.outcomes:
                outcomes.setdefault(outcome.source, []).append(outcome)
    rows = [row for name, item in plan for row in
            ([item] if isinstance(item, Row) else [_row(name, o) for o in outcomes.get(str(item), [])])]
    return _with_twins(rt, rows)


def _with_twins(rt, rows: list[Row]) -> list[Row]:
    """Each added, replaced or unchanged document with its stored title, which the report
    links by (it linked "Bekijk “PG Noord/verslag-3-def.docx”", an id a moderator never
    typed; a JSONL file's lines are documents of their own titles, and a title in which a
    client name was hidden is shown as stored). Each added or replaced document whose text
    another document of its own group already has (the same report uploaded twice under two
    names, within this upload or earlier) names that document: the moderator decides
    whether one should go. Only the document's own group is compared, which its moderator
    reads whole; a look-up by the text's digest per document (store.Catalogue.same_text),
    not a read of every text of the group per upload."""
    catalogue = rt.store.catalogue
    titled = []
    for row in rows:
        fresh = row.doc_id and row.status in (ingest.INGESTED, ingest.REPLACED)
        others = catalogue.same_text(row.doc_id) if fresh else []
        titled.append(dataclasses.replace(
            row, title=_title(catalogue, row.doc_id if row.status != ingest.FAILED else None),
            same_as=others[0] if others else None, same_as_title=_title(catalogue, others[0] if others else None)))
    return titled


def _title(catalogue, doc_id: str | None) -> str | None:
    document = catalogue.get_document(doc_id) if doc_id else None
    return (document.meta.title or None) if document is not None else None


def writes_in(request: Request, community: str | None) -> list[str] | None:
    """The groups an upload may write into: the one its form names, else every group the
    caller moderates (None: any, local mode). A file's own metadata (front matter, a JSONL
    line) names its group before the form does, so without this an upload into Wijkteam
    Zuid wrote a file naming PG Oost into PG Oost, where the role checked again under the
    writer lock is only the named group's: a moderator removed from PG Oost meanwhile still
    wrote there (tests/security/test_tenancy30_upload_group.py)."""
    allowed = upload_communities(request)
    return [community] if allowed is not None and community else allowed


async def handle(request: Request) -> Upload:
    """The whole upload: form, checks, files, ingest."""
    if not can_upload(request):
        raise HTTPException(403)
    too_large = HTTPException(413, f"De upload is te groot: hoogstens {MAX_FILE_MB} MB per bestand"
                                   f" en {MAX_REQUEST_MB} MB per keer. Er is niets verwerkt: upload de bestanden"
                                   " in kleinere delen.")
    length = request.headers.get("content-length", "")
    if length.isdigit() and int(length) > MAX_REQUEST:
        raise too_large
    try:
        form = await _limited(request, MAX_REQUEST).form(max_files=MAX_FILES, max_fields=len(FIELDS) + 5)
    except TooLarge:
        raise too_large from None
    except StarletteHTTPException as refused:   # Starlette's 400 for more files (or fields) than allowed
        if "files" not in str(refused.detail).lower():
            raise
        raise HTTPException(413, f"Hoogstens {MAX_FILES} bestanden per upload. Er is niets verwerkt: upload de"
                                 " bestanden in kleinere delen.") from None
    try:
        verify_csrf(request, form.get("csrf"))
        values, overrides, errors, files = parse_form(form)
        if refusal_text := upload_refusal(request, overrides.community):
            errors["community"] = refusal_text
        elif overrides.community:
            # an upload names its one group: the moderator role there is what is checked
            # again under the writer lock, not one in another group (store._rights)
            acting_in(overrides.community)
        rows = [] if errors else await run_in_threadpool(store_and_ingest, runtime(request), files, overrides,
                                                         writes_in(request, overrides.community))
    finally:
        await form.close()
    return Upload(values, errors, rows, len(files) if errors else 0)
