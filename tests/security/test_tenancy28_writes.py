"""Tenancy round 28, items 1 and 4: invitations, reset links, password changes and packs
are checked again under the writer lock, per group.

As in test_write_timing.py, the test holds the writer lock, a request starts and asks for
it, the caller's rights change while it waits, and the lock comes free. Before round 28
an invitation by an admin deleted or demoted meanwhile left an account nobody could open
(the account was made, its role refused), a reset link and an invitation without a group
were made in full, a password change landed on the account that took the name of the
deleted one, and a moderator removed from the pack's group still made and renamed its
packs. And a moderator of two groups who lost her role in one was refused an upload into
the other. Runs on PostgreSQL too (PRAKTIJKGEHEUGEN_TEST_BACKEND=postgresql).
"""
from __future__ import annotations

import pytest
from test_write_timing import _refused, _while_waiting

from access_world import EAST, SOUTH, form_csrf, log_in, password

FILE = [("files", ("laat.md", b"Een verslag over de fuut in de wijk.\n", "text/markdown"))]


def _demote(world):
    def demote():
        with world.store.db.transaction() as conn:
            conn.execute("UPDATE users SET is_admin = 0 WHERE name = ?", ("beheerder",))
    return demote


def _delete_admin(world):
    return lambda: world.store.accounts.delete_user("beheerder")


@pytest.mark.parametrize("change", [_demote, _delete_admin])
@pytest.mark.parametrize("group", [EAST, ""])
def test_an_invitation_by_an_admin_gone_meanwhile_leaves_no_account(world, monkeypatch, change, group):
    admin = world.client("beheerder")
    csrf = form_csrf(admin, "/beheer")
    response = _while_waiting(world, monkeypatch, lambda: admin.post(
        "/beheer/gebruiker/uitnodigen", data={"csrf": csrf, "naam": "nieuwe collega", "groep": group, "rol": "lid"}),
        change(world))
    _refused(response)
    assert "nieuwe collega" not in {u.name for u in world.store.accounts.users()}   # no orphan account
    assert "nieuwe collega" not in world.store.invitations.pending()
    assert not [e for e in world.store.accounts.audit_log() if e[3] == "nieuwe collega"]


def test_a_reset_link_by_an_admin_demoted_meanwhile_is_not_made(world, monkeypatch):
    admin = world.client("beheerder")
    csrf = form_csrf(admin, "/beheer")
    response = _while_waiting(world, monkeypatch, lambda: admin.post(
        "/beheer/gebruiker/herstellen", data={"csrf": csrf, "naam": "lid-noord"}), _demote(world))
    _refused(response)
    assert "/uitnodiging/" not in response.text
    assert "lid-noord" not in world.store.invitations.pending()
    assert log_in(world.app, "lid-noord").get("/api/account").status_code == 200   # her password still works


def test_a_password_change_lands_on_no_account_that_took_the_name(world, monkeypatch):
    """The account is deleted and its name given to a new account while the change waits:
    the new account's password is not the one the old session chose."""
    old = world.client("mod-zuid")
    csrf = form_csrf(old, "/account")

    def replace():
        world.store.accounts.delete_user("mod-zuid")
        world.store.accounts.add_user("mod-zuid", "het eigen wachtwoord van de nieuwe")

    response = _while_waiting(world, monkeypatch, lambda: old.post("/account/wachtwoord", data={
        "csrf": csrf, "huidig": password("mod-zuid"), "nieuw": "door de oude sessie gekozen",
        "herhaal": "door de oude sessie gekozen"}), replace)
    assert response.status_code in (401, 409), response.status_code
    assert world.store.accounts.verify_password("mod-zuid", "door de oude sessie gekozen") is None
    assert world.store.accounts.verify_password("mod-zuid", "het eigen wachtwoord van de nieuwe") is not None


def test_a_password_change_still_works_after_a_role_elsewhere_went(world, monkeypatch):
    """The control: one's own password needs the account, not a role (item 4)."""
    mod = world.client("mod-zuid")
    csrf = form_csrf(mod, "/account")
    response = _while_waiting(world, monkeypatch, lambda: mod.post("/account/wachtwoord", data={
        "csrf": csrf, "huidig": password("mod-zuid"), "nieuw": "een nieuw wachtwoord", "herhaal":
        "een nieuw wachtwoord"}), lambda: world.store.accounts.revoke("mod-zuid", SOUTH))
    assert response.status_code == 200, response.text
    assert world.store.accounts.verify_password("mod-zuid", "een nieuw wachtwoord") is not None


