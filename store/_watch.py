"""Watched folders: what the last passes saw of each file, so that a watch survives
restarts (ingest/_watch.py decides; this part only remembers).

Per folder its community and last pass; per file its size and modification time
when last looked at, and what became of it: `waiting` (seen, not yet stable: a
sync client may still be writing it), `ingested`, `replaced`, `unchanged`, `failed`
(with the refusal's code, never its detail: a detail may quote a document's
values). A file that went is forgotten with its document: a deletion leaves no
trace. A file is known by a keyed digest of its path (the store's secret key, as for
known client names), never by the path itself: a synced folder's file names are
written by a group ("casus_Yilmaz.docx") and may name a client, so neither the
database, the log nor the status page holds them; the status page shows the
document id a file became, with the names its text was found to hold hidden.
"""
from __future__ import annotations

import datetime as dt
import hmac
from dataclasses import dataclass, field

from store._clients import secret_key
from store._db import META_UPSERT, Database

WAITING = "waiting"
SHOWN_FILES = 500  # per folder on the status page, most recent first


@dataclass(frozen=True)
class WatchedFile:
    key: str           # keyed digest of the path relative to the folder
    doc_id: str | None  # the document it became (names hidden); None until ingested
    size: int
    mtime_ns: int
    status: str
    code: str | None   # the refusal's code when status is 'failed'
    changed_at: str    # UTC, when the status last changed

    name: str | None = None  # its name in the folder now, read for a page, never stored

    @property
    def shown(self) -> str:
        """How the status page and the log name the file: its document, else its name as
        read from the folder for a page, else its digest."""
        return self.doc_id or self.name or f"bestand {self.key[:10]}"


@dataclass
class WatchedFolder:
    folder: str
    community: str | None
    last_pass: str | None
    last_error: str | None
    files: list[WatchedFile] = field(default_factory=list)


def _now() -> str:
    return dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds")


class Watch:
    """The store's `watch` part."""

    def __init__(self, db: Database) -> None:
        self.db = db

    def file_key(self, path: str) -> str:
        """A keyed digest of a file's path relative to its folder: stable across passes,
        unreadable without the data dir's key (a guessed client name cannot be tested)."""
        return hmac.digest(secret_key(self.db), ("watch:" + path).encode("utf-8"), "sha256").hex()

    def folder_id(self, folder: str, community: str | None, was: str | None = None) -> int:
        """The folder's id, registered on first use; its community follows the latest watch.
        A folder pointed at another community forgets what it recorded for the previous
        one: those records name the previous group's documents, which the new group's
        moderators must not see on the status page, nor the new watch delete. The previous
        group's documents stay in that group. `was`: the name the folder had in an older
        data dir (its path, before the path was stored with client names hidden), renamed."""
        with self.db.transaction() as conn:
            if was and was != folder and conn.execute("SELECT 1 FROM watch_folders WHERE folder = ?",
                                                      (was,)).fetchone():
                # recorded under another label before (its path, or a label made with rules
                # that found less): the record keeps its files, and the old label, which may
                # name a client, is erased from the database's files at the session's end
                conn.execute("DELETE FROM watch_folders WHERE folder = ?", (folder,))
                conn.execute("UPDATE watch_folders SET folder = ? WHERE folder = ?", (folder, was))
                conn.execute(META_UPSERT, ("erase_pending", "1"))
            conn.execute("DELETE FROM watch_files WHERE folder_id IN (SELECT id FROM watch_folders"
                         " WHERE folder = ? AND COALESCE(community, '') <> COALESCE(?, ''))", (folder, community))
            conn.execute("INSERT INTO watch_folders(folder, community) VALUES (?, ?)"
                         " ON CONFLICT(folder) DO UPDATE SET community = excluded.community", (folder, community))
            return conn.execute("SELECT id FROM watch_folders WHERE folder = ?", (folder,)).fetchone()[0]

    def files(self, folder_id: int) -> dict[str, WatchedFile]:
        rows = self.db.conn().execute(
            "SELECT path, doc_id, size, mtime_ns, status, code, changed_at FROM watch_files WHERE folder_id = ?",
            (folder_id,))
        return {row[0]: WatchedFile(*row) for row in rows}

    def record(self, folder_id: int, key: str, doc_id: str | None, size: int, mtime_ns: int, status: str,
               code: str | None = None) -> None:
        """What became of the file with digest `key`; a None `doc_id` keeps the one known."""
        with self.db.transaction() as conn:
            conn.execute("INSERT INTO watch_files(folder_id, path, doc_id, size, mtime_ns, status, code, changed_at)"
                         " VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT(folder_id, path) DO UPDATE SET"
                         " doc_id = COALESCE(excluded.doc_id, watch_files.doc_id),"
                         " size = excluded.size, mtime_ns = excluded.mtime_ns, status = excluded.status,"
                         " code = excluded.code, changed_at = excluded.changed_at",
                         (folder_id, key, doc_id, size, mtime_ns, status, code, _now()))

    def forget(self, doc_id: str) -> None:
        """Forget a file in every watched folder (its document was deleted). If the file is
        still there, the next pass takes it as new: the folder is the source."""
        with self.db.transaction() as conn:
            conn.execute("DELETE FROM watch_files WHERE doc_id = ?", (doc_id,))

    def forget_file(self, folder_id: int, key: str) -> None:
        """Forget one file of one folder (it went from the folder)."""
        with self.db.transaction() as conn:
            conn.execute("DELETE FROM watch_files WHERE folder_id = ? AND path = ?", (folder_id, key))

    def finish_pass(self, folder_id: int, error: str | None = None) -> None:
        with self.db.transaction() as conn:
            conn.execute("UPDATE watch_folders SET last_pass = ?, last_error = ? WHERE id = ?",
                         (_now(), error, folder_id))

    def folders(self, communities: list[str] | None = None) -> list[WatchedFolder]:
        """Every watched folder (only those of `communities` when given) with its files,
        most recently changed first."""
        conn = self.db.conn()
        found = []
        for pk, folder, community, last_pass, last_error in conn.execute(
                "SELECT id, folder, community, last_pass, last_error FROM watch_folders ORDER BY folder"):
            if communities is not None and community not in communities:
                continue
            rows = conn.execute("SELECT path, doc_id, size, mtime_ns, status, code, changed_at FROM watch_files"
                                " WHERE folder_id = ? ORDER BY changed_at DESC, path LIMIT ?", (pk, SHOWN_FILES))
            found.append(WatchedFolder(folder, community, last_pass, last_error, [WatchedFile(*r) for r in rows]))
        return found
