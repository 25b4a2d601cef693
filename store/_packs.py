"""Session packs that last (issue 18): named collections of documents and passages
that a community's moderators build together for a session, stored per community.

A pack belongs to one community; every method takes the caller's `scope`, the
communities they moderate (None: any, the single user of local mode), and reads
or changes only packs of those communities, so a crafted pack or item id of
another group finds nothing. Packs and items are named by their public id
(store._opaque_ids): the integer keys count every group's packs and never leave
this module. Items hold references only (document id, passage
number) with the moderator's note and a position; titles and texts are looked up
when a pack is shown, with the viewer's access (web.packs). A trigger takes a
document out of every pack when its last version is deleted, whatever path
deletes it (schema 11, store._migrate), so no pack keeps a reference to it.

A reference to another group's shared document stays when that group closes it,
hidden from moderators who may no longer read it. Every method that reads, counts,
orders or changes items takes the caller's `filters` (their access; None: every
reference, the data dir's owner) and works on the references they may read, and the
pack's community may read, only, as if the hidden one were not there: a count, the limit, a move past it, a note on it or
removing it by its id told a moderator of another group whether the document was
closed or erased (tests/security/test_pack_hidden_items.py).

Every change holds the data dir's writer lock (store._rights): a moderator whose role in
the pack's group was taken away while the request waited changes nothing (tenancy round 28;
before, the scope read when the request began still let it make, rename, fill or delete
the group's packs).
"""
from __future__ import annotations

import unicodedata
from collections.abc import Callable
from contextlib import AbstractContextManager, nullcontext
from dataclasses import dataclass
from pathlib import Path

from errors import PraktijkgeheugenError
from store._db import Database
from store._filters import filter_sql
from store._opaque_ids import new_id, well_formed
from store._types import Filters

MAX_NAME_CHARS = 120      # a pack's name: "Sessie 4 – eenzaamheid" fits many times over
MAX_NOTE_CHARS = 2000     # a note per item: a few paragraphs of instructions for the session
MAX_ITEMS = 200           # per pack: more sources than one session can use
MAX_PACKS = 500           # per community: years of sessions


class PackError(PraktijkgeheugenError):
    """A refused change; its message is Dutch, for the moderator (also as `user`)."""

    def __init__(self, message: str) -> None:
        super().__init__(message, user=message)


SAME_NAME = ("Deze groep heeft al een pakket met deze naam (zie Sessiepakketten). Open dat pakket, of kies een"
             " andere naam, bijvoorbeeld met de datum van de sessie erbij.")


def _check_unique(conn, community_id: int, name: str, pack: int | None = None) -> None:
    """One name per pack in a group: a double click on "Pakket maken" (or the back button
    and the form sent again) made two packs "Sessie 4 – eenzaamheid" that the list and the
    menu could not tell apart, and half the sources went into each (workflow round 38)."""
    if conn.execute("SELECT 1 FROM packs WHERE community_id = ? AND name = ? AND id != ?",
                    (community_id, name, pack if pack is not None else -1)).fetchone():
        raise PackError(SAME_NAME)


@dataclass(frozen=True)
class Pack:
    id: str             # the public id (store._opaque_ids), never the row's key
    name: str
    community: str
    created_by: str
    created_at: str
    updated_at: str
    items: int


@dataclass(frozen=True)
class PackItem:
    id: str             # the public id, as the pack's
    doc_id: str
    passage: int | None
    note: str
    position: int


# The item `i` refers to a document its pack's community may read: one of the community's
# own, or one shared with the network.
_COMMUNITY_READS = ("(d.community_id = (SELECT pc.community_id FROM packs pc WHERE pc.id = i.pack_id)"
                    " OR COALESCE(d.sharing, c.sharing) = 'shared')")


def _readable(filters: Filters | None) -> tuple[str, list]:
    """SQL: the item `i` refers to a document the caller may read and its pack's community
    may read (None: any item, the data dir's owner). Only what the community reads: a
    moderator of the pack's group who is also a member of a closed group kept seeing,
    counting and exporting that group's case in her group's pack after it was closed,
    for her group's session (tests/security/test_pack_two_groups.py)."""
    if filters is None:
        return "1 = 1", []
    where, params = filter_sql(filters)
    return ("EXISTS (SELECT 1 FROM documents d LEFT JOIN communities c ON c.id = d.community_id"
            f" WHERE d.doc_id = i.doc_id AND {where} AND {_COMMUNITY_READS})"), params


def _packs_sql(filters: Filters | None) -> tuple[str, list]:
    """The packs with the number of items the caller may read."""
    readable, params = _readable(filters)
    return ("SELECT p.public_id, p.name, c.name AS community, p.created_by, p.created_at, p.updated_at,"
            f" (SELECT COUNT(*) FROM pack_items i WHERE i.pack_id = p.id AND {readable}) AS items"
            " FROM packs p JOIN communities c ON c.id = p.community_id"), params


