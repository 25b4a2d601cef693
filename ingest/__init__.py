"""Ingest: files (txt, md, docx, pdf, html, jsonl) -> chunks with Dutch-aware
boundaries -> embeddings -> the store, with a per-file report.

Public facade: `ingest_paths`, `delete_document`, `delete_community`, `Overrides`, `IngestReport`,
`IngestError` (with a `code` that interfaces translate) and `SUPPORTED`; for client
privacy `pseudonymise` (the function ingest applies), `community_policy` (the
members and known client names it is given) and `preview` (a file as it would be stored);
`passages` (what ingest would embed, to fill the embedding cache ahead of a large import);
`correct_names` (a missed client name listed, and the community's documents that
hold it pseudonymised again), `replace_listed` (the list applied to a preview);
`edit_metadata` (a moderator's correction of a document's metadata, a new version),
`pseudonymise_note` (a moderator's own text, such as a pack's note, as a document's).
"""
from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Callable

from ingest._correct import (
    Correction,
    NameProblem,
    clean_names,
    clients_win,
    members_named,
    reasons_gone,
    refused_member,
)
from ingest._correct import correct as _correct
from ingest._correct import correct_again as _correct_again
from ingest._correct import relist as _relist
from ingest._correct import switched_on as _switched_on
from ingest._edit import EDITABLE, EditReport, written
from ingest._edit import edit_metadata as _edit_metadata
from ingest._errors import IngestError
from ingest._keep import applied_keep, reads_as_person, refused_entry, refused_keep
from ingest._limits import LIMITS
from ingest._listed import replace_given, replace_listed
from ingest._metadata import FIELD_MESSAGES, Overrides, check_field, checked_overrides, parse_authors
from ingest._pipeline import discover, ingest_files, passages
from ingest._privacy import PUBLIC_TYPES, Policy, community_policy, preview
from ingest._pseudonymise import Pseudonymised, find_mentions, pseudonymise
from ingest._read import SUPPORTED
from ingest._reindex import reindex as _reindex
from ingest._reindex import relex, repair, restore_vectors
from ingest._report import (
    FAILED,
    INGESTED,
    REPLACED,
    UNCHANGED,
    IngestReport,
    NameReport,
    Outcome,
    replacements,
    without_names,
)
from ingest._scope import Scope
from ingest._watch import SETTLE_SECONDS, PassReport
from ingest._watch import file_names as watch_file_names
from ingest._watch import folder_label as watch_folder_label
from ingest._watch import watch_pass as _watch_pass
from models import Embedder
from store import (
    GROUP_DELETED,
    ITEM_REMOVED,
    ITEM_TARGET,
    PACK_DELETED,
    PACK_TARGET,
    AccountError,
    DocumentMeta,
    Listed,
    Store,
    read_recorrection,
)

__all__ = [
    "FIELD_MESSAGES", "check_field", "checked_overrides",
    "EDITABLE", "FAILED", "INGESTED", "LIMITS", "REPLACED", "SETTLE_SECONDS", "SUPPORTED", "UNCHANGED",
    "members_named", "Correction", "EditReport", "IngestError", "IngestReport", "NameProblem", "NameReport", "Outcome", "Overrides",
    "PUBLIC_TYPES",
    "PassReport", "Policy", "Pseudonymised", "Scope", "clean_names", "community_policy", "correct_names", "pseudonymise_again",
    "delete_community", "delete_document", "discover", "edit_metadata", "erase_again", "correct_again", "remove_again", "list_again",
    "find_mentions",
    "ingest_paths",
    "parse_authors", "passages", "preview",
    "pseudonymise", "pseudonymise_note", "reads_as_person", "refused_keep", "refused_member", "applied_keep", "refused_entry",
    "reindex", "relex", "repair", "replace_listed", "replace_given", "clients_win", "restore_vectors",
    "watch_pass", "watch_file_names", "watch_folder_label", "replacements", "without_names",
]


