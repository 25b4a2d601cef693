"""Writing document versions so that a crash leaves the old state or the new one.

A version is staged as a 'pending' row with its chunks and lexical rows in one
transaction, its vectors are upserted under deterministic ids into Chroma and then
kept in SQLite (`chunk_vectors`, one transaction), and only then is it
published: in one transaction the new row becomes 'ready' and the old one
'deleting'. Purging removes vectors first, then rows, so nothing is left orphaned.
A crash at any point leaves 'pending' or 'deleting' rows, which
`cleanup_incomplete` (run before every write session) purges again; ids are
deterministic, so a retry overwrites instead of duplicating.

Every change to the vectors bumps `vector_generation` (see store._live), and every
purge notes that erased material may linger in the indexes' files until
`erase_residue` (store._erase) rewrites them.
"""
from __future__ import annotations

import hashlib
import json

import numpy as np

from store._types import AUTHOR_ROLES, DocumentDraft
from store._vectors import write_vectors


def vector_id(doc_id: str, content_hash: str, ordinal: int) -> str:
    """Deterministic: a retried ingest overwrites its vectors instead of duplicating them."""
    return f"{hashlib.sha1(doc_id.encode()).hexdigest()[:16]}-{content_hash[:12]}-{ordinal}"


def bump_generation(conn) -> None:
    """Tell other processes that the vectors changed (they reopen their index)."""
    conn.execute("UPDATE meta SET value = CAST(value AS INTEGER) + 1 WHERE key = 'vector_generation'")


def bump_catalogue(conn) -> None:
    """Tell readers that lexical rows changed outside a chunk insert or delete (whose
    triggers bump the catalogue generation themselves)."""
    conn.execute("UPDATE meta SET value = CAST(value AS INTEGER) + 1 WHERE key = 'catalogue_generation'")


# doc id, the community's policy for this version, version pk, its override, its community's policy
_SHARING = ("SELECT d.doc_id, COALESCE(c.sharing, 'closed'), d.id, d.sharing, COALESCE(c.sharing, 'closed')"
            " FROM documents d LEFT JOIN communities c ON c.id = d.community_id")


def _carried_sharing(old: list[tuple[str | None, str]], policy: str) -> str | None:
    """The override a new version gets from the versions it replaces ((override,
    community policy) each): the same override, and 'closed' where following its
    community would make a closed document shared."""
    if not old:
        return None
    override = old[-1][0]
    was_closed = any((o or p) == "closed" for o, p in old)
    return "closed" if was_closed and (override or policy) == "shared" else override


