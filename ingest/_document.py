"""One document through ingest, in two stages, and the window that joins their embedding.

`prepare` does what needs only the text (metadata, pseudonymisation, the hash,
chunks); `commit` stages, indexes and publishes one document as one unit (see
store._write), so it is either fully searchable or not there at all.
Between them, a `Window` of prepared documents is embedded in one call. A
report or case has 3-8 chunks: embedded per document, the encoder's batches are
small and its length-sorting has little to sort; a JSONL export or a batch of
reports embedded a window at a time fills whole batches on both cores
(`praktijkgeheugen bench`, see the README). A failure in one document's
preparation still fails only that document.
"""
from __future__ import annotations

import dataclasses
import hashlib
import json
import os
import shutil
import time
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Callable

import numpy as np

from ingest._errors import IngestError
from ingest._listed import hide_listed, listed_clients
from ingest._metadata import Overrides, resolve_meta
from ingest._privacy import PUBLIC_TYPES, Privacy, hide_names, is_public, name_pairs
from ingest._read import LIST_ONLY, SourceDocument
from ingest._report import INGESTED, REPLACED, UNCHANGED, IngestReport, NameReport, Outcome
from ingest._roles import with_roles
from ingest._scope import Scope, check_id
from store import ChunkDraft, Document, DocumentDraft, DocumentMeta, Store
from text import analyze_many, chunk_spans, embedding_text

WINDOW_CHUNKS = 64  # chunks embedded per call: a few full batches of 16


@dataclass
class Prepared:
    """A document ready to embed and commit; `texts` are what its chunks embed."""

    draft: DocumentDraft
    existing: Document | None
    where: str
    replaced: int | None  # client-name mentions replaced; None: not pseudonymised (as Outcome)
    texts: list[str]
    names: NameReport | None = None
    keep: tuple[str, str] | None = None  # (file given, where its original is kept)
    given_id: str | None = None  # the id as given, when it differs from the draft's


def tagged(doc_id: str, tag: str) -> str:
    """`doc_id` with `tag` before its file's extension ('casus-V..md' -> 'casus-V.-3f9a2c.md'),
    or at its end when it has none."""
    folder, _, name = doc_id.rpartition("/")
    stem, dot, extension = name.rpartition(".")
    if dot and stem and extension.isalnum() and len(extension) <= 5:
        name = f"{stem}-{tag}.{extension}"
    else:
        name = f"{name}-{tag}"
    return f"{folder}/{name}" if folder else name


def prepare(store: Store, source: SourceDocument, overrides: Overrides, privacy: Privacy,
            scope: Scope | None = None, held: Held | None = None) -> Prepared | Outcome:
    """The document's draft, or its outcome when an identical version is already there.
    The writer's right to the community is checked first, before anything is
    pseudonymised or staged, and its right to the id before anything is staged
    (ingest._scope); a client name the text had is hidden in an upload's id as in the title
    (an owner's CLI ids too: "casus-Yilmaz.md" is stored as "casus-Y..md"; the path of a
    file ingested where it lies is not stored at all, see Scope.original;
    an evaluation set's ids name no client, so they stay as given), and the community's
    known client names are hidden in the id and path even where the text never names them.
    An id a name was hidden from gets a keyed tag (`tagged`, store.ClientNames.id_tag):
    without it 'casus-Vandamme.md' and 'casus-Verbeke.md' were one id, and the second
    client's case replaced the first's; the same file sent again keeps its id. The tag is
    keyed with the id as given in its namespace ('PG Noord/casus-Vandamme.md'): another
    group's upload of the same file name gets another tag, so it confirms no guessed name.
    The hash is taken after pseudonymisation: a changed list of members or known
    clients that changes what is stored replaces the stored version. A moderator's correction
    that took away a reason the document's names stayed (a public type, a client typed as its
    author) holds when the same file comes again (`held`, _held)."""
    scope = scope or Scope()
    original = source
    meta = resolve_meta(source.fields, overrides, source.doc_id, source.text)
    if held is not None:
        meta = held.applied(meta)
    scope.check_community(store, meta.community)
    check_id(source.doc_id)
    where, given = source.source_path or source.doc_id, source.doc_id
    title, themes, resolved = meta.title, meta.themes, meta
    in_name = privacy.names_in_file_name(given, meta)   # a client the file's name alone may name
    clients = tuple(name for name, _ in in_name)
    text, meta, names = privacy.apply(source.text, meta, clients)
    if in_name and meta.title:   # a title made from the file name, in any case ('Fotoquilclaara')
        meta = dataclasses.replace(meta, title=hide_names(meta.title, in_name))
    replaced = names.count if names else None
    meta = with_roles(meta, text)  # on the stored text: no client's name becomes a person
    if names or in_name:  # the id and the path the text's names were found in are stored too
        pairs = _in_text(name_pairs(names.replaced if names else ()), f"{title or ''}\n{source.text}")
        pairs = sorted(dict([*in_name, *pairs]).items(), key=lambda pair: -len(pair[0]))
        source = dataclasses.replace(source, doc_id=hide_names(source.doc_id, pairs),
                                     source_path=source.source_path and hide_names(source.source_path, pairs))
    source = dataclasses.replace(source, doc_id=hide_listed(store, meta.community, source.doc_id),
                                 source_path=hide_listed(store, meta.community, source.source_path))
    if source.doc_id != given:   # a name was hidden: two clients' files must not become one id
        # keyed with the id as stored (namespace included): the same name given in another
        # group must not get the same tag, or a moderator anywhere could confirm a guess
        tag = store.clients.id_tag(scope.doc_id(meta.community, given))
        source = dataclasses.replace(source, doc_id=tagged(source.doc_id, tag))
    given_id = given if source.doc_id != given else None  # for the owner's report (bench.evaluate maps qrels)
    source = dataclasses.replace(source, doc_id=scope.doc_id(meta.community, source.doc_id))
    if held is not None and held.doc_id is not None:   # the corrected document keeps its id, names hidden
        source = dataclasses.replace(source, doc_id=held.doc_id)
    scope.check_place(store, source.doc_id, meta.community)
    existing = store.catalogue.get_document(source.doc_id)
    scope.check_existing(existing, meta.community)
    if held is None and (held := _held(store, privacy, source.doc_id, meta, existing)) is not None:
        return prepare(store, original, overrides, privacy, scope, held)   # again, as the moderator corrected it
    if existing is not None and _carried(store, existing.meta.community, meta.community, original, resolved):
        return prepare(store, original, overrides, privacy, scope, held)   # again, with the names carried over
    content_hash = _hash(text, meta)
    if existing is not None and existing.content_hash == content_hash:
        return Outcome(where, source.doc_id, UNCHANGED, replacements=replaced, names=names, given_id=given_id)
    named = replaced or themes != meta.themes or authors_changed(resolved, meta)  # the file still names the client
    if scope.originals and not named:
        named = names_elsewhere(privacy, source.whole, resolved, clients)
    kept = scope.original(source.doc_id, source.source_path, store.settings.files_dir) \
        if not (scope.originals and named) else None
    # the original is copied from the file as given, not from the path as stored (names hidden)
    keep = (where, kept) if kept and source.source_path and kept != source.source_path else None
    draft = _draft(dataclasses.replace(source, text=text, source_path=kept), meta, content_hash)
    texts = [embedding_text(draft.meta.title, c.heading, c.text) for c in draft.chunks]
    return Prepared(draft, existing, where, replaced, texts, names, keep, given_id)


