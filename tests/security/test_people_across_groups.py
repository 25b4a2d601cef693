"""An author named without an organisation is linked to the one known person of
that name, and shown with that person's organisation. The person was looked up in
the whole network: a moderator of Wijkteam Zuid who uploaded a file naming a closed
group's author ("Noor Geheimers", front matter or an "Inbreng Noor Geheimers:" line)
saw on the new document's page, its JSON and the person page the organisation that
only PG Noord's closed document holds. Now the link is made only to a person who
authors documents of the same community."""
from __future__ import annotations

from access_world import BY_ID, SOUTH

CLOSED = BY_ID["noord/geheim.md"]           # its author's organisation is "Organisatie hazelworm"
SECRET = f"Organisatie {CLOSED.title_word}"


def _uploaded_with_author(world, author: str, text: str = "Verslag over de buurt en de thuiszorg.") -> tuple:
    moderator = world.client("mod-zuid")
    body = f"---\nauthors:\n  - name: {author}\n---\n{text}\n".encode()
    [row] = world.upload(moderator, [("casus.md", body)], SOUTH)["files"]
    assert row["status"] in ("ingested", "replaced"), row
    return moderator, row["doc_id"]


def test_an_author_of_a_closed_group_is_not_linked_from_another_group(world):
    moderator, doc_id = _uploaded_with_author(world, CLOSED.author)
    [author] = moderator.get(f"/api/documents/{doc_id}").json()["authors"]
    assert author["name"] == CLOSED.author and not author["organisation"]
    assert SECRET not in moderator.get(f"/documenten/{doc_id}").text
    person = moderator.get(f"/api/mensen/{author['person_id']}")
    assert person.status_code == 200 and SECRET not in person.text
    # the closed group's own member still sees its author with the organisation
    member = world.client("lid-noord").get("/api/documents/noord/geheim.md").json()["authors"]
    assert [(a["name"], a["organisation"]) for a in member] == [(CLOSED.author, SECRET)]


def test_an_author_of_the_same_group_is_still_linked(world):
    own = BY_ID["zuid/open.md"]   # Wijkteam Zuid's own, shared like the new document
    moderator, doc_id = _uploaded_with_author(world, own.author)
    [author] = moderator.get(f"/api/documents/{doc_id}").json()["authors"]
    assert author["organisation"] == f"Organisatie {own.title_word}"
    [named] = moderator.get(f"/api/documents/{own.doc_id}").json()["authors"]
    assert author["person_id"] == named["person_id"]
    person = moderator.get(f"/api/mensen/{named['person_id']}").json()
    assert {d["doc_id"] for d in person["documents"]} == {own.doc_id, doc_id}


# Wijkteam Zuid's own document, closed to the network: PG Noord's members may read a
# shared document of Wijkteam Zuid but not this one.
DICHT = BY_ID["zuid/dicht.md"]
DICHT_ORG = f"Organisatie {DICHT.title_word}"


def _seen_by_outsider(world, doc_id: str) -> tuple:
    outsider = world.client("lid-noord")
    [author] = outsider.get(f"/api/documents/{doc_id}").json()["authors"]
    person = outsider.get(f"/api/mensen/{author['person_id']}")
    page = outsider.get(f"/documenten/{doc_id}").text
    return author, person.status_code, person.json(), DICHT_ORG in page


def test_a_link_to_a_document_closed_to_the_readers_is_not_shown(world):
    """A moderator of Wijkteam Zuid names "Zeno Dichtbij" (no organisation) in a shared
    document; the only document giving his organisation is closed to the network. PG
    Noord's member reading the new document must get what they would get had that
    closed document never named him: his name, no organisation, his own person page."""
    _, doc_id = _uploaded_with_author(world, DICHT.author)
    linked = _seen_by_outsider(world, doc_id)
    assert linked[0]["organisation"] is None and linked[1] == 200 and not linked[3]
    assert DICHT_ORG not in str(linked)
    world.store.catalogue.delete_document(doc_id)
    assert world.store.catalogue.delete_document(DICHT.doc_id)
    _uploaded_with_author(world, DICHT.author)
    assert _seen_by_outsider(world, doc_id) == linked


def test_the_link_follows_sharing_and_deletion_of_the_document_giving_the_organisation(world):
    """Linked while the naming document is as widely readable (here: a new version of
    a document its moderator closed); shown unlinked again once it is shared; and
    deleting the document that gave the organisation leaves no trace of it, in answers
    or in the people table."""
    moderator, doc_id = _uploaded_with_author(world, DICHT.author)
    world.store.accounts.set_document_sharing(doc_id, "closed")
    _uploaded_with_author(world, DICHT.author, "Een nieuwe versie over de buurt.")   # closed from the start
    [closed] = moderator.get(f"/api/documents/{doc_id}").json()["authors"]
    assert closed["organisation"] == DICHT_ORG
    world.store.accounts.set_document_sharing(doc_id, "shared")
    assert _seen_by_outsider(world, doc_id)[0]["organisation"] is None
    world.store.accounts.set_document_sharing(doc_id, "closed")
    assert world.store.catalogue.delete_document(DICHT.doc_id)
    [after] = moderator.get(f"/api/documents/{doc_id}").json()["authors"]
    assert after["organisation"] is None and after["person_id"] != closed["person_id"]
    organisations = {r[0] for r in world.store.db.conn().execute("SELECT organisation FROM people")}
    assert DICHT_ORG not in organisations
