"""Read paths. Every one that can reach user-visible material takes Filters and
applies them in SQL (and, for vectors, by searching only the allowed chunks' vectors)."""
from __future__ import annotations

import json
import math
import sqlite3

import numpy as np

from store._allowed import AllowedChunks
from store._filters import filter_sql
from store._types import Author, Chunk, Document, DocumentMeta, Filters

_DOC_COLUMNS = (
    "d.id, d.doc_id, d.title, d.type, c.name AS community, d.cycle, d.session, d.date,"
    " d.themes, d.source_path, d.content_hash, d.state, d.text, d.public"
)
_FROM = "FROM documents d LEFT JOIN communities c ON c.id = d.community_id"
# Dense search is exact up to this many allowed chunks, filtered or not: ~8 ms per
# 100k vectors and perfect recall, where Chroma's own filter took ~94 ms for 10k of
# 100k and its HNSW query ~74 ms at 100k. Its in-memory copy costs 1.5 KB a vector.
EXACT_MAX = 200_000
OVERSAMPLE = 1.5  # extra HNSW candidates when more than EXACT_MAX chunks are allowed


class ReadMixin:
    def get_document(self, doc_id: str, filters: Filters = Filters()) -> Document | None:
        """The ready version of a document, or None when absent or not allowed."""
        where, params = filter_sql(filters)
        row = self.db.conn().execute(
            f"SELECT {_DOC_COLUMNS} {_FROM} WHERE d.doc_id = ? AND {where}", [doc_id, *params]
        ).fetchone()
        return self._document(row) if row else None

    def documents_by_pk(self, pks: list[int]) -> dict[int, Document]:
        marks = ",".join("?" for _ in pks)
        rows = self.db.conn().execute(f"SELECT {_DOC_COLUMNS} {_FROM} WHERE d.id IN ({marks})", pks)
        return {row["id"]: self._document(row) for row in rows}

    def list_documents(self, filters: Filters = Filters()) -> list[Document]:
        where, params = filter_sql(filters)
        rows = self.db.conn().execute(
            f"SELECT {_DOC_COLUMNS} {_FROM} WHERE {where}"
            " ORDER BY c.name, d.cycle, d.session, d.date, d.title", params)
        return [self._document(row) for row in rows]

    def chunks_of(self, document_pk: int) -> list[Chunk]:
        rows = self.db.conn().execute(
            "SELECT * FROM chunks WHERE document_id = ? ORDER BY ordinal", (document_pk,))
        return [_chunk(row) for row in rows]

    def chunks_by_pk(self, pks: list[int]) -> dict[int, Chunk]:
        marks = ",".join("?" for _ in pks)
        rows = self.db.conn().execute(f"SELECT * FROM chunks WHERE id IN ({marks})", pks)
        return {row["id"]: _chunk(row) for row in rows}

    def dense_search(self, vector: np.ndarray, filters: Filters, limit: int) -> list[tuple[int, float]]:
        """Nearest chunks as (chunk pk, cosine) among the chunks the filters allow.

        Exact search over the allowed chunks' vectors whenever they are at most
        EXACT_MAX (unfiltered too): ~8 ms per 100k vectors in numpy against ~74 ms
        for Chroma's HNSW query at 100k, with perfect recall. Beyond that, HNSW:
        over everything, or with enough extra candidates that the allowed ones
        still fill the list. Either way the restriction comes first.
        """
        if filters.is_empty() and self.catalogue_size() > EXACT_MAX:
            return self._ready_hits(self.vectors.query(vector, limit))
        allowed = self.allowed_chunks(filters)
        if len(allowed) <= EXACT_MAX:
            hits = self.vectors.exact(vector, allowed.ids, limit)
        else:
            hits = self._oversampled(vector, allowed.pk_of, limit)
        return [(allowed.pk_of[vid], score) for vid, score in hits if vid in allowed.pk_of][:limit]

    def allowed_chunks(self, filters: Filters) -> AllowedChunks:
        """Every ready chunk passing the filters, read again only after the catalogue changed."""
        generation = self.db.get_meta("catalogue_generation") or ""
        return self._allowed_cache.get(filters, generation, self._read_allowed)

    def catalogue_size(self) -> int:
        """Chunks in the store (in any state), counted again only after the catalogue changed."""
        generation = self.db.get_meta("catalogue_generation") or ""
        return self._allowed_cache.size(generation, lambda: self.db.conn().execute(
            "SELECT COUNT(*) FROM chunks").fetchone()[0])

    def _read_allowed(self, filters: Filters) -> AllowedChunks:
        where, params = filter_sql(filters)
        return AllowedChunks.of(self.db.conn().execute(
            f"SELECT ch.vector_id, ch.id {_FROM} JOIN chunks ch ON ch.document_id = d.id WHERE {where}",
            params).fetchall())

    def _oversampled(self, vector: np.ndarray, allowed: dict[str, int], limit: int) -> list[tuple[str, float]]:
        """HNSW over everything, asking for as many more as the allowed share is small;
        exact over the allowed chunks in the rare case that still falls short."""
        total = max(self.vectors.count(), 1)
        wanted = min(total, math.ceil(limit * OVERSAMPLE * total / len(allowed)))
        hits = [h for h in self.vectors.query(vector, wanted) if h[0] in allowed]
        return hits if len(hits) >= min(limit, len(allowed)) else self.vectors.exact(vector, list(allowed), limit)

    def _ready_hits(self, hits: list[tuple[str, float]]) -> list[tuple[int, float]]:
        """Vector hits as (chunk pk, score), keeping only chunks of ready documents."""
        pk_of = self._ready_of("vector_id", [vid for vid, _ in hits])
        return [(pk_of[vid], score) for vid, score in hits if vid in pk_of]

    def _ready_of(self, key: str, values: list) -> dict:
        """Of these chunks (by "id" or "vector_id"), those of ready documents: key -> chunk pk.
        For hits ranked over everything, when the store is too large to keep the set."""
        if not values:
            return {}
        column = {"id": "ch.id", "vector_id": "ch.vector_id"}[key]
        marks = ",".join("?" for _ in values)
        return dict(self.db.conn().execute(
            f"SELECT {column}, ch.id FROM chunks ch JOIN documents d ON d.id = ch.document_id"
            f" WHERE {column} IN ({marks}) AND d.state = 'ready'", values).fetchall())

    def facets(self, filters: Filters = Filters()) -> dict[str, list[str]]:
        """Distinct values users can filter on, within what they may see."""
        where, params = filter_sql(filters)
        conn = self.db.conn()
        values = lambda column: [r[0] for r in conn.execute(  # noqa: E731
            f"SELECT DISTINCT {column} {_FROM} WHERE {where} AND {column} IS NOT NULL"
            f" ORDER BY {column}", params)]
        people = [r[0] for r in conn.execute(
            f"SELECT DISTINCT p.name {_FROM} JOIN authorship a ON a.document_id = d.id"
            f" JOIN people p ON p.id = a.person_id WHERE {where} AND a.source = 'metadata'"
            " ORDER BY p.name", params)]
        return {"communities": values("c.name"), "cycles": values("d.cycle"),
                "types": values("d.type"), "authors": people}

    def stats(self) -> dict[str, int]:
        conn = self.db.conn()
        count = lambda sql: conn.execute(sql).fetchone()[0]  # noqa: E731
        return {
            "documents": count("SELECT COUNT(*) FROM documents WHERE state = 'ready'"),
            "chunks": count("SELECT COUNT(*) FROM chunks ch JOIN documents d ON d.id = ch.document_id"
                            " WHERE d.state = 'ready'"),
            "vectors": self.vectors.count(),
        }

    def _authors(self, document_pk: int) -> list[Author]:
        rows = self.db.conn().execute(
            "SELECT p.name, p.organisation, a.role, p.id, a.source FROM authorship a"
            " JOIN people p ON p.id = a.person_id WHERE a.document_id = ? ORDER BY a.position", (document_pk,))
        return [Author(r[0], r[1] or None, r[2], r[3], r[4] == "text") for r in rows]

    def _document(self, row: sqlite3.Row) -> Document:
        meta = DocumentMeta(
            title=row["title"], type=row["type"], community=row["community"], cycle=row["cycle"],
            session=row["session"], date=row["date"], authors=self._authors(row["id"]),
            themes=json.loads(row["themes"]), public=bool(row["public"]),
        )
        return Document(row["id"], row["doc_id"], row["text"], meta, row["source_path"],
                        row["content_hash"], row["state"])


def _chunk(row: sqlite3.Row) -> Chunk:
    return Chunk(row["id"], row["document_id"], row["ordinal"], row["text"], row["start"],
                 row["end"], row["heading"], row["vector_id"])
