"""Tenancy attack 26: a closed group's membership, told by a person page's address.

A person page (`/mensen/<id>`, `/api/mensen/<id>`) shows the address of the account of
the person's name when its owner agreed to be contacted and is a member of a group in
which the caller sees the person write. Noor Delers writes PG Noord's case that PG Noord
shared with the network; the address appeared on her page, to every reader of that case,
exactly while her account was a member of the closed PG Noord, and went when she left it:
a moderator of PG Oost or of Wijkteam Zuid learnt who is (still) in a closed group, which
is its own members' business (its moderators were hidden already:
test_person_moderators.py). Now the address is bound to her only through groups whose
members the caller may know; PG Noord's own members still see it."""
from __future__ import annotations

import re

import pytest

from access_world import BY_ID, NORTH, password

AUTHOR = BY_ID["noord/gedeeld.md"].author   # PG Noord is closed; this document is shared


def _page(world, viewer: str) -> tuple:
    client = world.client(viewer)
    [author] = client.get("/api/documents/noord/gedeeld.md").json()["authors"]
    page = client.get(f"/mensen/{author['person_id']}")
    answer = client.get(f"/api/mensen/{author['person_id']}")
    return page.status_code, re.sub(r'name="csrf" value="[^"]+"', "CSRF", page.text), answer.json()


@pytest.mark.parametrize("viewer", ["mod-oost", "mod-zuid"])
def test_an_outsider_cannot_tell_whether_the_author_is_in_the_closed_group(world, viewer):
    world.store.accounts.add_user(AUTHOR, password(AUTHOR))
    world.store.profiles.set(AUTHOR, None, None, "noor@example.org", True)
    outside = _page(world, viewer)
    world.store.accounts.grant(AUTHOR, NORTH, "lid")
    inside = _page(world, viewer)
    assert "noor@example.org" not in repr(inside)
    assert outside == inside


def test_the_groups_own_members_still_see_the_address(world):
    world.store.accounts.add_user(AUTHOR, password(AUTHOR))
    world.store.profiles.set(AUTHOR, None, None, "noor@example.org", True)
    world.store.accounts.grant(AUTHOR, NORTH, "lid")
    _, page, answer = _page(world, "lid-noord")
    assert answer["contact"]["email"] == "noor@example.org" and "noor@example.org" in page
