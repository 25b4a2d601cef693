"""One-time links (store.invitations) and what users keep themselves (store.profiles):
only a hash of a link is stored, a link works once and for LINK_DAYS days, a newer
link ends the older one, a reset ends the old password, sessions and tokens at
once; a user revokes only their own tokens."""
from __future__ import annotations

import datetime as dt
import hashlib

import pytest

from store import LINK_DAYS, SCHEMA_VERSION, AccountError, LinkError, open_store


@pytest.fixture
def people(store):
    store.accounts.add_user("sien", "een goed wachtwoord")
    store.accounts.add_user("karim", "nog een wachtwoord")
    return store


def _every_value(store) -> str:
    conn = store.db.conn()
    tables = [r[0] for r in conn.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table'" if store.db.dialect == "sqlite" else
        "SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema()")]
    return " ".join(str(v) for t in tables if not t.startswith("chunks_fts")
                    for row in conn.execute(f"SELECT * FROM \"{t}\"") for v in row)


def test_a_link_sets_the_password_once_and_only_its_hash_is_kept(people):
    token = people.invitations.issue("sien", "invite")
    assert token not in _every_value(people) and hashlib.sha256(token.encode()).hexdigest() in _every_value(people)
    link = people.invitations.find(token)
    assert (link.user, link.purpose) == ("sien", "invite")
    assert people.invitations.redeem(token, "mijn nieuw wachtwoord") == "sien"
    assert people.accounts.verify_password("sien", "mijn nieuw wachtwoord") is not None
    with pytest.raises(LinkError) as used:
        people.invitations.redeem(token, "een ander wachtwoord")
    assert used.value.reason == "used"
    assert people.accounts.verify_password("sien", "een ander wachtwoord") is None
    assert "sien" not in people.invitations.pending()


def test_a_refused_password_leaves_the_link_usable(people):
    token = people.invitations.issue("sien", "invite")
    with pytest.raises(AccountError):
        people.invitations.redeem(token, "kort")
    assert people.invitations.redeem(token, "lang genoeg nu") == "sien"


def test_a_link_expires_after_link_days(people):
    token = people.invitations.issue("sien", "invite")
    start = people.invitations.now()
    people.invitations.now = lambda: start + dt.timedelta(days=LINK_DAYS, seconds=-1)
    assert people.invitations.find(token).user == "sien"
    people.invitations.now = lambda: start + dt.timedelta(days=LINK_DAYS, seconds=1)
    with pytest.raises(LinkError) as expired:
        people.invitations.redeem(token, "te laat gekozen")
    assert expired.value.reason == "expired" and people.accounts.verify_password("sien", "te laat gekozen") is None


def test_unknown_and_crafted_tokens_open_nothing(people):
    token = people.invitations.issue("sien", "invite")
    for crafted in ("", "x", token[:-1], token + "A", token.upper(), hashlib.sha256(token.encode()).hexdigest()):
        with pytest.raises(LinkError) as unknown:
            people.invitations.redeem(crafted, "een wachtwoord van mij")
        assert unknown.value.reason == "unknown", crafted


def test_a_new_link_ends_the_older_one(people):
    first = people.invitations.issue("sien", "invite")
    second = people.invitations.issue("sien", "reset")
    with pytest.raises(LinkError):
        people.invitations.find(first)
    assert people.invitations.find(second).purpose == "reset"


def test_a_reset_ends_the_old_password_sessions_and_tokens_at_once(people):
    sien = people.accounts.user("sien")
    session_id, _ = people.accounts.create_session(sien)
    api_token = people.accounts.create_token("sien")
    token = people.invitations.issue("sien", "reset")
    assert people.accounts.verify_password("sien", "een goed wachtwoord") is None
    assert people.accounts.session(session_id) is None and people.accounts.user_for_token(api_token) is None
    assert people.accounts.verify_password("karim", "nog een wachtwoord") is not None   # nobody else's
    people.invitations.redeem(token, "weer een wachtwoord")
    assert people.accounts.verify_password("sien", "weer een wachtwoord") is not None


def test_deleting_the_user_deletes_their_links(people):
    token = people.invitations.issue("sien", "invite")
    people.accounts.delete_user("sien")
    with pytest.raises(LinkError):
        people.invitations.find(token)
    assert people.db.conn().execute("SELECT COUNT(*) FROM invitations").fetchone()[0] == 0


def test_profiles_and_labelled_tokens(people):
    set_ = people.profiles.set("sien", "  Sien   Peeters ", "LDC De Kring", "sien@kring.be", True)
    assert (set_.display_name, set_.email, set_.contact) == ("Sien Peeters", "sien@kring.be", True)
    for bad in (("a\x00b", "", None), ("x" * 201, "", None), ("Sien", "", "geen adres")):
        with pytest.raises(AccountError):
            people.profiles.set("sien", *bad, True)
    assert people.profiles.get("sien") == set_                  # a refused change changes nothing
    assert not people.profiles.set("sien", "Sien", "", "", True).contact   # no address, no consent
    token = people.accounts.create_token("sien", 30, "laptop")
    listed = people.profiles.tokens("sien")
    assert [(t.label, t.expired) for t in listed] == [("laptop", False)] and listed[0].expires_at
    later = dt.datetime.now(dt.timezone.utc) + dt.timedelta(days=31)
    assert people.profiles.tokens("sien", later)[0].expired
    karims = people.accounts.create_token("karim")
    karim_id = people.profiles.tokens("karim")[0].id
    assert not people.profiles.revoke_token("sien", karim_id)        # another user's token
    assert people.accounts.user_for_token(karims) is not None
    assert people.profiles.revoke_token("sien", listed[0].id)
    assert people.accounts.user_for_token(token) is None and people.profiles.tokens("sien") == []


@pytest.mark.parametrize("backend", ["sqlite"])  # the SQLite migration path
def test_the_schema_step_adds_the_links_table_to_an_older_data_dir(settings):
    store = open_store(settings)
    with store.db.transaction() as conn:
        conn.execute("DROP TABLE invitations")
        conn.execute("UPDATE meta SET value = ? WHERE key = 'schema_version'", (str(int(SCHEMA_VERSION) - 1),))
    store.close()
    store = open_store(settings)
    try:
        store.accounts.add_user("sien", "een goed wachtwoord")
        assert store.invitations.find(store.invitations.issue("sien", "invite")).user == "sien"
        assert store.db.get_meta("schema_version") == SCHEMA_VERSION
    finally:
        store.close()
