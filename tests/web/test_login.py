"""Logging in and out, sessions, login limits, local mode and `serve`'s refusal
to listen beyond this computer without accounts."""
from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from access_world import app_for, form_csrf, log_in
from probes import traces
from web.auth import PAIR_FAILURES, SESSION_COOKIE

PASSWORD = "een lang wachtwoord"


@pytest.fixture
def app(store, fake_embedder):
    store.accounts.add_community("PG Noord", "closed")
    store.accounts.add_user("an", PASSWORD)
    store.accounts.grant("an", "PG Noord", "lid")
    return app_for(store, fake_embedder)


def _login(client: TestClient, name: str = "an", secret: str = PASSWORD, terug: str = "/", csrf: str | None = None):
    csrf = csrf if csrf is not None else form_csrf(client, "/inloggen")
    return client.post("/inloggen", data={"naam": name, "wachtwoord": secret, "terug": terug, "csrf": csrf},
                       follow_redirects=False)


def test_pages_send_visitors_to_the_login_page_and_the_api_answers_401(app):
    client = TestClient(app)
    page = client.get("/bladeren?x=1", follow_redirects=False)
    assert page.status_code == 303 and page.headers["location"] == "/inloggen?terug=%2Fbladeren%3Fx%3D1"
    api = client.get("/api/search?q=zorg")
    assert api.status_code == 401 and api.headers["www-authenticate"] == "Bearer"
    assert "Inloggen vereist" in api.json()["detail"]
    assert client.get("/static/style.css").status_code == 200
    login = client.get("/inloggen")
    assert login.status_code == 200 and "Gebruikersnaam" in login.text and "Wachtwoord" in login.text


def test_login_sets_a_safe_session_cookie_and_goes_back(app):
    client = TestClient(app)
    response = _login(client, terug="/bladeren")
    assert response.status_code == 303 and response.headers["location"] == "/bladeren"
    cookie = next(c for c in response.headers.get_list("set-cookie") if c.startswith(SESSION_COOKIE))
    assert "HttpOnly" in cookie and "SameSite=lax" in cookie and "Max-Age" in cookie
    page = client.get("/bladeren")
    assert page.status_code == 200 and "Ingelogd als an" in page.text and "Lokale modus" not in page.text


def test_wrong_password_is_refused_in_dutch_without_saying_which_part_was_wrong(app):
    client = TestClient(app)
    wrong, unknown = _login(client, secret="verkeerd wachtwoord"), _login(client, name="niemand")
    assert wrong.status_code == unknown.status_code == 401
    assert "Onbekende gebruikersnaam of verkeerd wachtwoord" in wrong.text
    assert SESSION_COOKIE not in client.cookies


def test_login_is_rate_limited(app):
    client = TestClient(app)
    for _ in range(PAIR_FAILURES):
        assert _login(client, secret="nog eens fout").status_code == 401
    blocked = _login(client)  # even the right password, for a while
    assert blocked.status_code == 429 and "Te veel mislukte pogingen" in blocked.text
    assert SESSION_COOKIE not in client.cookies


def test_no_open_redirect_after_login(app):
    for target in ("https://elders.example/", "//elders.example/", "/\\elders.example"):
        assert _login(TestClient(app), terug=target).headers["location"] == "/"


def test_a_planted_session_cookie_is_not_adopted(app):
    """Session fixation: whatever id the browser brings, login issues a new one."""
    client = TestClient(app, cookies={SESSION_COOKIE: "door-de-aanvaller-gekozen"})
    issued = _login(client).cookies[SESSION_COOKIE]
    assert issued and issued != "door-de-aanvaller-gekozen"
    assert TestClient(app, cookies={SESSION_COOKIE: issued}).get("/api/documents").status_code == 200
    attacker = TestClient(app, cookies={SESSION_COOKIE: "door-de-aanvaller-gekozen"})
    assert attacker.get("/api/documents").status_code == 401


def test_a_known_session_id_is_replaced_and_ended_at_login(app):
    """An attacker who plants their own valid session id gains nothing either."""
    planted = log_in(app, "an", PASSWORD).cookies[SESSION_COOKIE]
    victim = TestClient(app, cookies={SESSION_COOKIE: planted})
    issued = _login(victim, csrf=form_csrf(victim, "/pakket")).cookies[SESSION_COOKIE]
    assert issued and issued != planted
    assert TestClient(app, cookies={SESSION_COOKIE: planted}).get("/api/documents").status_code == 401


