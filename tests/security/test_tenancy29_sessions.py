"""Tenancy round 29, item 1: logging in and out, token revocations and the audit line of an
account change are as consistent as the other writes.

Before, a login checked the password, then inserted the session in a transaction that
only asked whether an account of that name still had that number: a reset link made (or a
password set with `users passwd`) between the check and the insert let the old password
open a session all the same, and on SQLite an account deleted and made again under its
name (the newest account: it gets the old number) opened the new account with the old
password. A logout wrote its audit line by the name the request started with, before it
ended the session: an account deleted and made again meanwhile had a "uitgelogd" in its
name. A web admin's revocation of a user's API tokens took no writer lock: an admin demoted
while it waited revoked them all the same. Now the session and its "ingelogd" line are
written in one transaction while the account still has the checked password, a logout's
line is written with the end of the session it ended (none when the session had gone), and
the token revocation, its check and its audit line are one hold of the writer lock.
Runs on PostgreSQL too (PRAKTIJKGEHEUGEN_TEST_BACKEND=postgresql).
"""
from __future__ import annotations

import threading

from fastapi.testclient import TestClient
from mid_transaction import before_next_transaction
from test_tenancy28_writes import _demote
from test_write_timing import _refused, _while_waiting

from access_world import form_csrf, log_in, password


def _sessions(world, name: str) -> int:
    with world.store.db.reading() as conn:
        return conn.execute("SELECT COUNT(*) FROM web_sessions s JOIN users u ON u.id = s.user_id"
                            " WHERE u.name = ?", (name,)).fetchone()[0]


def _lines(world, action: str, actor: str | None = None) -> list[tuple]:
    return [e for e in world.store.accounts.audit_log(5000) if e[2] == action and (actor is None or e[1] == actor)]


def _log_in_while(world, monkeypatch, name: str, secret: str, change):
    """POST /inloggen as `name`; `change()` runs right after the password was checked
    (before the session is made), as another request's would."""
    verify, pending = world.store.accounts.verify_password, [change]

    def checked_then_changed(who, typed):
        user = verify(who, typed)
        if who == name and pending:
            pending.pop()()
        return user

    monkeypatch.setattr(world.store.accounts, "verify_password", checked_then_changed)
    browser = TestClient(world.app)
    browser.get("/inloggen")
    return browser, browser.post("/inloggen", data={"naam": name, "wachtwoord": secret, "terug": "/",
                                                    "csrf": form_csrf(browser, "/inloggen")}, follow_redirects=False)


def test_a_login_whose_password_was_reset_meanwhile_opens_no_session(world, monkeypatch):
    """The admin made a new-password link (which ends the old password: the account is
    locked out until its owner uses the link) while the login was between its check and
    its session."""
    before = _sessions(world, "lid-noord")
    browser, response = _log_in_while(world, monkeypatch, "lid-noord", password("lid-noord"),
                                      lambda: world.store.invitations.issue("lid-noord", "reset"))
    assert response.status_code == 401, response.text
    assert _sessions(world, "lid-noord") == 0 <= before
    assert browser.get("/api/account").status_code == 401
    assert not _lines(world, "ingelogd", "lid-noord")


def test_a_login_whose_password_the_owner_set_meanwhile_opens_no_session(world, monkeypatch):
    browser, response = _log_in_while(world, monkeypatch, "mod-oost", password("mod-oost"),
                                      lambda: world.store.accounts.set_password("mod-oost", "door de eigenaar gezet"))
    assert response.status_code == 401, response.text
    assert _sessions(world, "mod-oost") == 0
    assert browser.get("/api/groep/namen", params={"groep": "PG Oost"}).status_code == 401
    assert not _lines(world, "ingelogd", "mod-oost")


