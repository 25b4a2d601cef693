"""Tenancy round 28, item 2: the server owner's changes at the command line are not silent.

`users grant`, `users revoke`, `users delete` and `users passwd` wrote no audit line, so
a role the owner gave in a closed group never showed under "Wie er toegang kreeg" on the
group's name page (JSON `group_changes`), and a password the owner set for an account
(whoever ran it can log in as them) never reached the account's owner, as a reset link
does. Now they are written under the actor `cli`, shown as "de eigenaar van de server
(opdrachtregel)", and only to those concerned: the group's moderators, the account's
owner. Runs on PostgreSQL too."""
from __future__ import annotations

from fastapi.testclient import TestClient

from access_world import EAST, NORTH, SOUTH, form_csrf, log_in

OWNER = "de eigenaar van de server (opdrachtregel)"


def _changes(world, who: str, group: str) -> list[str]:
    answer = world.client(who).get("/api/groep/namen", params={"groep": group})
    assert answer.status_code == 200, (who, group, answer.status_code)
    return answer.json()["group_changes"]


def test_a_role_given_and_taken_at_the_command_line_shows_to_the_groups_moderators_only(world, cli):
    assert cli("users", "grant", "nieuw", "--community", EAST, "--role", "lid")[0] == 0
    assert cli("users", "revoke", "nieuw", "--community", EAST)[0] == 0
    changes = _changes(world, "mod-oost", EAST)
    assert any(line.startswith(f"{OWNER} gaf nieuw de rol lid") for line in changes), changes
    assert any(line.startswith(f"{OWNER} nam nieuw de rol lid af") for line in changes), changes
    page = world.client("mod-oost").get("/groep/namen", params={"groep": EAST}).text
    assert f"{OWNER} gaf nieuw de rol lid" in page
    assert _changes(world, "mod-zuid", SOUTH) == []   # another group's moderator reads nothing of it
    for who in ("lid-noord", "nieuw", "onderzoeker", "mod-zuid"):   # nor anyone else, on PG Oost's page
        answer = world.client(who).get("/api/groep/namen", params={"groep": EAST})
        assert answer.status_code == 404 and "nieuw de rol" not in answer.text, who


def test_an_account_deleted_at_the_command_line_shows_in_each_of_its_groups(world, cli):
    world.store.accounts.grant("onderzoeker", EAST, "lid")
    assert cli("users", "delete", "onderzoeker")[0] == 0
    assert any(line.startswith(f"{OWNER} verwijderde het account van onderzoeker (lid)")
               for line in _changes(world, "mod-oost", EAST))
    assert any(line.startswith(f"{OWNER} verwijderde het account van onderzoeker (onderzoeker)")
               for line in _changes(world, "mod-zuid", SOUTH))
    assert [e[1:] for e in world.store.accounts.audit_log() if e[3] == "onderzoeker"] == [
        ("cli", f"gebruiker verwijderd: onderzoeker in {SOUTH}", "onderzoeker"),   # newest first
        ("cli", f"gebruiker verwijderd: lid in {EAST}", "onderzoeker"),
        ("cli", f"gebruiker verwijderd: onderzoeker in {NORTH}", "onderzoeker")]


def test_a_password_set_at_the_command_line_is_shown_to_the_accounts_owner_only(world, cli):
    assert cli("users", "passwd", "lid-noord", "--password-stdin", stdin="door de eigenaar gezet\n")[0] == 0
    owner = TestClient(world.app)
    owner.get("/inloggen")
    login = owner.post("/inloggen", data={"naam": "lid-noord", "wachtwoord": "door de eigenaar gezet", "terug": "/",
                                          "csrf": form_csrf(owner, "/inloggen")}, follow_redirects=False)
    assert login.status_code == 303 and login.headers["location"].startswith("/account?melding=herstellink")
    page = owner.get(login.headers["location"]).text
    assert f"nieuw wachtwoord gezet door {OWNER} op" in page
    assert "heeft de eigenaar van de server er een nieuw wachtwoord voor gezet" in page
    assert owner.get("/api/account").json()["reset_links"][0] == {
        "at": owner.get("/api/account").json()["reset_links"][0]["at"], "by": "cli", "what": "password"}
    for other in ("mod-zuid", "mod-oost", "beheerder"):   # nobody else's account page says it
        assert log_in(world.app, other).get("/api/account").json()["reset_links"] == [], other
    # nor does a moderator's group page: a password is the account's, not the group's
    assert not any("wachtwoord" in line for line in _changes(world, "mod-zuid", SOUTH))


def test_the_web_admins_deletion_shows_in_the_group_too(world):
    admin = world.client("beheerder")
    answer = admin.post("/beheer/gebruiker/verwijderen", data={
        "csrf": form_csrf(admin, "/beheer"), "naam": "mod-oost", "bevestig": "mod-oost"}, follow_redirects=False)
    assert answer.status_code == 303
    world.store.accounts.grant("mod-zuid", EAST, "moderator")
    changes = _changes(world, "mod-zuid", EAST)
    assert any(line.startswith("beheerder beheerder verwijderde het account van mod-oost (moderator)")
               for line in changes), changes
    assert not any("mod-oost" in line for line in _changes(world, "mod-zuid", SOUTH))