def ingest_paths(store: Store, embedder, paths: list[Path], overrides: Overrides | None = None,
                 progress_factory: Callable[[int], Callable[[int], None]] | None = None,
                 scope: Scope | None = None) -> IngestReport:
    """Ingest files and folders as one writer; returns what happened per file.

    `progress_factory(total)` may return a callback that is called after each file.
    `scope` says where the writer may write (default: anywhere, as the data dir's owner).
    """
    files = discover(paths)
    progress = progress_factory(len(files)) if progress_factory else None
    with store.writer():
        store.catalogue.cleanup_incomplete()
        relex(store)  # new rows and old ones analysed alike
        return ingest_files(store, embedder, files, overrides or Overrides(), progress, scope)


def delete_document(store: Store, doc_id: str, actor: str | None = None, address: str | None = None) -> bool:
    """Remove every trace of a document (rows, chunks, lexical rows, vectors, its
    uploaded original, its cached embeddings, every pack's reference to it (a
    trigger, store._packs), and their residue in the indexes' files); `actor` (from the
    client's `address`) is written to the audit log. The audit log keeps that something was
    deleted, by whom and when, but the id (it may name a client) becomes a keyed digest
    there, in earlier entries too (store.traces), in the transaction that marks its versions
    'deleting' (store.Catalogue.delete_document). Crash-safe: each version's files go before
    its rows (store.Catalogue.purge), so a killed delete leaves a row that the next write
    session, `check --repair` or a re-run of the delete purges, files and all."""
    with store.writer():
        shown = store.traces.label(doc_id)   # its key made first, outside the deletion's transaction
        deleted = store.catalogue.delete_document(   # originals and cached embeddings first (purge)
            doc_id, lambda conn: store.traces.forget(conn, doc_id, shown, actor, address))
        store.watch.forget(doc_id)
        return deleted


def delete_community(store: Store, name: str, actor: str | None = None, address: str | None = None) -> int:
    """Delete a community and every trace of it: each of its documents by
    `delete_document` (versions, passages, vectors, lexical rows, originals, cached
    embeddings, other groups' pack items that name them), then its row with its roles,
    member, keep and client-name lists, packs and watch folders (Accounts.delete_community).
    `actor` writes each document's deletion to the audit log as `delete_document` does (a
    restore of an older backup deletes them again by those lines), and the line that says
    the group was deleted, and by whom (nothing of its content; with the client's
    `address`), in the transaction that removes its row. One hold
    of the writer lock; each step commits on its own and is done again by a re-run, so
    a run cut off halfway is finished by running it again (the community stays, with
    fewer documents, until then). Returns how many documents were deleted."""
    with store.writer():
        if not store.accounts.has_community(name):
            raise AccountError(f"unknown community '{name}' (onbekende groep)")
        store.catalogue.cleanup_incomplete()   # a half-written or half-deleted version of any group
        deleted = sum(delete_document(store, doc_id, actor, address) for doc_id in store.catalogue.doc_ids_of(name))
        store.accounts.delete_community(name, actor, address)
        return deleted


def erase_again(store: Store, erased: list[tuple[str, str]], backup_made: str) -> int:
    """Delete again the documents of a restored backup that the audit log of a newer copy
    of the data dir (`erased`: (label, UTC time) from store.deletions) says were deleted
    after the backup was made (`backup_made`: its manifest's time): a backup holds every
    document deleted after it, and a restore must not bring a client's case back. A
    document is known by its id's keyed digest (store.Traces.label), so this needs the
    same data dir's key, which its backups carry. Returns how many were deleted."""
    made = _utc(backup_made)
    labels = {label for label, at in erased if made is None or (_utc(at) or made) >= made}
    gone = [d.doc_id for d in store.catalogue.list_documents() if store.traces.label(d.doc_id) in labels]
    return sum(delete_document(store, doc_id, actor="restore") for doc_id in gone)


