"""People: what someone did in the documents a caller may see, and how to reach them.

Everything is read through the caller's Filters, so a person known only from a
closed group's documents does not exist for an outsider (the same None as an
unknown id), and the documents and communities shown are only visible ones.
"""
from __future__ import annotations

from dataclasses import dataclass

from store._db import Database
from store._filters import filter_sql, sees_members
from store._person_ids import ID_PATTERN
from store._person_links import SHOWN_PERSON
from store._types import Filters

_FROM = ("FROM documents d LEFT JOIN communities c ON c.id = d.community_id"
         " JOIN authorship a ON a.document_id = d.id")


@dataclass(frozen=True)
class PersonDocument:
    doc_id: str
    title: str | None
    type: str | None
    community: str | None
    cycle: str | None
    date: str | None
    role: str | None


@dataclass(frozen=True)
class Contact:
    name: str
    email: str | None  # only when that person entered it and agreed to be contacted


@dataclass(frozen=True)
class PersonRecord:
    id: str  # the public id (store._person_ids), never the row's key
    name: str
    organisation: str | None
    communities: tuple[str, ...]
    documents: tuple[PersonDocument, ...]
    email: str | None                           # the person's own, with consent
    moderators: dict[str, tuple[Contact, ...]]  # community -> its moderators


class People:
    """The store's `people` part: persons as a caller may see them."""

    def __init__(self, db: Database) -> None:
        self.db = db

    def person(self, public_id: str, filters: Filters = Filters()) -> PersonRecord | None:
        """A person with their visible documents; None when there are none, or no such
        person, or `public_id` is not one (an old numbered link included: a number would
        say whether an author link reused a row, store._person_ids). Read in one
        transaction: SQLite gives a deleted person's row number to the next person, so a
        second read by number could list someone else's documents under this name."""
        if not ID_PATTERN.fullmatch(public_id):
            return None
        with self.db.reading() as conn:   # one state: a row number read here is the person's below
            row = conn.execute("SELECT id, name, organisation FROM people WHERE public_id = ?", (public_id,)).fetchone()
            documents = self._person_documents(row[0], filters) if row else ()
            if not documents:
                return None
            name, organisation = row[1], row[2]
            communities = tuple(sorted({d.community for d in documents if d.community}))
            known = tuple(c for c in communities if sees_members(conn, c, filters))
            return PersonRecord(public_id, name, organisation or None, communities, documents,
                                self._consented_email(name, known), {c: self._moderators(c) for c in known})

    def _person_documents(self, person_id: int, filters: Filters) -> tuple[PersonDocument, ...]:
        where, params = filter_sql(filters)
        rows = self.db.conn().execute(
            f"SELECT d.doc_id, d.title, d.type, c.name, d.cycle, d.date, a.role {_FROM}"
            f" WHERE (a.person_id = ? OR a.linked_person_id = ?) AND {SHOWN_PERSON} = ? AND {where}"
            " ORDER BY d.date DESC, d.title, d.doc_id", [person_id, person_id, person_id, *params])   # ties: by id
        return tuple(PersonDocument(*row) for row in rows)

    def _consented_email(self, name: str, communities: tuple[str, ...]) -> str | None:
        """The e-mail address of the account of this name, if its owner agreed to be
        contacted and is a member of a community in which the caller sees this person write
        and whose members the caller may know (`communities`: sees_members). Nothing outside
        what the caller may see decides it: counting every person of the name would let a
        namesake in a closed group hide the address, an oracle; and a closed group's
        membership is its own members' business: the address of the author of a closed
        group's shared document came and went with her membership of that group, telling
        every reader of the one case who is (still) in it
        (tests/security/test_person_membership.py)."""
        if not communities:
            return None
        marks = ",".join("?" * len(communities))
        row = self.db.conn().execute(
            "SELECT u.email FROM users u WHERE u.name = ? AND u.contact = 1 AND u.email IS NOT NULL"
            " AND EXISTS (SELECT 1 FROM memberships m JOIN communities c ON c.id = m.community_id"
            f" WHERE m.user_id = u.id AND c.name IN ({marks}))", (name, *communities)).fetchone()
        return row[0] if row else None

    def _moderators(self, community: str) -> tuple[Contact, ...]:
        """Shown only where the caller sees the community's members (sees_members): the
        page listed a closed group's moderators, and their addresses, to everyone who
        read one case it shared (tests/security/test_person_moderators.py)."""
        rows = self.db.conn().execute(
            "SELECT u.name, CASE WHEN u.contact = 1 THEN u.email END FROM memberships m"
            " JOIN users u ON u.id = m.user_id JOIN communities c ON c.id = m.community_id"
            " WHERE c.name = ? AND m.role = 'moderator' ORDER BY u.name", (community,))
        return tuple(Contact(*row) for row in rows)
