"""Tenancy round 37: a group's settings change is logged in the transaction that makes it.

A group's history (*Wie er toegang kreeg* on /groep/namen, JSON `group_changes`) begins
after the name's last `groep verwijderd` line, which `Accounts.delete_community` writes with
the row's deletion (round 31). The line of a settings change (`groep gewijzigd: sharing:
closed -> shared`) was written after `set_community` had committed the change and let go of
the writer lock, by the web's admin page and by `communities set` alike. A deletion of the
group that came in between (another admin, the server's owner) logged its line first; the
settings line followed it, and a new group later made under the name showed its moderators
that the deleted group had been closed. Now `set_community` writes each change's line in its
own transaction. The deletion is made deterministically at the first transaction opened after
the change's (tests/security/mid_transaction.py): before the fix, that was the line's own.
Runs on PostgreSQL too (PRAKTIJKGEHEUGEN_TEST_BACKEND=postgresql).
"""
from __future__ import annotations

import pytest
from mid_transaction import before_next_transaction

import store._accounts as accounts_module
from access_world import form_csrf, log_in

GROUP = "PG Tijdelijk"


def _changes(world, who: str) -> list[str]:
    answer = world.client(who).get("/api/groep/namen", params={"groep": GROUP})
    assert answer.status_code == 200, answer.status_code
    return answer.json()["group_changes"]


def _race(world, monkeypatch, change) -> None:
    """Make GROUP closed, run `change` (which opens it to the network) with the group deleted
    by another admin at the first transaction opened after the change's own; then a new group
    of the name with the account 'nieuw' as its moderator."""
    world.store.accounts.add_community(GROUP, "closed")
    deleted: list[bool] = []

    def delete() -> None:
        world.store.accounts.delete_community(GROUP, "beheerder", None)
        deleted.append(True)

    # the class's transaction: the CLI's store is another object on the same database
    with before_next_transaction(type(world.store.db), delete, armed=False) as arm:
        relink = accounts_module.relink

        def relink_then_arm(conn, *args):   # called inside the change's transaction
            relink(conn, *args)
            arm()
        monkeypatch.setattr(accounts_module, "relink", relink_then_arm)
        change()
    if not deleted:   # no transaction came after the change's: the deletion follows it
        delete()
    actions = [line[2] for line in world.store.accounts.audit_log(20) if line[3] == GROUP]
    assert "groep gewijzigd: sharing: closed -> shared" in actions, actions   # the change was made and logged
    world.store.accounts.add_community(GROUP, "shared")
    world.store.accounts.grant("nieuw", GROUP, "moderator")


def test_an_admins_settings_change_never_lands_in_the_next_groups_history(world, monkeypatch):
    admin = log_in(world.app, "beheerder")
    csrf = form_csrf(admin, "/beheer")

    def change() -> None:
        answer = admin.post("/beheer/groep/instellingen", data={"naam": GROUP, "delen": "shared", "pseudonimiseren": "1", "csrf": csrf},
                            follow_redirects=False)
        assert answer.status_code == 303, answer.status_code
    _race(world, monkeypatch, change)
    assert _changes(world, "nieuw") == []
    assert "gesloten" not in world.client("nieuw").get("/groep/namen", params={"groep": GROUP}).text


def test_the_owners_communities_set_never_lands_in_the_next_groups_history(world, monkeypatch, cli):
    def change() -> None:
        assert cli("communities", "set", GROUP, "--shared")[0] == 0
    _race(world, monkeypatch, change)
    assert _changes(world, "nieuw") == []


@pytest.mark.parametrize("actor", ["cli", "beheerder"])
def test_the_line_is_written_with_the_change_or_not_at_all(world, actor):
    """Structurally: a failure after the change, inside its transaction, leaves neither the
    change nor its line, for the owner's line and an admin's."""
    world.store.accounts.add_community(GROUP, "closed")

    def fail(conn, *args):
        raise RuntimeError("afgebroken")
    before = world.store.accounts.audit_log(1)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(accounts_module, "relink", fail)
        with pytest.raises(RuntimeError):
            world.store.accounts.set_community(GROUP, "shared", actor=actor)
    assert world.store.accounts.audit_log(1) == before
    assert next(c for c in world.store.accounts.communities() if c.name == GROUP).sharing == "closed"
    assert world.store.accounts.set_community(GROUP, "shared", actor=actor) == ["sharing: closed -> shared"]
    assert world.store.accounts.audit_log(1)[0][1:] == (actor, "groep gewijzigd: sharing: closed -> shared",
                                                         GROUP)
