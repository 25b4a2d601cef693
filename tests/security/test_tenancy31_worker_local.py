"""Tenancy round 31: a worker of `serve --workers N` does not decide local mode for itself.

Local mode is decided when `serve` starts and never entered while it runs
(docs/access.md). With one worker the app is made once, at that start. With
`--workers N` every worker process made its own app and decided again whether the
store had accounts, at its own start; uvicorn starts a worker again when one dies or
fails its health check, and restarts them all on SIGHUP. A server started with
accounts whose last account was deleted (the owner recreating the admin, or deleting
a test account) opened, worker by worker, to every local user and every proxy on the
machine that relays without headers: whoever reached such a worker saw every group's
documents, closed ones included, without logging in. Now the serving command decides
once and hands its decision to the workers: a worker is local only if `serve` was. Runs
on PostgreSQL too (PRAKTIJKGEHEUGEN_TEST_BACKEND=postgresql).
"""
from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from access_world import USERS
from settings import WORKER_CONFIG

PATHS = ["/", "/api/documents", "/api/search?q=zandloper", "/documenten/noord/geheim.md", "/bladeren"]
THIS_MACHINE = ("127.0.0.1", 50000)   # a browser on the server itself: what local mode serves


@pytest.fixture
def served(monkeypatch, cli):
    """`serve --workers 2` as the command runs it, up to uvicorn (which is not started):
    returns a function that makes one worker's app as uvicorn would, at any later time."""
    import uvicorn

    monkeypatch.setenv(WORKER_CONFIG, "")
    monkeypatch.setattr(uvicorn, "run", lambda *args, **kwargs: None)

    def start() -> None:
        code, _, err = cli("serve", "--workers", "2", "--port", "18999")
        assert code == 0, err

    def worker() -> TestClient:
        from web.app import worker_app

        return TestClient(worker_app(), base_url="http://127.0.0.1", client=THIS_MACHINE)
    return start, worker


def _opened(client: TestClient) -> list[str]:
    opened = []
    for path in PATHS:
        response = client.get(path, follow_redirects=False)
        wants_login = response.status_code == 401 or (
            response.status_code == 303 and response.headers["location"].startswith("/inloggen"))
        if not wants_login or "Lokale modus" in response.text or "hazelworm" in response.text:
            opened.append(f"{path}: {response.status_code}")
    return opened


def test_a_worker_started_after_the_last_account_went_stays_behind_the_login(world, cli, served):
    start, worker = served
    start()
    assert _opened(worker()) == []
    for name in USERS:
        assert cli("users", "delete", name)[0] == 0
    assert not world.store.accounts.has_users()
    assert _opened(worker()) == []   # a worker started again (died, health check, SIGHUP)


def test_a_local_servers_workers_are_local(tmp_path, monkeypatch, cli, served, store):
    """The control: `serve` without accounts (on 127.0.0.1) serves its workers in local mode."""
    start, worker = served
    start()
    response = worker().get("/", follow_redirects=False)
    assert response.status_code == 200 and "Lokale modus" in response.text
