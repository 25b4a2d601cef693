"""Account and community names that differ only in case or spacing are refused in the
store, whatever the path (`users add`, the invitation form, a setup script): people,
authorship and member lists match names case-insensitively, so "lien" beside "Lien"
would share Lien's person page, contact address and place on every member list."""
from __future__ import annotations

import pytest

from store import AccountError, open_store


@pytest.fixture
def accounts(settings):
    store = open_store(settings)
    try:
        yield store.accounts
    finally:
        store.close()


@pytest.mark.parametrize("twin", ["lien peeters", "LIEN PEETERS", "Lien  Peeters", "lien Peeters"])
def test_a_user_name_that_differs_only_in_case_or_spacing_is_refused(accounts, twin):
    accounts.add_user("Lien Peeters", "een goed wachtwoord")
    with pytest.raises(AccountError, match="'Lien Peeters' already exists"):
        accounts.add_user(twin, "een ander wachtwoord")
    assert [u.name for u in accounts.users()] == ["Lien Peeters"]


def test_the_same_name_is_still_refused_as_before(accounts):
    accounts.add_user("Bram", "een goed wachtwoord")
    with pytest.raises(AccountError, match="user 'Bram' already exists$"):
        accounts.add_user("Bram", "een goed wachtwoord")


@pytest.mark.parametrize("bad", ["", "   ", " Bram", "Bram ", "Br\x00am", "Br\nam", "x" * 101])
def test_a_user_name_a_page_or_log_line_cannot_carry_is_refused(accounts, bad):
    with pytest.raises(AccountError, match="a user name is 1 to 100 characters"):
        accounts.add_user(bad, "een goed wachtwoord")
    assert accounts.users() == []


def test_other_names_still_differ(accounts):
    accounts.add_user("Lien Peeters", "een goed wachtwoord")
    accounts.add_user("Lien Peeters-Claes", "een goed wachtwoord")
    accounts.add_user("Liën Peeters", "een goed wachtwoord")
    assert len(accounts.users()) == 3


@pytest.mark.parametrize("twin", ["pg noord", "PG  Noord", "Pg Noord"])
def test_a_community_name_that_differs_only_in_case_or_spacing_is_refused(accounts, twin):
    accounts.add_community("PG Noord", sharing="closed")
    with pytest.raises(AccountError, match="'PG Noord' already exists"):
        accounts.add_community(twin)
    assert [c.name for c in accounts.communities()] == ["PG Noord"]


@pytest.mark.parametrize("bad, shown", [("nieuw lid!", "‘!’"), ("lien,els", "‘,’"), ("<b>an</b>", "‘<’ ‘>’ ‘/’"),
                                        ("an;drop", "‘;’"), ("an#1", "‘#’")])
def test_a_new_user_name_holds_letters_digits_spaces_and_a_few_marks(accounts, bad, shown):
    with pytest.raises(AccountError, match=f"letters, digits, spaces and . - _ ' @ only, not {shown}"):
        accounts.add_user(bad, "een goed wachtwoord")
    assert accounts.users() == []


@pytest.mark.parametrize("good", ["Lien Peeters-Claes", "D'Hondt", "D’Hondt", "l.peeters@ocmw.be", "mod_noord2",
                                  "Liën", "Lie\u0308n Z", "Ｌｉｅｎ", "Øyvind Åsen"])
def test_names_of_people_and_addresses_are_still_taken(accounts, good):
    accounts.add_user(good, "een goed wachtwoord")
    assert [u.name for u in accounts.users()] == [good]


def test_an_account_made_before_the_rule_keeps_its_name_and_signs_in(accounts):
    from store._accounts import _hasher, insert_user

    with accounts.db.transaction() as conn:   # as an older version made it
        insert_user(conn, "oud lid!", _hasher().hash("een goed wachtwoord"), False)
    assert accounts.verify_password("oud lid!", "een goed wachtwoord").name == "oud lid!"
    accounts.set_password("oud lid!", "een ander wachtwoord")
    assert [u.name for u in accounts.users()] == ["oud lid!"]