def test_a_login_of_an_account_deleted_and_made_again_meanwhile_opens_no_session(world, monkeypatch):
    """The newest account: on SQLite the new account of its name gets its number too, so
    the name and the number matched, and the old password opened the new account (a
    moderator of PG Noord)."""
    world.store.accounts.add_user("vertrekker", password("vertrekker"))
    number = world.store.accounts.user("vertrekker").id

    def replace():
        world.store.accounts.delete_user("vertrekker")
        world.store.accounts.add_user("vertrekker", "het wachtwoord van de nieuwe")
        world.store.accounts.grant("vertrekker", "PG Noord", "moderator")

    browser, response = _log_in_while(world, monkeypatch, "vertrekker", password("vertrekker"), replace)
    if not world.store.settings.database_url:
        assert world.store.accounts.user("vertrekker").id == number   # the case this test is about
    assert response.status_code == 401, response.text
    assert _sessions(world, "vertrekker") == 0
    assert browser.get("/api/groep/namen", params={"groep": "PG Noord"}).status_code == 401
    assert not _lines(world, "ingelogd", "vertrekker")
    # the new account's own password still opens it, and writes its line
    assert log_in(world.app, "vertrekker", "het wachtwoord van de nieuwe").get("/api/account").status_code == 200
    assert len(_lines(world, "ingelogd", "vertrekker")) == 1


def test_a_login_still_works_and_writes_one_line(world):
    """The control: nothing changed between the check and the session."""
    browser = log_in(world.app, "lid-noord")
    assert browser.get("/api/account").status_code == 200
    assert [e[1:] for e in _lines(world, "ingelogd", "lid-noord")] == [("lid-noord", "ingelogd", None)]


def test_a_logout_racing_the_accounts_deletion_writes_nothing_in_the_name_of_its_successor(world):
    world.store.accounts.add_user("vertrekker", password("vertrekker"))
    browser = log_in(world.app, "vertrekker")
    csrf = form_csrf(browser, "/account")

    def replace():
        world.store.accounts.delete_user("vertrekker")
        world.store.accounts.add_user("vertrekker", "het wachtwoord van de nieuwe")

    with before_next_transaction(world.store.db, replace):
        response = browser.post("/uitloggen", data={"csrf": csrf}, follow_redirects=False)
    assert response.status_code == 303, response.text   # no error: there was nothing left to end
    assert not _lines(world, "uitgelogd", "vertrekker")   # the new account never logged out
    assert _sessions(world, "vertrekker") == 0
    assert browser.get("/api/account").status_code == 401


def test_a_logout_ends_the_session_and_writes_one_line(world):
    browser = log_in(world.app, "mod-zuid")
    response = browser.post("/uitloggen", data={"csrf": form_csrf(browser, "/account")}, follow_redirects=False)
    assert response.status_code == 303
    assert [e[1:3] for e in _lines(world, "uitgelogd")] == [("mod-zuid", "uitgelogd")]
    assert _sessions(world, "mod-zuid") == 0
    assert browser.get("/api/account").status_code == 401


def test_a_crafted_or_stolen_looking_session_cookie_logs_nobody_out(world):
    """A cookie that is no session (random, or the stored hash of a real one) ends nothing
    and writes no line."""
    victim = log_in(world.app, "lid-noord")
    with world.store.db.reading() as conn:
        stored = conn.execute("SELECT s.id_hash FROM web_sessions s JOIN users u ON u.id = s.user_id"
                              " WHERE u.name = ?", ("lid-noord",)).fetchone()[0]
    for cookie in (stored, "x" * 43, ""):
        attacker = TestClient(world.app)
        attacker.get("/inloggen")
        attacker.cookies.set("praktijkgeheugen_sessie", cookie)
        answer = attacker.post("/uitloggen", data={"csrf": form_csrf(attacker, "/inloggen")}, follow_redirects=False)
        assert answer.status_code in (303, 403), (cookie, answer.status_code)
    assert victim.get("/api/account").status_code == 200
    assert not _lines(world, "uitgelogd")


# --- a web admin's revocation of a user's API tokens ------------------------------------

def _revoke_tokens(admin, csrf: str, name: str):
    return admin.post("/beheer/gebruiker/tokens-intrekken", data={"csrf": csrf, "naam": name}, follow_redirects=False)


def test_a_token_revocation_by_an_admin_demoted_meanwhile_revokes_nothing(world, monkeypatch):
    world.store.accounts.create_token("mod-zuid", label="script")
    admin = world.client("beheerder")
    csrf = form_csrf(admin, "/beheer")
    response = _while_waiting(world, monkeypatch, lambda: _revoke_tokens(admin, csrf, "mod-zuid"), _demote(world))
    _refused(response)
    assert [t.label for t in world.store.profiles.tokens("mod-zuid")] == ["script"]
    assert not _lines(world, "API-tokens ingetrokken: 1")


