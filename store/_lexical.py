"""Lexical search: BM25 over the analysed chunk texts, restricted to allowed chunks.

FTS5 in SQLite holds the lexical index; in PostgreSQL a plain table holds the same
rows (chunk pk, analysed text), and the in-memory copy of store._bm25, built from
them with FTS5's formula, ranks: the same scores on both backends. Ranking is done on its own (by FTS5, or by
the in-memory copy of store._bm25 when a server keeps one and it is current) and
the filters then pick from the best hits: an OR of common Dutch words matches a
large share of all chunks, and joining every match to its document before
ranking cost ~4x the ranking itself (see the README's speed section).

Under access restrictions (every search once accounts exist) BM25's statistics
(N, avgdl, each term's df) are those of the chunks the caller may see, never of
the whole index: see store._bm25. Only the owner, who may see everything (local
mode, the CLI: Filters without access), ranks with whole-index statistics (FTS5's
or the copy's), which are then all theirs; their filters pick from the best hits.
"""
from __future__ import annotations

import math
from collections.abc import Collection

from store._bm25 import LexicalCopy
from store._bm25_documents import K1, B, DocumentHit, documents_within, known_forms, terms_held
from store._catalogue import Catalogue
from store._db import Database
from store._dense import EXACT_MAX
from store._snapshot import Snapshot, take
from store._types import Filters
from store._write import bump_catalogue
from text import ANALYZER_VERSION


