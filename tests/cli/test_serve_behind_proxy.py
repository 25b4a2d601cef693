"""`init` + `serve` as a real uvicorn server on loopback, with two worker processes,
behind a reverse proxy (issue #17). The proxy is 127.0.0.1 (`--trusted-proxies
127.0.0.1`): what it forwards in X-Forwarded-For is the client's address for the
login limiter and the audit log. A client that connects from 127.0.0.2 (not a
trusted proxy) and sends X-Forwarded-For itself is counted and logged under its own
address. Slow: it starts the server, which loads the real model in each worker."""
from __future__ import annotations

import os
import re
import signal
import socket
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

from web.auth import PAIR_FAILURES

pytestmark = pytest.mark.slow
ROOT = Path(__file__).resolve().parents[2]
PASSWORD = "een lang genoeg wachtwoord"
CSRF = re.compile(r'name="csrf" value="([^"]+)"')
START_LIMIT = 600   # s: only a bound for a broken start, never a measured speed


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _cli(*args: str, stdin: str = "") -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "cli", *args], cwd=ROOT, input=stdin, text=True,
                          capture_output=True, env={**os.environ, "PYTHONPATH": str(ROOT)})


@pytest.fixture
def server(tmp_path, bundled_model_dir):
    data = tmp_path / "data"
    made = _cli("init", "--data-dir", str(data), "--admin", "beheer", "--password-stdin", "--no-model",
                stdin=PASSWORD + "\n")
    assert made.returncode == 0, made.stderr
    (data / "models").symlink_to(bundled_model_dir.parent)   # the converted model, shared by the session
    port = _free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "cli", "serve", "--data-dir", str(data), "--port", str(port),
         "--trusted-proxies", "127.0.0.1", "--workers", "2"],
        cwd=ROOT, env={**os.environ, "PYTHONPATH": str(ROOT)}, start_new_session=True,
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    base = f"http://127.0.0.1:{port}"
    try:
        _wait_until_up(process, base)
        yield base, data
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=60)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()


def _wait_until_up(process: subprocess.Popen, base: str) -> None:
    deadline = time.monotonic() + START_LIMIT
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"serve ended: {process.stdout.read()}")
        try:
            if httpx.get(f"{base}/inloggen", timeout=5).status_code == 200:
                return
        except httpx.TransportError:
            pass
        time.sleep(0.5)
    pytest.fail("serve did not answer")


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


def test_the_limiter_and_the_audit_log_see_the_client_behind_the_proxy(server):
    base, data = server
    for _ in range(PAIR_FAILURES):
        assert _login(base, "beheer", "fout geraden", "198.51.100.7") == 401
    assert _login(base, "beheer", PASSWORD, "198.51.100.7") == 429       # locked out, in every worker
    assert _login(base, "beheer", PASSWORD, "198.51.100.8") in (200, 303)   # a colleague elsewhere is not
    assert _logged_addresses(data) == ["198.51.100.8"]


def test_a_forwarded_header_from_an_untrusted_address_is_ignored(server):
    base, data = server
    for attempt in range(PAIR_FAILURES):   # a new made-up address each time, from 127.0.0.2
        assert _login(base, "beheer", "fout geraden", f"192.0.2.{attempt}", source="127.0.0.2") == 401
    assert _login(base, "beheer", PASSWORD, "192.0.2.99", source="127.0.0.2") == 429
    assert _login(base, "beheer", PASSWORD, "192.0.2.99", source="127.0.0.1") in (200, 303)
    assert _logged_addresses(data) == ["192.0.2.99"]
