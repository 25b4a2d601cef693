"""The store's `vectors` part: dense search among the chunks a filter allows, and
the vectors themselves (SQLite's copy for exact search, Chroma for HNSW).

It owns the `LiveIndex` (store._live), which keeps this process's Chroma client in
step with other processes' writes, and the model the vectors were built with.
"""
from __future__ import annotations

import math
from typing import Callable

import numpy as np

from store._catalogue import Catalogue
from store._db import Database
from store._errors import ModelMismatchError
from store._live import LiveIndex
from store._snapshot import Snapshot
from store._types import Filters
from store._vectors import VectorIndex

# Dense search is exact up to this many allowed chunks, filtered or not: ~8 ms per
# 100k vectors and perfect recall, where Chroma's own filter took ~94 ms for 10k of
# 100k and its HNSW query ~74 ms at 100k. Its in-memory copy costs 1.5 KB a vector.
EXACT_MAX = 200_000
OVERSAMPLE = 1.5  # extra HNSW candidates when more than EXACT_MAX chunks are allowed
SPREAD_SAMPLE = 20_000  # allowed chunks the cosines' spread is measured on beyond EXACT_MAX


class Vectors:
    """Nearest chunks within Filters, and the stored vectors by id."""

    def __init__(self, db: Database, live: LiveIndex, catalogue: Catalogue,
                 open_index: Callable[[str], VectorIndex]) -> None:
        self.db = db
        self.live = live                # the Chroma collection in use, kept current
        self._catalogue = catalogue     # the allowed chunks, the catalogue's size
        self._open = open_index         # a Chroma collection by key (store._rebuild fills new ones)

    # --- search --------------------------------------------------------------
    def search(self, vector: np.ndarray, filters: Filters, limit: int,
               snapshot: Snapshot | None = None) -> list[tuple[int, float]]:
        """Nearest chunks as (chunk pk, cosine) among the chunks the filters allow.

        Exact search over the allowed chunks' vectors whenever they are at most
        EXACT_MAX (unfiltered too): ~8 ms per 100k vectors in numpy against ~74 ms
        for Chroma's HNSW query at 100k, with perfect recall. Beyond that, HNSW:
        over everything, or with enough extra candidates that the allowed ones
        still fill the list. Either way the restriction comes first.

        A caller under access restrictions (`filters.access`) is always searched
        exactly, at any size: HNSW's graph is built over every passage, so which
        allowed passages an approximate search finds would depend on passages the
        caller may not read. That costs ~8 ms per 100k allowed vectors and their
        in-memory copy (1.5 KB each) past EXACT_MAX; only a caller who may read
        everything (or a filter of their own choosing) gets HNSW there.
        """
        return self.search_spread(vector, filters, limit, snapshot)[0]

    def search_spread(self, vector: np.ndarray, filters: Filters, limit: int,
                      snapshot: Snapshot | None = None) -> tuple[list[tuple[int, float]], float, int]:
        """`search`, with the standard deviation of the query's cosines over the chunks the
        filters allow and how many chunks it was measured on (0: not measured), which the
        relevance floor reads (search._floor). Only chunks the caller may read count, so the
        figure reveals nothing of the others. Exact search has every cosine at hand; beyond
        EXACT_MAX allowed chunks it is measured on SPREAD_SAMPLE of them, evenly spaced, and
        an unfiltered HNSW search over more than EXACT_MAX does not measure it."""
        snapshot = snapshot or self._catalogue.snapshot()
        if filters.is_empty() and self._catalogue.catalogue_size(snapshot) > EXACT_MAX:
            return self._ready_hits(self.live.query(vector, limit)), 0.0, 0
        allowed = self._catalogue.allowed_chunks(filters, snapshot)
        if len(allowed) <= EXACT_MAX or filters.access is not None:
            hits, spread, counted = self.live.exact_spread(vector, allowed.ids, limit, allowed.serial)
        else:
            hits = self._oversampled(vector, allowed.pk_of, limit)
            step = max(1, len(allowed.ids) // SPREAD_SAMPLE)
            _, spread, counted = self.live.exact_spread(vector, allowed.ids[::step], 1)
        return [(allowed.pk_of[vid], score) for vid, score in hits if vid in allowed.pk_of][:limit], spread, counted

    def _oversampled(self, vector: np.ndarray, allowed: dict[str, int], limit: int) -> list[tuple[str, float]]:
        """HNSW over everything, asking for as many more as the allowed share is small;
        exact over the allowed chunks in the rare case that still falls short."""
        total = max(self.live.count(), 1)
        wanted = min(total, math.ceil(limit * OVERSAMPLE * total / len(allowed)))
        hits = [h for h in self.live.query(vector, wanted) if h[0] in allowed]
        return hits if len(hits) >= min(limit, len(allowed)) else self.live.exact(vector, list(allowed), limit)

    def _ready_hits(self, hits: list[tuple[str, float]]) -> list[tuple[int, float]]:
        """Vector hits as (chunk pk, score), keeping only chunks of ready documents."""
        pk_of = self._catalogue.ready_of("vector_id", [vid for vid, _ in hits])
        return [(pk_of[vid], score) for vid, score in hits if vid in pk_of]

    # --- the vectors by id ---------------------------------------------------
    def get(self, ids: list[str]) -> np.ndarray:
        """Stored vectors for ids, in the order given (ids without a vector are left out)."""
        return self.live.get(ids)

    def stored(self, ids: list[str]) -> tuple[list[str], np.ndarray]:
        """The vectors SQLite holds for `ids` (those it lacks are left out)."""
        return self.live.stored(ids) if ids else ([], np.zeros((0, 0), dtype=np.float32))

    def ids(self) -> set[str]:
        """Every vector id in the Chroma collection (for consistency checks)."""
        return self.live.ids()

    def count(self) -> int:
        return self.live.count()

    def drop_collection(self) -> None:
        """Remove the collection from the Chroma server (bench.speed, after measuring)."""
        self.live.drop()

    def upsert(self, ids: list[str], vectors: np.ndarray, document_pk: int) -> None:
        """Into the Chroma collection only (catalogue.index_vectors also keeps them in SQLite)."""
        self.live.upsert(ids, vectors, document_pk)

    def delete(self, ids: list[str]) -> None:
        """From the Chroma collection only (repairs and tests; purge does it for a version)."""
        self.live.delete(ids)

    def fetch(self, ids: list[str]) -> tuple[list[str], np.ndarray]:
        """(ids Chroma holds, their vectors), read from Chroma itself."""
        return self.live.fetch(ids)

    def open_index(self, key: str) -> VectorIndex:
        """A client for the collection named after `key` (created when missing)."""
        return self._open(key)

    # --- the model -----------------------------------------------------------
    @property
    def embedding_model(self) -> str | None:
        """The model the vectors were built with (None for an empty index)."""
        return self.db.get_meta("embedding_model")

    def check_model(self, model: str, claim: bool = False) -> None:
        """Refuse to mix vectors of two models in one index; `claim` records the
        model on an empty index (ingest does, search does not)."""
        built_with = self.embedding_model
        if built_with is None and claim:
            self.db.set_meta("embedding_model", model)
        elif built_with is not None and built_with != model:
            raise ModelMismatchError(built_with, model)
