"""Attack on tenancy round 27, item 4: an account's owner is shown, at login and on
/account, the new-password links made for "them" in the last 30 days, read from the
audit log by the account's name. An account deleted and a new one made under the same
name (a member who left, a namesake who joined) read the old account's links: who
reset it and when, and a warning about a link that was never theirs. The notice must
name only links made for the account that exists now. Runs on PostgreSQL too."""
from __future__ import annotations

import re

from fastapi.testclient import TestClient

from access_world import EAST, form_csrf

LINK = re.compile(r'value="http://testserver/uitnodiging/([^"]+)"')


def _post(client: TestClient, url: str, **data):
    return client.post(url, data={"csrf": form_csrf(client, "/beheer"), **data}, follow_redirects=False)


def _take(world, token: str, password: str) -> None:
    visitor = TestClient(world.app)
    visitor.get(f"/uitnodiging/{token}")
    visitor.post(f"/uitnodiging/{token}", data={"wachtwoord": password, "herhaal": password,
                                                "csrf": form_csrf(visitor, f"/uitnodiging/{token}")})


def test_a_new_account_under_an_old_name_is_not_shown_the_old_ones_links(world):
    admin = world.client("beheerder")
    assert LINK.search(_post(admin, "/beheer/gebruiker/herstellen", naam="nieuw").text)
    assert _post(admin, "/beheer/gebruiker/verwijderen", naam="nieuw", bevestig="nieuw").status_code == 303
    invited = _post(admin, "/beheer/gebruiker/uitnodigen", naam="nieuw", groep=EAST, rol="lid")
    _take(world, LINK.search(invited.text).group(1), "een nieuwe naamgenoot")
    owner = TestClient(world.app)
    owner.get("/inloggen")
    login = owner.post("/inloggen", data={"naam": "nieuw", "wachtwoord": "een nieuwe naamgenoot", "terug": "/",
                                          "csrf": form_csrf(owner, "/inloggen")}, follow_redirects=False)
    assert login.status_code == 303 and login.headers["location"] == "/", login.headers.get("location")
    assert owner.get("/api/account").json()["reset_links"] == []
    assert "Links voor een nieuw wachtwoord" not in owner.get("/account").text
