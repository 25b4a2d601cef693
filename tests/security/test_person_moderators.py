"""Who runs a closed group is its own members' business.

A person page (`/mensen/<id>`, `/api/mensen/<id>`) names, for someone who shared no
address, the moderators of the groups the caller sees them write in. A closed group's
document shared with the network made its author's page list the closed group's
moderators (names, and addresses of those who agreed to be contacted) to every reader of
that one case: who runs a closed group is its own members' business. Now an outsider
gets the answer they got before that group had any moderator named, apart from the
line that says the group is closed; members still see its moderators.

A document page's history of corrections named the moderator who made each one: a
closed group's shared document told the network who moderates that group. Outsiders
now read "een moderator van de groep"."""
from __future__ import annotations

import re

from access_world import BY_ID, NORTH, form_csrf, log_in

SHARED_CLOSED = BY_ID["noord/gedeeld.md"]   # PG Noord is closed; this document is shared


def _person_answers(world, viewer: str) -> tuple[int, str, str]:
    client = world.client(viewer)
    [author] = client.get(f"/api/documents/{SHARED_CLOSED.doc_id}").json()["authors"]
    page = client.get(f"/mensen/{author['person_id']}")
    answer = client.get(f"/api/mensen/{author['person_id']}")
    return page.status_code, re.sub(r'name="csrf" value="[^"]+"', "CSRF", page.text), answer.text


def _name_a_moderator(world) -> None:
    world.store.accounts.add_user("moderator-noord", "wachtwoord van moderator-noord")
    world.store.accounts.set_contact("moderator-noord", email="mod@noord.example", contact=True)
    world.store.accounts.grant("moderator-noord", NORTH, "moderator")


def test_an_outsider_does_not_see_who_moderates_a_closed_group(world):
    before = {viewer: _person_answers(world, viewer) for viewer in ("mod-zuid", "mod-oost")}
    _name_a_moderator(world)
    for viewer, answers in before.items():
        after = _person_answers(world, viewer)
        assert after[0] == 200 and after == answers, viewer
        assert "moderator-noord" not in after[1] + after[2] and "mod@noord.example" not in after[1] + after[2]
        assert "besloten groep" in after[1]


def test_members_still_see_their_groups_moderators(world):
    _name_a_moderator(world)
    status, page, answer = _person_answers(world, "lid-noord")
    assert status == 200 and "moderator-noord" in page and "mod@noord.example" in answer


def test_an_outsider_does_not_see_who_corrected_a_closed_groups_document(world):
    _name_a_moderator(world)
    moderator = log_in(world.app, "moderator-noord", "wachtwoord van moderator-noord")
    path = SHARED_CLOSED.doc_id
    headers = {"x-csrf-token": form_csrf(moderator, f"/documenten/{path}"), "accept": "application/json"}
    answer = moderator.post(f"/api/documents/{path}/metadata", headers=headers,
                            data={"title": "Verslag, verbeterd", "type": "sessieverslag", "cycle": "2024-2025",
                                  "authors": SHARED_CLOSED.author})
    assert answer.status_code == 200, answer.text
    for viewer, named in (("mod-zuid", False), ("mod-oost", False), ("lid-noord", True), ("moderator-noord", True)):
        client = moderator if viewer == "moderator-noord" else world.client(viewer)
        page = client.get(f"/documenten/{path}").text
        assert "2023-2024 → 2024-2025" in page, viewer
        assert ("moderator-noord" in page) == named and ("een moderator van de groep" in page) != named, viewer
