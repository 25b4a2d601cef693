"""Item 8: login limiting that holds. Attempts are counted before the password is
checked, per (name, address), per name and per address; colleagues behind one
office address do not lock each other out; an admin can unlock. Time is a fake
clock wherever a window matters, so nothing depends on how fast the machine is."""
from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

from fastapi.testclient import TestClient

from access_world import form_csrf, password
from web import auth

OFFICE = ("192.0.2.10", 50000)


def _login(app, name: str, secret: str, address=OFFICE) -> int:
    client = TestClient(app, client=address)
    client.get("/inloggen")
    return client.post("/inloggen", data={"naam": name, "wachtwoord": secret, "terug": "/",
                                          "csrf": form_csrf(client, "/inloggen")}, follow_redirects=False).status_code


def _count_checks(world, monkeypatch) -> list[str]:
    checked, verify = [], world.store.accounts.verify_password
    monkeypatch.setattr(world.store.accounts, "verify_password", lambda n, p: checked.append(n) or verify(n, p))
    return checked


def _fake_clock(world) -> list[float]:
    now = [1_000_000.0]
    world.app.state.login_limiter = auth.LoginLimiter(world.store.logins, clock=lambda: now[0])
    return now


def test_sixty_parallel_logins_get_five_password_checks(world, monkeypatch):
    now = _fake_clock(world)
    checked = _count_checks(world, monkeypatch)
    with ThreadPoolExecutor(max_workers=12) as pool:
        codes = list(pool.map(lambda _: _login(world.app, "lid-noord", "geraden wachtwoord"), range(60)))
    assert len(checked) == auth.PAIR_FAILURES
    assert sorted(codes) == [401] * auth.PAIR_FAILURES + [429] * (60 - auth.PAIR_FAILURES)
    assert _login(world.app, "lid-noord", password("lid-noord")) == 429   # even the right one, for a while
    now[0] += auth.FAILURE_WINDOW + 1
    assert _login(world.app, "lid-noord", password("lid-noord")) == 303


def test_colleagues_behind_one_address_do_not_lock_each_other_out(world):
    _fake_clock(world)
    for _ in range(auth.PAIR_FAILURES):
        assert _login(world.app, "mod-oost", "een tikfout hier") == 401
        assert _login(world.app, "niet-bestaand", "wat dan ook") == 401
    assert _login(world.app, "mod-oost", password("mod-oost")) == 429
    assert _login(world.app, "mod-zuid", password("mod-zuid")) == 303


def test_one_name_from_many_addresses_and_many_names_from_one_are_limited(world, monkeypatch):
    _fake_clock(world)
    checked = _count_checks(world, monkeypatch)
    codes = [_login(world.app, "lid-noord", "fout", (f"198.51.100.{i}", 1)) for i in range(auth.NAME_FAILURES + 5)]
    assert codes.count(401) == auth.NAME_FAILURES and len(checked) == auth.NAME_FAILURES
    sprayer = ("203.0.113.7", 1)
    codes = [_login(world.app, f"naam-{i}", "fout", sprayer) for i in range(auth.ADDRESS_FAILURES + 5)]
    assert codes.count(401) == auth.ADDRESS_FAILURES and codes[-1] == 429


def test_an_admin_unlocks_a_locked_user(world, cli):
    for _ in range(auth.PAIR_FAILURES):
        assert _login(world.app, "mod-zuid", "vergeten wachtwoord") == 401
    assert _login(world.app, "mod-zuid", password("mod-zuid")) == 429
    code, out, err = cli("users", "unlock", "mod-zuid")
    assert code == 0 and "mod-zuid" in out, err
    assert _login(world.app, "mod-zuid", password("mod-zuid")) == 303
    assert cli("users", "unlock", "niemand")[0] != 0


def test_an_unlock_lets_a_user_in_after_someone_at_her_office_tried_many_names(world, cli):
    """One colleague (or one infected office PC) failing with many names reaches the
    address limit and used to keep everyone behind that address out for the whole
    window: `users unlock NAME` forgave the name but not the address, so the admin could
    not let a colleague in. An unlocked name now gets its pair limit back from there.
    (The real clock: an unlock is stamped with it; the window is 15 minutes.)"""
    for i in range(auth.ADDRESS_FAILURES):
        assert _login(world.app, f"naam-{i}", "fout") == 401
    assert _login(world.app, "mod-zuid", password("mod-zuid")) == 429
    assert cli("users", "unlock", "mod-zuid")[0] == 0
    assert _login(world.app, "mod-zuid", password("mod-zuid")) == 303
    assert _login(world.app, "naam-x", "fout") == 429             # the address stays limited for others
    for _ in range(auth.PAIR_FAILURES):
        # a wrong password of the unlocked name gets the same answer as an unknown name:
        # 401 here told whoever tries from that address that the name is an account
        assert _login(world.app, "mod-zuid", "fout") == 429
    assert _login(world.app, "mod-zuid", password("mod-zuid")) == 429   # and the unlocked name keeps its pair limit