def remove_again(store: Store, removed: list[tuple[str, str, str]], backup_made: str,
                 remade: dict[str, tuple[str, bool]] | None = None) -> tuple[int, int]:
    """Delete again the communities and session packs of a restored backup that a newer
    copy's audit log (`removed`: (action, target, UTC time) from store.removals) says were
    deleted after the backup was made: a group with its documents, roles, name lists and
    packs (as `delete_community`), a pack with its name and notes, an item taken out of a pack
    with its note. Their names and notes may
    name a client; before, a restore brought them back while it deleted the documents again
    (privacy attack 31). A group the newer copy made again under the name (`remade`: its
    communities with their sharing and pseudonymisation, store.remade) is deleted again too,
    being the old one, and made again empty as the newer copy has it (tenancy attack 41).
    Each is audited as `restore`. Returns (communities, packs) deleted."""
    made = _utc(backup_made)
    recent = [(action, target) for action, target, at in removed if made is None or (_utc(at) or made) >= made]
    known = {c.name for c in store.accounts.communities()}
    groups = sorted({target for action, target in recent if action == GROUP_DELETED} & known)
    for name in groups:
        delete_community(store, name, actor="restore")   # its 'groep verwijderd' line comes with its row
        if name in (remade or {}):
            _made_again(store, name, *(remade or {})[name])
    packs = 0
    for pack_id in sorted({target.removeprefix(PACK_TARGET) for action, target in recent
                           if action == PACK_DELETED and target.startswith(PACK_TARGET)}):
        if store.packs.delete(pack_id, None):
            store.accounts.audit("restore", PACK_DELETED, f"{PACK_TARGET}{pack_id}")
            packs += 1
    for target in sorted({target for action, target in recent if action == ITEM_REMOVED
                          and target.startswith(PACK_TARGET) and ITEM_TARGET in target}):
        pack_id, item_id = target.removeprefix(PACK_TARGET).split(ITEM_TARGET, 1)
        if store.packs.remove(pack_id, item_id, None):   # an item's note may name a client too
            store.accounts.audit("restore", ITEM_REMOVED, target)
    return len(groups), packs


def _made_again(store: Store, name: str, sharing: str, pseudonymise: bool) -> None:
    """An empty group of `name` with the newer copy's settings, audited as `restore`; none if
    the name is refused now (another group's documents lie under it: the group stays deleted)."""
    try:
        with store.writer():
            store.accounts.add_community(name, sharing, pseudonymise)
    except AccountError:
        return
    store.accounts.audit("restore", f"groep aangemaakt: {sharing}, {'' if pseudonymise else 'niet '}pseudonimiseren",
                         name)


def list_again(store: Store, embedder, key: str | None, listed: dict[str, Listed]) -> list[Correction]:
    """List again in a restored backup the client names a newer copy of the data dir lists
    (`key` and `listed` from store.listed_clients) and pseudonymise again what names them:
    a name a moderator listed after the backup was made (a correction) was back in the
    restored documents, their ids, their kept originals and the packs' notes. Digests are
    keyed, so only a copy under the same key (the same deployment's) counts; a community
    the backup does not have is skipped. Returns the corrections that listed a new name."""
    if not store.clients.keyed_alike(key):
        return []
    known = {c.name for c in store.accounts.communities()}
    with store.writer():
        store.catalogue.cleanup_incomplete()
        done = [_relist(store, embedder, community, names) for community, names in sorted(listed.items())
                if community in known]
    return [report for report in done if report.new_names]


def correct_again(store: Store, embedder, corrected: list[tuple[str, str]], backup_made: str) -> int:
    """Make again, in a restored backup, the metadata corrections a newer copy's audit log
    (`corrected`: (target, UTC time) from store.recorrections) says took away a reason a
    document kept names after the backup was made (`backup_made`): a publication retyped as a
    case, a client typed as its author corrected away (privacy attack 38). The backup holds the
    document as it was, names and all; before, a restore brought them back (privacy attack 39).
    Each is a metadata edit by `restore`, pseudonymised again by the rules as the correction
    did, under the same keyed digests (the deployment's key). Returns how many documents."""
    made = _utc(backup_made)
    wanted: dict[str, tuple[str | None, set[str]]] = {}
    for target, at in sorted(corrected, key=lambda entry: _utc(entry[1]) or dt.datetime.min.replace(tzinfo=dt.timezone.utc)):
        if made is None or (_utc(at) or made) >= made:
            label, retyped, gone = read_recorrection(target)
            earlier_type, earlier_gone = wanted.get(label, (None, set()))
            wanted[label] = (retyped or earlier_type, earlier_gone | gone)
    if not wanted:
        return 0
    with store.writer():
        store.catalogue.cleanup_incomplete()
        found = [d for d in store.catalogue.list_documents() if store.traces.label(d.doc_id) in wanted]
    return sum(_correct_again(store, lambda doc_id, fields: edit_metadata(
        store, lambda: embedder, doc_id, fields, actor="restore"), document, *wanted[store.traces.label(document.doc_id)])
        for document in found)


