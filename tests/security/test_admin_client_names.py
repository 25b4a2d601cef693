"""A beheerder without a role in a closed group reads none of its documents (search.access),
but the group's page answered a list of known client names with how many were new, how
many of the group's documents named them and how many mentions were replaced, and showed
how many names the group lists; the audit log kept the same counts. Adding 'Geheimers'
to PG Noord said '1 document(en) opnieuw gepseudonimiseerd, 1 vermeldingen vervangen'
where a name no document holds said 0: whether, and how often, a closed group's documents
name someone; and '(nieuw: 0)', or a count that did not grow, said that a client of that
name was already listed there. Found by the ninth attack. Now these counts go only to an
admin who may read every document of the group (a role in it); the others learn that the
names were taken in, which is all they typed."""
from __future__ import annotations

import re

from access_world import NORTH, form_csrf


def _probe(world, client, name: str, community: str = NORTH, **extra: str) -> tuple:
    """Everything an admin sees about adding `name` to a group's client names, the name left out."""
    before = client.get("/api/beheer/groep", params={"naam": community}).json()
    page = client.post("/beheer/groep/clientnamen", data={"csrf": form_csrf(client, "/beheer"), "naam": community,
                                                           "namen": name, **extra})
    after = client.get("/api/beheer/groep", params={"naam": community}).json()
    html = client.get("/beheer/groep", params={"naam": community}).text
    audit = re.search(r"<tbody>\s*<tr>(.*?)</tr>", client.get("/beheer/audit").text, re.S)[1]   # the newest entry
    shown = re.sub(r'name="csrf" value="[^"]+"', "", page.text + html + audit).replace(name, "NAAM")
    return page.status_code, shown, before, after


def test_a_beheerder_without_a_role_learns_nothing_of_a_closed_groups_clients(world):
    world.store.clients.add_client_names(NORTH, ["Geheimers"])   # listed, and a document names the person
    admin = world.client("beheerder")
    named = _probe(world, admin, "Geheimers")
    unknown = _probe(world, admin, "Onbekendenaam")
    shown = lambda probe: re.sub(r"\d\d:\d\d:\d\d", "", probe[1])  # noqa: E731 - the audit's times
    assert named[0] == unknown[0] == 422   # refused alike (test_admin_client_names_status.py: the status page told)
    assert (named[2], named[3]) == (unknown[2], unknown[3])
    assert shown(named) == shown(unknown)


def test_an_admin_with_a_role_in_the_group_gets_the_counts(world):
    world.store.accounts.grant("beheerder", NORTH, "lid")
    admin = world.client("beheerder")
    # 'Geheimers' is a word of the name of PG Noord's author Noor Geheimers: asked first, as a
    # moderator is (tests/web/test_group_names.py), naming her: this admin reads the group
    asked = admin.post("/beheer/groep/clientnamen", data={"csrf": form_csrf(admin, "/beheer"), "naam": NORTH,
                                                          "namen": "Geheimers"})
    assert asked.status_code == 409 and "auteur of lid van PG Noord: Noor Geheimers" in asked.text
    assert 'name="bevestig" value="1"' in asked.text and world.store.clients.client_name_count(NORTH) == 0
    status, shown, before, after = _probe(world, admin, "Geheimers", bevestig="1")
    assert status == 200 and "1 document(en) opnieuw gepseudonimiseerd" in shown
    assert after["client_names"] == before["client_names"] + 1


def test_an_admin_without_a_role_is_never_asked(world):
    """The question 'Is dit wel een cliënt?' names the group's authors and members to whoever
    reads the group. An admin without a role is refused for a group with documents (above);
    for a closed group without any it was asked about the member list, which it is no
    longer shown (a listing of a client removes the entries the name occurs on, so whether
    it asked told which clients the group listed: test_admin_lists_hidden.py). It is asked
    about nothing: a name a listed member bears answers as one nobody bears, and so does an
    author of another group's, or this group's former, documents."""
    world.store.accounts.add_community("PG West", "closed")
    world.store.accounts.add_community_names("PG West", "member", ["Wendy Ledenlijst"])
    admin = world.client("beheerder")
    shown = lambda probe: re.sub(r"\d\d:\d\d:\d\d", "", probe[1])  # noqa: E731 - the audit's times
    member = _probe(world, admin, "Ledenlijst", "PG West")
    assert member[0] == 200 and "Wendy" not in member[1]
    author = _probe(world, admin, "Geheimers", "PG West")       # an author of PG Noord, closed
    unknown = _probe(world, admin, "Onbekendenaam", "PG West")
    assert author[0] == unknown[0] == 200 and shown(author) == shown(unknown)
    assert shown(member) == shown(unknown)
