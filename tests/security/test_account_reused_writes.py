"""The writes' side of tests/security/test_account_reused_rows.py: a change made by name
(a new password, a role, a login's session) looked the account's number up first and
wrote by that number in a later transaction. SQLite gives a deleted account's number to
the next account, so when the admin deleted the account and invited a newcomer in
between, the write landed on the newcomer: a removed member setting a password (their
reset link, their account page) set the newcomer's, a removed member's login opened a
session as the newcomer (a moderator of the closed PG Noord), and a role granted to the
old account went to the newcomer. Each write now finds the number in its own transaction."""
from __future__ import annotations

from types import SimpleNamespace

import pytest
from mid_transaction import before_next_transaction

from access_world import password
from store import AccountError


@pytest.fixture(autouse=True)
def _sqlite_only(world):
    if world.store.settings.database_url:
        pytest.skip("PostgreSQL never gives a deleted row's number to another row (sequences)")


@pytest.fixture
def leaving(world):
    """'vertrekker', the newest account; the first write transaction opened after
    `leaving.arm()` is preceded (in another thread) by the admin deleting 'vertrekker'
    and inviting 'nieuwkomer', who gets its number."""
    store = world.store
    store.accounts.add_user("vertrekker", password("vertrekker"))
    number = store.accounts.user("vertrekker").id

    def replace() -> None:
        # past the writer lock, which the write under test may hold (store._rights): the
        # guarantee tested here is the transaction's own, whoever deletes the account
        # (add_user takes the lock too since tenancy round 28)
        delete = type(store.accounts).delete_user.__wrapped__   # type: ignore[attr-defined]
        add = type(store.accounts).add_user.__wrapped__   # type: ignore[attr-defined]
        delete(store.accounts, "vertrekker")
        add(store.accounts, "nieuwkomer", password("nieuwkomer"))

    def newcomer():
        newcomer = store.accounts.user("nieuwkomer")
        assert newcomer.id == number   # the newcomer has the removed account's number
        return newcomer

    with before_next_transaction(store.db, replace, armed=False) as arm:
        yield SimpleNamespace(arm=arm, newcomer=newcomer)


def test_a_removed_members_new_password_never_becomes_the_newcomers(world, leaving):
    leaving.arm()
    with pytest.raises(AccountError, match="unknown user"):
        world.store.accounts.set_password("vertrekker", "wachtwoord van de vertrekker")
    leaving.newcomer()
    assert world.store.accounts.verify_password("nieuwkomer", "wachtwoord van de vertrekker") is None
    assert world.store.accounts.verify_password("nieuwkomer", password("nieuwkomer")) is not None


def test_a_removed_members_login_never_opens_a_session_as_the_newcomer(world, leaving):
    user = world.store.accounts.verify_password("vertrekker", password("vertrekker"))
    assert user is not None
    leaving.arm()
    with pytest.raises(AccountError):
        world.store.accounts.create_session(user)
    leaving.newcomer()


def test_a_role_granted_to_a_removed_account_never_goes_to_the_newcomer(world, leaving):
    leaving.arm()
    with pytest.raises(AccountError, match="unknown user"):
        world.store.accounts.grant("vertrekker", "PG Noord", "moderator")
    assert leaving.newcomer().roles == {}


def test_a_removed_members_contact_address_never_becomes_the_newcomers(world, leaving):
    leaving.arm()
    with pytest.raises(AccountError, match="unknown user"):
        world.store.accounts.set_contact("vertrekker", "vertrekker@example.org", True)
    leaving.newcomer()
    assert world.store.accounts.contact_of("nieuwkomer") == (None, False)


def test_a_login_whose_account_goes_meanwhile_gets_the_login_message_not_a_server_error(world, leaving,
                                                                                          monkeypatch):
    """The web's side of the test above: the login form answers as for a wrong password
    (401, the form again, no session cookie) instead of a 500 from the store's refusal."""
    from fastapi.testclient import TestClient

    from access_world import form_csrf

    accounts = world.store.accounts
    checked = accounts.verify_password

    def verify_then_replace(name, secret):
        user = checked(name, secret)
        leaving.arm()   # the next write (the login's bookkeeping or its session) comes after the admin
        return user

    monkeypatch.setattr(accounts, "verify_password", verify_then_replace)
    client = TestClient(world.app, raise_server_exceptions=False)
    client.get("/inloggen")
    response = client.post("/inloggen", data={"naam": "vertrekker", "wachtwoord": password("vertrekker"),
                                              "csrf": form_csrf(client, "/inloggen"), "terug": "/"},
                           follow_redirects=False)
    assert response.status_code == 401
    assert "Onbekende gebruikersnaam of verkeerd wachtwoord." in response.text
    assert "praktijkgeheugen_sessie" not in response.headers.get("set-cookie", "")
    leaving.newcomer()
