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
import logging
import secrets
import shutil
import time
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

from filelock import FileLock, Timeout

log = logging.getLogger(__name__)
_M_PERTURB = -6       # mallopt parameter (glibc malloc.h)
_PERTURB_BYTE = 0x5A  # freed memory becomes this byte
INCOMING = ".incoming"   # uploads being received, under the files folder (incoming_folder, web.uploads)
INCOMING_GRACE = 3600    # seconds: an upload's lock file older than this and not held is left over
LOCK = ".lock"           # .incoming/<upload>.lock, held while .incoming/<upload>/ is in use


@contextmanager
def incoming_folder(files_dir: Path) -> Iterator[Path]:
    """A new folder of its own under files/.incoming for one upload, held by an OS lock
    (which dies with its process) while in use and removed, with the lock, at the end.
    After a crash the folder stays, named after no file, and `upload_in_progress` says
    it is abandoned, whatever its age: the files in it are as they were sent."""
    name = secrets.token_hex(16)
    root = files_dir / INCOMING
    root.mkdir(parents=True, exist_ok=True)
    lock_path, folder = root / f"{name}{LOCK}", root / name
    try:
        with FileLock(str(lock_path)):
            try:
                yield folder
            finally:
                shutil.rmtree(folder, ignore_errors=True)
    finally:
        lock_path.unlink(missing_ok=True)


def upload_in_progress(files_dir: Path, path: Path) -> bool:
    """Whether `path` (a file under files/.incoming) belongs to an upload whose process
    still holds its lock. A lock file itself counts as in progress unless it is older
    than INCOMING_GRACE and nobody holds it (a lock is taken just after its file is made)."""
    try:
        relative = path.relative_to(files_dir / INCOMING).parts
    except ValueError:   # a folder named .incoming elsewhere is no upload's
        return False
    if len(relative) == 1 and relative[0].endswith(LOCK):
        lock_path, young = path, True
    else:
        lock_path, young = files_dir / INCOMING / f"{relative[0]}{LOCK}", False
    if not lock_path.is_file():
        return False
    try:
        with FileLock(str(lock_path), timeout=0):
            pass
    except Timeout:
        return True
    return young and time.time() - lock_path.lstat().st_mtime < INCOMING_GRACE


def scrub_freed_memory() -> bool:
    """Make glibc overwrite freed memory (for the whole process, from now on); False
    where the C library has no mallopt (macOS, musl), where this residue remains."""
    try:
        return bool(ctypes.CDLL(None).mallopt(_M_PERTURB, _PERTURB_BYTE))
    except (AttributeError, OSError):
        log.info("cannot ask the C library to clear freed memory; erased vectors may linger in memory")
        return False
