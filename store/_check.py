"""The reconciler's eyes: where the indexes differ from the database.

SQLite is the source of truth. A ready document must have a lexical row and a
vector for every chunk (in SQLite, where searches read it, and in Chroma); nothing in an index may lack its chunk; no version may
stay 'pending' or 'deleting' outside a write session. `check` lists each
difference; `remove_strays` fixes those that need no model (leftover versions,
orphan rows and vectors, abandoned collections). Missing lexical rows and
vectors need the analyzer and the embedder: ingest.repair restores them.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from store._write import bump_catalogue, bump_generation


@dataclass
class CheckReport:
    leftovers: list[int] = field(default_factory=list)          # pending/deleting document versions
    missing_lexical: list[int] = field(default_factory=list)    # chunk pks of ready documents
    orphan_lexical: list[int] = field(default_factory=list)     # lexical rowids without a chunk
    missing_vectors: list[int] = field(default_factory=list)    # chunk pks of ready documents
    orphan_vectors: list[str] = field(default_factory=list)     # vector ids without a chunk
    abandoned_collections: list[str] = field(default_factory=list)
    stray_files: list[str] = field(default_factory=list)        # uploads no ready document keeps
    erase_pending: bool = False

    def counts(self) -> dict[str, int]:
        """Number of problems of each kind (erase_pending as 0/1)."""
        return {name: (len(value) if isinstance(value, list) else int(value))
                for name, value in self.__dict__.items()}

    @property
    def ok(self) -> bool:
        return not any(self.counts().values())


class CheckMixin:
    def check(self) -> CheckReport:
        """Compare the database with both indexes (read-only)."""
        conn = self.db.conn()
        chunks = {row[0]: (row[1], row[2]) for row in conn.execute(
            "SELECT ch.id, ch.vector_id, d.state FROM chunks ch JOIN documents d ON d.id = ch.document_id")}
        ready = {pk: vid for pk, (vid, state) in chunks.items() if state == "ready"}
        lexical = {row[0] for row in conn.execute("SELECT rowid FROM chunks_fts")}
        vectors = self.vectors.ids()
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
            erase_pending=self.erase_pending(),
        )

    def documents_of_chunks(self, chunk_pks: list[int]) -> set[int]:
        """The documents (primary keys) these chunks belong to."""
        marks = ",".join("?" for _ in chunk_pks)
        return {row[0] for row in self.db.conn().execute(
            f"SELECT DISTINCT document_id FROM chunks WHERE id IN ({marks})", chunk_pks)}

    def remove_strays(self, report: CheckReport) -> None:
        """Fix what needs no model: purge leftovers, drop orphans and abandoned
        collections. The caller holds the writer lock."""
        for pk in report.leftovers:
            self.purge(pk)
        if report.orphan_lexical:
            with self.db.transaction() as conn:
                conn.executemany("DELETE FROM chunks_fts WHERE rowid = ?", [(pk,) for pk in report.orphan_lexical])
                bump_catalogue(conn)
        if report.orphan_vectors:
            self.vectors.delete(report.orphan_vectors)
            with self.db.transaction() as conn:
                bump_generation(conn)
                conn.execute("INSERT OR REPLACE INTO meta(key, value) VALUES ('erase_pending', '1')")
        if report.abandoned_collections:
            self.drop_abandoned()
        if report.stray_files:
            self.remove_stray_files([Path(p) for p in report.stray_files])
