"""Tenancy round 29, item 2: the server owner's other account commands are not silent either.

Round 28 gave `users grant`, `revoke`, `delete` and `passwd` an audit line; `users add`
(an admin made at the command line), `users token` (whoever ran it holds a token of the
account, or ended them all), `users unlock` and `users set` (an account's e-mail address and
consent) still wrote none. Now each writes one under the actor `cli`, which the web admin's
audit log (/beheer/audit) shows as "de eigenaar van de server (opdrachtregel)", and which
nobody else reads: no group's moderator (these are no changes of who may read a group), no
account page. Since `cli` in the log means the owner, no account may be called so (nor
'opdrachtregel', 'lokaal' or 'restore'): an admin of that name wrote lines that read as the
owner's. Runs on PostgreSQL too.
"""
from __future__ import annotations

import pytest

from access_world import EAST, NORTH, SOUTH, form_csrf, log_in
from store import AccountError

OWNER = "de eigenaar van de server (opdrachtregel)"


def _owner_lines(world) -> list[tuple]:
    return [e[1:] for e in world.store.accounts.audit_log(5000) if e[1] == "cli"]


def _changes(world, who: str, group: str) -> list[str]:
    answer = world.client(who).get("/api/groep/namen", params={"groep": group})
    assert answer.status_code == 200, (who, group, answer.status_code)
    return answer.json()["group_changes"]


def _run_all(cli) -> str:
    """The four commands, on PG Oost's moderator (and a new admin); the token printed."""
    assert cli("users", "add", "tweede beheerder", "--admin", "--password-stdin",
               stdin="een lang wachtwoord\n")[0] == 0
    code, token, _ = cli("users", "token", "mod-oost", "--days", "5", "--label", "nachtelijke export")
    assert code == 0
    assert cli("users", "token", "mod-oost", "--revoke")[0] == 0
    assert cli("users", "unlock", "mod-oost")[0] == 0
    assert cli("users", "set", "mod-oost", "--email", "mod@oost.example", "--contact")[0] == 0
    return token.strip()


def test_the_owners_account_commands_write_audit_lines(world, cli):
    token = _run_all(cli)
    assert _owner_lines(world)[:5] == [   # newest first
        ("cli", "contactgegevens gezet: e-mailadres, contact toegestaan", "mod-oost"),
        ("cli", "inloggen ontgrendeld", "mod-oost"),
        ("cli", "API-tokens ingetrokken: 1", "mod-oost"),
        ("cli", "API-token gemaakt (5 dagen)", "mod-oost"),
        ("cli", "gebruiker aangemaakt (beheerder)", "tweede beheerder")]
    every = repr(world.store.accounts.audit_log(5000, addresses=True))
    assert "mod@oost.example" not in every and token not in every and "nachtelijke export" not in every


def test_an_owners_command_that_fails_or_changes_nothing_writes_no_line(world, cli):
    assert cli("users", "unlock", "niemand")[0] != 0
    assert cli("users", "token", "niemand", "--revoke")[0] != 0
    assert cli("users", "set", "mod-oost")[0] == 0   # nothing asked: nothing set
    assert cli("users", "add", "mod-oost", "--password-stdin", stdin="een lang wachtwoord\n")[0] != 0   # taken
    assert _owner_lines(world) == []


def test_the_admins_audit_log_names_the_owner(world, cli):
    _run_all(cli)
    page = world.client("beheerder").get("/beheer/audit").text
    assert f"<td>{OWNER}</td><td>gebruiker aangemaakt (beheerder)</td>" in page
    assert f"<td>{OWNER}</td><td>inloggen ontgrendeld</td><td>mod-oost</td>" in page
    assert "<td>cli</td>" not in page


def test_nobody_but_the_admin_reads_those_lines(world, cli):
    """Not another group's moderator, not the account's own group's moderator (these change
    nobody's access to a group), not a member, researcher or account without a role."""
    _run_all(cli)
    for who, group in (("mod-zuid", SOUTH), ("mod-oost", EAST)):
        changes = _changes(world, who, group)
        assert not [line for line in changes if "mod-oost" in line or "tweede beheerder" in line], (who, changes)
    for who in ("mod-zuid", "mod-oost", "lid-noord", "onderzoeker", "nieuw"):
        client = world.client(who)
        assert client.get("/beheer/audit").status_code == 403, who
        assert client.get("/api/account").json()["reset_links"] == [], who
        for group in (NORTH, EAST, SOUTH):   # no group page of someone else's group opens
            answer = client.get("/api/groep/namen", params={"groep": group})
            assert answer.status_code in (200, 404), (who, group)
            assert "ontgrendeld" not in answer.text and "API-token" not in answer.text, (who, group)


@pytest.mark.parametrize("name", ["cli", "CLI", " cli", "ｃｌｉ", "opdrachtregel", "Lokaal", "restore"])
def test_no_account_takes_an_actor_name_of_the_owner(world, cli, name):
    with pytest.raises(AccountError):
        world.store.accounts.add_user(name, "een lang wachtwoord")
    assert cli("users", "add", name, "--password-stdin", stdin="een lang wachtwoord\n")[0] != 0
    admin = world.client("beheerder")
    answer = admin.post("/beheer/gebruiker/uitnodigen", data={
        "csrf": form_csrf(admin, "/beheer"), "naam": name, "groep": EAST, "rol": "lid"})
    assert answer.status_code == 422, answer.text
    assert name.strip() not in {u.name for u in world.store.accounts.users()}
    assert not [e for e in world.store.accounts.audit_log(5000) if e[3] == name.strip()]


def test_an_account_deleted_and_made_again_keeps_none_of_the_old_ones_lines_on_its_page(world, cli):
    """The lines stay where they are (the admin's log); the new account of the name reads
    no reset notice from them."""
    assert cli("users", "unlock", "lid-noord")[0] == 0
    assert cli("users", "token", "lid-noord")[0] == 0
    assert cli("users", "delete", "lid-noord")[0] == 0
    assert cli("users", "add", "lid-noord", "--password-stdin", stdin="het wachtwoord van de nieuwe\n")[0] == 0
    newcomer = log_in(world.app, "lid-noord", "het wachtwoord van de nieuwe")
    assert newcomer.get("/api/account").json()["reset_links"] == []
    assert newcomer.get("/beheer/audit").status_code == 403
    assert [e[1] for e in _owner_lines(world)][:2] == ["gebruiker aangemaakt", f"gebruiker verwijderd: lid in {NORTH}"]
