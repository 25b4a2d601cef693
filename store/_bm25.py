"""BM25 over the lexical index, in memory: FTS5's own scores, several times faster.

FTS5 scores every chunk that holds any query term, and an OR of a few common
Dutch words matches most of a corpus: at 100k chunks a query took ~52 ms, where
numpy over the same postings takes a few ms. The copy is built from the FTS5
table's own rows (their bodies are already analysed: folded lemmas and compound
parts) with FTS5's formula and constants, so it ranks as FTS5 does; a test holds
the two side by side.

A copy must never answer for a catalogue it was not built from (rule R3 of
store._snapshot): it carries the `catalogue_generation` read with its rows, and
while a query's snapshot is of another generation FTS5 answers and the copy is
rebuilt on a background thread, one at a time and with pauses, so a long ingest
in another process costs a server little.
Only a process that asks for it (`enable`, at server warm-up) keeps a copy; a
one-off CLI search just asks FTS5.

Collection statistics come only from what the caller may see. BM25's IDF, row
count and average length over *all* rows would let a member compare scores of
words in their own document and learn whether, and how often, a word occurs in a
closed group's documents. So a restricted search (`best_within`) scores with N,
avgdl and df counted over the allowed rows only: a mask over the copy's rows,
plus the allowed rows the copy does not hold yet (a "delta", read and indexed on
the spot, so a just-ingested document is found at once). A row of the copy counts
only if it is still the same chunk (pk and vector id), so a reused rowid never
lends an erased chunk's words. Masks are kept per allowed set (by its serial, R4),
so a query pays only its terms' slices.
"""
from __future__ import annotations

import math
import re
import threading
import time
from array import array
from collections import OrderedDict
from collections.abc import Sequence
from typing import Callable

import numpy as np

from store._snapshot import Snapshot
from text import stem as stem_of

K1, B = 1.2, 0.75          # FTS5's bm25() defaults
IDF_FLOOR = 1e-6           # FTS5 floors a term's idf here (terms in over half the rows)
_TOKEN = re.compile(r"[^\W_]+")  # what unicode61 keeps of already folded text
Row = tuple[int, str, str, int]  # (rowid = chunk pk, analysed body, the chunk's vector id, its document pk)
# Tests and tuning (bench/) index rows without a vector id or a document pk.
AnyRow = Row | tuple[int, str, str] | tuple[int, str]
Rows = Callable[[], tuple[str, list[Row]]]  # -> (generation, rows)
RowsOf = Callable[[list[int]], list[Row]]   # the rows of these chunk pks
KEPT_VIEWS = 16  # masks and deltas kept, one per allowed set (users x filters in use)