def test_a_token_revocation_racing_the_accounts_deletion_fails_cleanly_and_leaves_no_rows(world, monkeypatch):
    world.store.accounts.create_token("mod-zuid", label="script")
    number = world.store.accounts.user("mod-zuid").id
    admin = world.client("beheerder")
    csrf = form_csrf(admin, "/beheer")
    response = _while_waiting(world, monkeypatch, lambda: _revoke_tokens(admin, csrf, "mod-zuid"),
                              lambda: world.store.accounts.delete_user("mod-zuid"))
    assert response.status_code == 404, response.text   # the account is gone: said, not a 500
    with world.store.db.reading() as conn:
        assert conn.execute("SELECT COUNT(*) FROM api_tokens WHERE user_id = ?", (number,)).fetchone()[0] == 0
    assert not [e for e in world.store.accounts.audit_log() if e[2].startswith("API-tokens ingetrokken")]


def test_a_token_revocation_still_works_and_is_logged_with_it(world):
    world.store.accounts.create_token("mod-zuid", label="script")
    admin = world.client("beheerder")
    assert _revoke_tokens(admin, form_csrf(admin, "/beheer"), "mod-zuid").status_code == 303
    assert world.store.profiles.tokens("mod-zuid") == []
    assert [e[1:] for e in _lines(world, "API-tokens ingetrokken: 1")] == [
        ("beheerder", "API-tokens ingetrokken: 1", "mod-zuid")]


def test_others_and_crafted_names_revoke_and_unlock_nothing(world):
    """A moderator of another group, a member, an account without a role: 403; an admin's
    crafted names: 404. No token ends, no line is written."""
    world.store.accounts.create_token("mod-zuid", label="script")
    before = len(world.store.accounts.audit_log(5000))
    for name in ("mod-oost", "lid-noord", "nieuw", "onderzoeker"):
        client = world.client(name)
        csrf = form_csrf(client, "/account")
        assert _revoke_tokens(client, csrf, "mod-zuid").status_code == 403, name
        assert client.post("/beheer/gebruiker/ontgrendelen", data={"csrf": csrf, "naam": "mod-zuid"},
                           follow_redirects=False).status_code == 403, name
    admin = world.client("beheerder")
    csrf = form_csrf(admin, "/beheer")
    for crafted in ("mod-zuid\x00", " mod-zuid", "MOD-ZUID", "mod-zuid/../mod-oost", "1", "%", "mod-zui_"):
        assert _revoke_tokens(admin, csrf, crafted).status_code in (404, 422), crafted
    assert [t.label for t in world.store.profiles.tokens("mod-zuid")] == ["script"]
    added = world.store.accounts.audit_log(5000)[: len(world.store.accounts.audit_log(5000)) - before]
    assert not [e for e in added if e[2] != "ingelogd"], added


# --- item 3: a role's revocation waits behind an upload (documented in docs/operations.md) ---

def test_a_revocation_behind_a_writer_that_outlasts_the_wait_changes_nothing_and_says_so(world, monkeypatch):
    """What docs/operations.md ("A revocation waits for the upload") says: the revocation waits
    for the writer lock; when the lock does not come free within the wait (600 s; shortened
    here) the answer is 503 and nothing is revoked or logged; asked again once the writer
    is done, it is made. The test holds the lock as a long upload would."""
    hold = world.store.lock.hold
    monkeypatch.setattr(world.store.lock, "hold", lambda timeout: hold(0.2))
    admin = world.client("beheerder")
    csrf = form_csrf(admin, "/beheer")

    def revoke():
        return admin.post("/beheer/gebruiker/rol-intrekken", data={"csrf": csrf, "naam": "mod-zuid",
                                                                   "groep": "Wijkteam Zuid"}, follow_redirects=False)

    answer: list = []
    with world.store.writer():   # "the upload"
        thread = threading.Thread(target=lambda: answer.append(revoke()))
        thread.start()
        thread.join(120)
    assert answer and answer[0].status_code == 503, answer and answer[0].text
    assert world.store.accounts.user("mod-zuid").roles == {"Wijkteam Zuid": "moderator"}
    assert not [e for e in world.store.accounts.audit_log() if e[2].startswith("rol ingetrokken")]
    assert revoke().status_code == 303   # the writer is done: asked again, it is made
    assert world.store.accounts.user("mod-zuid").roles == {}
