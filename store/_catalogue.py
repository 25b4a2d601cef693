"""The catalogue: documents, their versions and chunks, read within Filters and
written so that a crash leaves the old state or the new one.

The store's `catalogue` part. Every read that can reach user-visible material
takes Filters and applies them in SQL (store._filters). The write protocol
(stage -> index_vectors -> publish, purge) is described in store._write, whose
helpers it uses; the chunks a filter allows are kept per catalogue generation
(store._snapshot states when they may be reused).
"""
from __future__ import annotations

import json
import sqlite3
from typing import Any, Callable

import numpy as np

from store._allowed import AllowedCache, AllowedChunks
from store._db import META_UPSERT, Database
from store._filters import filter_sql
from store._live import LiveIndex
from store._person_links import SHOWN_PERSON, forget_unnamed
from store._snapshot import Snapshot, take
from store._themes import TAGS_GENERATION
from store._traces import move_document_id
from store._types import Author, Chunk, Document, DocumentDraft, DocumentMeta, Filters
from store._vectors import write_vectors
from store._write import (
    SHARING_SQL,
    bump_generation,
    carried_sharing,
    community_id,
    insert_authors,
    text_digest,
    vector_id,
)

_DOC_COLUMNS = (
    "d.id, d.doc_id, d.title, d.type, c.name AS community, d.cycle, d.session, d.date,"
    " d.themes, d.source_path, d.content_hash, d.state, d.text, d.public"
)
_FROM = "FROM documents d LEFT JOIN communities c ON c.id = d.community_id"
_FROM_BY_PK = "FROM documents d INDEXED BY documents_state LEFT JOIN communities c ON c.id = d.community_id"  # SQLite


# The versions of a document's own community with its text (Catalogue.same_text); the
# text itself is compared too, where the digests matched, so two texts are never one.
SAME_TEXT = ("SELECT o.doc_id FROM documents d JOIN documents o ON o.community_id = d.community_id"
             " AND o.text_hash = d.text_hash AND o.state = 'ready' AND o.doc_id <> d.doc_id"
             " WHERE d.doc_id = ? AND d.state = 'ready' AND d.community_id IS NOT NULL AND o.text = d.text")


