"""Person ids are network-wide, and a person is linked network-wide by name and
organisation. With numbered ids a moderator of Wijkteam Zuid who uploaded a file
naming "Noor Geheimers, Organisatie <x>" learnt from the id the link got (a low,
existing number instead of the next new one) that this person already writes
somewhere in the network, here only in PG Noord's closed document: a closed group's
fact reaching another group by a statistic. A random id per person row would hide
that for one upload, but not across a delete and a new upload: the row outlives the
attacker's document only when someone else's document keeps it, so the id would stay
the same only then.

The probe: everything the moderator sees or fetches while uploading, deleting and
uploading again must be the same in the world where PG Noord's person exists and in
the world where it does not (its closed document erased first)."""
from __future__ import annotations

import re

from access_world import BY_ID, SOUTH

CLOSED = BY_ID["noord/geheim.md"]
AUTHOR = {"name": CLOSED.author, "organisation": f"Organisatie {CLOSED.title_word}"}
QUERY = "buurtkamer thuiszorg mantelzorger"
BODY = (f"---\nauthors:\n  - name: {AUTHOR['name']}\n    organisation: {AUTHOR['organisation']}\n"
        f"    role: inbreng\n---\nVerslag over de buurtkamer, de thuiszorg en een mantelzorger.\n").encode()


def _without_csrf(html: str) -> str:
    """A page as compared: the per-session CSRF token taken out (not data)."""
    return re.sub(r'name="csrf" value="[^"]*"', 'name="csrf"', html)


def _seen_after_upload(world, client) -> list:
    """Upload, look at everything about the author, delete, upload again, look again."""
    seen = []
    for _ in range(2):
        [row] = world.upload(client, [("verslag-buurtkamer.md", BODY)], SOUTH)["files"]
        assert row["status"] == "ingested", row
        document = client.get(f"/api/documents/{row['doc_id']}").json()
        [author] = document["authors"]
        person = author["person_id"]
        who = client.get("/api/who", params={"q": QUERY, "mode": "lexical"}).json()
        found = client.get("/api/search", params={"q": QUERY, "mode": "lexical", "k": 50}).json()
        seen.append({"author": author, "person": client.get(f"/api/mensen/{person}").json(),
                     "page": _without_csrf(client.get(f"/mensen/{person}").text),
                     "who": who, "people": found["people"], "total": found["total"],
                     "document_page": _without_csrf(client.get(f"/documenten/{row['doc_id']}").text)})
        assert world.store.catalogue.delete_document(row["doc_id"])
    return seen


def test_linking_to_a_closed_groups_person_is_not_seen_in_any_answer(world):
    moderator = world.client("mod-zuid")
    with_closed_person = _seen_after_upload(world, moderator)
    assert world.store.catalogue.delete_document(CLOSED.doc_id)   # PG Noord's person is gone now
    without = _seen_after_upload(world, moderator)
    assert with_closed_person[0]["person"]["documents"]           # the probe sees its own document
    assert with_closed_person == without


def test_a_closed_groups_person_answers_like_an_unknown_one(world):
    """The id of a person known only from closed documents (read here as PG Noord's
    member sees it) gives an outsider exactly the 404 of an id that never existed, of
    a malformed one and of an old numbered link."""
    [author] = world.client("lid-noord").get(f"/api/documents/{CLOSED.doc_id}").json()["authors"]
    outsider = world.client("mod-zuid")
    unknown = "0" * len(str(author["person_id"]))
    for prefix in ("/mensen/", "/api/mensen/"):
        expected = outsider.get(f"{prefix}{unknown}")
        assert expected.status_code == 404
        for probe in (author["person_id"], "1", "2", "abc", "9" * 40):
            answer = outsider.get(f"{prefix}{probe}")
            assert (answer.status_code, answer.text) == (expected.status_code, expected.text), probe


def test_person_ids_are_not_numbers_and_numbered_links_are_gone(world):
    """A visible person's id is an opaque token; the old numbered link of that same
    person answers the 404 every unknown id gets (a redirect from the number would give
    the number back, and with it the oracle)."""
    member = world.client("mod-zuid")
    [author] = member.get("/api/documents/zuid/open.md").json()["authors"]
    assert re.fullmatch(r"[0-9a-f]{24}", author["person_id"])
    assert member.get(f"/api/mensen/{author['person_id']}").status_code == 200
    pk = world.store.db.conn().execute("SELECT id FROM people WHERE public_id = ?",
                                       (author["person_id"],)).fetchone()[0]
    numbered, unknown = member.get(f"/mensen/{pk}"), member.get("/mensen/" + "0" * 24)
    assert numbered.status_code == 404 and numbered.text == unknown.text