@dataclass(frozen=True)
class Held:
    """A moderator's correction kept for a file that comes again: its type, its authors gone."""
    type: str | None
    authors_gone: frozenset[str]   # keyed digests of the names (store.Traces.author_label)
    label: Callable[[str], str]
    doc_id: str | None   # the corrected document's id, when the file's id still leads to it

    def applied(self, meta: DocumentMeta) -> DocumentMeta:
        authors = [a for a in meta.authors if a.from_text or self.label(a.name) not in self.authors_gone]
        return dataclasses.replace(meta, type=self.type or meta.type, authors=authors)


def _held(store: Store, privacy: Privacy, doc_id: str, meta: DocumentMeta, existing: Document | None) -> Held | None:
    """The metadata correction a moderator made to document `doc_id` that pseudonymised it again
    by taking away a reason its names stayed (ingest._correct.reasons_gone, in the audit log under
    the id's keyed digest), as far as the file coming again (`meta`) undoes it: its public type
    ('type: publicatie' in its front matter or the upload form) and the authors taken away (a
    client typed as its author). Before, ingesting the same file again (a re-run of `ingest`, a
    watched file saved again, the same upload) stored the names the correction had pseudonymised
    (privacy attack 39). A later correction of the stored version wins: typed public again, or the
    author stated again. A file switched public itself ('openbaar: ja') stays so. None when
    nothing is held."""
    # the authors' digests are keyed with the group the correction was made in (store.Traces.author_label):
    # the stored document's, or for a file not stored yet under this id, the one it comes into;
    # a group deleted and made again under its name is another group (tenancy attack 41)
    group = existing.meta.community if existing is not None else meta.community
    corrected = privacy.recorrected(group)   # read once per batch
    found = corrected.get(store.traces.label(doc_id)) if corrected else None
    if found is None:
        return None
    retyped, gone = found
    label: Callable[[str], str] = lambda name: store.traces.author_label(name, group)   # noqa: E731
    if existing is not None:
        retyped = None if is_public(existing.meta) else retyped
        stated = {label(a.name) for a in store.catalogue.written_authors(existing) if not a.from_text}
        gone = gone - stated
    kind = retyped if retyped and meta.type in PUBLIC_TYPES and not meta.public else None
    if kind is None and not any(not a.from_text and label(a.name) in gone for a in meta.authors):
        return None
    # a public type's id may hide a file name's names otherwise than a case's ('T.-V.', 'T. V.'):
    # the corrected document the file led to stays that document, not a second one beside it
    return Held(kind, frozenset(gone), label, existing.doc_id if existing is not None else None)


