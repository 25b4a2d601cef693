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


def _uploaded_with_author(world, author: str) -> tuple:
    moderator = world.client("mod-zuid")
    body = f"---\nauthors:\n  - name: {author}\n---\nVerslag over de buurt en de thuiszorg.\n".encode()
    [row] = world.upload(moderator, [("casus.md", body)], SOUTH)["files"]
    assert row["status"] == "ingested", row
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
    own = BY_ID["zuid/dicht.md"]   # closed to the network, Wijkteam Zuid's own
    moderator, doc_id = _uploaded_with_author(world, own.author)
    [author] = moderator.get(f"/api/documents/{doc_id}").json()["authors"]
    assert author["organisation"] == f"Organisatie {own.title_word}"
