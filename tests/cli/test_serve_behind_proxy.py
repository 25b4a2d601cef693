"""`init` + `serve` as a real uvicorn server on loopback, with two worker processes,
behind a reverse proxy (issue #17). The proxy is 127.0.0.1 (`--trusted-proxies
127.0.0.1`): what it forwards in X-Forwarded-For is the client's address for the
login limiter and the audit log. A client that connects from 127.0.0.2 (not a
trusted proxy) and sends X-Forwarded-For itself is counted and logged under its own
address. Where Caddy is installed (Debian's `caddy`), a real Caddy in front does the
forwarding too. Slow: it starts the server, which loads the real model in each worker."""
from __future__ import annotations

import re
import shutil
import sqlite3
from pathlib import Path

import httpx
import pytest

from servers import free_port, run_cli, running, serve
from web.auth import PAIR_FAILURES

pytestmark = pytest.mark.slow
PASSWORD = "een lang genoeg wachtwoord"
CSRF = re.compile(r'name="csrf" value="([^"]+)"')


@pytest.fixture(scope="module")
def server(tmp_path_factory, bundled_model_dir):
    """One server for the module (starting it loads the model twice); the tests use
    other client addresses and read only the audit lines they caused."""
    data = tmp_path_factory.mktemp("served") / "data"
    made = run_cli("init", "--data-dir", str(data), "--admin", "beheer", "--password-stdin", "--no-model",
                   stdin=PASSWORD + "\n")
    assert made.returncode == 0, made.stderr
    (data / "models").symlink_to(bundled_model_dir.parent)   # the converted model, shared by the session
    with serve(data, "--trusted-proxies", "127.0.0.1", "--workers", "2") as base:
        yield base, data


def _login(base: str, name: str, secret: str, forwarded_for: str, source: str = "127.0.0.1") -> int:
    """One browser: a new connection (so the attempts spread over the workers)."""
    transport = httpx.HTTPTransport(local_address=source)
    with httpx.Client(base_url=base, transport=transport, headers={"X-Forwarded-For": forwarded_for},
                      timeout=120) as client:
        token = CSRF.search(client.get("/inloggen").text).group(1)
        return client.post("/inloggen", data={"naam": name, "wachtwoord": secret, "csrf": token,
                                              "terug": "/"}).status_code


def _logged_addresses(data: Path) -> list[str]:
    conn = sqlite3.connect(data / "praktijkgeheugen.sqlite3")
    try:
        return [row[0] for row in conn.execute("SELECT address FROM audit_log WHERE action = 'ingelogd' ORDER BY id")]
    finally:
        conn.close()


def _new_logins(data: Path, before: list[str]) -> list[str]:
    return _logged_addresses(data)[len(before):]


def test_the_limiter_and_the_audit_log_see_the_client_behind_the_proxy(server):
    base, data = server
    before = _logged_addresses(data)
    for _ in range(PAIR_FAILURES):
        assert _login(base, "beheer", "fout geraden", "198.51.100.7") == 401
    assert _login(base, "beheer", PASSWORD, "198.51.100.7") == 429       # locked out, in every worker
    assert _login(base, "beheer", PASSWORD, "198.51.100.8") in (200, 303)   # a colleague elsewhere is not
    assert _new_logins(data, before) == ["198.51.100.8"]


def test_a_forwarded_header_from_an_untrusted_address_is_ignored(server):
    base, data = server
    before = _logged_addresses(data)
    for attempt in range(PAIR_FAILURES):   # a new made-up address each time, from 127.0.0.2
        assert _login(base, "beheer", "fout geraden", f"192.0.2.{attempt}", source="127.0.0.2") == 401
    assert _login(base, "beheer", PASSWORD, "192.0.2.99", source="127.0.0.2") == 429
    assert _login(base, "beheer", PASSWORD, "192.0.2.99", source="127.0.0.1") in (200, 303)
    assert _new_logins(data, before) == ["192.0.2.99"]


@pytest.mark.skipif(shutil.which("caddy") is None, reason="Caddy is not installed (apt-get install caddy)")
def test_behind_a_real_caddy_the_client_address_arrives_and_a_forged_one_does_not(server, tmp_path):
    """Caddy (as in docs/installatie.md, without TLS on loopback) replaces a client's own
    X-Forwarded-For by the address it sees; the app trusts Caddy (127.0.0.1)."""
    base, data = server
    port = free_port()   # named in the Caddyfile, so chosen here
    config = tmp_path / "Caddyfile"
    config.write_text(f"{{\n\tadmin off\n\tauto_https off\n}}\nhttp://127.0.0.1:{port} {{\n"
                      f"\treverse_proxy {base.removeprefix('http://')}\n}}\n", encoding="utf-8")
    with running(["caddy", "run", "--config", str(config), "--adapter", "caddyfile"], "/inloggen", port=port) as proxy:
        before = _logged_addresses(data)
        status = _login(proxy, "beheer", PASSWORD, "192.0.2.50", source="127.0.0.3")
        assert status in (200, 303)
        assert _new_logins(data, before) == ["127.0.0.3"]
