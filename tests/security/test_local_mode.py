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
