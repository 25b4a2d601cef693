"""Chroma housekeeping that VectorIndex does not offer: closing a client, dropping a
collection, and clearing what an embedded Chroma (1.5) leaves in its files.

Deleted records stay in an embedded store's files: the HNSW files only mark them
deleted, and chroma.sqlite3 keeps their bytes in free pages. A dropped collection's
HNSW folder is never removed at all (chroma-core/chroma#5259, open). This module
is the one place that knows this layout: `remove_orphan_segments` does what
chromadb-ops' `db clean` does, `vacuum` the final step of `chroma vacuum`.
"""
from __future__ import annotations

import re
import shutil
import sqlite3
from pathlib import Path

from store._vectors import VectorIndex

_SEGMENT_DIR = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")


def close_client(index: VectorIndex) -> None:
    """Release the client; chromadb then drops its cached system for that path, so
    the next client reads the files afresh."""
    index._client.close()


def forget_clients() -> None:
    """Drop the Chroma systems this process keeps per path, so that a chroma dir
    replaced on disk (restore) is opened afresh instead of through stale handles."""
    from chromadb.api.shared_system_client import SharedSystemClient

    SharedSystemClient.clear_system_cache()


def drop_collection(index: VectorIndex) -> None:
    index._client.delete_collection(index.name)


def remove_orphan_segments(chroma_dir: Path) -> int:
    """Delete HNSW folders of collections that no longer exist; returns how many."""
    database = chroma_dir / "chroma.sqlite3"
    if not database.exists():
        return 0
    with sqlite3.connect(f"file:{database}?mode=ro", uri=True, timeout=30) as conn:
        live = {row[0] for row in conn.execute("SELECT id FROM segments")}
    orphans = [p for p in chroma_dir.iterdir() if p.is_dir() and _SEGMENT_DIR.match(p.name) and p.name not in live]
    for path in orphans:
        shutil.rmtree(path)
    return len(orphans)


def vacuum(chroma_dir: Path) -> None:
    """Rewrite chroma.sqlite3 so that deleted records leave no bytes behind."""
    database = chroma_dir / "chroma.sqlite3"
    if database.exists():
        conn = sqlite3.connect(database, timeout=30)
        try:
            conn.execute("VACUUM")
        finally:
            conn.close()