class Postings:
    """One snapshot: every term's rows and counts, and every row's length."""

    def __init__(self, generation: str, rows: Sequence[AnyRow]) -> None:
        self.generation = generation
        self.pks = np.array([row[0] for row in rows], dtype=np.int64)
        self.vector_ids = [row[2] if len(row) > 2 else None for row in rows]
        # A row without a document pk (tests, tuning) counts as a document of its own.
        self.doc_pks = np.array([row[3] if len(row) > 3 else -row[0] for row in rows], dtype=np.int64)
        self.vocab: dict[str, int] = {}
        term_ids, lengths = array("q"), array("d")
        for _, body, *_ in rows:
            before = len(term_ids)
            term_ids.extend(self.vocab.setdefault(t, len(self.vocab)) for t in _TOKEN.findall(body))
            lengths.append(len(term_ids) - before)
        self._index(np.frombuffer(term_ids, np.int64), np.frombuffer(lengths, np.float64))
        self._forms: dict[str, list[str]] | None = None

    def forms(self, stem: str) -> list[str]:
        """The terms of these rows whose Snowball stem is `stem` (store._bm25_documents'
        `known_forms`); the stems are computed once (`index_forms`)."""
        return (self._forms if self._forms is not None else self.index_forms()).get(stem, [])

    def index_forms(self) -> dict[str, list[str]]:
        """Every term under its Snowball stem (about 1 s per 100,000 terms: the kept copy
        does it while it is built, off the query path; a delta on first use)."""
        forms: dict[str, list[str]] = {}
        for word in self.vocab:
            forms.setdefault(stem_of(word), []).append(word)
        self._forms = forms
        return forms

    def _index(self, term_ids: np.ndarray, lengths: np.ndarray) -> None:
        """Sort (term, row) pairs once: a term's rows are then one slice."""
        rows = np.repeat(np.arange(len(lengths), dtype=np.int64), lengths.astype(np.int64))
        pairs, counts = np.unique(term_ids * max(len(lengths), 1) + rows, return_counts=True)
        self._rows = (pairs % max(len(lengths), 1)).astype(np.int32)
        self._tf = counts.astype(np.float64)
        self._starts = np.searchsorted(pairs // max(len(lengths), 1), np.arange(len(self.vocab) + 1))
        self.lengths = lengths
        average = lengths.mean() if len(lengths) else 1.0
        self._norm = K1 * (1 - B + B * lengths / max(average, 1e-9))

    def _slice(self, term: str) -> tuple[np.ndarray, np.ndarray]:
        """A term's rows and counts (empty for an unknown term)."""
        if term not in self.vocab:
            return self._rows[:0], self._tf[:0]
        start, end = self._starts[self.vocab[term]], self._starts[self.vocab[term] + 1]
        return self._rows[start:end], self._tf[start:end]

    def current_rows(self, pk_of: dict[str, int]) -> np.ndarray:
        """Mask of rows that are still these chunks (same vector id and pk) in `pk_of`."""
        pks = self.pks.tolist()
        return np.fromiter((vid is not None and pk_of.get(vid) == pk for vid, pk in zip(self.vector_ids, pks)),
                           dtype=bool, count=len(pks))

    def best(self, terms: list[str], limit: int) -> list[tuple[int, float]]:
        """The `limit` best rows (-1: all matching) as (rowid, bm25) like FTS5's, lower is better."""
        scores = np.zeros(len(self.pks))
        for term in {t for term in terms for t in _TOKEN.findall(term)}:
            rows, tf = self._slice(term)
            if len(rows):
                scores[rows] += _idf(len(self.pks), len(rows)) * tf * (K1 + 1) / (tf + self._norm[rows])
        matched = np.flatnonzero(scores)
        return _top(self.pks[matched], scores[matched], limit)


def _idf(rows: int, with_term: int) -> float:
    idf = math.log((rows - with_term + 0.5) / (with_term + 0.5))
    return idf if idf > 0 else IDF_FLOOR


Part = tuple[Postings, np.ndarray]  # postings and the mask of their rows that count


def best_within(parts: list[Part], terms: list[str], limit: int) -> list[tuple[int, float]]:
    """BM25 as FTS5 computes it, but with N, avgdl and every df counted over the
    masked rows only, so nothing outside them changes a score or an order.
    As (rowid, bm25) best first, lower is better; `limit` -1 gives all matches."""
    if not limit:
        return []
    pks, scores, _ = scores_within(parts, terms)
    return _top(pks, scores, limit)


def scores_within(parts: list[Part], terms: list[str]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Every matching masked row's passage BM25 (statistics of the masked rows only),
    as arrays (rowid, score, document pk), higher is better."""
    return view_scores(view_of(parts), terms)


def view_scores(view: View, terms: list[str]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """`scores_within` over a View."""
    if not view.rows:
        return np.zeros(0, np.int64), np.zeros(0), np.zeros(0, np.int64)
    words, slices, df = _term_rows(view, terms)
    pks, scores, owners = [], [], []
    for (postings, mask), part_slices in zip(view.parts, slices):
        score = np.zeros(len(postings.pks))
        for (hit_rows, tf), with_term in zip(part_slices, df):
            keep = mask[hit_rows]
            hit_rows, tf = hit_rows[keep], tf[keep]
            norm = K1 * (1 - B + B * postings.lengths[hit_rows] / max(view.row_average, 1e-9))
            score[hit_rows] += _idf(view.rows, with_term) * tf * (K1 + 1) / (tf + norm)
        matched = np.flatnonzero(score)
        pks.append(postings.pks[matched])
        scores.append(score[matched])
        owners.append(postings.doc_pks[matched])
    return np.concatenate(pks), np.concatenate(scores), np.concatenate(owners)


def documents_scores(view: View, terms: list[str],
                     positions: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """`view_scores` of the rows of some documents only (`positions` in `view.documents`):
    the same scores, with the same statistics (N, avgdl, df of all the masked rows), found
    from those rows (`View.rows_of`) by bisecting each term's rows, where scoring the terms'
    every row and keeping those documents' cost a pass over every posting of every term (at
    100k chunks, two of them per hybrid query for the passages of the whole-document legs).
    Each row's score adds the same terms' parts in the same order, so it is the same number."""
    if not view.rows:
        return np.zeros(0, np.int64), np.zeros(0), np.zeros(0, np.int64)
    words, slices, df = _term_rows(view, terms)
    pks, scores, owners = [], [], []
    for (postings, _), part_slices, rows in zip(view.parts, slices, view.rows_of(positions)):
        score = np.zeros(len(rows))
        for (hit_rows, tf), with_term in zip(part_slices, df):
            at = np.searchsorted(hit_rows, rows)
            held = at < len(hit_rows)
            held[held] = hit_rows[at[held]] == rows[held]
            found, tf = rows[held], tf[at[held]]
            norm = K1 * (1 - B + B * postings.lengths[found] / max(view.row_average, 1e-9))
            score[held] += _idf(view.rows, with_term) * tf * (K1 + 1) / (tf + norm)
        matched = np.flatnonzero(score)   # in row order, as `view_scores` gives them
        pks.append(postings.pks[rows[matched]])
        scores.append(score[matched])
        owners.append(postings.doc_pks[rows[matched]])
    return np.concatenate(pks), np.concatenate(scores), np.concatenate(owners)


def _term_rows(view: View, terms: list[str]) -> tuple[list[str], list[list[tuple[np.ndarray, np.ndarray]]], list[int]]:
    """The query's words, each part's rows and counts of each, and each word's df (the
    masked rows holding it)."""
    words = sorted({t for term in terms for t in _TOKEN.findall(term)})
    slices = [[p._slice(w) for w in words] for p, _ in view.parts]
    df = [sum(int(m[s[i][0]].sum()) for (_, m), s in zip(view.parts, slices)) for i in range(len(words))]
    return words, slices, df


class View:
    """What every query over the same masked rows would otherwise count again: the parts
    with an allowed row, the number of those rows and their mean length (passage BM25's
    N and avgdl), the documents they belong to (sorted pks), each document's length (the
    sum over its rows) and every row's document (`index`, per part: a position in
    `documents`, or `len(documents)` for a masked-out row). Made once per allowed set
    (`view_of`), so a query pays for its terms' rows only, not for the whole set."""

    def __init__(self, parts: list[Part]) -> None:
        self._grouped: list[tuple[np.ndarray, np.ndarray]] | None = None  # `rows_of`, made on first use
        self.parts = [(p, m) for p, m in parts if m.any()]
        self.rows = sum(int(m.sum()) for _, m in self.parts)
        self.row_average = sum(float(p.lengths[m].sum()) for p, m in self.parts) / max(self.rows, 1)
        self.index: list[np.ndarray] = []
        self.documents: np.ndarray = np.zeros(0, np.int64)
        self.lengths: np.ndarray = np.zeros(0)
        if not self.parts:
            return
        self.documents, inverse = np.unique(np.concatenate([p.doc_pks[m] for p, m in self.parts]), return_inverse=True)
        self.lengths = np.bincount(inverse, weights=np.concatenate([p.lengths[m] for p, m in self.parts]),
                                   minlength=len(self.documents))
        start = 0
        for p, m in self.parts:
            index = np.full(len(p.pks), len(self.documents), dtype=np.int32)
            index[m] = inverse[start:start + int(m.sum())]
            start += int(m.sum())
            self.index.append(index)

    def rows_of(self, positions: np.ndarray) -> list[np.ndarray]:
        """Per part, the masked rows (ascending) of the documents at `positions` in
        `documents`. The rows are grouped by document once per View (`_by_document`:
        per part a row order and where each document's rows start, 4 bytes a row and
        8 a document), so a query reads its documents' rows, not every row's document."""
        if self._grouped is None:
            self._grouped = [_by_document(index, len(self.documents)) for index in self.index]
        wanted = np.unique(np.asarray(positions, dtype=np.int64))
        rows = []
        for order, starts in self._grouped:
            runs = [order[starts[d]:starts[d + 1]] for d in wanted.tolist()]
            rows.append(np.sort(np.concatenate(runs)) if runs else np.zeros(0, np.int64))
        return rows


