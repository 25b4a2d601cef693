"""Erasure: after a purge nothing of the removed text or vectors may stay in the
data dir's files (clients' data in a casus; the right to erasure).

A purge removes rows and vectors, but their bytes linger: SQLite's secure_delete
zeroes freed content, yet the WAL still holds old pages and FTS5 keeps old
segments until they are merged; Chroma marks HNSW entries deleted and keeps the
records in chroma.sqlite3's free pages. `erase_residue` rewrites all of that:
FTS5 'optimize', a truncating WAL checkpoint, a rebuilt vector collection (copied
from the live one, so no re-embedding) and, for an embedded Chroma, a VACUUM of
its database. The caller holds the writer lock.

One residue is not in any file yet: memory. hnswlib allocates a new index without
clearing it and writes its whole capacity to data_level0.bin, so the unused slots
of a rebuilt collection can carry vectors from memory the process freed before
(the very index that held the erased document). `scrub_freed_memory` has glibc
overwrite memory when it is freed (M_PERTURB); the erasure test found such bytes
in about one run of three without it.
"""
from __future__ import annotations

import ctypes
import json
import logging
import os
import time
from pathlib import Path

import numpy as np

from store._chroma_admin import vacuum
from store._vectors import VectorIndex

log = logging.getLogger(__name__)
_M_PERTURB = -6       # mallopt parameter (glibc malloc.h)
_PERTURB_BYTE = 0x5A  # freed memory becomes this byte
INCOMING = ".incoming"   # uploads being received, under the files folder (web.uploads)
INCOMING_GRACE = 3600    # seconds: an upload older than this is abandoned, not in progress


def _write_private(path: Path, text: str) -> None:
    """Replace a file atomically, readable by the owner only."""
    part = path.with_name(f".{path.name}.part")
    part.write_text(text, "utf-8")
    os.chmod(part, 0o600)
    os.replace(part, path)


def scrub_freed_memory() -> bool:
    """Make glibc overwrite freed memory (for the whole process, from now on); False
    where the C library has no mallopt (macOS, musl), where this residue remains."""
    try:
        return bool(ctypes.CDLL(None).mallopt(_M_PERTURB, _PERTURB_BYTE))
    except (AttributeError, OSError):
        log.info("cannot ask the C library to clear freed memory; erased vectors may linger in memory")
        return False


class EraseMixin:
    def erase_pending(self) -> bool:
        """Whether something was purged since the files were last rewritten."""
        return self.db.get_meta("erase_pending") == "1"

    def erase_residue(self) -> bool:
        """Rewrite the indexes' files; False if a reader kept the WAL from being
        emptied (the erasure then stays pending, for the next writer or `check --repair`)."""
        self.rebuild_vectors(self._copy_vectors)
        with self.db.transaction() as conn:
            conn.execute("INSERT INTO chunks_fts(chunks_fts) VALUES ('optimize')")
            conn.execute("DELETE FROM meta WHERE key = 'erase_pending'")
        if not self.settings.chroma_url:
            vacuum(self.settings.chroma_dir)
        if self.db.checkpoint():
            return True
        log.warning("erasure incomplete: a reader kept the database's WAL busy; it is retried later")
        self.db.set_meta("erase_pending", "1")
        return False

    def forget_upload(self, source_path: str | None) -> bool:
        """Delete a document's uploaded original (only files inside the data dir's
        files folder: a CLI ingest's sources belong to the user); True if one was deleted."""
        if not source_path:
            return False
        path, files = Path(source_path).resolve(), self.settings.files_dir.resolve()
        if not path.is_relative_to(files) or not path.is_file():
            return False
        path.unlink()
        return True

    def forget_in_packs(self, doc_id: str) -> int:
        """Take a deleted document out of every session pack (web.packs keeps them as
        JSON files of references); how many packs held it."""
        changed = 0
        for path in sorted(self.settings.packs_dir.glob("*.json")):
            try:
                data = json.loads(path.read_text("utf-8"))
                items = data.get("items", [])
            except (OSError, ValueError, AttributeError):
                continue
            kept = [i for i in items if not (isinstance(i, dict) and i.get("doc_id") == doc_id)]
            if len(kept) != len(items):
                _write_private(path, json.dumps({**data, "items": kept}, ensure_ascii=False))
                changed += 1
        return changed

    def stray_files(self) -> list[Path]:
        """Files under the uploads folder that no ready document keeps as its original
        (a refused upload, a crash between copying and publishing); an upload still
        being received (`.incoming`, younger than INCOMING_GRACE) is not stray yet."""
        files = self.settings.files_dir
        if not files.is_dir():
            return []
        kept = {Path(r[0]).resolve() for r in self.db.conn().execute(
            "SELECT source_path FROM documents WHERE state = 'ready' AND source_path IS NOT NULL")}
        now = time.time()
        return sorted(p for p in files.rglob("*") if (p.is_file() or p.is_symlink()) and p.resolve() not in kept
                      and not (INCOMING in p.relative_to(files).parts and now - p.lstat().st_mtime < INCOMING_GRACE))

    def remove_stray_files(self, paths: list[Path]) -> None:
        """Delete stray files, and the folders they leave empty (the caller holds the writer lock)."""
        files = self.settings.files_dir.resolve()
        for path in paths:
            path.unlink(missing_ok=True)
        for folder in sorted((p for p in files.rglob("*") if p.is_dir()), key=lambda p: -len(p.parts)):
            if not any(folder.iterdir()):
                folder.rmdir()

    def _copy_vectors(self, target: VectorIndex) -> None:
        """Copy the vectors of every stored chunk (and nothing else) into `target`."""
        rows = self.db.conn().execute("SELECT document_id, vector_id FROM chunks ORDER BY document_id, ordinal")
        by_document: dict[int, list[str]] = {}
        for document_pk, vector_id in rows:
            by_document.setdefault(document_pk, []).append(vector_id)
        for document_pk, ids in by_document.items():
            found, vectors = self.stored_vectors(ids)
            target.upsert(found, vectors, document_pk)

    def stored_vectors(self, ids: list[str]) -> tuple[list[str], np.ndarray]:
        """The vectors SQLite holds for `ids` (those it lacks are left out)."""
        return self.vectors.stored(ids) if ids else ([], np.zeros((0, 0), dtype=np.float32))
