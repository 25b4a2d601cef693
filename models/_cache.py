"""A persistent cache of passage embeddings, keyed by a hash of the exact text embedded.

Embedding is by far the slowest step of ingest. Re-ingesting a changed document,
reindexing or rebuilding a lost vector index mostly meets chunk texts that were
embedded before; with this cache they cost a lookup instead of a model run.
One SQLite file per embedding model name (which includes the backend), so
vectors of two backends or models can never be mixed up. It lives under the
models dir of the data dir and can be deleted at any time (it only saves time).
"""
from __future__ import annotations

import hashlib
import re
import sqlite3
import threading
from pathlib import Path

import numpy as np


class EmbeddingCache:
    """text -> float32 vector for one model, shared by the threads of a process."""

    def __init__(self, path: Path, dim: int) -> None:
        self.path = path
        self.dim = dim
        self.hits = 0
        self.misses = 0
        self._lock = threading.Lock()
        path.parent.mkdir(parents=True, exist_ok=True)
        self._conn = sqlite3.connect(path, timeout=30, isolation_level=None, check_same_thread=False)
        self._conn.execute("PRAGMA journal_mode=WAL")
        # Forgotten vectors are overwritten, not left in free pages (erasure).
        self._conn.execute("PRAGMA secure_delete=ON")
        self._conn.execute("CREATE TABLE IF NOT EXISTS vectors (key BLOB PRIMARY KEY, vector BLOB NOT NULL)")

    def get_many(self, texts: list[str]) -> list[np.ndarray | None]:
        """The cached vector of each text, or None where it was never embedded."""
        keys = [_key(t) for t in texts]
        found: dict[bytes, bytes] = {}
        with self._lock:
            for start in range(0, len(keys), 500):
                part = keys[start:start + 500]
                marks = ",".join("?" for _ in part)
                found.update(self._conn.execute(
                    f"SELECT key, vector FROM vectors WHERE key IN ({marks})", part).fetchall())
        out = [self._vector(found.get(k)) for k in keys]
        hits = sum(v is not None for v in out)
        self.hits, self.misses = self.hits + hits, self.misses + len(out) - hits
        return out

    def put_many(self, texts: list[str], vectors: np.ndarray) -> None:
        rows = [(_key(t), np.asarray(v, np.float32).tobytes()) for t, v in zip(texts, vectors)]
        with self._lock:
            self._conn.execute("BEGIN")
            self._conn.executemany("INSERT OR REPLACE INTO vectors(key, vector) VALUES (?, ?)", rows)
            self._conn.execute("COMMIT")

    def forget(self, texts: list[str]) -> None:
        """Drop these texts' vectors, also from the write-ahead log: a deleted document
        must not survive in the cache (its vectors are derived from client material)."""
        with self._lock:
            self._conn.execute("BEGIN")
            self._conn.executemany("DELETE FROM vectors WHERE key = ?", [(_key(t),) for t in texts])
            self._conn.execute("COMMIT")
            self._conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")

    def close(self) -> None:
        with self._lock:
            self._conn.close()

    def _vector(self, blob: bytes | None) -> np.ndarray | None:
        """None for a missing entry, and for a damaged one (it is simply recomputed)."""
        if blob is None or len(blob) != self.dim * 4:
            return None
        return np.frombuffer(blob, np.float32)


def cache_path(directory: Path, model: str) -> Path:
    """One file per model name; the name is made safe as a file name."""
    return directory / f"{re.sub(r'[^A-Za-z0-9._@-]+', '_', model)}.sqlite3"


def _key(text: str) -> bytes:
    return hashlib.blake2b(text.encode("utf-8"), digest_size=16).digest()
