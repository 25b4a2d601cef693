"""Real servers on loopback for the tests that need them (all slow): a Chroma server
(`chroma run`, shipped with chromadb) and `praktijkgeheugen serve`. Each is started
on a free port, waited for, and stopped (its process group) when the block ends."""
from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

import pytest

ROOT = Path(__file__).resolve().parents[1]
START_LIMIT = 600   # s: only a bound for a broken start, never a measured speed


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextmanager
def running(command: list[str], probe: str) -> Iterator[str]:
    """Start `command` (with {port} filled in), yield its base URL once `probe` answers."""
    port = free_port()
    process = subprocess.Popen([part.format(port=port) for part in command], cwd=ROOT,
                               env={**os.environ, "PYTHONPATH": str(ROOT)}, start_new_session=True,
                               stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    base = f"http://127.0.0.1:{port}"
    try:
        _wait_until_up(process, base + probe)
        yield base
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=60)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()


def _wait_until_up(process: subprocess.Popen, url: str) -> None:
    deadline = time.monotonic() + START_LIMIT
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"{process.args[1:3]} ended early: {process.stdout.read() if process.stdout else ''}")
        try:
            urllib.request.urlopen(url, timeout=5)
            return
        except OSError:
            time.sleep(0.2)
    pytest.fail(f"{url} did not answer in time")


def chroma_server(path: Path) -> "contextmanager[str]":
    binary = shutil.which("chroma") or str(Path(sys.executable).with_name("chroma"))
    return running([binary, "run", "--path", str(path), "--host", "127.0.0.1", "--port", "{port}"],
                   "/api/v2/heartbeat")