def _browser(app, address=OFFICE) -> TestClient:
    """One browser: it keeps its cookies (the device token among them) between logins."""
    return TestClient(app, client=address)


def _login_in(browser: TestClient, name: str, secret: str) -> int:
    browser.cookies.delete(auth.SESSION_COOKIE)
    browser.get("/inloggen")
    return browser.post("/inloggen", data={"naam": name, "wachtwoord": secret, "terug": "/",
                                           "csrf": form_csrf(browser, "/inloggen")}, follow_redirects=False).status_code


def test_a_colleague_behind_the_office_address_cannot_lock_a_user_out_of_her_own_browser(world):
    """Five wrong passwords typed for mod-oost at the office (a colleague's typo, or on
    purpose) lock the name from that address; mod-oost's own browser, which logged in as
    her before, is counted apart and still gets in. A browser that never did stays locked."""
    _fake_clock(world)
    own = _browser(world.app)
    assert _login_in(own, "mod-oost", password("mod-oost")) == 303
    assert auth.DEVICE_COOKIE in own.cookies and "mod-oost" not in own.cookies[auth.DEVICE_COOKIE]
    for _ in range(auth.PAIR_FAILURES):
        assert _login(world.app, "mod-oost", "expres fout") == 401
    assert _login(world.app, "mod-oost", password("mod-oost")) == 429
    assert _login_in(own, "mod-oost", password("mod-oost")) == 303


def test_fifty_names_tried_at_the_office_do_not_lock_out_a_known_browser(world):
    _fake_clock(world)
    own = _browser(world.app)
    assert _login_in(own, "mod-zuid", password("mod-zuid")) == 303
    for i in range(auth.ADDRESS_FAILURES):
        assert _login(world.app, f"naam-{i}", "fout") == 401
    assert _login(world.app, "mod-oost", password("mod-oost")) == 429   # a browser unknown for the name
    assert _login_in(own, "mod-zuid", password("mod-zuid")) == 303
    # the token is for the name it was given for: the same browser, another name, stays locked
    assert _login_in(own, "mod-oost", password("mod-oost")) == 429


def test_a_device_token_still_gets_only_five_guesses_and_a_forged_one_nothing(world):
    _fake_clock(world)
    own = _browser(world.app)
    assert _login_in(own, "lid-noord", password("lid-noord")) == 303
    codes = [_login_in(own, "lid-noord", "geraden") for _ in range(auth.PAIR_FAILURES + 2)]
    assert codes == [401] * auth.PAIR_FAILURES + [429, 429]
    assert _login_in(own, "lid-noord", password("lid-noord")) == 429
    for _ in range(auth.PAIR_FAILURES):
        assert _login(world.app, "mod-zuid", "fout") == 401
    forged = _browser(world.app)
    token = own.cookies[auth.DEVICE_COOKIE]
    forged.cookies.set(auth.DEVICE_COOKIE, token.split(".")[0] + "." + "0" * 32)
    assert _login_in(forged, "mod-zuid", password("mod-zuid")) == 429
    forged.cookies.set(auth.DEVICE_COOKIE, token)   # lid-noord's token: not mod-zuid's
    assert _login_in(forged, "mod-zuid", password("mod-zuid")) == 429


def test_a_shared_computer_is_trusted_for_the_last_few_names_that_logged_in(world):
    _fake_clock(world)
    shared = _browser(world.app)
    for name in ("mod-oost", "mod-zuid", "lid-noord"):
        assert _login_in(shared, name, password(name)) == 303
    tokens = shared.cookies[auth.DEVICE_COOKIE].split("~")
    assert len(tokens) == 3 and all(world.store.logins.trusted_device(n, shared.cookies[auth.DEVICE_COOKIE])
                                    for n in ("mod-oost", "mod-zuid", "lid-noord"))
    assert _login_in(shared, "mod-oost", password("mod-oost")) == 303
    assert len(shared.cookies[auth.DEVICE_COOKIE].split("~")) == 3   # its own older token replaced
