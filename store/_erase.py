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

log = logging.getLogger(__name__)
_M_PERTURB = -6       # mallopt parameter (glibc malloc.h)
_PERTURB_BYTE = 0x5A  # freed memory becomes this byte
INCOMING = ".incoming"   # uploads being received, under the files folder (web.uploads)
INCOMING_GRACE = 3600    # seconds: an upload older than this is abandoned, not in progress


def scrub_freed_memory() -> bool:
    """Make glibc overwrite freed memory (for the whole process, from now on); False
    where the C library has no mallopt (macOS, musl), where this residue remains."""
    try:
        return bool(ctypes.CDLL(None).mallopt(_M_PERTURB, _PERTURB_BYTE))
    except (AttributeError, OSError):
        log.info("cannot ask the C library to clear freed memory; erased vectors may linger in memory")
        return False
