"""The chunks a filter allows, kept per filter until the catalogue changes.

Both retrievers need them for every search: dense search scores only their
vectors, lexical search keeps only its hits among them. Reading them is one SQL
query over the filtered documents (through a covering index), which a hybrid
query would otherwise pay twice and each next query of the same user again: at
100k chunks that was most of a filtered query's time. So they are kept per
filter and dropped as soon as `catalogue_generation` moves; SQLite triggers bump
it on every change that could alter an answer (see _schema_v2.sql). The
generation is read before the chunks, so a kept set is never older than the
generation it is filed under.
"""
from __future__ import annotations

import threading
from collections import OrderedDict
from dataclasses import dataclass
from typing import Callable

from store._types import Filters

# Sets are evicted least recently used first once they hold more chunks than this
# in all (~250 bytes each: the id, its dict and set entries), ~125 MB at most.
KEPT_CHUNKS = 500_000


@dataclass(frozen=True)
class AllowedChunks:
    ids: list[str]           # vector ids, in one stable order (the vector index memoises it)
    pk_of: dict[str, int]    # vector id -> chunk pk
    pks: frozenset[int]

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

    def size(self, generation: str, count: Callable[[], int]) -> int:
        """How many chunks the store holds, counted again only in a new generation."""
        if self._size[0] != generation or self._size[1] < 0:
            self._size = (generation, count())
        return self._size[1]

    def get(self, filters: Filters, generation: str,
            read: Callable[[Filters], AllowedChunks]) -> AllowedChunks:
        with self._lock:
            kept = self._kept.get(filters)
            if kept and kept[0] == generation:
                self._kept.move_to_end(filters)
                return kept[1]
        allowed = read(filters)
        with self._lock:
            self._kept[filters] = (generation, allowed)
            self._kept.move_to_end(filters)
            while len(self._kept) > 1 and sum(len(a) for _, a in self._kept.values()) > self._max:
                self._kept.popitem(last=False)
        return allowed
