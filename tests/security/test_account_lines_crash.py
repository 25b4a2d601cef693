"""A role, an invitation, a reset link or an account's deletion is stored with its audit line or not at all.

The web admin's routes and the owner's `users grant/revoke/delete` made the change and then
wrote its line, under one hold of the writer lock but in two transactions (tenancy round
29): a crash between the two left a role in a closed group that the group's history (*Wie
er toegang kreeg*, Accounts.group_changes) never showed its moderators, a reset link its
account's owner was never told of (Accounts.reset_links), an invitation or a deletion
without its line. Now each change writes its line in its own transaction (Accounts.grant,
revoke, delete_user; Invitations.invite, issue), as a group's settings change does since
tenancy 37. The crash is made by failing the line's INSERT: the change must be gone with it.
Runs on PostgreSQL too (PRAKTIJKGEHEUGEN_TEST_BACKEND=postgresql).
"""
from __future__ import annotations

from contextlib import contextmanager

import pytest

import store._accounts as accounts_module
import store._invitations as invitations_module
from access_world import NORTH, form_csrf, log_in


class Crash(Exception):
    """The process died between the change's statements and its line's."""


@contextmanager
def crash_at_the_line():
    def fail(conn, *args):
        raise Crash("stroom uitgevallen")
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(accounts_module, "_audit", fail)
        patch.setattr(invitations_module, "audit_line", fail, raising=False)   # (absent before)
        yield


def _state(world) -> tuple:
    """What the changes below change: the accounts with their roles, the unused links, the log."""
    users = tuple((u.name, u.is_admin, tuple(sorted(u.roles.items()))) for u in world.store.accounts.users())
    return users, tuple(sorted(world.store.invitations.pending())), tuple(world.store.accounts.audit_log(50))


# route, form, the line it writes (action, target)
WEB = {
    "grant": ("/beheer/gebruiker/rol", {"naam": "nieuw", "groep": NORTH, "rol": "lid"},
              ("rol gegeven: lid in PG Noord", "nieuw")),
    "revoke": ("/beheer/gebruiker/rol-intrekken", {"naam": "lid-noord", "groep": NORTH},
               ("rol ingetrokken: lid in PG Noord", "lid-noord")),
    "invite": ("/beheer/gebruiker/uitnodigen", {"naam": "nieuwkomer", "groep": NORTH, "rol": "moderator"},
               ("gebruiker uitgenodigd: moderator in PG Noord", "nieuwkomer")),
    "reset": ("/beheer/gebruiker/herstellen", {"naam": "lid-noord"},
              ("wachtwoordlink gemaakt (oud wachtwoord en tokens beëindigd)", "lid-noord")),
    "delete": ("/beheer/gebruiker/verwijderen", {"naam": "lid-noord", "bevestig": "lid-noord"},
               ("gebruiker verwijderd: lid in PG Noord", "lid-noord")),
}


@pytest.mark.parametrize("change", sorted(WEB))
def test_a_web_admins_change_and_its_line_are_stored_together(world, change):
    path, form, line = WEB[change]
    admin = log_in(world.app, "beheerder")
    csrf = form_csrf(admin, "/beheer")
    before = _state(world)
    with crash_at_the_line(), pytest.raises(Crash):
        admin.post(path, data={**form, "csrf": csrf}, follow_redirects=False)
    assert _state(world) == before   # neither the change nor its line
    answer = admin.post(path, data={**form, "csrf": csrf}, follow_redirects=False)
    assert answer.status_code in (200, 303), answer.text
    assert world.store.accounts.audit_log(1)[0][1:] == ("beheerder", *line)   # both
    if change != "reset":   # a reset is no change of who may read the group
        assert line[0] in [entry[2] for entry in world.store.accounts.group_changes(NORTH)]


CLI = {
    "grant": (("users", "grant", "nieuw", "--community", NORTH, "--role", "lid"), ("rol gegeven: lid in PG Noord", "nieuw")),
    "revoke": (("users", "revoke", "lid-noord", "--community", NORTH), ("rol ingetrokken: lid in PG Noord", "lid-noord")),
    "delete": (("users", "delete", "lid-noord"), ("gebruiker verwijderd: lid in PG Noord", "lid-noord")),
}


@pytest.mark.parametrize("change", sorted(CLI))
def test_the_owners_change_and_its_line_are_stored_together(world, cli, change):
    args, line = CLI[change]
    before = _state(world)
    with crash_at_the_line(), pytest.raises(Crash):
        cli(*args)
    assert _state(world) == before
    assert cli(*args)[0] == 0
    assert world.store.accounts.audit_log(1)[0][1:] == ("cli", *line)
