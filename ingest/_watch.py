"""A watch folder: groups keep their reports in a shared folder (SharePoint, OneDrive,
Nextcloud, a network drive) synced to the server; each pass ingests what is new or
changed there and removes the documents whose files were deleted.

What a pass saw is kept in the database (store.watch), so a restarted watch, or one
run from cron with `--once`, goes on where the last one stopped. A file is taken
only when it is stable: a sync client writes a file over seconds to minutes, often
under its final name, so a file is ingested when a pass finds it with the same size
and modification time as the pass before, or when it was last modified at least
`settle` seconds ago. Sync clients' own partial and lock files are never looked at.
A file that changes again is ingested again (the ids stay, so a document is
replaced, never doubled); one that failed is tried again once it changes.

A watched folder is written by a group, like an upload: its documents get ids under
the community's name ("PG Noord/casus/verslag 3.docx") with the client names their
text was found to hold hidden, as an upload's do, and the watch knows a file only by
a keyed digest of its path (store.watch): a file name such as "casus_Yilmaz.docx"
reaches neither the database, nor the log, nor the status page.
"""
from __future__ import annotations

import logging
import re
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from ingest._metadata import Overrides
from ingest._pipeline import discover, ingest_files
from ingest._read import SUPPORTED
from ingest._reindex import relex
from ingest._report import FAILED, IngestReport, Outcome
from ingest._scope import Scope

log = logging.getLogger(__name__)
SETTLE_SECONDS = 60.0  # a file untouched this long is not being written any more
# Partial and lock files of sync clients and office programs: OneDrive and SharePoint
# (".tmp", "~$x.docx"), Nextcloud and ownCloud (".~123", ".part", ".sync_*"), browsers
# (".crdownload"), LibreOffice (".~lock.x#"), iCloud placeholders (".icloud").
_PARTIAL = re.compile(r"^~\$|^\.~|\.~[^/]*$|\.(?:tmp|temp|part|partial|crdownload|download|icloud|lock)$|#$",
                      re.IGNORECASE)
WAITING = "waiting"
WATCHED = frozenset(SUPPORTED) - {".jsonl"}  # a JSONL file is a bulk import of many ids, not one document


@dataclass
class PassReport:
    """What one pass did: ingest outcomes, files still settling, documents removed."""

    report: IngestReport = field(default_factory=IngestReport)
    waiting: list[str] = field(default_factory=list)
    deleted: list[str] = field(default_factory=list)
    kept: str | None = None  # why deletions were not done (an empty or missing folder)


def is_partial(name: str) -> bool:
    return bool(_PARTIAL.search(name))


def watch_pass(store, embedder, folder: Path, overrides: Overrides, remove: Callable[[str], object],
               settle: float = SETTLE_SECONDS, now: float | None = None) -> PassReport:
    """One pass over `folder`: ingest the stable new and changed files, remove the
    documents of deleted ones, and remember what was seen. Raises FileNotFoundError
    (nothing done, nothing deleted) when the folder is not there: an unmounted drive
    must not look like a group that deleted everything."""
    folder = folder.resolve()
    if not folder.is_dir():
        raise FileNotFoundError(f"the watch folder {folder} does not exist or is not a folder (not mounted?)")
    now = time.time() if now is None else now
    folder_id = store.watch.folder_id(folder_label(store, folder, overrides.community), overrides.community,
                                      was=str(folder))
    known = store.watch.files(folder_id)
    present = {store.watch.file_key(name): (name, path) for path, name in discover([folder])
               if path.suffix.lower() in WATCHED and not any(is_partial(part) for part in Path(name).parts)}
    result = PassReport()
    ready: dict[str, tuple[Path, tuple[int, int]]] = {}   # key: (path, (size, mtime_ns) before reading)
    for key, (_, path) in sorted(present.items()):
        _look(store, folder_id, key, path, known.get(key), settle, now, ready, result)
    if ready:
        with store.writer():
            store.catalogue.cleanup_incomplete()
            relex(store)
            files = [(present[key][1], present[key][0]) for key in ready]
            result.report = ingest_files(store, embedder, files, overrides, scope=_own(overrides))
        _record(store, folder_id, ready, result.report)
    _remove_deleted(store, folder_id, known, present, remove, result, overrides.community)
    store.watch.finish_pass(folder_id)
    return result


def folder_label(store, folder: Path, community: str | None) -> str:
    """How the database knows a watched folder and the status page shows it: its path,
    with the client names hidden that the community's rules find in the folder's own
    name (judged as a file name's words, as a document's id is: '/srv/sync/casus-Yilmaz'
    -> '/srv/sync/casus-Y.-3f9a2c'; the keyed tag keeps two clients' folders apart, and
    the same folder gets the same label every pass) and its known client names anywhere
    in the path. The folder's own name is the group's (the share a sync client mirrors);
    the folders above it are the server's layout, which the beheerder chose. The path
    itself stays where it came from, the watch command's line: the database, its backups
    and /mappen would otherwise hold a client's name. A label that is not the path cannot
    be read for the status page's names of waiting and refused files; they are shown by
    their digest."""
    from ingest._document import tagged
    from ingest._listed import hide_listed
    from ingest._privacy import Privacy, hide_names
    from store import DocumentMeta

    path = folder.as_posix()
    pairs = Privacy(store).names_in_file_name(folder.name, DocumentMeta(community=community))
    label = hide_listed(store, community, (folder.parent / hide_names(folder.name, pairs)).as_posix())
    return path if label == path else tagged(label, store.clients.id_tag("folder:" + path))


