"""A caller is found as a row (their session's or token's account), then their roles by
the account's number in a second read (store.accounts). SQLite gives a deleted row's
number to the next row inserted, so a removed member's request that was under way when
the admin deleted the account and invited someone else (the number's next owner, a
moderator of the closed PG Noord) ran with the newcomer's roles: the removed member's old
session read PG Noord's closed documents. The account and its roles are read at one moment."""
from __future__ import annotations

import threading

import pytest

from access_world import password

SECRET = "noord/geheim.md"   # PG Noord's closed document


@pytest.fixture(autouse=True)
def _sqlite_only(world):
    if world.store.settings.database_url:
        pytest.skip("PostgreSQL never gives a deleted row's number to another row (sequences)")


def _replaced_by_a_moderator_of_pg_noord(store) -> None:
    """The admin deletes the account and invites a newcomer, who gets its number."""
    store.accounts.delete_user("vertrekker")
    store.accounts.add_user("nieuwkomer", password("nieuwkomer"))
    store.accounts.grant("nieuwkomer", "PG Noord", "moderator")


@pytest.mark.parametrize("via", ["session", "token"])
def test_a_removed_members_request_never_runs_with_the_next_accounts_roles(world, monkeypatch, via):
    store = world.store
    store.accounts.add_user("vertrekker", password("vertrekker"))
    store.accounts.grant("vertrekker", "Wijkteam Zuid", "lid")
    number = store.accounts.user("vertrekker").id
    client = world.client("vertrekker")
    if via == "token":
        client.headers["authorization"] = "Bearer " + store.accounts.create_token("vertrekker")
    assert client.get(f"/api/documents/{SECRET}").status_code == 404
    read_roles = store.accounts._user
    done: list[int] = []

    def meanwhile(row):
        if not done:
            done.append(row["id"])
            writer = threading.Thread(target=_replaced_by_a_moderator_of_pg_noord, args=(store,))
            writer.start()
            writer.join()
        return read_roles(row)

    with monkeypatch.context() as patch:
        patch.setattr(store.accounts, "_user", meanwhile)
        response = client.get(f"/api/documents/{SECRET}")
    assert done == [number] == [store.accounts.user("nieuwkomer").id]   # the newcomer has the number
    assert response.status_code in (401, 404, 303) and "kanarieaap" not in response.text
    assert client.get(f"/api/documents/{SECRET}").status_code in (401, 303)   # the account is gone
