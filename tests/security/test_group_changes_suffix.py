"""Attack on tenancy round 27, item 4: /groep/namen's "Wie er toegang kreeg" (JSON
group_changes) is read from the audit log by the line's end, ' in <group>'. A group's
name may hold ' in ' ("Buurtzorg in PG Oost" beside "PG Oost"), so the moderator of PG
Oost read who got a role in, or was invited into, the other closed group: its members'
names. The lines must be the group's own, by its exact name."""
from __future__ import annotations

from fastapi.testclient import TestClient

from access_world import EAST, form_csrf

OTHER = f"Buurtzorg in {EAST}"


def _post(client: TestClient, url: str, **data):
    return client.post(url, data={"csrf": form_csrf(client, "/beheer"), **data}, follow_redirects=False)


def test_a_group_named_in_another_tells_its_moderators_nothing_of_it(world):
    admin = world.client("beheerder")
    assert _post(admin, "/beheer/groep/nieuw", naam=OTHER, delen="closed").status_code == 303
    assert _post(admin, "/beheer/gebruiker/rol", naam="lid-noord", groep=OTHER, rol="lid").status_code == 303
    assert _post(admin, "/beheer/gebruiker/uitnodigen", naam="Geheime Deelnemer", groep=OTHER,
                 rol="lid").status_code in (200, 303)
    assert _post(admin, "/beheer/gebruiker/rol-intrekken", naam="lid-noord", groep=OTHER).status_code == 303
    moderator = world.client("mod-oost")
    changes = moderator.get("/api/groep/namen", params={"groep": EAST}).json()["group_changes"]
    assert changes == [], changes
    page = moderator.get("/groep/namen", params={"groep": EAST}).text
    assert "lid-noord" not in page and "Geheime Deelnemer" not in page and "Buurtzorg" not in page


def test_the_groups_own_lines_name_the_role_whole(world):
    admin = world.client("beheerder")
    assert _post(admin, "/beheer/groep/nieuw", naam=OTHER, delen="closed").status_code == 303
    assert _post(admin, "/beheer/gebruiker/rol", naam="mod-oost", groep=OTHER, rol="moderator").status_code == 303
    assert _post(admin, "/beheer/gebruiker/rol", naam="nieuw", groep=OTHER, rol="lid").status_code == 303
    changes = world.client("mod-oost").get("/api/groep/namen", params={"groep": OTHER}).json()["group_changes"]
    assert any(line.startswith("beheerder beheerder gaf nieuw de rol lid op") for line in changes), changes