class Catalogue:
    """Documents and chunks: reads within Filters, and the crash-safe write protocol."""

    def __init__(self, db: Database, vectors: LiveIndex) -> None:
        self.db = db
        self._vectors = vectors   # purge removes a version's vectors, index_vectors adds them
        self._allowed = AllowedCache()
        # removes what a version keeps outside the database (Maintenance.forget_version_files);
        # the Store sets it once its maintenance part exists
        self.forget_files: Callable[[int], None] = lambda document_pk: None

    def get_document(self, doc_id: str, filters: Filters = Filters()) -> Document | None:
        """The ready version of a document, or None when absent or not allowed."""
        where, params = filter_sql(filters)
        with self.db.reading() as conn:   # the row and its authors at one moment (`_authors`)
            row = conn.execute(f"SELECT {_DOC_COLUMNS} {_FROM} WHERE d.doc_id = ? AND {where}",
                               [doc_id, *params]).fetchone()
            return self._document(row) if row else None

    def documents_by_pk(self, pks: list[int]) -> dict[int, Document]:
        marks = ",".join("?" for _ in pks)
        with self.db.reading() as conn:
            rows = conn.execute(f"SELECT {_DOC_COLUMNS} {_FROM} WHERE d.id IN ({marks})", pks).fetchall()
            return {row["id"]: self._document(row) for row in rows}

    def sources(self, document_pks: list[int], chunk_pks: list[int],
                filters: Filters) -> tuple[dict[int, Document], dict[int, Chunk]]:
        """The documents among `document_pks` that `filters` allow (ready ones only), and
        those of `chunk_pks` that belong to them, read at one moment: a search shows
        what it ranked only while the document is whole and still visible, even as
        another process replaces or deletes it (a document read before its replacement
        and chunks read after it once failed a search)."""
        where, params = filter_sql(filters)
        marks = ",".join("?" for _ in document_pks)
        with self.db.reading() as conn:
            rows = conn.execute(f"SELECT {_DOC_COLUMNS} {_FROM} WHERE d.id IN ({marks}) AND {where}",
                                [*document_pks, *params]).fetchall()
            documents = {row["id"]: self._document(row) for row in rows}
            chunks = {pk: c for pk, c in self.chunks_by_pk(chunk_pks).items() if c.document_pk in documents}
        return documents, chunks

    def allowed_documents(self, document_pks: list[int], filters: Filters) -> set[int]:
        """Those of `document_pks` that are ready and that `filters` allow now. A ranking
        names documents by row number as its snapshot saw them; SQLite gives a deleted
        row's number to the next row inserted, so what counts a ranking (a page's total)
        asks again, at the end, which of them the caller may read."""
        if not document_pks:
            return set()
        where, params = filter_sql(filters)
        marks = ",".join("?" for _ in document_pks)
        return {row[0] for row in self.db.conn().execute(
            f"SELECT d.id {self._by_pk_from()} WHERE d.id IN ({marks}) AND {where}", [*document_pks, *params])}

    def _by_pk_from(self) -> str:
        """`_FROM` for a read of listed documents by row number. Without statistics (no
        ANALYZE) SQLite's planner preferred the (state, community, ...) index to the row
        numbers, and scanned every ready document's entry for a few hundred listed ones:
        2.8 ms per search at 100k chunks (18,200 documents). Looking the rows up by number
        costs 0.9 ms (a document's state is stored after its text); through the index on
        (state, row number), which every data dir has (store/_schema.sql, run at each
        open), 0.2 ms. The rows and conditions are the same, so the answer is too."""
        return _FROM_BY_PK if self.db.dialect == "sqlite" else _FROM

    def list_documents(self, filters: Filters = Filters()) -> list[Document]:
        """Ready documents by group, cycle, session, date and title, and by id where those tie
        (reports of one session titled alike): the plan's order there was PostgreSQL's to
        choose, from every group's row counts (tests/security/test_tenancy38_row_order.py)."""
        where, params = filter_sql(filters)
        with self.db.reading() as conn:
            rows = conn.execute(f"SELECT {_DOC_COLUMNS} {_FROM} WHERE {where}"
                                " ORDER BY c.name, d.cycle, d.session, d.date, d.title, d.doc_id", params).fetchall()
            return [self._document(row) for row in rows]

    def chunks_of(self, document_pk: int) -> list[Chunk]:
        rows = self.db.conn().execute(
            "SELECT * FROM chunks WHERE document_id = ? ORDER BY ordinal", (document_pk,))
        return [_chunk(row) for row in rows]

    def chunks_of_version(self, document: Document) -> list[Chunk]:
        """The chunks of `document` as it was read: none once its row is gone, also when
        SQLite has given the row's number to another document since (the next row
        inserted gets it). A page reads the document under the caller's access and then
        its chunks by number; in between, a closed group's document could take the number,
        and its passages (text, headings, vectors) were shown or used as this one's."""
        rows = self.db.conn().execute(
            "SELECT ch.* FROM chunks ch JOIN documents d ON d.id = ch.document_id"
            " WHERE d.id = ? AND d.doc_id = ? AND d.content_hash = ? ORDER BY ch.ordinal",
            (document.pk, document.doc_id, document.content_hash))
        return [_chunk(row) for row in rows]

    def document_of_chunks(self, pks: list[int]) -> dict[int, int]:
        """Chunk pk -> its document's pk, for those of `pks` that exist: what a ranking of
        chunks needs to become one of documents, without reading and building every
        chunk's text (`chunks_by_pk`; at 100k chunks a third of the legs' by-document step)."""
        marks = ",".join("?" for _ in pks)
        return dict(self.db.conn().execute(f"SELECT id, document_id FROM chunks WHERE id IN ({marks})", pks))

    def chunks_by_pk(self, pks: list[int]) -> dict[int, Chunk]:
        marks = ",".join("?" for _ in pks)
        rows = self.db.conn().execute(f"SELECT * FROM chunks WHERE id IN ({marks})", pks)
        return {row["id"]: _chunk(row) for row in rows}

    def facets(self, filters: Filters = Filters()) -> dict[str, list[str]]:
        """Distinct values users can filter on, within what they may see (the themes: those
        the passages of the documents they may see are tagged with, no count)."""
        where, params = filter_sql(filters)
        conn = self.db.conn()
        values = lambda column: [r[0] for r in conn.execute(  # noqa: E731
            f"SELECT DISTINCT {column} {_FROM} WHERE {where} AND {column} IS NOT NULL"
            f" ORDER BY {column}", params)]
        people = [r[0] for r in conn.execute(
            f"SELECT DISTINCT p.name {_FROM} JOIN authorship a ON a.document_id = d.id"
            f" JOIN people p ON p.id = a.person_id WHERE {where} AND a.source = 'metadata'"
            " ORDER BY p.name", params)]
        themes = [r[0] for r in conn.execute(
            f"SELECT DISTINCT t.theme {_FROM} JOIN chunks ch ON ch.document_id = d.id"
            f" JOIN chunk_themes t ON t.chunk_id = ch.id WHERE {where} ORDER BY t.theme", params)]
        return {"communities": values("c.name"), "cycles": values("d.cycle"),
                "types": values("d.type"), "authors": people, "themes": themes}

    def stats(self) -> dict[str, int]:
        conn = self.db.conn()
        count = lambda sql: conn.execute(sql).fetchone()[0]  # noqa: E731
        return {
            "documents": count("SELECT COUNT(*) FROM documents WHERE state = 'ready'"),
            "chunks": count("SELECT COUNT(*) FROM chunks ch JOIN documents d ON d.id = ch.document_id"
                            " WHERE d.state = 'ready'"),
            "vectors": self._vectors.count(),
        }

    def snapshot(self) -> Snapshot:
        """The view one query reads its cached sets at (store._snapshot)."""
        return take(self.db)

    def allowed_chunks(self, filters: Filters, snapshot: Snapshot | None = None) -> AllowedChunks:
        """Every ready chunk passing the filters, read again only after the catalogue changed
        (or, for a theme filter, the tags: rule R8)."""
        snapshot = snapshot or self.snapshot()
        if filters.themes:
            snapshot = snapshot.with_tags(self.db.get_meta(TAGS_GENERATION))
        return self._allowed.get(filters, snapshot, self._read_allowed)

    def catalogue_size(self, snapshot: Snapshot | None = None) -> int:
        """Chunks in the store (in any state), counted again only after the catalogue changed."""
        return self._allowed.size(snapshot or self.snapshot(), lambda: self.db.conn().execute(
            "SELECT COUNT(*) FROM chunks").fetchone()[0])

    def _read_allowed(self, filters: Filters) -> AllowedChunks:
        """The allowed chunks in their own order (chunk pk), which the dense leg breaks ties
        by. Without ORDER BY they came in the query plan's order, and PostgreSQL chooses the
        plan from every group's row counts: 400 closed documents turned its walk of the
        index `documents_text_hash` into a hash join, and with it the order and the fused
        scores of an outsider's tied answers (tests/security/test_tenancy38_row_order.py)."""
        where, params = filter_sql(filters)
        return AllowedChunks.of(self.db.conn().execute(
            f"SELECT ch.vector_id, ch.id {_FROM} JOIN chunks ch ON ch.document_id = d.id WHERE {where}"
            " ORDER BY ch.id", params).fetchall())

    def ready_of(self, key: str, values: list) -> dict:
        """Of these chunks (by "id" or "vector_id"), those of ready documents: key -> chunk pk.
        For hits ranked over everything, when the store is too large to keep the set."""
        if not values:
            return {}
        column = {"id": "ch.id", "vector_id": "ch.vector_id"}[key]
        marks = ",".join("?" for _ in values)
        return dict(self.db.conn().execute(
            f"SELECT {column}, ch.id FROM chunks ch JOIN documents d ON d.id = ch.document_id"
            f" WHERE {column} IN ({marks}) AND d.state = 'ready'", values).fetchall())

    def documents_of_chunks(self, chunk_pks: list[int]) -> set[int]:
        """The documents (primary keys) these chunks belong to."""
        marks = ",".join("?" for _ in chunk_pks)
        return {row[0] for row in self.db.conn().execute(
            f"SELECT DISTINCT document_id FROM chunks WHERE id IN ({marks})", chunk_pks)}

    def written_authors(self, document: Document) -> list[Author]:
        """The authors of `document` (this version) as it names them itself: each
        authorship's own person, never the person it is shown as (SHOWN_PERSON). What a
        write starts from (a metadata correction, a client name corrected): the authors
        as shown hold a linked person's name and organisation, which stated in the next
        version outlived the link's condition, so a closed document's organisation reached
        the network once the corrected one was shared, and stayed after the document that
        stated it was deleted (tests/security/test_edit_bakes_links.py)."""
        return self._authors(document.pk, document.doc_id, document.content_hash, shown=False)

    def _authors(self, document_pk: int, doc_id: str, content_hash: str, shown: bool = True) -> list[Author]:
        """The authors of the version read as (row number, id, content hash): none once that
        row is gone. A document's row is read first and its authors by the row's number in
        a second read; SQLite gives a deleted row's number to the next row inserted, so a
        closed group's document stored in between lent its authors, organisations and person
        ids to the document shown (tests/security/test_document_reused_rows.py). `shown`:
        as readers see them (linked, store._person_links), else as the document names them."""
        person = SHOWN_PERSON if shown else "a.person_id"
        rows = self.db.conn().execute(
            "SELECT p.name, p.organisation, a.role, p.public_id, a.source FROM authorship a"
            f" JOIN documents d ON d.id = a.document_id JOIN people p ON p.id = {person}"
            " WHERE a.document_id = ? AND d.doc_id = ? AND d.content_hash = ? ORDER BY a.position",
            (document_pk, doc_id, content_hash))
        return [Author(r[0], r[1] or None, r[2], r[3], r[4] == "text") for r in rows]

    def _document(self, row: sqlite3.Row) -> Document:
        meta = DocumentMeta(
            title=row["title"], type=row["type"], community=row["community"], cycle=row["cycle"],
            session=row["session"], date=row["date"],
            authors=self._authors(row["id"], row["doc_id"], row["content_hash"]),
            themes=json.loads(row["themes"]), public=bool(row["public"]),
        )
        return Document(row["id"], row["doc_id"], row["text"], meta, row["source_path"],
                        row["content_hash"], row["state"])

    def stage(self, draft: DocumentDraft) -> int:
        """Insert a pending version of a document (rows, chunks, lexical index); it keeps
        the moderator's sharing override of the version it replaces (a closed document
        must not open up for a moment, nor for good, when a new version is written)."""
        meta = draft.meta
        with self.db.transaction() as conn:
            community = community_id(conn, meta.community)
            pk = conn.execute(
                "INSERT INTO documents(doc_id, title, type, community_id, cycle, session, date,"
                " themes, source_path, content_hash, text, state, sharing, public, text_hash)"
                " VALUES (?,?,?,?,?,?,?,?,?,?,?, 'pending',"
                " (SELECT sharing FROM documents WHERE doc_id = ? AND state = 'ready'), ?, ?) RETURNING id",
                (draft.doc_id, meta.title, meta.type, community, meta.cycle, meta.session,
                 meta.date, json.dumps(meta.themes, ensure_ascii=False), draft.source_path,
                 draft.content_hash, draft.text, draft.doc_id, int(meta.public), text_digest(draft.text)),
            ).fetchone()[0]
            insert_authors(conn, pk, meta.authors)
            for chunk in draft.chunks:
                chunk_pk = conn.execute(
                    'INSERT INTO chunks(document_id, ordinal, text, start, "end", heading, vector_id)'
                    " VALUES (?,?,?,?,?,?,?) RETURNING id",
                    (pk, chunk.ordinal, chunk.text, chunk.start, chunk.end, chunk.heading,
                     vector_id(draft.doc_id, draft.content_hash, chunk.ordinal)),
                ).fetchone()[0]
                conn.execute("INSERT INTO chunks_fts(rowid, body) VALUES (?, ?)", (chunk_pk, chunk.lexical))
        return pk

    def same_text(self, doc_id: str) -> list[str]:
        """The other ready documents of `doc_id`'s own community whose text is the very same
        (the upload's notice: one report uploaded twice under two names), sorted. A look-up
        on (community, text digest) through the index `documents_text_hash` (schema 17),
        not a read of every text of the community; other communities are never compared,
        and a document without a community has no twins."""
        return sorted(row[0] for row in self.db.conn().execute(SAME_TEXT, (doc_id,)))   # code points, as min()

    def index_vectors(self, document_pk: int, vectors: np.ndarray) -> None:
        """Index a version's vectors (one per chunk, in order): in Chroma, then in
        SQLite, where searches read them; the version is still pending, so no search
        sees a chunk of it before all its vectors are in."""
        chunks = self.chunks_of(document_pk)
        self._vectors.upsert([c.vector_id for c in chunks], vectors, document_pk)
        with self.db.transaction() as conn:
            write_vectors(conn, "chunk_vectors", [c.pk for c in chunks], vectors)
            bump_generation(conn)

    def publish(self, document_pk: int, renames: str | None = None) -> list[int]:
        """Make a staged version searchable; returns the versions it replaced. The new
        version keeps the moderator's sharing override of the one it replaces, and is
        never visible to more people than that one was (see store._write.carried_sharing).
        `renames`: the id of the document this version replaces under a new id (a name
        hidden by a correction); every row naming it moves in the same transaction."""
        with self.db.transaction() as conn:
            doc_id, policy = conn.execute(SHARING_SQL + " WHERE d.id = ?", (document_pk,)).fetchone()[:2]
            if renames and renames != doc_id:
                move_document_id(conn, renames, doc_id)
            rows = conn.execute(SHARING_SQL + " WHERE d.doc_id = ? AND d.state = 'ready'", (doc_id,)).fetchall()
            old = [r[2] for r in rows]
            if old and conn.execute(_moved_sql(len(old)), (document_pk, *old)).fetchone():
                # moved to another community (ingest --move): the old group's corrections, and
                # who made them, are not the new group's to read (test_moved_history.py)
                conn.execute("DELETE FROM document_edits WHERE doc_id = ?", (doc_id,))
            conn.executemany("UPDATE documents SET state = 'deleting' WHERE id = ?", [(o,) for o in old])
            conn.execute("UPDATE documents SET state = 'ready', sharing = ? WHERE id = ?",
                         (carried_sharing([tuple(r[3:]) for r in rows], policy), document_pk))
        return old

    def purge(self, document_pk: int) -> None:
        """Remove every trace of one version: its files outside the database (uploaded
        original, cached embeddings: `forget_files`), vectors, lexical rows, chunks, row.

        The order is what makes it crash-safe: the version is first marked 'deleting'
        (durably), then its files go, and its rows last. A crash at any point leaves the
        row, which names the files, for whatever runs next to purge again (a re-run
        delete, `cleanup_incomplete` at the next write session, `check --repair`).
        Removing the rows first left the files named by nothing: a re-run delete found no
        document, and cached embeddings, keyed by a hash of their text, stayed for good
        (tests/store/test_erase.py, tests/ingest/test_forget.py)."""
        with self.db.transaction() as conn:
            conn.execute("UPDATE documents SET state = 'deleting' WHERE id = ?", (document_pk,))
        self.forget_files(document_pk)
        self._vectors.delete([c.vector_id for c in self.chunks_of(document_pk)])
        with self.db.transaction() as conn:
            conn.execute(
                "DELETE FROM chunks_fts WHERE rowid IN (SELECT id FROM chunks WHERE document_id = ?)",
                (document_pk,),
            )
            conn.execute("DELETE FROM documents WHERE id = ?", (document_pk,))
            forget_unnamed(conn)
            bump_generation(conn)
            conn.execute(META_UPSERT, ("erase_pending", "1"))

    def delete_document(self, doc_id: str, forget: Callable[[Any], None] | None = None) -> bool:
        """Delete a document by its external id; False when there was none. Its versions are
        marked 'deleting' in one transaction with `forget(conn)` (the audit log rewritten and the
        deletion's line: Traces.forget), then purged one by one: a crash before leaves the
        document as it was, a crash after leaves versions no reader sees for the next write
        session's cleanup_incomplete, the log already rid of the id."""
        with self.db.transaction() as conn:
            pks = [r[0] for r in conn.execute("SELECT id FROM documents WHERE doc_id = ?", (doc_id,))]
            if pks:
                conn.execute("UPDATE documents SET state = 'deleting' WHERE doc_id = ?", (doc_id,))
                if forget is not None:
                    forget(conn)
        for pk in pks:
            self.purge(pk)
        return bool(pks)

    def doc_ids_of(self, community: str) -> list[str]:
        """The ids of the documents with a version in `community` (any state)."""
        return [r[0] for r in self.db.conn().execute(
            "SELECT DISTINCT d.doc_id FROM documents d JOIN communities c ON c.id = d.community_id"
            " WHERE c.name = ? ORDER BY d.doc_id", (community,))]

    def cleanup_incomplete(self) -> int:
        """Purge versions left pending or half-deleted by an interrupted run."""
        pks = [r[0] for r in self.db.conn().execute(
            "SELECT id FROM documents WHERE state IN ('pending', 'deleting')")]
        for pk in pks:
            self.purge(pk)
        return len(pks)


def _moved_sql(count: int) -> str:
    return ("SELECT 1 FROM documents n JOIN documents o ON COALESCE(o.community_id, 0) <> COALESCE(n.community_id, 0)"
            f" WHERE n.id = ? AND o.id IN ({','.join('?' * count)}) LIMIT 1")


def _chunk(row: sqlite3.Row) -> Chunk:
    return Chunk(row["id"], row["document_id"], row["ordinal"], row["text"], row["start"],
                 row["end"], row["heading"], row["vector_id"])
