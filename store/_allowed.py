"""The chunks a filter allows, kept per filter until the catalogue changes.

Both retrievers need them for every search: dense search scores only their
vectors, lexical search keeps only its hits among them. Reading them is one SQL
query over the filtered documents (through a covering index), which a hybrid
query would otherwise pay twice and each next query of the same user again: at
100k chunks that was most of a filtered query's time. So they are kept per
filter and served only to a query whose snapshot has the generation they were
filed under (rules R1, R2 and R4 of store._snapshot, where every cache rule is).
"""
from __future__ import annotations

import threading
from collections import OrderedDict
from dataclasses import dataclass, field
from typing import Callable

from store._snapshot import Snapshot, new_serial
from store._types import Filters

# Sets are evicted least recently used first once they hold more chunks than this
# in all (~250 bytes each: the id, its dict and set entries), ~125 MB at most.
KEPT_CHUNKS = 500_000


@dataclass(frozen=True)
class AllowedChunks:
    ids: list[str]           # vector ids, in one stable order (the vector index memoises it)
    pk_of: dict[str, int]    # vector id -> chunk pk
    pks: frozenset[int]
    serial: int = field(default_factory=new_serial, compare=False)  # R4: what is derived from it is kept under this

    @classmethod
    def of(cls, rows: list[tuple[str, int]]) -> "AllowedChunks":
        pk_of = dict(rows)
        return cls(list(pk_of), pk_of, frozenset(pk_of.values()))

    def __len__(self) -> int:
        return len(self.ids)


class AllowedCache:
    """Per filter, the allowed chunks of the catalogue generation they were read at."""

    def __init__(self, max_chunks: int = KEPT_CHUNKS) -> None:
        self._kept: OrderedDict[Filters, tuple[str, AllowedChunks]] = OrderedDict()
        self._max = max_chunks
        self._lock = threading.Lock()
        self._size: tuple[str, int] = ("", -1)

    def size(self, snapshot: Snapshot, count: Callable[[], int]) -> int:
        """How many chunks the store holds, counted again only in a new generation (R2)."""
        size = self._size
        if not snapshot.serves(size[0]) or size[1] < 0:
            size = self._size = (snapshot.generation, count())
        return size[1]

    def get(self, filters: Filters, snapshot: Snapshot,
            read: Callable[[Filters], AllowedChunks]) -> AllowedChunks:
        """The filter's allowed chunks for this snapshot (R1); `read` runs after the
        snapshot's generation was read, so the set is never older than it."""
        with self._lock:
            kept = self._kept.get(filters)
            if kept and snapshot.serves(kept[0]):
                self._kept.move_to_end(filters)
                return kept[1]
        allowed = read(filters)
        with self._lock:
            allowed = self._same_as_kept(allowed, snapshot.generation)
            self._kept[filters] = (snapshot.generation, allowed)
            self._kept.move_to_end(filters)
            while len(self._kept) > 1 and self._chunks() > self._max:
                self._kept.popitem(last=False)
        return allowed

    def _same_as_kept(self, allowed: AllowedChunks, generation: str) -> AllowedChunks:
        """A kept set of this generation with the same chunks in the same order, if any,
        else `allowed`. Filters that allow the same chunks (every member who sees only what
        is shared, and their communities' documents are shared too) then share one set: its
        memory, and what is derived from it under its serial (masks, vector rows), so ten
        such members no longer push each other out of the cache (at 100k chunks each re-read
        its set on every query). A shared set is equal in every field, so no answer changes."""
        for kept_generation, kept in self._kept.values():
            if (kept_generation == generation and len(kept) == len(allowed) and kept.ids == allowed.ids
                    and kept.pk_of == allowed.pk_of):
                return kept
        return allowed

    def _chunks(self) -> int:
        """Chunks held, a set shared by several filters counted once."""
        return sum(len(a) for a in {id(a): a for _, a in self._kept.values()}.values())
