"""The vectors as this process sees it: exact search from SQLite, Chroma kept in step.

Exact search and vector look-ups (`exact`, `get`, `stored`) read an in-memory copy
filled from SQLite's `chunk_vectors` and never touch Chroma, so a server below
the exact-search size never opens Chroma at all (it is opened on first use):
reading an embedded Chroma store while another process writes it is not safe.

Chroma's embedded client loads the HNSW index into memory once and never notices
what another process wrote: a server that keeps running while `praktijkgeheugen
ingest` adds documents would never find them by meaning, and a later upload by
that server would persist its stale index over the newer one. So every change to
the vectors bumps `vector_generation` in SQLite, and a process that sees a newer
generation (or a new collection after a rebuild) reopens its client: a writer
when it takes the writer lock, a reader at most once a second. Both reopen under
the writer lock, because Chroma catches up on open (its "backfill") by writing.

Calls share the index; a reopen waits for the calls in flight, so no request
ever uses a closed client.
"""
from __future__ import annotations

import threading
import time
from contextlib import contextmanager
from typing import Callable, Iterator

import numpy as np

from store._chroma_admin import close_client, drop_collection
from store._db import Database
from store._lock import HeldLock
from store._snapshot import VectorState, reader_may_refresh, vectors_moved
from store._vectors import VectorCopy, VectorIndex, read_vectors

READER_WAIT = 2.0       # how long a reader waits for the writer lock before it keeps its view


class LiveIndex:
    """The current `VectorIndex` (the same Chroma methods), opened on first use and
    reopened when it is stale; exact search and look-ups from the copy of SQLite's vectors."""

    def __init__(self, open_index: Callable[[str], VectorIndex], db: Database, lock: HeldLock) -> None:
        self._open, self._db, self._lock = open_index, db, lock
        self._opened: str | None = None
        self._index: VectorIndex | None = None
        self._opening = threading.Lock()
        self._seen: VectorState | None = None  # (collection, generation) in memory
        self._tried = float("-inf")
        self._gate = _Gate()
        self._refreshing = threading.Lock()
        self._copy = VectorCopy(None, self._read)

    # --- Chroma: each call first catches up with other writers, then holds the gate
    def upsert(self, ids: list[str], vectors: np.ndarray, document_pk: int) -> None:
        with self._chroma() as index:
            index.upsert(ids, vectors, document_pk)

    def delete(self, ids: list[str]) -> None:
        with self._chroma() as index:
            index.delete(ids)

    def query(self, vector: np.ndarray, limit: int) -> list[tuple[str, float]]:
        """Nearest vectors in the whole collection as (id, cosine similarity), via HNSW."""
        with self._chroma() as index:
            return index.query(vector, limit)

    def ids(self) -> set[str]:
        with self._chroma() as index:
            return index.ids()

    def count(self) -> int:
        with self._chroma() as index:
            return index.count()

    def fetch(self, ids: list[str]) -> tuple[list[str], np.ndarray]:
        with self._chroma() as index:
            return index.fetch(ids)

    @contextmanager
    def _chroma(self) -> Iterator[VectorIndex]:
        """The current collection for one call: caught up with other writers (a reader at
        most once a second), and not closed by a reopen while the call runs."""
        self._catch_up_as_reader()
        with self._gate.shared():
            yield self._current()

    def drop(self) -> None:
        """Drop the collection in use from its Chroma store (a bench run leaves a shared
        Chroma server as it found it)."""
        with self._chroma() as index:
            drop_collection(index)

    def exact(self, vector, ids: list[str], limit: int, key: int | None = None) -> list[tuple[str, float]]:
        """Nearest among ``ids`` as (id, cosine), by brute force over the copy (`key`:
        the allowed set's serial, store._snapshot R4)."""
        return self._vectors().exact(vector, ids, limit, key)

    def exact_spread(self, vector, ids: list[str], limit: int,
                     key: int | None = None) -> tuple[list[tuple[str, float]], float, int]:
        """`exact`, with the spread of the cosines over ``ids`` and their number (VectorCopy)."""
        return self._vectors().exact_spread(vector, ids, limit, key)

    def get(self, ids: list[str]) -> np.ndarray:
        """Stored vectors for ids, in the order given (ids without a vector are left out)."""
        return self._vectors().rows(ids)[1]

    def stored(self, ids: list[str]) -> tuple[list[str], np.ndarray]:
        """(ids that have a vector, their vectors), in the order given."""
        return self._vectors().rows(ids)

    def reopen(self) -> None:
        """After an error that reopening may cure: drop this thread's SQLite connection
        and the Chroma client (opened again on next use)."""
        self._db.close()
        with self._gate.exclusive():
            if self._index is not None:
                close_client(self._index)
            self._index, self._seen = None, None

    def _vectors(self) -> VectorCopy:
        """The copy for the current model (a reindex with another model starts a new one)."""
        model = self._db.get_meta("embedding_model")
        copy = self._copy
        if copy.key != model:
            copy = self._copy = VectorCopy(model, self._read)
        return copy

    def _read(self, ids: list[str]):
        return read_vectors(self._db.conn(), ids)

    def _current(self) -> VectorIndex:
        with self._opening:
            if self._index is None:
                self._opened = self._key()
                self._index = self._open(self._opened)
            return self._index

    def catch_up(self) -> None:
        """Called by a writer that has just taken the writer lock."""
        with self._refreshing:
            self._refresh(self._state())

    def mark_seen(self) -> None:
        """Called by a writer before it releases the lock: every change since was its own."""
        self._seen = self._state()

    def close(self) -> None:
        with self._gate.exclusive():
            if self._index is not None:
                close_client(self._index)
            self._index = None

    def _catch_up_as_reader(self) -> None:
        if self._lock.held():
            return
        if not reader_may_refresh(self._seen, self._state(), self._tried, time.monotonic()):
            return
        if not self._refreshing.acquire(blocking=False):
            return  # another thread is at it; this call keeps the current view
        try:
            self._tried = time.monotonic()
            with self._lock.attempt(READER_WAIT) as locked:
                if locked:
                    self._refresh(self._state())
        finally:
            self._refreshing.release()

    def _refresh(self, state: VectorState) -> None:
        if not vectors_moved(self._seen, state):
            return
        if self._index is None or (self._seen is None and state[0] == self._opened):
            self._current().count()  # first use: let Chroma catch up now, under the lock
        else:
            with self._gate.exclusive():
                close_client(self._index)
                self._index, self._opened = self._open(state[0] or ""), state[0]
                self._index.count()
        self._seen = state

    def _state(self) -> VectorState:  # R6 of store._snapshot
        return self._key(), self._db.get_meta("vector_generation")

    def _key(self) -> str:
        return self._db.get_meta("vector_collection") or self._db.get_meta("deployment_id") or ""


class _Gate:
    """Many calls at once, or one reopen alone."""

    def __init__(self) -> None:
        self._cond = threading.Condition()
        self._calls = 0
        self._closed = False

    @contextmanager
    def shared(self) -> Iterator[None]:
        with self._cond:
            self._cond.wait_for(lambda: not self._closed)
            self._calls += 1
        try:
            yield
        finally:
            with self._cond:
                self._calls -= 1
                self._cond.notify_all()

    @contextmanager
    def exclusive(self) -> Iterator[None]:
        with self._cond:
            self._closed = True
            self._cond.wait_for(lambda: self._calls == 0)
        try:
            yield
        finally:
            with self._cond:
                self._closed = False
                self._cond.notify_all()
