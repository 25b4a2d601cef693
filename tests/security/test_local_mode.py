"""Item 7: local mode is decided when the server starts, never entered while it
runs. Deleting every account of a running server (with the CLI, as an admin
would) must not open it: every page and API call still needs a login."""
from __future__ import annotations

from fastapi.testclient import TestClient

from access_world import USERS, app_for
from fakes import FakeEmbedder
from store import Settings, open_store

PATHS = ["/", "/beheer", "/beheer/audit", "/api/documents", "/api/search?q=zandloper", "/bladeren",
         "/documenten/zuid/open.md", "/upload", "/themas"]


def _closed(client: TestClient) -> list[str]:
    """Paths that answered anything but a login demand."""
    opened = []
    for path in PATHS:
        response = client.get(path, follow_redirects=False, headers={"host": "127.0.0.1"})
        wants_login = response.status_code == 401 or (
            response.status_code == 303 and response.headers["location"].startswith("/inloggen"))
        if not wants_login or "Lokale modus" in response.text or "dotterbloem" in response.text:
            opened.append(f"{path}: {response.status_code}")
    return opened


def test_deleting_the_last_account_does_not_open_the_server(world, cli):
    anonymous = TestClient(world.app, base_url="http://127.0.0.1")
    assert _closed(anonymous) == []
    for name in USERS:
        code, _, err = cli("users", "delete", name)
        assert code == 0, err
    assert not world.store.accounts.has_users()
    assert _closed(anonymous) == []
    assert anonymous.post("/upload", headers={"host": "127.0.0.1"}, follow_redirects=False).status_code in (303, 401, 403)


def test_a_local_server_leaves_local_mode_once_an_account_exists(tmp_path):
    """The other direction only closes: local at start, accounts later, login from then on."""
    store = open_store(Settings(data_dir=tmp_path / "data", model=FakeEmbedder.name))
    try:
        client = TestClient(app_for(store, FakeEmbedder()), base_url="http://127.0.0.1")
        assert client.get("/beheer").status_code == 200   # local mode: the single user may
        store.accounts.add_user("els", "een lang wachtwoord")
        assert _closed(client) == []
        store.accounts.delete_user("els")
        assert _closed(client) == []
    finally:
        store.close()


LOOPBACK = ("127.0.0.1", "localhost", "::1")   # what `serve` sets as app.state.local_hosts
OUTSIDE = "203.0.113.9"


def test_local_mode_serves_only_the_machine_itself_never_through_a_proxy(tmp_path):
    """A server without accounts on 127.0.0.1 behind a reverse proxy on the same machine:
    the proxy connects over loopback and may forward `Host: 127.0.0.1`, so the host name
    alone opened everything to whoever reached the proxy. A request that carries a proxy's
    header, or comes from another address, now gets a page saying what to do; a browser
    on the machine itself still works."""
    store = open_store(Settings(data_dir=tmp_path / "data", model=FakeEmbedder.name))
    try:
        app = app_for(store, FakeEmbedder())
        app.state.local_hosts = LOOPBACK
        at_the_machine = TestClient(app, base_url="http://127.0.0.1:8000", client=("127.0.0.1", 50000))
        assert at_the_machine.get("/beheer").status_code == 200
        assert at_the_machine.get("/api/documents").status_code == 200
        for header in ({"x-forwarded-for": OUTSIDE}, {"x-real-ip": OUTSIDE}, {"forwarded": f"for={OUTSIDE}"},
                       {"x-forwarded-host": "kennis.example.nl"}, {"via": "1.1 proxy"}):
            page = at_the_machine.get("/beheer", headers={"host": "127.0.0.1", **header})
            assert page.status_code == 403 and "geen accounts" in page.text and "users add" in page.text, header
            api = at_the_machine.get("/api/documents", headers=header)
            assert api.status_code == 403 and "geen accounts" in api.json()["detail"], header
        for peer in (OUTSIDE, "192.168.1.20", "testclient"):
            remote = TestClient(app, base_url="http://127.0.0.1:8000", client=(peer, 50000))
            assert remote.get("/beheer").status_code == 403, peer
        ipv6 = TestClient(app, base_url="http://[::1]:8000", client=("::1", 50000))
        assert ipv6.get("/beheer").status_code == 200
    finally:
        store.close()


def test_nginx_default_upstream_protocol_is_not_local():
    """nginx speaks HTTP/1.0 to its upstream unless told otherwise, with no forwarding
    header at all in a bare `proxy_pass`; browsers use HTTP/1.1 or newer."""
    from types import SimpleNamespace

    from starlette.requests import Request

    from web.auth import _from_this_machine

    app = SimpleNamespace(state=SimpleNamespace(local_hosts=LOOPBACK))

    def request(version: str) -> Request:
        return Request({"type": "http", "http_version": version, "method": "GET", "path": "/", "app": app,
                        "headers": [(b"host", b"127.0.0.1:8000")], "client": ("127.0.0.1", 40000)})
    assert _from_this_machine(request("1.1")) and _from_this_machine(request("2"))
    assert not _from_this_machine(request("1.0"))
