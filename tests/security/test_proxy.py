"""Behind a reverse proxy (issue #17): the login limiter and the audit log see the
client's address that a *trusted* proxy forwards, and nobody else can claim one.
Attacks: a client that sends X-Forwarded-For itself (directly, or from an address
next to the proxy's) to escape a lock-out or to put another address in the audit
log; a forged X-Forwarded-Proto to get cookies without Secure. Time is a fake
clock wherever a window matters."""
from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from access_world import form_csrf, password
from fakes import FakeEmbedder
from web import auth
from web.app import create_app
from web.proxy import ProxyConfigError, ProxySettings, parse_root_path, parse_trusted
from web.runtime import Runtime

PROXY = "10.0.0.5"                 # the reverse proxy, as the app sees its connections
ATTACKER = ("203.0.113.66", 40000)  # a client that reaches the app directly


def _app(world, trusted=(PROXY,), root_path=""):
    app = create_app(Runtime(world.store.settings, store=world.store, embedder=FakeEmbedder()), warm_up=False,
                     proxy=ProxySettings(parse_trusted(list(trusted)), root_path))
    now = [1_000_000.0]
    app.state.login_limiter = auth.LoginLimiter(world.store.logins, clock=lambda: now[0])
    return app


def _login(app, name: str, secret: str, peer: tuple[str, int], headers: dict | None = None, base="/"):
    """Log in through the form; `base` is the path prefix, or a whole URL (https: the
    browser then sends the Secure cookies back)."""
    client = TestClient(app, client=peer, headers=headers or {},
                        base_url=base if base.startswith("https") else "http://testserver")
    base = "/" if base.startswith("https") else base
    client.get(f"{base}inloggen")
    return client.post(f"{base}inloggen", data={"naam": name, "wachtwoord": secret, "terug": "/",
                                                "csrf": form_csrf(client, f"{base}inloggen")},
                       follow_redirects=False)


def _forwarded(address: str, proto: str = "http") -> dict:
    return {"X-Forwarded-For": address, "X-Forwarded-Proto": proto}


def test_the_limiter_and_the_audit_log_see_the_forwarded_client(world):
    app = _app(world)
    for _ in range(auth.PAIR_FAILURES):
        assert _login(app, "mod-zuid", "fout", (PROXY, 1), _forwarded("198.51.100.7")).status_code == 401
    # the same person from that address is locked out; a colleague behind the same proxy is not
    assert _login(app, "mod-zuid", password("mod-zuid"), (PROXY, 1), _forwarded("198.51.100.7")).status_code == 429
    ok = _login(app, "mod-zuid", password("mod-zuid"), (PROXY, 2), _forwarded("198.51.100.8"))
    assert ok.status_code == 303
    at, actor, action, target, address = world.store.accounts.audit_log(1, addresses=True)[0]
    assert (actor, action, address) == ("mod-zuid", "ingelogd", "198.51.100.8")
    TestClient(app, client=(PROXY, 3), headers=_forwarded("198.51.100.8"), cookies=ok.cookies).get("/documenten/zuid/dicht.md")
    assert world.store.accounts.audit_log(1, addresses=True)[0][2:] == ("bekeken", "zuid/dicht.md", "198.51.100.8")


def test_a_forwarded_header_from_an_untrusted_address_is_ignored(world):
    app = _app(world)
    for attempt in range(auth.PAIR_FAILURES):
        # a new made-up address each time: were it believed, the pair limit would never be reached
        response = _login(app, "mod-zuid", "fout", ATTACKER, _forwarded(f"192.0.2.{attempt}"))
        assert response.status_code == 401
    assert _login(app, "mod-zuid", "fout", ATTACKER, _forwarded("192.0.2.200")).status_code == 429
    assert _login(app, "mod-oost", password("mod-oost"), ATTACKER, _forwarded("192.0.2.201")).status_code == 303
    assert world.store.accounts.audit_log(1, addresses=True)[0][4] == ATTACKER[0]


def test_a_client_cannot_hide_behind_a_trusted_address_it_prepends(world):
    """X-Forwarded-For is read from the right: the proxy appends the address it saw,
    so what the client wrote to the left of it does not count."""
    app = _app(world)
    _login(app, "mod-oost", password("mod-oost"), (PROXY, 1), _forwarded(f"{PROXY}, 198.51.100.9"))
    assert world.store.accounts.audit_log(1, addresses=True)[0][4] == "198.51.100.9"


def test_nothing_is_trusted_by_default(world):
    """Without --trusted-proxies even a loopback peer (a local user) cannot pick an address."""
    app = _app(world, trusted=())
    _login(app, "mod-oost", password("mod-oost"), ("127.0.0.1", 5), _forwarded("198.51.100.10"))
    assert world.store.accounts.audit_log(1, addresses=True)[0][4] == "127.0.0.1"


def test_cookies_are_secure_behind_https_and_only_when_the_proxy_says_so(world):
    app = _app(world)
    behind_https = TestClient(app, client=(PROXY, 1), headers=_forwarded("198.51.100.11", "https")).get("/inloggen")
    assert "secure" in behind_https.headers["set-cookie"].lower()
    forged = TestClient(app, client=ATTACKER, headers=_forwarded("198.51.100.11", "https")).get("/inloggen")
    assert "secure" not in forged.headers["set-cookie"].lower()
    session = _login(app, "mod-oost", password("mod-oost"), (PROXY, 1), _forwarded("198.51.100.11", "https"),
                     base="https://testserver/")
    assert session.status_code == 303 and "secure" in session.headers["set-cookie"].lower()


@pytest.mark.parametrize("prefix", ["/pg/", "/"])
def test_under_a_root_path_links_and_redirects_keep_the_prefix(world, prefix):
    """A proxy may pass the prefix on (/pg/...) or strip it (/...): both work, and what
    the browser gets back points under /pg."""
    app = _app(world, root_path=parse_root_path("/pg/"))
    anonymous = TestClient(app).get(f"{prefix}bladeren", follow_redirects=False)
    assert anonymous.status_code == 303 and anonymous.headers["location"].startswith("/pg/inloggen?terug=%2Fbladeren")
    response = _login(app, "mod-oost", password("mod-oost"), (PROXY, 1), base=prefix)
    assert response.status_code == 303 and response.headers["location"] == "/pg/"
    page = TestClient(app, cookies=response.cookies).get(f"{prefix}bladeren")
    assert page.status_code == 200
    assert 'href="/pg/static/' in page.text and 'action="/pg/uitloggen"' in page.text
    assert 'href="/static/' not in page.text and 'action="/uitloggen"' not in page.text


@pytest.mark.parametrize("value", ["localhost", "10.0.0.0/33", "*", "10.0.0.1;rm"])
def test_a_trusted_proxy_must_be_an_address_or_network(value):
    with pytest.raises(ProxyConfigError, match="not an IP address"):
        parse_trusted([value])


def test_trusted_proxies_accept_lists_and_networks():
    assert parse_trusted(["127.0.0.1, ::1", "10.0.0.0/24"]) == ("127.0.0.1/32", "::1/128", "10.0.0.0/24")
    with pytest.raises(ProxyConfigError):
        parse_root_path("pg")
