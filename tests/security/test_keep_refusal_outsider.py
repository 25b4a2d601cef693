"""Attack on tenancy round 27, item 3: the keep list refuses an entry holding one of
the group's known client names. An admin without a role in a closed group is not told
which clients it listed (web/views/admin_communities.reads_community: no count, no
"new"), but the refusal told it: a surname that is no person's name alone ("Vandamme")
was refused when it was on PG Oost's client list and added when it was not. Whatever
is on the list, such an admin gets the same answer."""
from __future__ import annotations

from access_world import EAST, form_csrf


def _keep(client, name: str):
    return client.post("/beheer/groep/namen", data={"csrf": form_csrf(client, "/beheer"), "naam": EAST,
                                                    "soort": "keep", "actie": "toevoegen", "namen": name},
                       follow_redirects=False)


def test_an_admin_without_a_role_learns_nothing_of_the_groups_client_list(world):
    world.store.clients.add_client_names(EAST, ["Vandamme"])
    admin = world.client("beheerder")
    listed, unlisted = _keep(admin, "Vandamme"), _keep(admin, "Verhaeghe")
    assert listed.status_code == unlisted.status_code, (listed.status_code, unlisted.status_code)
    assert "Vandamme" not in world.store.accounts.community_names(EAST, "keep")


def test_an_admin_with_a_role_is_still_told(world):
    world.store.clients.add_client_names(EAST, ["Vandamme"])
    world.store.accounts.grant("beheerder", EAST, "lid")
    admin = world.client("beheerder")
    assert _keep(admin, "Vandamme").status_code == 422
    assert _keep(admin, "Verhaeghe").status_code == 303
    assert world.store.accounts.community_names(EAST, "keep") == ["Verhaeghe"]