_TAG = re.compile(r"-[0-9a-f]{6}$")   # the keyed tag `tagged` gives a label a name was hidden from


def relabel_folders(store, community: str) -> int:
    """Make the community's watched folders' labels again with its rules and list as they
    are now (after a listed client name, a switch-on, a restore that listed names again):
    a label made while pseudonymisation was off, or before a moderator listed a client the
    rules missed, kept the name in the database and its backups until the next pass of
    that watch, and for good when the folder was watched no more (trace attack 26). A label
    that is the folder's path gets the label the next pass makes of it (`folder_label`), so
    that pass finds its records; one a name was hidden from already (its path is not kept)
    gets the names now found hidden and keeps its tag. Returns how many changed; the caller
    holds the writer lock."""
    from ingest._listed import hide_listed
    from ingest._privacy import Privacy, hide_names
    from store import DocumentMeta

    changed = 0
    for watched in store.watch.folders([community]):
        label = Path(watched.folder)
        if not _TAG.search(label.name):   # the path itself: what the next pass will make of it
            new = folder_label(store, label, community)
        else:
            pairs = Privacy(store).names_in_file_name(label.name, DocumentMeta(community=community))
            new = hide_listed(store, community, (label.parent / hide_names(label.name, pairs)).as_posix())
        if new != watched.folder:
            store.watch.folder_id(new, community, was=watched.folder)
            changed += 1
    return changed


def file_names(store, folder: Path, keys: set[str]) -> dict[str, str]:
    """The current names of the files with these digests, read from the folder now (for
    the status page to name a file that is waiting or was refused; never stored)."""
    if not keys or not folder.is_dir():
        return {}
    found = {}
    for _, name in discover([folder]):
        key = store.watch.file_key(name)
        if key in keys:
            found[key] = name
    return found


def _look(store, folder_id: int, key: str, path: Path, seen, settle: float, now: float,
          ready: dict[str, tuple[Path, tuple[int, int]]], result: PassReport) -> None:
    """Queue a file that is new or changed and stable, with the size and time it had
    before it was read (a change while it is read is then seen by the next pass);
    remember one still settling."""
    try:
        info = path.stat()
    except OSError:
        ready[key] = (path, (-1, -1))  # a broken link or a vanished file: ingest reports why
        return
    stamp = (info.st_size, info.st_mtime_ns)
    if seen is not None and (seen.size, seen.mtime_ns) == stamp:
        if seen.status == WAITING:
            ready[key] = (path, stamp)  # unchanged since the last pass: stable
        return
    if now - info.st_mtime >= settle:
        ready[key] = (path, stamp)
        return
    store.watch.record(folder_id, key, None, info.st_size, info.st_mtime_ns, WAITING)
    shown = seen.shown if seen is not None else f"bestand {key[:10]}"
    result.waiting.append(shown)
    log.info("watch: %s is new or changing; taken when it is stable", shown)


def _record(store, folder_id: int, ready: dict[str, tuple[Path, tuple[int, int]]], report: IngestReport) -> None:
    """Each file's outcome, under the size and time it had before it was read."""
    outcomes = _by_file(report)
    for key, (path, (size, mtime_ns)) in ready.items():
        outcome = outcomes.get(str(path))
        status, code = (outcome.status, outcome.code) if outcome else (FAILED, "unexpected")
        doc_id = outcome.doc_id if outcome and status != FAILED else None  # a refused file's id is its path
        store.watch.record(folder_id, key, doc_id, size, mtime_ns, status, code if status == FAILED else None)
        log.info("watch: %s: %s%s", doc_id or f"bestand {key[:10]}", status, f" ({code})" if status == FAILED else "")


def _by_file(report: IngestReport) -> dict[str, Outcome]:
    """The outcome per source file (a failed one wins: a file is in or not at all)."""
    found: dict[str, Outcome] = {}
    for outcome in report.outcomes:
        if outcome.source not in found or outcome.status == FAILED:
            found[outcome.source] = outcome
    return found


def _own(overrides: Overrides) -> Scope:
    """The folder writes as its group does: into its own community only, with ids under
    the community's name and found client names hidden in them (as an upload's)."""
    if not overrides.community:
        return Scope()
    return Scope(communities=frozenset({overrides.community}), namespaced=True)


def _remove_deleted(store, folder_id: int, known: dict, present: dict, remove: Callable[[str], object],
                    result: PassReport, community: str | None) -> None:
    """Remove the documents of files that went, only the folder's community's own."""
    gone = [seen for key, seen in known.items() if key not in present]
    if gone and not present:
        result.kept = (f"the folder is empty, so the {len(gone)} documents from it were kept (an unmounted or"
                       " not yet synced drive?); delete them with `praktijkgeheugen delete` if they should go")
        log.warning("watch: %s", result.kept)
        return
    for seen in gone:
        document = store.catalogue.get_document(seen.doc_id) if seen.doc_id else None  # also an earlier version
        if document is not None and document.meta.community == community:
            remove(seen.doc_id)
        store.watch.forget_file(folder_id, seen.key)
        result.deleted.append(seen.shown)
        log.info("watch: %s: file deleted, document removed", seen.shown)
