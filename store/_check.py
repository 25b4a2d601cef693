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


@dataclass
class CheckReport:
    leftovers: list[int] = field(default_factory=list)          # pending/deleting document versions
    missing_lexical: list[int] = field(default_factory=list)    # chunk pks of ready documents
    orphan_lexical: list[int] = field(default_factory=list)     # lexical rowids without a chunk
    missing_vectors: list[int] = field(default_factory=list)    # chunk pks of ready documents
    orphan_vectors: list[str] = field(default_factory=list)     # vector ids without a chunk
    abandoned_collections: list[str] = field(default_factory=list)
    stray_files: list[str] = field(default_factory=list)        # uploads no ready document keeps
    # documents keeping the path of a file ingested where it lies, stored before 3f2a70b:
    # its folders were read by no rule and may name a client ('/dossiers/mevrouw Yilmaz/...')
    foreign_paths: list[int] = field(default_factory=list)
    # copies an interrupted restore unpacked into the data dir (store._staging): every case, deleted ones too
    staging_copies: list[str] = field(default_factory=list)
    # ready documents whose id lies under another community's name ('PG Oost/verslag.md' of
    # PG Zuid), stored before ingest refused it (ingest.Scope.check_place): PG Oost's upload
    # of that file name is refused, which tells its moderator another group holds one.
    # Not repaired: the owner says where each belongs (`ingest --move`, or delete it)
    misplaced: list[str] = field(default_factory=list)
    erase_pending: bool = False

    def counts(self) -> dict[str, int]:
        """Number of problems of each kind (erase_pending as 0/1)."""
        return {name: (len(value) if isinstance(value, list) else int(value))
                for name, value in self.__dict__.items()}

    @property
    def ok(self) -> bool:
        return not any(self.counts().values())
