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


def _probe(world, client, name: str) -> tuple:
    """Everything an admin sees about adding `name` to PG Noord's client names, the name left out."""
    before = client.get("/api/beheer/groep", params={"naam": NORTH}).json()
    page = client.post("/beheer/groep/clientnamen", data={"csrf": form_csrf(client, "/beheer"), "naam": NORTH,
                                                           "namen": name})
    after = client.get("/api/beheer/groep", params={"naam": NORTH}).json()
    html = client.get("/beheer/groep", params={"naam": NORTH}).text
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
    status, shown, before, after = _probe(world, admin, "Geheimers")
    assert status == 200 and "1 document(en) opnieuw gepseudonimiseerd" in shown
    assert after["client_names"] == before["client_names"] + 1
