"""One query's view of the catalogue, and every rule the store's caches follow.

Two counters in the `meta` table say when something changed:

* `catalogue_generation` moves with every change that can alter which chunks a
  filter allows or what they say: SQLite triggers bump it on documents, chunks,
  communities, authorship and people (store._migrate.CATALOGUE_CHANGES), so no
  write path can forget it; `bump_catalogue` (store._write) bumps it by hand when
  lexical rows are rewritten in place (relex, repair), which no trigger sees.
* `vector_generation` moves with every change to the Chroma collection
  (`bump_generation`), and a rebuild switches `vector_collection`.

A `Snapshot` is taken once per query (`Catalogue.snapshot()`): it reads
`catalogue_generation` once, and every cache the query consults (both legs of a
hybrid search) is checked against that one value. The rules, each applied by
the cache named:

R1 Allowed sets (store._allowed.AllowedCache). A filter's allowed chunks are
   filed under the generation read *before* their rows, and served only to a
   snapshot of exactly that generation (`Snapshot.serves`). So a served set may
   hold a change newer than the snapshot (read after it), never miss one older.
R2 The catalogue's size (AllowedCache.size): the same rule as R1.
R3 The in-memory BM25 copy (store._bm25.LexicalCopy). Built from rows read in one
   SQLite transaction together with their generation; it ranks unrestricted
   searches only for a snapshot of that generation (else FTS5 answers and a
   rebuild starts in the background). A restricted search masks the copy's rows
   to the allowed set, counting a row only while it is still the same chunk (pk
   and vector id), and reads the allowed rows the copy lacks on the spot.
R4 What is derived from one allowed set (VectorCopy's row look-ups, the BM25
   copy's masks) is kept under the set's `serial` (`new_serial`): a number never
   reused in the process, so nothing derived from one set is used for another
   (an `id()` can be reused once its object is freed). Kept least recently used
   first, so they go when their set goes.
R5 The vector copy (store._vectors.VectorCopy). A vector id names one chunk text
   under one model, so a copied vector never goes stale: the copy is keyed by the
   embedding model only, and a new model starts a new copy.
R6 The Chroma client (store._live.LiveIndex) is reopened when (collection,
   vector_generation) differs from what it last saw (`vectors_moved`): by a
   writer when it takes the writer lock, by a reader at most once every
   REFRESH_SECONDS (`reader_may_refresh`), under the writer lock.
R7 Discovered themes' layouts (search.themes._discover.Layouts): which passages form
   which cluster under which label, for one scope. Kept per store object (weakly, so
   a new store never inherits a freed one's) under the key (Filters, access included;
   the cluster count asked for; a digest of the people's and accounts' names labels
   avoid, as account names are outside the catalogue generation), filed like R1 under
   the generation read before the scope's chunks and served only to a snapshot of
   exactly that generation. The key holds the whole scope, so a caller of another
   scope (other groups, other filters) never gets the layout: only callers whose
   Filters are equal, who read the same chunks. The passages' tags are not kept: they
   are read per request (the tagger writes them without moving the generation). The
   vectors clustered change only with the model, which a process never switches (R5).
R8 A theme filter (`Filters.themes`) allows the documents with a passage tagged with
   the theme, and the tagger writes tags without moving the catalogue generation. So
   such a filter's allowed set is filed under the catalogue generation joined with
   `tags_generation` (a new value with every write of tags: store._themes), both read
   before its rows (`Snapshot.with_tags`); a set kept from before a tagging batch is
   never served after it.
"""
from __future__ import annotations

import itertools
from dataclasses import dataclass

from store._db import Database

CATALOGUE_GENERATION = "catalogue_generation"
REFRESH_SECONDS = 1.0   # R6: a reader's view of the vectors lags at most about this much

_serials = itertools.count(1)  # next() on a count is atomic under the GIL


@dataclass(frozen=True)
class Snapshot:
    """The catalogue generation one query reads everything at."""

    generation: str

    def serves(self, filed_under: str) -> bool:
        """R1-R3: a cached value answers this query only if it was filed under this generation."""
        return filed_under == self.generation

    def with_tags(self, tags_generation: str | None) -> "Snapshot":
        """R8: the view a theme filter's allowed set is filed under."""
        return Snapshot(f"{self.generation}|tags:{tags_generation or ''}")


def take(db: Database) -> Snapshot:
    """A snapshot at the catalogue's current generation."""
    return Snapshot(db.get_meta(CATALOGUE_GENERATION) or "")


def new_serial() -> int:
    """R4: a key for an allowed set that no other set of this process ever gets."""
    return next(_serials)


VectorState = tuple[str | None, str | None]  # (collection key, vector_generation)


def vectors_moved(seen: VectorState | None, state: VectorState) -> bool:
    """R6: whether the Chroma client must be reopened (or opened) to see `state`."""
    return state != seen


def reader_may_refresh(seen: VectorState | None, state: VectorState, last_try: float, now: float) -> bool:
    """R6: a reader reopens only when the vectors moved and not in the last REFRESH_SECONDS."""
    return vectors_moved(seen, state) and now - last_try >= REFRESH_SECONDS
