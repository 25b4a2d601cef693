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

from store._person_ids import person_row
from store._person_links import linked_person
from store._types import AUTHOR_ROLES


def text_digest(text: str) -> str:
    """A stored text's digest (`documents.text_hash`): the upload's notice of the same text
    under another name finds its twins by (community, digest), not by reading every text."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


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
    stronger part when a person is named twice, as AUTHOR_ROLES orders them).
    A name given without organisation (as a text's "Inbreng Sien:" or an attendance
    list gives it) is the person of that name without organisation, linked to the one
    person of the name another document of the community names with an organisation,
    where every reader of this document may read that one (store._person_links)."""
    for position, author in enumerate(authors):
        org = author.organisation or ""
        person = person_row(conn, author.name, org)
        linked = None if org else linked_person(conn, document_pk, author.name)
        conn.execute(
            "INSERT INTO authorship(document_id, person_id, position, role, source, linked_person_id)"
            " VALUES (?,?,?,?,?,?)"
            " ON CONFLICT(document_id, person_id) DO UPDATE SET role = excluded.role"
            " WHERE authorship.role IS NULL OR (excluded.role IS NOT NULL AND"
            f" {_RANK.format('excluded.role')} < {_RANK.format('authorship.role')})",
            (document_pk, person, position, author.role, "text" if author.from_text else "metadata", linked),
        )


_RANK = "instr('" + ",".join(AUTHOR_ROLES) + ",', {} || ',')"

