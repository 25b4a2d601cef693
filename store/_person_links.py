"""Which person an author named without an organisation is shown as.

A document that names "Sien" (an "Inbreng Sien:" line, or front matter without an
organisation) is linked to the one person of that name whom another document of the
same community names with an organisation, so "wie nog?" and the person page gather
her documents. The link used to be stored as the authorship itself, which showed that
organisation (and its person page and id) with the new document to everyone who may
read it, also when the only document stating it was closed to them: a moderator of a
shared community naming "Zeno Dichtbij" gave PG Noord's members the organisation only
Wijkteam Zuid's closed document holds (tests/security/test_people_across_groups.py).
Deleting that document left the organisation on the new one, a trace.

Now the authorship names what the document said (the person "Sien" without an
organisation) and `authorship.linked_person_id` the person it was linked to. The link
is shown only while a ready document of the same community names that person with
their organisation and is visible to everyone the linking document is visible to
(shared, or the linking document is closed): checked when read, so closing or deleting
that document, or sharing the linking one, shows the document's own "Sien" again,
exactly as if the other document had never named her. Aliases: `a` authorship, `d`
its document.

A bare given name ("casus (Karin)" in a programme) is linked the same way to the one
such person whose name opens with it ("Karin Vroomen"), under the same visibility; two
candidates ("Karin Vroomen", "Karin Peeters") leave it the document's own "Karin".
"""
from __future__ import annotations

from store._person_ids import person_row

# A ready document `e` (authorship `ea`, community `ec`) of `d`'s community, other than
# `d`, that everyone who may read `d` may read too.
_SEEN_BY_READERS = ("e.state = 'ready' AND e.community_id = d.community_id AND e.id <> d.id"
                    " AND (COALESCE(e.sharing, ec.sharing) = 'shared' OR COALESCE(d.sharing, ec.sharing) = 'closed')")
_STATING = ("FROM authorship ea JOIN documents e ON e.id = ea.document_id JOIN communities ec ON ec.id = e.community_id"
            f" WHERE ea.linked_person_id IS NULL AND {_SEEN_BY_READERS}")

LINK_SHOWN = f"EXISTS (SELECT 1 {_STATING} AND ea.person_id = a.linked_person_id)"
# The person an authorship row `a` of document `d` is shown as.
SHOWN_PERSON = f"CASE WHEN a.linked_person_id IS NOT NULL AND {LINK_SHOWN} THEN a.linked_person_id ELSE a.person_id END"
# Candidates for linking an author of document ? named ? without organisation: a person of
# that name, or for a bare given name ("casus (Karin)" in a programme) of a name that opens
# with it ("Karin Vroomen"; the ? after it is its length + 1, the last ? the name and a space).
_CANDIDATES = ("SELECT DISTINCT p.id FROM people p JOIN authorship ea ON ea.person_id = p.id"
               " JOIN documents e ON e.id = ea.document_id JOIN communities ec ON ec.id = e.community_id"
               " JOIN documents d ON d.id = ? WHERE {} AND p.organisation <> ''"
               f" AND ea.linked_person_id IS NULL AND {_SEEN_BY_READERS} LIMIT 2")
CANDIDATES = _CANDIDATES.format("p.name = ?")
GIVEN_NAME_CANDIDATES = _CANDIDATES.format("(p.name = ? OR substr(p.name, 1, ?) = ?)")

# After authorship rows went (a document purged, an account's authorship removed): a
# link to a person nobody names any more goes, then every person nobody names.
FORGET_UNNAMED = ("UPDATE authorship SET linked_person_id = NULL WHERE linked_person_id IS NOT NULL"
                  " AND linked_person_id NOT IN (SELECT person_id FROM authorship)",
                  "DELETE FROM people WHERE id NOT IN (SELECT person_id FROM authorship)")


def forget_unnamed(conn) -> None:
    for statement in FORGET_UNNAMED:
        conn.execute(statement)


def linked_person(conn, document_pk: int, name: str) -> int | None:
    """The one person of this name another document of the same community names with
    an organisation, among documents every reader of this one may read; else None. A
    bare given name ("Karin", as a programme's "casus (Karin)" gives it) is the one such
    person whose name is that name or opens with it ("Karin Vroomen"): without the link
    "wie nog?" counted "Karin" as a person of her own, beside Karin Vroomen."""
    name = name.strip()
    if " " in name:
        found = conn.execute(CANDIDATES, (document_pk, name)).fetchall()
    else:
        found = conn.execute(GIVEN_NAME_CANDIDATES, (document_pk, name, len(name) + 1, name + " ")).fetchall()
    return found[0][0] if len(found) == 1 else None


# ... of the authorship rows `a` (person `p`) of document `d`: those of the document
# given, or named like a person with an organisation it names (the given-name rule's
# prefix included).
_NAMED_LIKE_IN = (" AND (d.doc_id = ? OR EXISTS (SELECT 1 FROM authorship xa JOIN people xp ON xp.id = xa.person_id"
                  " JOIN documents x ON x.id = xa.document_id WHERE x.doc_id = ? AND xp.organisation <> ''"
                  " AND (xp.name = p.name OR substr(xp.name, 1, length(p.name) + 1) = p.name || ' ')))")


def relink(conn, community: str, doc_id: str | None = None) -> None:
    """Link again every author named without organisation in `community`'s documents,
    after who may read them changed (a document's or the community's sharing). A link
    is decided when a document is written, among the documents every reader of it may
    read then: a document of a closed group linked 'Karin' among all the group's
    documents, and a second 'Karin Geheim' in a closed one left it unlinked; shared
    afterwards, it showed the network the plain 'Karin' where a world without that closed
    document showed 'Karin Open' (tests/security/test_person_links_sharing.py). With `doc_id`
    (one document's sharing changed) only the links that document's readers or persons
    can change: its own authors', and those named like a person it names."""
    rows = conn.execute(
        "SELECT a.document_id, a.person_id, p.name FROM authorship a JOIN people p ON p.id = a.person_id"
        " JOIN documents d ON d.id = a.document_id JOIN communities c ON c.id = d.community_id"
        " WHERE c.name = ? AND p.organisation = ''" + ("" if doc_id is None else _NAMED_LIKE_IN),
        (community,) if doc_id is None else (community, doc_id, doc_id)).fetchall()
    for document_pk, person, name in rows:
        conn.execute("UPDATE authorship SET linked_person_id = ? WHERE document_id = ? AND person_id = ?",
                     (linked_person(conn, document_pk, name), document_pk, person))


def unlink_text_authors(conn) -> int:
    """Links stored before schema 15 as the authorship itself, where the document can
    only have named the person without organisation (a name read from its text): the
    authorship becomes that name's own person, the link moves beside it. Links made
    from front matter without an organisation cannot be told apart and stay."""
    rows = conn.execute(
        "SELECT a.document_id, a.person_id, p.name FROM authorship a JOIN people p ON p.id = a.person_id"
        " WHERE a.source = 'text' AND p.organisation <> '' AND a.linked_person_id IS NULL").fetchall()
    for document_pk, linked, name in rows:
        own = person_row(conn, name, "")
        if conn.execute("SELECT 1 FROM authorship WHERE document_id = ? AND person_id = ?",
                        (document_pk, own)).fetchone() is None:
            conn.execute("UPDATE authorship SET person_id = ?, linked_person_id = ? WHERE document_id = ?"
                         " AND person_id = ?", (own, linked, document_pk, linked))
    return len(rows)