def _carried(store: Store, old: str | None, new: str | None, source: SourceDocument, meta: DocumentMeta) -> bool:
    """A document moved to another community (`ingest --move`): the client names its old
    community lists that the file holds are listed in the new one too (as digests), so the new
    version hides them as the old one did; whether one was new there. Without it a name the old
    community's moderator had corrected ('bolleke' -> 'B.') came back in the moved document
    (trace attack 11)."""
    if old is None or new is None or old == new:
        return False
    parts = [a for author in meta.authors for a in (author.name, author.organisation or "")]
    names = listed_clients(store, old, meta.title, "\n".join([source.text, source.doc_id, *meta.themes, *parts]))
    return bool(names) and store.clients.add_client_names(new, names) > 0


def authors_changed(given: DocumentMeta, stored: DocumentMeta) -> bool:
    """Whether a name was hidden in an author's name or organisation (a listed client)."""
    return [(a.name, a.organisation) for a in given.authors] != [(a.name, a.organisation) for a in stored.authors]


def names_elsewhere(privacy: Privacy, whole: str | None, meta: DocumentMeta, clients: tuple[str, ...] = ()) -> bool:
    """Whether the community's rules or list find a client name anywhere in the file's
    parts (SourceDocument.whole): a page header, a property or a front-matter field the
    reader never read, so the stored text was clean while the original is not. A file
    with a part that cannot be read as text (None) cannot be cleared, so it counts as naming."""
    if whole is None:
        return True
    whole, _, marks = whole.partition(LIST_ONLY)   # a PDF's names and tools: the list only
    if marks and privacy.listed_in(marks, meta.community):
        return True
    if not whole.strip():
        return False
    try:
        names = privacy.apply(whole, meta, clients)[2]
    except IngestError:   # the check took too long or failed: the text is stored, the original is not
        return True
    return bool(names and names.count)


def _in_text(pairs: list[tuple[str, str]], text: str) -> list[tuple[str, str]]:
    """The replaced names the title or the text holds. A title made from the file name
    ("casus-yilmaz.md" -> "Casus yilmaz" -> stored "Casus Y.") counts: a name hidden in the
    title must not stay in the id it was made from, even if the text only says
    "mevrouw Y."; a word wrongly taken for a name there ("deep.html" -> "Deep" -> "D.")
    costs a less readable id, a kept name would cost a client's privacy."""
    folded = text.casefold()
    return [(name, shown) for name, shown in pairs if name.casefold() in folded]


def commit(store: Store, prepared: Prepared, vectors: np.ndarray) -> Outcome:
    """Stage, index and publish; the replaced version, its cached vectors and an
    original it kept that the new version does not keep go (store.Catalogue.purge, which
    keeps the texts and the file the new version has)."""
    if prepared.keep:
        _keep_original(*prepared.keep)
    pk = store.catalogue.stage(prepared.draft)
    store.catalogue.index_vectors(pk, vectors)
    renames = prepared.existing.doc_id if prepared.existing else None  # a correction's new id
    for old in store.catalogue.publish(pk, renames=renames):
        store.catalogue.purge(old)
    status = REPLACED if prepared.existing is not None else INGESTED
    draft = prepared.draft
    return Outcome(prepared.where, draft.doc_id, status, chunks=len(draft.chunks), replacements=prepared.replaced,
                   names=prepared.names, given_id=prepared.given_id)


class Window:
    """Prepared documents waiting to be embedded together, then committed one by one."""

    def __init__(self, store: Store, embedder, report: IngestReport) -> None:
        self.store, self.embedder, self.report = store, embedder, report
        self._waiting: list[Prepared] = []

    def holds(self, doc_id: str) -> bool:
        """A second version of a waiting document must wait until the first is committed."""
        return any(p.draft.doc_id == doc_id for p in self._waiting)

    def add(self, prepared: Prepared) -> None:
        self._waiting.append(prepared)
        if sum(len(p.texts) for p in self._waiting) >= WINDOW_CHUNKS:
            self.flush()

    def flush(self) -> None:
        waiting, self._waiting = self._waiting, []
        if not waiting:
            return
        started = time.perf_counter()
        vectors = self.embedder.embed_passages([t for p in waiting for t in p.texts])
        self.report.embed_seconds += time.perf_counter() - started
        ends = np.cumsum([len(p.texts) for p in waiting])
        for prepared, end in zip(waiting, ends):
            self.report.add(commit(self.store, prepared, vectors[end - len(prepared.texts):end]))


def _keep_original(given: str, kept: str) -> None:
    """Copy an uploaded file to where its document's original is kept, owner-only."""
    target = Path(kept)
    target.parent.mkdir(parents=True, exist_ok=True)
    part = target.with_name(f".{target.name}.part")
    shutil.copyfile(given, part)
    os.chmod(part, 0o600)
    os.replace(part, target)


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


def _hash(text: str, meta) -> str:
    fields = asdict(meta)
    if not fields.get("public"):  # documents hashed before the switch existed stay unchanged
        fields.pop("public", None)
    payload = json.dumps([text, fields], ensure_ascii=False, sort_keys=True, default=str)
    return hashlib.sha256(payload.encode()).hexdigest()