def test_logout_ends_the_session_and_needs_the_csrf_token(app):
    client = log_in(app, "an", PASSWORD)
    session = client.cookies[SESSION_COOKIE]
    assert client.post("/uitloggen", data={"csrf": "fout"}).status_code == 403
    assert client.get("/api/documents").status_code == 200
    response = client.post("/uitloggen", data={"csrf": form_csrf(client)}, follow_redirects=False)
    assert response.status_code == 303 and response.headers["location"] == "/inloggen"
    assert TestClient(app, cookies={SESSION_COOKIE: session}).get("/api/documents").status_code == 401


def test_bearer_token_works_for_the_api(app):
    token = app.state.runtime.store.accounts.create_token("an")
    api = TestClient(app, headers={"Authorization": f"Bearer {token}"})
    assert api.get("/api/documents").status_code == 200
    assert TestClient(app, headers={"Authorization": "Bearer pg_geraden"}).get("/api/documents").status_code == 401


def test_local_mode_says_so_on_every_page(filled_client):
    for url in ("/", "/bladeren", "/pakket", "/upload", "/beheer", "/bestaat-niet"):
        assert "Lokale modus" in filled_client.get(url).text, url


@pytest.fixture
def served(monkeypatch) -> list[str]:
    """The hosts `praktijkgeheugen serve` would have served on (uvicorn is not started)."""
    hosts: list[str] = []
    monkeypatch.setattr("uvicorn.run", lambda app, host, port, **options: hosts.append(host))
    return hosts


def test_serve_refuses_other_hosts_without_accounts(cli, served, store):
    code, _, err = cli("serve", "--host", "0.0.0.0")
    assert code == 2 and "without accounts" in err and served == []
    assert cli("serve")[0] == 0 and served == ["127.0.0.1"]
    store.accounts.add_user("beheer", PASSWORD, admin=True)
    assert cli("serve", "--host", "0.0.0.0")[0] == 0 and served[-1] == "0.0.0.0"


def test_a_new_login_starts_with_an_empty_pack(app):
    """The pack belongs to the browser; the next person to log in there starts afresh."""
    from web import packs

    client = log_in(app, "an", PASSWORD)
    client.cookies.set(packs.COOKIE, "0" * 32)
    response = _login(client, csrf=form_csrf(client))
    assert f'{packs.COOKIE}=""' in response.headers["set-cookie"]


def test_login_page_in_local_mode_goes_to_the_app(filled_client):
    response = filled_client.get("/inloggen?terug=/bladeren", follow_redirects=False)
    assert response.status_code == 303 and response.headers["location"] == "/bladeren"


def test_the_limiter_forgets_old_failures(store):
    from web import auth

    now = [1000.0]
    limiter = auth.LoginLimiter(store.logins, clock=lambda: now[0])
    for _ in range(PAIR_FAILURES):
        assert limiter.reserve("an", "1") is not None
    assert limiter.reserve("an", "1") is None
    assert limiter.reserve("iemand", "1") is not None and limiter.reserve("an", "2") is not None
    now[0] += auth.FAILURE_WINDOW + 1
    assert limiter.reserve("an", "1") is not None
    assert store.logins.counted() == 1   # the attempts of the window before are deleted


def test_failed_logins_are_kept_as_digests_only(store):
    """A password typed into the name field must not end up in the database."""
    from web import auth

    auth.LoginLimiter(store.logins).reserve("Geheim-Wachtwoord-123", "192.0.2.99")
    assert store.logins.counted() == 1   # the attempt is kept: the probe below reads it
    assert traces(store, [b"Geheim", b"geheim", b"192.0.2.99"]) == {}   # every row and file, either backend


def test_workers_share_the_failed_logins(settings):
    """`serve --workers N`: each worker opens the store itself; a limit reached through
    one is reached through all of them."""
    from store import open_store
    from web import auth

    first, second = open_store(settings), open_store(settings)
    try:
        limiters = [auth.LoginLimiter(first.logins), auth.LoginLimiter(second.logins)]
        for attempt in range(PAIR_FAILURES):
            assert limiters[attempt % 2].reserve("an", "192.0.2.1") is not None
        assert limiters[0].reserve("an", "192.0.2.1") is None and limiters[1].reserve("an", "192.0.2.1") is None
    finally:
        first.close()
        second.close()


def test_local_mode_answers_only_under_a_local_host_name(filled_client):
    """Against DNS rebinding: another site's name pointed at 127.0.0.1 reads nothing."""
    app = filled_client.app
    app.state.local_hosts = ("127.0.0.1", "localhost", "::1")
    at_the_machine = ("127.0.0.1", 50000)   # a served app also checks the peer address (tests/security/test_local_mode.py)
    assert TestClient(app, base_url="http://127.0.0.1:8000", client=at_the_machine).get("/api/documents").status_code == 200
    rebound = TestClient(app, base_url="http://aanval.example:8000", client=at_the_machine).get("/api/documents")
    assert rebound.status_code == 421 and "weduwnaar" not in rebound.text