def test_a_pack_made_by_a_moderator_removed_meanwhile_is_not_made(world, monkeypatch):
    mod = world.client("mod-zuid")
    csrf = form_csrf(mod, "/pakketten")
    response = _while_waiting(world, monkeypatch, lambda: mod.post(
        "/api/packs", data={"csrf": csrf, "naam": "Sessie 4", "groep": SOUTH}),
        lambda: world.store.accounts.revoke("mod-zuid", SOUTH))
    _refused(response)
    assert world.store.packs.all(None) == []


def test_a_pack_renamed_by_a_moderator_removed_meanwhile_keeps_its_name(world, monkeypatch):
    mod = world.client("mod-zuid")
    csrf = form_csrf(mod, "/pakketten")
    pack = mod.post("/api/packs", data={"csrf": csrf, "naam": "Sessie 4", "groep": SOUTH}).json()
    response = _while_waiting(world, monkeypatch, lambda: mod.post(
        f"/api/packs/{pack['id']}/name", data={"csrf": csrf, "naam": "Andere naam"}),
        lambda: world.store.accounts.revoke("mod-zuid", SOUTH))
    _refused(response)
    assert [p.name for p in world.store.packs.all(None)] == ["Sessie 4"]


def _moderates_two(world):
    world.store.accounts.grant("mod-zuid", EAST, "moderator")
    return world.client("mod-zuid")


def test_an_upload_goes_on_when_a_role_in_another_group_went(world, monkeypatch):
    """Item 4: an upload names one group; losing a role in another one refuses nothing."""
    mod = _moderates_two(world)
    csrf = form_csrf(mod, "/upload")
    response = _while_waiting(world, monkeypatch, lambda: mod.post(
        "/api/upload", data={"community": SOUTH, "csrf": csrf}, files=FILE),
        lambda: world.store.accounts.revoke("mod-zuid", EAST))
    assert response.status_code == 200, response.text
    assert response.json()["files"][0]["status"] == "ingested"


def test_an_upload_into_the_group_whose_role_went_is_refused(world, monkeypatch):
    mod = _moderates_two(world)
    csrf = form_csrf(mod, "/upload")
    before = {d.doc_id for d in world.store.catalogue.list_documents()}
    response = _while_waiting(world, monkeypatch, lambda: mod.post(
        "/api/upload", data={"community": EAST, "csrf": csrf}, files=FILE),
        lambda: world.store.accounts.revoke("mod-zuid", EAST))
    _refused(response)
    assert {d.doc_id for d in world.store.catalogue.list_documents()} == before


def test_a_pack_of_one_group_goes_on_when_a_role_in_another_went(world, monkeypatch):
    mod = _moderates_two(world)
    csrf = form_csrf(mod, "/pakketten")
    response = _while_waiting(world, monkeypatch, lambda: mod.post(
        "/api/packs", data={"csrf": csrf, "naam": "Sessie 5", "groep": SOUTH}),
        lambda: world.store.accounts.revoke("mod-zuid", EAST))
    assert response.status_code == 201, response.text
    assert [p.community for p in world.store.packs.all(None)] == [SOUTH]


def test_other_callers_and_crafted_ids_change_no_pack(world):
    """Attacks on the pack routes now that they take the lock: a moderator of another
    group, a member without the role, an account without any, and crafted ids."""
    mod = world.client("mod-zuid")
    pack = mod.post("/api/packs", data={"csrf": form_csrf(mod, "/pakketten"), "naam": "Sessie 4",
                                        "groep": SOUTH}).json()
    other = world.client("mod-oost")
    csrf = form_csrf(other, "/pakketten")
    assert other.post(f"/api/packs/{pack['id']}/name", data={"csrf": csrf, "naam": "x"}).status_code == 404
    assert other.post("/api/packs", data={"csrf": csrf, "naam": "x", "groep": SOUTH}).status_code == 422
    for name in ("lid-noord", "nieuw"):
        client = world.client(name)
        assert client.post(f"/api/packs/{pack['id']}/delete",
                           data={"csrf": form_csrf(client, "/account")}).status_code == 403
    for crafted in ("1", pack["id"] + "x", "../" + pack["id"], "%00"):
        assert mod.post(f"/api/packs/{crafted}/name", data={"csrf": form_csrf(mod, "/pakketten"),
                                                            "naam": "x"}).status_code in (404, 405)
    assert [p.name for p in world.store.packs.all(None)] == ["Sessie 4"]


def test_a_demoted_admin_cannot_invite_afterwards_either(world):
    """Not a race: the flag gone before the request, refused at the door (403), no account."""
    admin = world.client("beheerder")
    csrf = form_csrf(admin, "/beheer")
    _demote(world)()
    answer = admin.post("/beheer/gebruiker/uitnodigen", data={"csrf": csrf, "naam": "x", "groep": "", "rol": "lid"})
    assert answer.status_code == 403
    assert "x" not in {u.name for u in world.store.accounts.users()}