class WriteMixin:
    def stage(self, draft: DocumentDraft) -> int:
        """Insert a pending version of a document (rows, chunks, lexical index); it keeps
        the moderator's sharing override of the version it replaces (a closed document
        must not open up for a moment, nor for good, when a new version is written)."""
        meta = draft.meta
        with self.db.transaction() as conn:
            community_id = self._community_id(conn, meta.community)
            pk = conn.execute(
                "INSERT INTO documents(doc_id, title, type, community_id, cycle, session, date,"
                " themes, source_path, content_hash, text, state, sharing, public)"
                " VALUES (?,?,?,?,?,?,?,?,?,?,?, 'pending',"
                " (SELECT sharing FROM documents WHERE doc_id = ? AND state = 'ready'), ?)",
                (draft.doc_id, meta.title, meta.type, community_id, meta.cycle, meta.session,
                 meta.date, json.dumps(meta.themes, ensure_ascii=False), draft.source_path,
                 draft.content_hash, draft.text, draft.doc_id, int(meta.public)),
            ).lastrowid
            self._insert_authors(conn, pk, meta.authors)
            for chunk in draft.chunks:
                chunk_pk = conn.execute(
                    'INSERT INTO chunks(document_id, ordinal, text, start, "end", heading, vector_id)'
                    " VALUES (?,?,?,?,?,?,?)",
                    (pk, chunk.ordinal, chunk.text, chunk.start, chunk.end, chunk.heading,
                     vector_id(draft.doc_id, draft.content_hash, chunk.ordinal)),
                ).lastrowid
                conn.execute("INSERT INTO chunks_fts(rowid, body) VALUES (?, ?)", (chunk_pk, chunk.lexical))
        return pk

    def index_vectors(self, document_pk: int, vectors: np.ndarray) -> None:
        """Index a version's vectors (one per chunk, in order): in Chroma, then in
        SQLite, where searches read them; the version is still pending, so no search
        sees a chunk of it before all its vectors are in."""
        chunks = self.chunks_of(document_pk)
        self.vectors.upsert([c.vector_id for c in chunks], vectors, document_pk)
        with self.db.transaction() as conn:
            write_vectors(conn, "chunk_vectors", [c.pk for c in chunks], vectors)
            bump_generation(conn)

    def replace_lexical(self, rows: list[tuple[int, str]]) -> None:
        """Rewrite the lexical index rows of some chunks (chunk pk, analysed text)."""
        with self.db.transaction() as conn:
            conn.executemany("DELETE FROM chunks_fts WHERE rowid = ?", [(pk,) for pk, _ in rows])
            conn.executemany("INSERT INTO chunks_fts(rowid, body) VALUES (?, ?)", rows)
            bump_catalogue(conn)

    def publish(self, document_pk: int) -> list[int]:
        """Make a staged version searchable; returns the versions it replaced. The new
        version keeps the moderator's sharing override of the one it replaces, and is
        never visible to more people than that one was (see `_carried_sharing`)."""
        with self.db.transaction() as conn:
            doc_id, policy = conn.execute(_SHARING + " WHERE d.id = ?", (document_pk,)).fetchone()[:2]
            rows = conn.execute(_SHARING + " WHERE d.doc_id = ? AND d.state = 'ready'", (doc_id,)).fetchall()
            old = [r[2] for r in rows]
            conn.executemany("UPDATE documents SET state = 'deleting' WHERE id = ?", [(o,) for o in old])
            conn.execute("UPDATE documents SET state = 'ready', sharing = ? WHERE id = ?",
                         (_carried_sharing([tuple(r[3:]) for r in rows], policy), document_pk))
        return old

    def purge(self, document_pk: int) -> None:
        """Remove every trace of one version: vectors, lexical rows, chunks, row."""
        with self.db.transaction() as conn:
            conn.execute("UPDATE documents SET state = 'deleting' WHERE id = ?", (document_pk,))
        self.vectors.delete([c.vector_id for c in self.chunks_of(document_pk)])
        with self.db.transaction() as conn:
            conn.execute(
                "DELETE FROM chunks_fts WHERE rowid IN (SELECT id FROM chunks WHERE document_id = ?)",
                (document_pk,),
            )
            conn.execute("DELETE FROM documents WHERE id = ?", (document_pk,))
            conn.execute("DELETE FROM people WHERE id NOT IN (SELECT person_id FROM authorship)")
            bump_generation(conn)
            conn.execute("INSERT OR REPLACE INTO meta(key, value) VALUES ('erase_pending', '1')")

    def delete_document(self, doc_id: str) -> bool:
        """Delete a document by its external id; False when there was none."""
        pks = [r[0] for r in self.db.conn().execute("SELECT id FROM documents WHERE doc_id = ?", (doc_id,))]
        for pk in pks:
            self.purge(pk)
        return bool(pks)

    def cleanup_incomplete(self) -> int:
        """Purge versions left pending or half-deleted by an interrupted run."""
        pks = [r[0] for r in self.db.conn().execute(
            "SELECT id FROM documents WHERE state IN ('pending', 'deleting')")]
        for pk in pks:
            self.purge(pk)
        return len(pks)

    def _community_id(self, conn, name: str | None) -> int | None:
        if not name:
            return None
        conn.execute("INSERT OR IGNORE INTO communities(name) VALUES (?)", (name,))
        return conn.execute("SELECT id FROM communities WHERE name = ?", (name,)).fetchone()[0]

    def _insert_authors(self, conn, document_pk: int, authors) -> None:
        """One link per person and document, with the part they played (the
        stronger part when a person is named twice, as AUTHOR_ROLES orders them)."""
        for position, author in enumerate(authors):
            person = _person_id(conn, author)
            conn.execute(
                "INSERT INTO authorship(document_id, person_id, position, role, source) VALUES (?,?,?,?,?)"
                " ON CONFLICT(document_id, person_id) DO UPDATE SET role = excluded.role"
                " WHERE authorship.role IS NULL OR (excluded.role IS NOT NULL AND"
                f" {_RANK.format('excluded.role')} < {_RANK.format('authorship.role')})",
                (document_pk, person, position, author.role, "text" if author.from_text else "metadata"),
            )


_RANK = "instr('" + ",".join(AUTHOR_ROLES) + ",', {} || ',')"


def _person_id(conn, author) -> int:
    """The person an author names. A name given without organisation (as a text's
    "Inbreng Sien:" or an attendance list gives it) is the one person of that name
    already known, when there is exactly one; otherwise a person of its own."""
    org = author.organisation or ""
    if not org:
        known = conn.execute("SELECT id FROM people WHERE name = ? LIMIT 2", (author.name,)).fetchall()
        if len(known) == 1:
            return known[0][0]
    conn.execute("INSERT OR IGNORE INTO people(name, organisation) VALUES (?, ?)", (author.name, org))
    return conn.execute("SELECT id FROM people WHERE name = ? AND organisation = ?", (author.name, org)).fetchone()[0]