class Lexical:
    """The store's `lexical` part: BM25 search within Filters, and the lexical rows."""

    def __init__(self, db: Database, catalogue: Catalogue) -> None:
        self.db = db
        self._catalogue = catalogue   # the allowed chunks, the catalogue's size, ready chunks
        self.copy = LexicalCopy(self._rows, self._rows_of)   # in memory, once a server enables it

    def search(self, terms: list[str], filters: Filters, limit: int,
               snapshot: Snapshot | None = None) -> list[tuple[int, float]]:
        """BM25 of chunks holding any of the analysed `terms`, as (chunk pk, score),
        higher is better. Unfiltered, only ready documents' chunks are kept;
        filtered, the chunks the filters allow."""
        if not terms:
            return []
        snapshot = snapshot or self._catalogue.snapshot()
        if filters.access is None:  # the owner (local mode, the CLI), who may see everything
            return self._owner_search(terms, filters, limit, snapshot)
        allowed = self._catalogue.allowed_chunks(filters, snapshot)
        return [(pk, -rank) for pk, rank in self.copy.best_within(snapshot, allowed, terms, limit)]

    def documents(self, terms: list[str], filters: Filters, limit: int,
                  snapshot: Snapshot | None = None) -> list[DocumentHit]:
        """Whole-document BM25 (store._bm25_documents) of the documents the filters
        allow, best first, each with its best passages (hybrid's rank leg; the lexical
        mode ranks with `documents_known`, stems included). For everyone, the owner too,
        N, avgdl and df are those of the allowed documents, and the scores come from
        the rows in memory (the copy, or the allowed rows read now), never from FTS5's
        bm25(), so both backends and every process rank alike."""
        if not terms:
            return []
        snapshot = snapshot or self._catalogue.snapshot()
        allowed = self._catalogue.allowed_chunks(filters, snapshot)
        return documents_within(self.copy.parts(snapshot, allowed), terms, limit)

    def documents_and_stems(self, terms: list[str], filters: Filters, limit: int,
                            snapshot: Snapshot | None = None,
                            passages_known: Collection[int] = ()) -> tuple[list[DocumentHit], list[DocumentHit]]:
        """Hybrid's two whole-document rank legs from one gathering of the allowed rows:
        BM25 of the rows' lemmas (as `documents`) and BM25 of their Snowball stems alone
        (a query term counts as its stem; store._bm25_documents.documents_within with
        lemmas 0, stems 1), each with its best passages. The same statistics as `documents`:
        those of the allowed documents only. Hybrid takes a document's passages from the
        first leg that found it (the passage leg, then the lemmas, then the stems), so the
        lemmas' leg leaves out the passages of `passages_known` (the passage leg's documents)
        and the stems' leg those of these and of the lemmas' documents: they come back
        ranked as before, with no passages."""
        if not terms:
            return [], []
        snapshot = snapshot or self._catalogue.snapshot()
        allowed = self._catalogue.allowed_chunks(filters, snapshot)
        parts = self.copy.parts(snapshot, allowed)
        rows: dict = {}  # each word's rows, gathered once for both legs
        known = set(passages_known)
        lemmas = documents_within(parts, terms, limit, rows=rows, without_passages=known)
        known.update(pk for pk, _, _ in lemmas)
        return lemmas, documents_within(parts, terms, limit, lemmas=0.0, stems=1.0, rows=rows, without_passages=known)

    def documents_known(self, terms: list[str], filters: Filters, limit: int, snapshot: Snapshot | None = None,
                        stems: float = 0.0, k1: float = K1, b: float = B) -> tuple[list[DocumentHit], list[str]]:
        """The lexical mode's ranking: the query's terms with each one no allowed row
        holds replaced by the form of the same word (Snowball stem) the allowed rows hold
        most (store._bm25_documents.known_forms), and whole-document BM25 with those
        terms, as `documents` ranks (with `stems`, as there; `k1` and `b` its own: the lexical
        mode's, search._retrieve.LEXICAL_K1 and LEXICAL_B). One call, so the allowed set and its rows are
        gathered once per query (they were gathered twice, once per step)."""
        if not terms:
            return [], []
        snapshot = snapshot or self._catalogue.snapshot()
        allowed = self._catalogue.allowed_chunks(filters, snapshot)
        parts = self.copy.parts(snapshot, allowed)
        known = known_forms(parts, terms)
        return documents_within(parts, known, limit, k1, b, stems=stems), known

    def terms_held(self, terms: list[str], document_pks: list[int], filters: Filters,
                   snapshot: Snapshot | None = None) -> tuple[dict[int, set[str]], dict[str, int], int]:
        """Which of `terms` each document holds in the rows the filters allow, each term's
        df over those rows and their number (store._bm25_documents.terms_held; the
        relevance floor's lexical evidence). The rows are those `documents` gathered for
        the same allowed set, kept per allowed set, so this reads nothing again."""
        snapshot = snapshot or self._catalogue.snapshot()
        allowed = self._catalogue.allowed_chunks(filters, snapshot)
        return terms_held(self.copy.parts(snapshot, allowed), terms, document_pks)

    def _owner_search(self, terms: list[str], filters: Filters, limit: int,
                      snapshot: Snapshot) -> list[tuple[int, float]]:
        """Whole-index BM25 (FTS5's, or the copy's), then the filters pick from the best hits."""
        total = self._catalogue.catalogue_size(snapshot)
        if filters.is_empty() and total > EXACT_MAX:  # too many to keep as a set
            return self._within(terms, limit, None, 1.0, snapshot)
        allowed = self._catalogue.allowed_chunks(filters, snapshot)
        return self._within(terms, limit, allowed.pks, len(allowed) / max(total, 1), snapshot)

    def current(self) -> bool:
        """Whether the lexical index was analysed by this code's analyser (an index
        and its queries must be analysed alike; ingest.relex rebuilds a stale one)."""
        return self.db.get_meta("analyzer_version") == ANALYZER_VERSION

    def mark_current(self) -> None:
        self.db.set_meta("analyzer_version", ANALYZER_VERSION)

    def bodies(self, pks: list[int]) -> dict[int, str]:
        """The analysed text of some chunks the caller already ranked (for the
        relevance floor's term coverage)."""
        if not pks:
            return {}
        marks = ",".join("?" for _ in pks)
        return dict(self.db.conn().execute(f"SELECT rowid, body FROM chunks_fts WHERE rowid IN ({marks})", pks))

    def keep_copy(self) -> None:
        """Rank from an in-memory copy of the lexical index from now on (a server does,
        at warm-up; the first copy is built before this returns)."""
        self.copy.enable()

    def replace(self, rows: list[tuple[int, str]]) -> None:
        """Rewrite the lexical index rows of some chunks (chunk pk, analysed text)."""
        with self.db.transaction() as conn:
            conn.executemany("DELETE FROM chunks_fts WHERE rowid = ?", [(pk,) for pk, _ in rows])
            conn.executemany("INSERT INTO chunks_fts(rowid, body) VALUES (?, ?)", rows)
            bump_catalogue(conn)

    def close(self) -> None:
        self.copy.close()

    def _within(self, terms: list[str], limit: int, allowed: frozenset[int] | None,
                        share: float, snapshot: Snapshot) -> list[tuple[int, float]]:
        """The best hits, the more the smaller the allowed share; in the rare case
        those hold too few allowed ones, all hits are ranked."""
        if not share:
            return []
        wanted = math.ceil(2 * limit / share)
        best = self._best(terms, wanted, snapshot)
        hits = self._keep(best, allowed)
        if len(hits) < limit and len(best) == wanted:
            hits = self._keep(self._best(terms, -1, snapshot), allowed)
        return hits[:limit]

    def _best(self, terms: list[str], limit: int, snapshot: Snapshot) -> list[tuple[int, float]]:
        """(rowid, bm25) best first (lower is better, as FTS5 has it); -1: all hits."""
        copied = self.copy.best(snapshot, terms, limit)
        if copied is not None:
            return copied
        if self.db.dialect != "sqlite":  # no FTS5: the copy is brought up to date now and answers
            return self.copy.rebuilt().best(terms, limit)
        match = " OR ".join('"' + term.replace('"', '""') + '"' for term in terms)  # each a phrase
        return self.db.conn().execute(
            "SELECT rowid, bm25(chunks_fts) AS rank FROM chunks_fts WHERE chunks_fts MATCH ?"
            " ORDER BY rank LIMIT ?", [match, limit]).fetchall()

    def _keep(self, best: list[tuple[int, float]], allowed: frozenset[int] | None) -> list[tuple[int, float]]:
        """Hits among the allowed chunks (None: those of ready documents), as scores."""
        keep = self._catalogue.ready_of("id", [pk for pk, _ in best]) if allowed is None else allowed
        return [(pk, -rank) for pk, rank in best if pk in keep]

    def _rows(self) -> tuple[str, list[tuple[int, str, str, int]]]:
        """Every lexical row with the catalogue generation, from one snapshot (for the copy)."""
        with self.db.reading() as conn:
            return take(self.db).generation, conn.execute(_ROWS).fetchall()

    def _rows_of(self, pks: list[int]) -> list[tuple[int, str, str, int]]:
        """The lexical rows of these chunks (the allowed ones a kept copy lacks)."""
        conn, rows = self.db.conn(), []
        for start in range(0, len(pks), _BATCH):
            batch = pks[start:start + _BATCH]
            rows += conn.execute(f"{_ROWS} WHERE f.rowid IN ({','.join('?' * len(batch))})", batch).fetchall()
        return rows


_ROWS = ("SELECT f.rowid, f.body, ch.vector_id, ch.document_id FROM chunks_fts f"
         " JOIN chunks ch ON ch.id = f.rowid")
_BATCH = 900  # SQLite's default limit on host parameters is 999