def _in_scope(scope: tuple[str, ...] | None) -> tuple[str, list]:
    """SQL restricting packs to the caller's communities (`c` is the community)."""
    if scope is None:
        return "1 = 1", []
    return f"c.name IN ({','.join('?' for _ in scope)})", list(scope)


def clean_name(name: str) -> str:
    """A pack name as stored, or PackError: one line, not empty, not too long."""
    name = " ".join(str(name).split())
    if not name:
        raise PackError("Geef het pakket een naam, bijvoorbeeld: Sessie 4 – eenzaamheid.")
    if len(name) > MAX_NAME_CHARS or any(unicodedata.category(ch).startswith("C") for ch in name):
        raise PackError(f"Een pakketnaam is hoogstens {MAX_NAME_CHARS} tekens, zonder speciale tekens.")
    return name


def clean_note(note: str) -> str:
    note = str(note).replace("\r\n", "\n").strip()
    if len(note) > MAX_NOTE_CHARS:
        raise PackError(f"Een notitie is hoogstens {MAX_NOTE_CHARS} tekens (deze heeft er {len(note)}).")
    if any(unicodedata.category(ch).startswith("C") and ch not in "\n\t" for ch in note):
        raise PackError("Een notitie mag geen speciale tekens bevatten.")
    return note


def drop_session_files(folder: Path) -> int:
    """Remove the browser-session packs of earlier versions (one JSON file of
    references per browser, <data dir>/packs): they belonged to no community, so
    they cannot become a community's packs, and a reference in them to a
    document deleted later would outlive it. How many were removed."""
    if not folder.is_dir():
        return 0
    files = [p for p in folder.iterdir() if p.suffix in (".json", ".tmp") or p.name.endswith(".part")]
    for path in files:
        path.unlink(missing_ok=True)
    if not any(folder.iterdir()):
        folder.rmdir()
    return len(files)


