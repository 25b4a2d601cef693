"""Account and community names that only look different are refused on every path,
with a message that says so: the same letters composed or decomposed (NFC 'Liën',
NFD 'Lie\u0308n'), full-width or ligature forms ('Ｌｉｅｎ', 'ﬁ'), and a community that a
document's front matter names with other case (`ingest --create-communities`). Two such
accounts are two identical lines on every member list and two login lock counters; two
such communities are two identical choices on the upload form, one of them shared."""
from __future__ import annotations

import unicodedata

import pytest

import ingest
from access_world import NORTH, form_csrf, log_in
from store import AccountError

NFC = unicodedata.normalize("NFC", "Liën Peeters")
NFD = unicodedata.normalize("NFD", "Liën Peeters")


@pytest.fixture
def accounts(store):
    return store.accounts


@pytest.mark.parametrize("first, twin", [(NFC, NFD), (NFD, NFC), ("Lien Peeters", "Ｌｉｅｎ Ｐｅｅｔｅｒｓ"),
                                         ("Sofie", "So\ufb01e")])
def test_a_user_name_that_only_looks_different_is_refused(accounts, first, twin):
    accounts.add_user(first, "een goed wachtwoord")
    with pytest.raises(AccountError, match="already exists"):
        accounts.add_user(twin, "een ander wachtwoord")
    assert [u.name for u in accounts.users()] == [first]


@pytest.mark.parametrize("twin", [unicodedata.normalize("NFD", "PG Nöord"), "PG Ｎoord", "ＰＧ Noord"])
def test_a_community_name_that_only_looks_different_is_refused(accounts, twin):
    accounts.add_community(unicodedata.normalize("NFKC", twin), sharing="closed")
    with pytest.raises(AccountError, match="already exists"):
        accounts.add_community(twin)
    assert len(accounts.communities()) == 1


def test_names_with_other_letters_still_differ(accounts):
    for name in ("Lien Peeters", NFC, "Lien Peeter"):
        accounts.add_user(name, "een goed wachtwoord")
    assert len(accounts.users()) == 3


def _post(client, url: str, **data):
    return client.post(url, data={"csrf": form_csrf(client, "/beheer"), **data}, follow_redirects=False)


def test_the_invitation_form_refuses_a_twin_with_its_own_message(app):
    admin, store = log_in(app, "beheerder"), app.state.runtime.store
    assert _post(admin, "/beheer/gebruiker/uitnodigen", naam=NFC).status_code == 200
    answer = _post(admin, "/beheer/gebruiker/uitnodigen", naam=NFD)
    assert answer.status_code == 422 and "al een gebruiker" in answer.text
    assert sum(unicodedata.normalize("NFC", u.name) == NFC for u in store.accounts.users()) == 1


def test_the_community_form_says_a_twin_exists(app):
    admin, store = log_in(app, "beheerder"), app.state.runtime.store
    before = len(store.accounts.communities())
    for twin in (NORTH.lower(), NORTH.replace("N", "Ｎ")):
        answer = _post(admin, "/beheer/groep/nieuw", naam=twin, delen="shared")
        assert answer.status_code == 422 and "al een groep" in answer.text, twin
    assert len(store.accounts.communities()) == before


def test_ingest_creating_communities_refuses_a_twin_of_a_closed_one(store, fake_embedder, tmp_path):
    store.accounts.add_community(NORTH, "closed")
    (tmp_path / "verslag.md").write_text(f"---\ncommunity: {NORTH.lower()}\n---\n# Verslag\n\nOver valpreventie.\n")
    report = ingest.ingest_paths(store, fake_embedder, [tmp_path / "verslag.md"], scope=ingest.Scope(create=True))
    [outcome] = report.outcomes
    assert outcome.status == "failed" and f"'{NORTH}'" in (outcome.reason or ""), outcome
    assert [c.name for c in store.accounts.communities()] == [NORTH]


CYRILLIC_E, GREEK_O = "\u0435", "\u03bf"   # 'е' and 'ο', drawn as the Latin 'e' and 'o'


@pytest.mark.parametrize("name", [f"Li{CYRILLIC_E}n Peeters", f"Lien P{GREEK_O}eters", "Lien\u3164", "Lien\u2800"])
def test_a_user_name_drawn_like_another_is_refused(accounts, name):
    """Letters of another alphabet inside a Latin word, or a blank that is no space
    (a Hangul filler, a Braille blank), make a name that looks like 'Lien Peeters' or
    'Lien' on every list; NFKC does not fold them."""
    with pytest.raises(AccountError, match="alphabets|blank"):
        accounts.add_user(name, "een goed wachtwoord")
    with pytest.raises(AccountError, match="alphabets|blank"):
        accounts.add_community(name)
    assert accounts.users() == [] and accounts.communities() == []


def test_names_in_one_other_alphabet_stay_allowed(accounts):
    for name in ("Лиен Петерс", "Λένα", "Zoë D'Haese-Öztürk", "Team Ω"):
        accounts.add_user(name, "een goed wachtwoord")
    assert len(accounts.users()) == 4


def test_the_forms_refuse_a_name_drawn_like_another_with_a_message(app):
    admin, store = log_in(app, "beheerder"), app.state.runtime.store
    users, communities = len(store.accounts.users()), len(store.accounts.communities())
    answer = _post(admin, "/beheer/gebruiker/uitnodigen", naam=f"Li{CYRILLIC_E}n")
    assert answer.status_code == 422 and "alfabet" in answer.text
    answer = _post(admin, "/beheer/groep/nieuw", naam=f"PG N{GREEK_O}ord", delen="shared")
    assert answer.status_code == 422 and "alfabet" in answer.text
    assert (len(store.accounts.users()), len(store.accounts.communities())) == (users, communities)
