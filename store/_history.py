"""The metadata history of documents (issue 18): who changed which fields of a
document, when, and (for fields that cannot hold a name) from what to what.

Each correction a moderator makes is written as a new version of the document
(ingest._edit); this part keeps the short history the document page shows. Only
values that cannot name anyone are kept as they were and became (type, cycle,
session, date): a title, an author list or themes may be corrected precisely
because they named a client, so for those the history says that they changed,
never what they held. When the last version of a document is deleted, a trigger
deletes its history too (schema 12, store._migrate).
"""
from __future__ import annotations

import json
from dataclasses import dataclass

from store._db import Database
from store._filters import sees_members
from store._types import Filters

SHOWN_VALUES = ("type", "cycle", "session", "date")   # fields whose old and new values are kept
HISTORY_SHOWN = 20   # edits a document page lists, newest first


@dataclass(frozen=True)
class Change:
    field: str
    before: str | None = None   # only for SHOWN_VALUES
    after: str | None = None

    @classmethod
    def of(cls, field: str, before, after) -> Change:
        """A change as the history keeps it: values only for fields that cannot name anyone."""
        return cls(field, _shown(before), _shown(after)) if field in SHOWN_VALUES else cls(field)


@dataclass(frozen=True)
class Edit:
    version: int       # 1 for the first correction after ingest, and so on
    at: str            # UTC, 'YYYY-MM-DD HH:MM:SS'
    actor: str | None   # None: not named to this reader (History.of)
    changes: tuple[Change, ...]


def _shown(value) -> str | None:
    return None if value is None else str(value)


class History:
    """The history part of the store (reached as `store.history`)."""

    def __init__(self, db: Database) -> None:
        self.db = db

    def record(self, doc_id: str, actor: str, changes: list[Change]) -> int:
        """Add one edit; returns its version number."""
        payload = json.dumps([[c.field, c.before, c.after] for c in changes], ensure_ascii=False)
        with self.db.transaction() as conn:
            version = conn.execute("SELECT COALESCE(MAX(version), 0) + 1 FROM document_edits WHERE doc_id = ?",
                                   (doc_id,)).fetchone()[0]
            conn.execute("INSERT INTO document_edits(doc_id, version, actor, changes) VALUES (?, ?, ?, ?)",
                         (doc_id, version, actor, payload))
        return version

    def of(self, doc_id: str, limit: int = HISTORY_SHOWN, filters: Filters = Filters(),
           community: str | None = None) -> list[Edit]:
        """The newest edits of a document first. The caller has checked that the
        reader may see the document (of `community`). Who made them is named only to
        those who see the community's members (store._filters.sees_members): a closed
        group's shared document named its moderators to the whole network
        (tests/security/test_person_moderators.py); to others the actor is None."""
        conn = self.db.conn()
        named = sees_members(conn, community, filters)
        rows = conn.execute("SELECT version, at, actor, changes FROM document_edits WHERE doc_id = ?"
                            " ORDER BY version DESC LIMIT ?", (doc_id, limit))
        return [Edit(r[0], r[1], r[2] if named else None, tuple(Change(*c) for c in json.loads(r[3]))) for r in rows]
