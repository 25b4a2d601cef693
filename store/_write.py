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

from store._person_ids import person_key, public_id
from store._types import AUTHOR_ROLES


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
SHARING_SQL = ("SELECT d.doc_id, COALESCE(c.sharing, 'closed'), d.id, d.sharing, COALESCE(c.sharing, 'closed')"
               " FROM documents d LEFT JOIN communities c ON c.id = d.community_id")


def carried_sharing(old: list[tuple[str | None, str]], policy: str) -> str | None:
    """The override a new version gets from the versions it replaces ((override,
    community policy) each): the same override, and 'closed' where following its
    community would make a closed document shared."""
    if not old:
        return None
    override = old[-1][0]
    was_closed = any((o or p) == "closed" for o, p in old)
    return "closed" if was_closed and (override or policy) == "shared" else override


def community_id(conn, name: str | None) -> int | None:
    """The primary key of a document's community, created when new (None: no community)."""
    if not name:
        return None
    conn.execute("INSERT INTO communities(name) VALUES (?) ON CONFLICT DO NOTHING", (name,))
    return conn.execute("SELECT id FROM communities WHERE name = ?", (name,)).fetchone()[0]


def insert_authors(conn, document_pk: int, authors) -> None:
    """One link per person and document, with the part they played (the
    stronger part when a person is named twice, as AUTHOR_ROLES orders them)."""
    for position, author in enumerate(authors):
        person = _person_id(conn, author, document_pk)
        conn.execute(
            "INSERT INTO authorship(document_id, person_id, position, role, source) VALUES (?,?,?,?,?)"
            " ON CONFLICT(document_id, person_id) DO UPDATE SET role = excluded.role"
            " WHERE authorship.role IS NULL OR (excluded.role IS NOT NULL AND"
            f" {_RANK.format('excluded.role')} < {_RANK.format('authorship.role')})",
            (document_pk, person, position, author.role, "text" if author.from_text else "metadata"),
        )


_RANK = "instr('" + ",".join(AUTHOR_ROLES) + ",', {} || ',')"


def _person_id(conn, author, document_pk: int) -> int:
    """The person an author names. A name given without organisation (as a text's
    "Inbreng Sien:" or an attendance list gives it) is the one person of that name
    already known as an author in the document's own community, when there is exactly
    one; otherwise a person of its own. Not the network's: the person's organisation is
    shown with the new document, and another group's closed documents may be the only
    ones that name it (tests/security/test_people_across_groups.py). A new row gets its
    public id (store._person_ids), the one a reused row of that name and organisation has."""
    org = author.organisation or ""
    if not org:
        known = conn.execute(
            "SELECT DISTINCT p.id FROM people p JOIN authorship a ON a.person_id = p.id"
            " JOIN documents d ON d.id = a.document_id JOIN documents this ON this.id = ?"
            " WHERE p.name = ? AND d.community_id = this.community_id LIMIT 2",
            (document_pk, author.name)).fetchall()
        if len(known) == 1:
            return known[0][0]
    conn.execute("INSERT INTO people(name, organisation, public_id) VALUES (?, ?, ?) ON CONFLICT DO NOTHING",
                 (author.name, org, public_id(person_key(conn), author.name, org)))
    return conn.execute("SELECT id FROM people WHERE name = ? AND organisation = ?", (author.name, org)).fetchone()[0]