class Packs:
    """The packs part of the store (reached as `store.packs`)."""

    def __init__(self, db: Database, writer: Callable[[], AbstractContextManager[None]] = nullcontext) -> None:
        self.db = db
        self._writer = writer   # Store.writer: the caller's rights are checked again there

    def all(self, scope: tuple[str, ...] | None, filters: Filters | None = None) -> list[Pack]:
        """The packs of the caller's communities, most recently changed first."""
        packs, counted = _packs_sql(filters)
        where, params = _in_scope(scope)
        rows = self.db.conn().execute(f"{packs} WHERE {where} ORDER BY p.updated_at DESC, p.id DESC", [*counted, *params])
        return [Pack(*row) for row in rows]

    def get(self, pack_id: str, scope: tuple[str, ...] | None, filters: Filters | None = None) -> Pack | None:
        """One pack, or None when it does not exist or is another community's."""
        if not well_formed(pack_id):
            return None
        packs, counted = _packs_sql(filters)
        where, params = _in_scope(scope)
        row = self.db.conn().execute(f"{packs} WHERE p.public_id = ? AND {where}",
                                     [*counted, pack_id, *params]).fetchone()
        return Pack(*row) if row else None

    def create(self, community: str, name: str, actor: str, scope: tuple[str, ...] | None) -> Pack:
        if scope is not None and community not in scope:
            raise PackError("U kunt alleen een pakket maken voor een groep die u modereert.")
        name = clean_name(name)
        with self._writer(), self.db.transaction() as conn:
            row = conn.execute("SELECT id FROM communities WHERE name = ?", (community,)).fetchone()
            if row is None:
                raise PackError("Deze groep bestaat niet.")
            if conn.execute("SELECT COUNT(*) FROM packs WHERE community_id = ?", (row[0],)).fetchone()[0] >= MAX_PACKS:
                raise PackError(f"Een groep heeft hoogstens {MAX_PACKS} pakketten; verwijder eerst oude.")
            _check_unique(conn, row[0], name)
            pack_id = new_id()
            conn.execute("INSERT INTO packs(community_id, name, created_by, public_id) VALUES (?, ?, ?, ?)",
                         (row[0], name, actor, pack_id))
        pack = self.get(pack_id, None)
        assert pack is not None, "the pack was inserted just above"
        return pack

    def rename(self, pack_id: str, name: str, scope: tuple[str, ...] | None) -> bool:
        name = clean_name(name)
        with self._writer():
            with self.db.transaction() as conn:
                if (pk := self._owned(conn, pack_id, scope)) is None:
                    return False
                community_id = conn.execute("SELECT community_id FROM packs WHERE id = ?", (pk,)).fetchone()[0]
                _check_unique(conn, community_id, name, pk)
                conn.execute("UPDATE packs SET name = ?, updated_at = datetime('now') WHERE id = ?", (name, pk))
            self._wipe()
        return True

    def delete(self, pack_id: str, scope: tuple[str, ...] | None) -> bool:
        with self._writer():
            with self.db.transaction() as conn:
                if (pk := self._owned(conn, pack_id, scope)) is None:
                    return False
                conn.execute("DELETE FROM packs WHERE id = ?", (pk,))
            self._wipe()
        return True

    def _wipe(self) -> None:
        """Empty the write-ahead log after a pack's name or note was replaced or deleted.
        secure_delete zeroes the row in the page's new version, but the old version stayed
        in the log, and in the main file until a checkpoint, while the server ran: a deleted
        note naming a client ('Bel Zwanhilde Okonkwo') was still in the data dir's files
        (privacy attack 31, tests/security/test_attack31_restore_removals.py). A document's
        erasure does this at the writer's end (erase_pending); when a reader keeps the log
        busy, so does the next writer here (the full residue step, rarely). Not on PostgreSQL,
        whose checkpoint VACUUMs the passages' tables and zeroes nothing (docs/operations.md)."""
        if self.db.dialect == "sqlite" and not self.db.checkpoint():
            self.db.set_meta("erase_pending", "1")

    def items(self, pack_id: str, scope: tuple[str, ...] | None, filters: Filters | None = None) -> list[PackItem]:
        """The pack's items the caller may read, in order."""
        conn = self.db.conn()
        if (pk := self._owned(conn, pack_id, scope)) is None:
            return []
        return self._items(conn, pk, filters)

    @staticmethod
    def _items(conn, pk: int, filters: Filters | None) -> list[PackItem]:
        readable, params = _readable(filters)
        rows = conn.execute("SELECT i.public_id, i.doc_id, i.passage, i.note, i.position FROM pack_items i"
                            f" WHERE i.pack_id = ? AND {readable} ORDER BY i.position, i.id", [pk, *params])
        return [PackItem(*row) for row in rows]

    def add(self, pack_id: str, doc_id: str, passage: int | None, scope: tuple[str, ...] | None,
            filters: Filters | None = None) -> bool:
        """Add a reference at the end; False when the pack is not the caller's or already
        holds it. The caller has checked that the pack's moderators may see the document.
        The limit counts the references the caller may read (a hidden one would be told by it)."""
        with self._writer(), self.db.transaction() as conn:
            if (pk := self._owned(conn, pack_id, scope)) is None:
                return False
            count = len(self._items(conn, pk, filters))
            last = conn.execute("SELECT COALESCE(MAX(position), -1) FROM pack_items WHERE pack_id = ?",
                                (pk,)).fetchone()[0]
            if count >= MAX_ITEMS:
                raise PackError(f"Een pakket heeft hoogstens {MAX_ITEMS} bronnen.")
            added = conn.execute("INSERT INTO pack_items(pack_id, doc_id, passage, position, public_id)"
                                 " VALUES (?, ?, ?, ?, ?) ON CONFLICT DO NOTHING",
                                 (pk, doc_id, passage, last + 1, new_id())).rowcount
            self._touch(conn, pk)
        return bool(added)

    def remove(self, pack_id: str, item_id: str, scope: tuple[str, ...] | None, filters: Filters | None = None) -> bool:
        return self._change_item(pack_id, item_id, scope, filters,
                                 "DELETE FROM pack_items WHERE public_id = ? AND pack_id = ?", ())

    def _change_item(self, pack_id: str, item_id: str, scope: tuple[str, ...] | None, filters: Filters | None,
                     sql: str, values: tuple) -> bool:
        """Run `sql` (its last two parameters the item's public id and the pack's key) on an item
        of a pack the caller may change and whose document they may read, then empty the log of
        what it replaced or removed (`_wipe`). False, with nothing changed, otherwise."""
        with self._writer():
            with self.db.transaction() as conn:
                if (pk := self._owned(conn, pack_id, scope)) is None:
                    return False
                if item_id not in {i.id for i in self._items(conn, pk, filters)}:
                    return False
                changed = conn.execute(sql, (*values, item_id, pk)).rowcount
                self._touch(conn, pk)
            self._wipe()
        return bool(changed)

    def remove_reference(self, pack_id: str, doc_id: str, passage: int | None, scope: tuple[str, ...] | None,
                         filters: Filters | None = None) -> bool:
        """Remove an item by what it refers to (the "Uit pakket halen" button of a result)."""
        item = next((i for i in self.items(pack_id, scope, filters) if (i.doc_id, i.passage) == (doc_id, passage)),
                    None)
        return item is not None and self.remove(pack_id, item.id, scope, filters)

    def annotate(self, pack_id: str, item_id: str, note: str, scope: tuple[str, ...] | None,
                 filters: Filters | None = None) -> bool:
        return self._change_item(pack_id, item_id, scope, filters,
                                 "UPDATE pack_items SET note = ? WHERE public_id = ? AND pack_id = ?", (clean_note(note),))

    def move(self, pack_id: str, item_id: str, step: int, scope: tuple[str, ...] | None,
             filters: Filters | None = None) -> bool:
        """Swap an item with its neighbour among the items the caller may read (step -1:
        up, +1: down); False at either end. Hidden items keep their places."""
        with self._writer(), self.db.transaction() as conn:
            if (pk := self._owned(conn, pack_id, scope)) is None:
                return False
            shown = self._items(conn, pk, filters)
            order = [i.id for i in shown]
            if item_id not in order:
                return False
            here = order.index(item_id)
            there = here + (1 if step > 0 else -1)
            if not 0 <= there < len(order):
                return False
            everything = [r[0] for r in conn.execute("SELECT public_id FROM pack_items WHERE pack_id = ?"
                                                     " ORDER BY position, id", (pk,))]
            a, b = everything.index(order[here]), everything.index(order[there])
            everything[a], everything[b] = everything[b], everything[a]
            conn.executemany("UPDATE pack_items SET position = ? WHERE public_id = ?",
                             [(position, item) for position, item in enumerate(everything)])
            self._touch(conn, pk)
        return True

    def rewrite_texts(self, community: str, rewrite: Callable[[str], str],
                      others: Callable[[str], str] | None = None) -> int:
        """Pass every pack name and note of `community` through `rewrite`, and every other
        group's note on one of `community`'s documents through `others` (`rewrite` when
        None), and keep what changed (a client name listed after a moderator wrote it:
        ingest._correct); how many names and notes changed. The old text is erased with
        the writer session's residue, as a corrected document's is."""
        conn = self.db.conn()
        names = conn.execute("SELECT p.id, p.name FROM packs p JOIN communities c ON c.id = p.community_id"
                             " WHERE c.name = ?", (community,)).fetchall()
        own = conn.execute("SELECT i.id, i.note FROM pack_items i JOIN packs p ON p.id = i.pack_id"
                           " JOIN communities c ON c.id = p.community_id WHERE i.note <> '' AND c.name = ?",
                           (community,)).fetchall()
        # other groups' notes on the community's documents (a shared document in another
        # group's pack: its note may name the same client)
        theirs = conn.execute("SELECT i.id, i.note FROM pack_items i JOIN packs p ON p.id = i.pack_id"
                              " JOIN communities c ON c.id = p.community_id WHERE i.note <> '' AND c.name <> ?"
                              " AND i.doc_id IN (SELECT d.doc_id FROM documents d JOIN communities dc"
                              " ON dc.id = d.community_id WHERE dc.name = ?)", (community, community)).fetchall()
        other = others or rewrite
        new_names = [(new, pk) for pk, old in names if (new := rewrite(old)) != old]
        new_notes = [(new, pk) for pk, old in own if (new := rewrite(old)) != old]
        new_notes += [(new, pk) for pk, old in theirs if (new := other(old)) != old]
        if new_names or new_notes:
            with self.db.transaction() as conn:
                conn.executemany("UPDATE packs SET name = ? WHERE id = ?", new_names)
                conn.executemany("UPDATE pack_items SET note = ? WHERE id = ?", new_notes)
        return len(new_names) + len(new_notes)

    def holding(self, doc_id: str) -> list[str]:
        """The public ids of every pack that refers to `doc_id` (for checks and tests)."""
        rows = self.db.conn().execute("SELECT DISTINCT p.public_id FROM pack_items i JOIN packs p ON p.id = i.pack_id"
                                      " WHERE i.doc_id = ?", (doc_id,))
        return [r[0] for r in rows]

    def _owned(self, conn, pack_id: str, scope: tuple[str, ...] | None) -> int | None:
        """The key of the caller's pack named `pack_id`, or None (unknown, malformed or
        another community's: all alike)."""
        if not well_formed(pack_id):
            return None
        where, params = _in_scope(scope)
        row = conn.execute(f"SELECT p.id FROM packs p JOIN communities c ON c.id = p.community_id"
                           f" WHERE p.public_id = ? AND {where}", [pack_id, *params]).fetchone()
        return row[0] if row else None

    @staticmethod
    def _touch(conn, pk: int) -> None:
        conn.execute("UPDATE packs SET updated_at = datetime('now') WHERE id = ?", (pk,))