def _utc(when: str) -> dt.datetime | None:
    """An audit log time (SQLite: '2026-12-06 14:20:00', UTC) or a manifest's
    ('2026-12-06T15:20:00+0100') as an aware UTC time; None if it is neither."""
    try:
        parsed = dt.datetime.fromisoformat(when.strip().replace(" ", "T", 1))
    except ValueError:
        return None
    return (parsed if parsed.tzinfo else parsed.replace(tzinfo=dt.timezone.utc)).astimezone(dt.timezone.utc)


def reindex(store: Store, embedder, progress: Callable[[int], None] | None = None) -> int:
    """Rebuild the lexical and vector indexes from the database (e.g. for a new model)."""
    with store.writer():
        store.catalogue.cleanup_incomplete()
        return _reindex(store, embedder, progress)


def correct_names(store: Store, embedder, community: str, names: list[str],
                  doc_ids: list[str] | None = None, words_ok: bool = False) -> Correction:
    """Add missed client names to `community`'s list and pseudonymise again the stored
    documents of it that hold them (only `doc_ids` when given): new versions, and the
    old text erased as a delete erases it. Raises NameProblem for names it refuses
    (`words_ok`: a Dutch word no name list knows may be listed; the server owner's
    `clients add` only, ingest._correct.clean_names)."""
    with store.writer():
        store.catalogue.cleanup_incomplete()
        return _correct(store, embedder, community, names, doc_ids, words_ok)


def pseudonymise_again(store: Store, embedder, community: str) -> Correction:
    """After `community` switched pseudonymisation on (`communities set --pseudonymise`,
    the admin's group page): its stored documents, ids, kept originals and pack texts
    pseudonymised again as ingest now would (ingest._correct.switched_on); the old versions
    erased as a delete erases them. Nothing while the switch is off."""
    with store.writer():
        store.catalogue.cleanup_incomplete()
        return _switched_on(store, embedder, community)


def watch_pass(store: Store, embedder, folder: Path, overrides: Overrides,
               settle: float = SETTLE_SECONDS, now: float | None = None) -> PassReport:
    """One pass over a watched folder (ingest._watch): ingest its stable new and changed
    files, delete the documents of files that are gone (audited as 'watch')."""
    return _watch_pass(store, embedder, folder, overrides,
                       lambda doc_id: delete_document(store, doc_id, actor="watch"), settle, now)


def edit_metadata(store: Store, get_embedder: Callable[[], Embedder], doc_id: str, fields: dict, actor: str,
                  scope: Scope | None = None) -> EditReport | None:
    """Correct a document's metadata (`fields`: a subset of EDITABLE, validated) as a new
    version; None when there is no such document. `scope` says whose documents the
    writer may change (IngestError OTHER_COMMUNITY otherwise); `get_embedder` is called
    only when a new title has to be embedded. The edit is written to the audit log."""
    with store.writer():
        store.catalogue.cleanup_incomplete()
        document = store.catalogue.get_document(doc_id)
        if document is None:
            return None
        (scope or Scope()).check_existing(document, document.meta.community)   # an edit keeps its community
        before = written(store, document)   # its authors as it names them, read before the edit purges them
        report = _edit_metadata(store, get_embedder, document, fields, actor)
        if report.version is not None:
            store.accounts.audit(actor, f"gegevens gewijzigd: {', '.join(c.field for c in report.changes)}", doc_id)
            # a public type or an author corrected away: the names they kept are pseudonymised now
            report.doc_id = reasons_gone(store, get_embedder, before, report.doc_id, actor)
        return report


def pseudonymise_note(store: Store, community: str, text: str) -> str:
    """A moderator's own text kept with a community's material (a pack's name or note),
    with client names replaced as in that community's documents. Raises IngestError
    (code 'pseudonymisation') when names could not be looked for: then nothing is kept."""
    from ingest._privacy import Privacy

    if not text.strip():
        return text
    return Privacy(store).apply(text, DocumentMeta(community=community))[0]