def _by_document(index: np.ndarray, documents: int) -> tuple[np.ndarray, np.ndarray]:
    """A part's rows ordered by their document's position (masked-out rows last), and
    where each document's rows start in that order."""
    order = np.argsort(index, kind="stable").astype(np.int32)
    return order, np.searchsorted(index[order], np.arange(documents + 1))


class Parts(list):
    """The parts of one allowed set as LexicalCopy keeps them, with their View once made."""

    view: View | None = None


def view_of(parts: list[Part]) -> View:
    """The View of `parts`: kept with them when they are a kept `Parts`, else made now."""
    view = getattr(parts, "view", None)
    if view is None:
        view = View(parts)
        if isinstance(parts, Parts):
            parts.view = view
    return view


def _top(pks: np.ndarray, scores: np.ndarray, limit: int) -> list[tuple[int, float]]:
    """The `limit` best (-1: all), ties by rowid, as (rowid, -score) like FTS5's rank."""
    order = np.arange(len(pks))
    if 0 <= limit < len(order):
        order = np.argpartition(-scores, limit - 1)[:limit]
    order = order[np.lexsort((pks[order], -scores[order]))]
    return [(int(pks[i]), -float(scores[i])) for i in order]


class LexicalCopy:
    """The current `Postings`, if any, and their rebuilding."""

    def __init__(self, read_rows: Rows, rows_of: RowsOf) -> None:
        self._read = read_rows
        self._rows_of = rows_of
        self._views: OrderedDict[int, tuple[Postings | None, list[Part]]] = OrderedDict()  # R4: by set serial
        self._views_lock = threading.Lock()
        self._postings: Postings | None = None
        self._enabled = False
        self._building = threading.Lock()
        self._next_build = 0.0

    def enable(self) -> None:
        """Keep a copy from now on, and build the first one before returning."""
        self._enabled = True
        with self._building:
            self._build()

    def close(self) -> None:
        """Build no more copies, waiting for one being built."""
        self._enabled = False
        with self._building:
            self._postings = None

    def rebuilt(self) -> Postings:
        """A copy read now and kept (where no FTS5 can answer meanwhile: PostgreSQL)."""
        with self._building:
            self._build()
            postings = self._postings
        assert postings is not None
        return postings

    def best(self, snapshot: Snapshot, terms: list[str], limit: int) -> list[tuple[int, float]] | None:
        """The copy's answer, or None when it is not of the snapshot's generation (ask FTS5)."""
        postings = self._postings
        if postings is not None and snapshot.serves(postings.generation):
            return postings.best(terms, limit)
        self._catch_up()
        return None

    def _catch_up(self) -> None:
        """Start a rebuild in the background, unless one runs or the last one was just now."""
        if self._enabled and time.monotonic() >= self._next_build and self._building.acquire(blocking=False):
            threading.Thread(target=self._build_in_background, daemon=True, name="bm25-copy").start()

    def best_within(self, snapshot: Snapshot, allowed, terms: list[str], limit: int) -> list[tuple[int, float]]:
        """The best of the `allowed` chunks (a store._allowed.AllowedChunks of this
        snapshot), scored with statistics of those chunks only."""
        return best_within(self.parts(snapshot, allowed), terms, limit)

    def parts(self, snapshot: Snapshot, allowed) -> list[Part]:
        """The rows of the `allowed` chunks (an AllowedChunks of this snapshot), as masks
        over the copy plus a delta of those it lacks; a stale copy starts catching up."""
        postings = self._postings
        if postings is None or not snapshot.serves(postings.generation):
            self._catch_up()  # meanwhile the delta covers what the copy lacks
        return self._parts(allowed)

    def _parts(self, allowed) -> list[Part]:
        """The copy's rows masked to `allowed`, plus a delta of the allowed rows it lacks."""
        postings = self._postings
        with self._views_lock:
            kept = self._views.get(allowed.serial)
            if kept and kept[0] is postings:
                self._views.move_to_end(allowed.serial)
                return kept[1]
        parts: list[Part] = Parts()
        covered: set[int] = set()
        if postings is not None:
            mask = postings.current_rows(allowed.pk_of)
            parts.append((postings, mask))
            covered = set(postings.pks[mask].tolist())
        missing = sorted(pk for pk in allowed.pks if pk not in covered)
        if missing:
            delta = Postings("delta", self._rows_of(missing))
            parts.append((delta, np.ones(len(delta.pks), dtype=bool)))
        with self._views_lock:
            self._views[allowed.serial] = (postings, parts)
            while len(self._views) > KEPT_VIEWS:
                self._views.popitem(last=False)
        return parts

    def _build_in_background(self) -> None:
        try:
            self._build()
        finally:
            self._building.release()

    def _build(self) -> None:
        started = time.monotonic()
        generation, rows = self._read()
        postings = Postings(generation, rows)
        postings.index_forms()
        self._postings = postings
        # Pause four times the build before the next one: at most a fifth of a core.
        self._next_build = time.monotonic() + 4 * (time.monotonic() - started)
