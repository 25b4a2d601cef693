"""The store's `maintenance` part: the reconciler's check and repair of strays,
erasure of what purged versions leave in the indexes' files, and rebuilding the
vector collection beside the live one.

Each concern is explained where its helpers live: store._check (what is compared),
store._erase (which residue lingers where), store._rebuild (the switch in one
transaction). Backup and restore work on a data dir rather than an open store:
see store._backup. Every method that writes expects the caller to hold the
writer lock (`Store.writer()`).
"""
from __future__ import annotations

import logging
import uuid
from pathlib import Path
from typing import Callable

from settings import Settings
from store._catalogue import Catalogue
from store._check import CheckReport
from store._chroma_admin import close_client, remove_orphan_segments, vacuum
from store._db import META_UPSERT, Database
from store._dense import Vectors
from store._erase import INCOMING, upload_in_progress
from store._rebuild import NEXT, RETIRED, Staging, VectorSink, clear_staged, drop, set_meta
from store._staging import abandoned, remove_abandoned
from store._write import bump_catalogue, bump_generation
from text import embedding_text

log = logging.getLogger(__name__)


class Maintenance:
    """Check, repair, erasure and vector rebuilds, over the catalogue and the vectors."""

    def __init__(self, settings: Settings, db: Database, catalogue: Catalogue, vectors: Vectors) -> None:
        self.settings = settings   # the data dir's folders (uploads, Chroma)
        self.db = db
        self._catalogue = catalogue
        self._vectors = vectors

    # --- check and repair --------------------------------------------------
    def check(self) -> CheckReport:
        """Compare the database with both indexes (read-only)."""
        conn = self.db.conn()
        chunks = {row[0]: (row[1], row[2]) for row in conn.execute(
            "SELECT ch.id, ch.vector_id, d.state FROM chunks ch JOIN documents d ON d.id = ch.document_id")}
        ready = {pk: vid for pk, (vid, state) in chunks.items() if state == "ready"}
        lexical = {row[0] for row in conn.execute("SELECT rowid FROM chunks_fts")}
        vectors = self._vectors.ids()
        kept = {row[0] for row in conn.execute("SELECT chunk_id FROM chunk_vectors")}
        all_vector_ids = {vid for vid, _ in chunks.values()}
        return CheckReport(
            leftovers=[r[0] for r in conn.execute(
                "SELECT id FROM documents WHERE state IN ('pending', 'deleting') ORDER BY id")],
            missing_lexical=sorted(pk for pk in ready if pk not in lexical),
            orphan_lexical=sorted(lexical - chunks.keys()),
            missing_vectors=sorted(pk for pk, vid in ready.items() if vid not in vectors or pk not in kept),
            orphan_vectors=sorted(vectors - all_vector_ids),
            abandoned_collections=self.abandoned_collections(),
            stray_files=[str(p) for p in self.stray_files()],
            foreign_paths=self.foreign_paths(),
            staging_copies=[str(p) for p in abandoned(self.settings.data_dir, "restore")],
            misplaced=[doc_id for doc_id, _, _ in self.misplaced()],
            erase_pending=self.erase_pending(),
        )

    def remove_strays(self, report: CheckReport) -> None:
        """Fix what needs no model: purge leftovers, drop orphans and abandoned
        collections. The caller holds the writer lock."""
        for pk in report.leftovers:
            self._catalogue.purge(pk)
        if report.orphan_lexical:
            with self.db.transaction() as conn:
                conn.executemany("DELETE FROM chunks_fts WHERE rowid = ?", [(pk,) for pk in report.orphan_lexical])
                bump_catalogue(conn)
        if report.orphan_vectors:
            self._vectors.delete(report.orphan_vectors)
            with self.db.transaction() as conn:
                bump_generation(conn)
                conn.execute(META_UPSERT, ("erase_pending", "1"))
        if report.abandoned_collections:
            self.drop_abandoned()
        if report.stray_files:
            self.remove_stray_files([Path(p) for p in report.stray_files])
        if report.staging_copies:
            remove_abandoned(self.settings.data_dir, "restore")
        if report.foreign_paths:   # secure_delete overwrites the old values; the residue step the rest
            with self.db.transaction() as conn:
                conn.executemany("UPDATE documents SET source_path = NULL WHERE id = ?",
                                 [(pk,) for pk in report.foreign_paths])
                conn.execute(META_UPSERT, ("erase_pending", "1"))

    # --- erasure -----------------------------------------------------------
    def erase_pending(self) -> bool:
        """Whether something was purged since the files were last rewritten."""
        return self.db.get_meta("erase_pending") == "1"

    def erase_residue(self) -> bool:
        """Rewrite the indexes' files; False if a reader kept the WAL from being
        emptied (the erasure then stays pending, for the next writer or `check --repair`)."""
        self.rebuild_vectors(self._copy_vectors)
        with self.db.transaction() as conn:
            if self.db.dialect == "sqlite":  # FTS5 merges its segments, dropping deleted terms
                conn.execute("INSERT INTO chunks_fts(chunks_fts) VALUES ('optimize')")
            conn.execute("DELETE FROM meta WHERE key = 'erase_pending'")
        if not self.settings.chroma_url:
            vacuum(self.settings.chroma_dir)
        if self.db.checkpoint():
            return True
        log.warning("erasure incomplete: a reader kept the database's WAL busy; it is retried later")
        self.db.set_meta("erase_pending", "1")
        return False

    def forget_upload(self, source_path: str | None) -> bool:
        """Delete a document's uploaded original (only files inside the data dir's
        files folder: a CLI ingest's sources belong to the user); True if one was deleted.
        No document keeps the path after it: a correction erasing an original that named a
        client only in a part never read (a Word header) left the document pointing at
        nothing, which a restore into another data dir took for a file ingested where it
        lies (tests/security/test_unread_parts.py, late8)."""
        if not source_path:
            return False
        path, files = Path(source_path).resolve(), self.settings.files_dir.resolve()
        if not path.is_relative_to(files) or not path.is_file():
            return False
        path.unlink()
        with self.db.transaction() as conn:
            conn.execute("UPDATE documents SET source_path = NULL WHERE source_path = ?", (source_path,))
        return True

    def forget_version_files(self, document_pk: int) -> None:
        """Remove what a version being purged keeps outside the database: its uploaded
        original (unless a version not being deleted keeps the same file: a re-ingest of
        it) and its passages in the embedding cache (unless another version of the same
        document, its replacement, embeds the same text). Catalogue.purge calls this while
        the row is marked 'deleting' and before the rows go, so after a crash the row still
        names these files and the next purge of it removes them; once the rows are gone
        nothing would (a cache entry is keyed by a hash of its text). Idempotent."""
        document = self._catalogue.documents_by_pk([document_pk]).get(document_pk)
        if document is None:
            return
        conn = self.db.conn()
        source = document.source_path
        if source and not conn.execute("SELECT 1 FROM documents WHERE source_path = ? AND id <> ?"
                                       " AND state <> 'deleting' LIMIT 1", (source, document_pk)).fetchone():
            self.forget_upload(source)
        model = self._vectors.embedding_model
        if not model:
            return
        from models import forget_passages  # lazily: opening a store loads no model code

        title = document.meta.title
        texts = {embedding_text(title, c.heading, c.text) for c in self._catalogue.chunks_of(document_pk)}
        others = [r[0] for r in conn.execute("SELECT id FROM documents WHERE doc_id = ? AND id <> ?"
                                             " AND state <> 'deleting'", (document.doc_id, document_pk))]
        for pk, other in (self._catalogue.documents_by_pk(others) if others else {}).items():
            texts -= {embedding_text(other.meta.title, c.heading, c.text) for c in self._catalogue.chunks_of(pk)}
        forget_passages(model, self.settings.models_dir, sorted(texts))

    def stray_files(self) -> list[Path]:
        """Files under the uploads folder that no ready document keeps as its original
        (a refused upload, a crash between copying and publishing); an upload still
        being received (under `.incoming`, while its upload holds its lock) is not stray yet;
        one whose process died (a crash during an upload) is, at once."""
        files = self.settings.files_dir
        if not files.is_dir():
            return []
        kept = {Path(r[0]).resolve() for r in self.db.conn().execute(
            "SELECT source_path FROM documents WHERE state = 'ready' AND source_path IS NOT NULL")}
        return sorted(p for p in files.rglob("*") if (p.is_file() or p.is_symlink()) and p.resolve() not in kept
                      and not (INCOMING in p.relative_to(files).parts and upload_in_progress(files, p)))

    def foreign_paths(self) -> list[int]:
        """Document versions that keep a path outside the uploads folder: a file ingested
        where it lies, by a version before 3f2a70b. Nothing reads such a path (an original
        is served and deleted only inside the uploads folder), and the folders above the
        one ingested were read by no rule, so they may name a client."""
        files = self.settings.files_dir.resolve()
        rows = self.db.conn().execute("SELECT id, source_path FROM documents WHERE source_path IS NOT NULL")
        return sorted(pk for pk, path in rows if not Path(path).resolve().is_relative_to(files))

    def misplaced(self) -> list[tuple[str, str | None, str]]:
        """(id, its community, the community whose name it lies under) of each ready
        document whose id begins with another existing community's name and '/': where
        that community's uploads and watched folder land (ingest.Scope.check_place now
        refuses such an id; one stored before may still be there)."""
        return [(str(doc_id), own, str(under)) for doc_id, own, under in self.db.conn().execute(
            "SELECT d.doc_id, c.name, h.name FROM documents d"
            " JOIN communities h ON substr(d.doc_id, 1, length(h.name) + 1) = h.name || '/'"
            " LEFT JOIN communities c ON c.id = d.community_id"
            " WHERE d.state = 'ready' AND (c.name IS NULL OR c.name <> h.name) ORDER BY d.doc_id").fetchall()]

    def remove_stray_files(self, paths: list[Path]) -> None:
        """Delete stray files, and the folders they leave empty (the caller holds the writer lock)."""
        files = self.settings.files_dir.resolve()
        for path in paths:
            path.unlink(missing_ok=True)
        for folder in sorted((p for p in files.rglob("*") if p.is_dir()), key=lambda p: -len(p.parts)):
            if not any(folder.iterdir()):
                folder.rmdir()

    def _copy_vectors(self, target: VectorSink) -> None:
        """Copy the vectors of every stored chunk (and nothing else) into `target`."""
        rows = self.db.conn().execute("SELECT document_id, vector_id FROM chunks ORDER BY document_id, ordinal")
        by_document: dict[int, list[str]] = {}
        for document_pk, vector_id in rows:
            by_document.setdefault(document_pk, []).append(vector_id)
        for document_pk, ids in by_document.items():
            found, vectors = self._vectors.stored(ids)
            target.upsert(found, vectors, document_pk)

    # --- rebuilding the vector collection ----------------------------------
    def rebuild_vectors(self, fill: Callable[[VectorSink], None], model: str | None = None) -> None:
        """Fill a new collection with `fill`, then make it the live one (and `model`
        the index's model, when given)."""
        key = uuid.uuid4().hex
        self.db.set_meta(NEXT, key)
        clear_staged(self.db)
        target = self._vectors.open_index(key)
        try:
            fill(Staging(target, self.db) if model else target)
        except BaseException:
            drop(target)
            self.db.delete_meta(NEXT)
            clear_staged(self.db)
            raise
        close_client(target)
        with self.db.transaction() as conn:
            old = conn.execute("SELECT value FROM meta WHERE key = 'vector_collection'").fetchone()[0]
            set_meta(conn, "vector_collection", key)
            set_meta(conn, RETIRED, old)
            if model:
                set_meta(conn, "embedding_model", model)
                conn.execute("DELETE FROM chunk_vectors")
                conn.execute("INSERT INTO chunk_vectors SELECT chunk_id, vector FROM chunk_vectors_next")
                conn.execute("DELETE FROM chunk_vectors_next")
            conn.execute("DELETE FROM meta WHERE key = ?", (NEXT,))
            bump_generation(conn)
        self._vectors.live.catch_up()
        self.drop_abandoned()

    def abandoned_collections(self) -> list[str]:
        """Collections a crash left behind: half-filled, or replaced but not dropped."""
        return [k for k in (self.db.get_meta(NEXT), self.db.get_meta(RETIRED)) if k]

    def drop_abandoned(self) -> list[str]:
        """Drop the abandoned collections (and, embedded, their folders); returns their keys."""
        keys = self.abandoned_collections()
        for key in keys:
            drop(self._vectors.open_index(key))
        self.db.delete_meta(NEXT)
        self.db.delete_meta(RETIRED)
        if not self.settings.chroma_url:
            remove_orphan_segments(self.settings.chroma_dir)
        return keys
