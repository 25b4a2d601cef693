"""Tenancy round 27, item 4: an admin's powers over a closed group are not silent.

A web admin may give itself a role in a closed group, or make a new-password link for a
member and log in as them (docs/access.md, "What a web admin can still do"). Both were
only in the admin's own audit log. Now the group's moderators read on their group page
who gave whom a role there (an admin who added itself named as such), and an account's
owner lands, at login, on a notice naming the new-password links made for them in the
last 30 days and who made them. Runs on PostgreSQL too."""
from __future__ import annotations

import re

from fastapi.testclient import TestClient

from access_world import EAST, SOUTH, form_csrf, log_in

LINK = re.compile(r'value="http://testserver/uitnodiging/([^"]+)"')


def _post(client: TestClient, url: str, **data):
    return client.post(url, data={"csrf": form_csrf(client, "/beheer"), **data}, follow_redirects=False)


def test_the_groups_moderators_see_an_admin_who_added_itself(world):
    admin = world.client("beheerder")
    assert _post(admin, "/beheer/gebruiker/rol", naam="beheerder", groep=EAST, rol="lid").status_code == 303
    assert _post(admin, "/beheer/gebruiker/rol", naam="nieuw", groep=EAST, rol="lid").status_code == 303
    moderator = world.client("mod-oost")
    page = moderator.get("/groep/namen", params={"groep": EAST})
    assert page.status_code == 200
    assert "beheerder beheerder heeft zichzelf toegevoegd als lid" in page.text
    assert "beheerder beheerder gaf nieuw de rol lid" in page.text
    changes = moderator.get("/api/groep/namen", params={"groep": EAST}).json()["group_changes"]
    assert any("heeft zichzelf toegevoegd als lid" in line for line in changes)
    other = world.client("mod-zuid").get("/api/groep/namen", params={"groep": SOUTH}).json()["group_changes"]
    assert other == []   # another group's page tells nothing of PG Oost


def test_the_owner_of_an_account_sees_a_reset_link_made_for_them(world):
    admin = world.client("beheerder")
    answer = _post(admin, "/beheer/gebruiker/herstellen", naam="lid-noord")
    token = LINK.search(answer.text).group(1)
    visitor = TestClient(world.app)
    page = visitor.get(f"/uitnodiging/{token}")
    assert page.status_code == 200
    visitor.post(f"/uitnodiging/{token}", data={"wachtwoord": "door de beheerder", "herhaal": "door de beheerder",
                                                "csrf": form_csrf(visitor, f"/uitnodiging/{token}")})
    owner = TestClient(world.app)
    owner.get("/inloggen")
    login = owner.post("/inloggen", data={"naam": "lid-noord", "wachtwoord": "door de beheerder", "terug": "/",
                                          "csrf": form_csrf(owner, "/inloggen")}, follow_redirects=False)
    assert login.status_code == 303 and login.headers["location"].startswith("/account?melding=herstellink")
    account = owner.get(login.headers["location"])
    assert "Wie die link heeft, kan als u inloggen" in account.text
    assert "gemaakt door beheerder beheerder op" in account.text
    assert owner.get("/api/account").json()["reset_links"][0]["by"] == "beheerder"
    # someone without a reset link lands where they asked
    assert log_in(world.app, "mod-zuid").get("/account").text.count("Links voor een nieuw wachtwoord") == 0
