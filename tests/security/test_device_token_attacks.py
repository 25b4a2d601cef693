"""Attacks on the login device tokens (23d793a): a token must not outlive the
password it was earned with, must not serve another account whose name differs only
in case, and a malformed cookie must not make the login page fail."""
from __future__ import annotations

from fastapi.testclient import TestClient

from access_world import form_csrf, password
from web import auth

OFFICE = ("192.0.2.10", 50000)


def _fake_clock(world) -> list[float]:
    now = [1_000_000.0]
    world.app.state.login_limiter = auth.LoginLimiter(world.store.logins, clock=lambda: now[0])
    return now


def _login_in(browser: TestClient, name: str, secret: str) -> int:
    browser.cookies.delete(auth.SESSION_COOKIE)
    browser.get("/inloggen")
    return browser.post("/inloggen", data={"naam": name, "wachtwoord": secret, "terug": "/",
                                           "csrf": form_csrf(browser, "/inloggen")}, follow_redirects=False).status_code


def test_tokens_earned_before_a_password_change_give_no_guesses_after_it(world, monkeypatch):
    """Someone who once knew lid-noord's password (a shared account, a stolen note)
    logs in ten times from ten browsers and keeps the ten tokens. The user changes her
    password because of it. Each token used to get its own five guesses per window, with
    no per-name limit: fifty guesses at the new password per quarter, forever."""
    _fake_clock(world)
    kept = []
    for i in range(10):
        browser = TestClient(world.app, client=(f"198.51.100.{i}", 1))
        assert _login_in(browser, "lid-noord", password("lid-noord")) == 303
        kept.append(browser)
    world.store.accounts.set_password("lid-noord", "een heel nieuw wachtwoord 2026")
    checked, verify = [], world.store.accounts.verify_password
    with monkeypatch.context() as m:
        m.setattr(world.store.accounts, "verify_password", lambda n, p: checked.append(n) or verify(n, p))
        for browser in kept:
            for _ in range(auth.PAIR_FAILURES):
                _login_in(browser, "lid-noord", "geraden")
    assert len(checked) <= auth.NAME_FAILURES
    assert all(world.store.logins.trusted_device("lid-noord", b.cookies[auth.DEVICE_COOKIE]) is None for b in kept)


def test_a_token_for_one_account_is_no_token_for_another_named_alike(world):
    """A data dir from before names differing only in case were refused (d49175e) may hold
    "Lid-Noord" beside "lid-noord": lid-noord's own browser must not be trusted for the
    other account. (`users add` now refuses the twin, so the row is renamed in place.)"""
    _fake_clock(world)
    world.store.accounts.add_user("Lid-Noord-twee", "een ander wachtwoord 2026")
    with world.store.db.transaction() as conn:
        conn.execute("UPDATE users SET name = ? WHERE name = ?", ("Lid-Noord", "Lid-Noord-twee"))
    own = TestClient(world.app, client=OFFICE)
    assert _login_in(own, "lid-noord", password("lid-noord")) == 303
    assert world.store.logins.trusted_device("Lid-Noord", own.cookies[auth.DEVICE_COOKIE]) is None


def test_a_malformed_device_cookie_is_ignored_not_a_server_error(world):
    now = _fake_clock(world)
    for value in ("abc.\u00e9\u00e9", "\u00e9.\u00e9", "~~~", "." * 300, "x" * 3000, "a.b.c~" * 200):
        now[0] += auth.FAILURE_WINDOW + 1
        browser = TestClient(world.app, client=OFFICE, raise_server_exceptions=False)
        own = TestClient(world.app, client=OFFICE, raise_server_exceptions=False)
        assert _login_in(own, "mod-oost", password("mod-oost")) == 303   # the key exists
        browser.get("/inloggen")
        csrf = form_csrf(browser, "/inloggen")
        cookie = "; ".join(f"{k}={v}" for k, v in browser.cookies.items())
        headers = {"cookie": f"{cookie}; {auth.DEVICE_COOKIE}={value}".encode("latin-1")}
        code = browser.post("/inloggen", data={"naam": "mod-oost", "wachtwoord": "fout", "terug": "/", "csrf": csrf},
                            headers=headers, follow_redirects=False).status_code
        assert code in (401, 429), (value[:20], code)
        code = browser.post("/inloggen", data={"naam": "mod-oost", "wachtwoord": password("mod-oost"), "terug": "/",
                                               "csrf": csrf}, headers=headers, follow_redirects=False).status_code
        assert code in (303, 429), (value[:20], code)
