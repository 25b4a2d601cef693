"""Real servers on loopback for the tests that need them (all slow): a Chroma server
(`chroma run`, shipped with chromadb), `praktijkgeheugen serve`, a reverse proxy. Each
is started on a free port in a process group of its own, waited for, and stopped (the
whole group) when the block ends. Also the CLI as a process, as the servers run it."""
from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from contextlib import contextmanager
from pathlib import Path
from typing import IO, Iterator

import pytest

ROOT = Path(__file__).resolve().parents[1]
START_LIMIT = 600   # s: only a bound for a broken start, never a measured speed
STARTS = 3          # tries on a fresh port: another process may take the free port before the server binds it


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def checkout_env() -> dict[str, str]:
    """The environment a server or command of this checkout runs in: its code on PYTHONPATH."""
    return {**os.environ, "PYTHONPATH": str(ROOT)}


def run_cli(*args: str, stdin: str = "") -> subprocess.CompletedProcess:
    """`python -m cli ARGS` of this checkout as a process of its own, output captured."""
    return subprocess.run([sys.executable, "-m", "cli", *args], cwd=ROOT, input=stdin, text=True,
                          capture_output=True, env=checkout_env())


@contextmanager
def running(command: list[str], probe: str, *, env: dict[str, str] | None = None, cwd: Path = ROOT,
            port: int | None = None) -> Iterator[str]:
    """Start `command` (with {port} filled in), yield its base URL once `probe` answers.

    `env` replaces this checkout's environment (`checkout_env`), e.g. for an installed
    wheel. A server that ends before it answers is started again on a fresh port, up
    to STARTS times, unless the caller chose `port` (a proxy's config file names it)."""
    output = ""
    for _ in range(1 if port else STARTS):
        chosen = port or free_port()
        base = f"http://127.0.0.1:{chosen}"
        with _started([part.format(port=chosen) for part in command], env, cwd) as (process, log):
            if _answers(process, base + probe):
                yield base
                return
            output = _read(log)
    pytest.fail(f"{command[1:3]} ended before answering: {output[-3000:]}")


@contextmanager
def _started(command: list[str], env: dict[str, str] | None, cwd: Path) -> Iterator[tuple[subprocess.Popen, IO]]:
    """The process, its output going to a temporary file (a pipe nobody reads would
    fill and stop a talkative server), its process group stopped at the end."""
    with tempfile.TemporaryFile("w+", encoding="utf-8") as log:
        process = subprocess.Popen(command, cwd=cwd, env=env if env is not None else checkout_env(),
                                   start_new_session=True, stdout=log, stderr=subprocess.STDOUT, text=True)
        try:
            yield process, log
        finally:
            _stop(process)


def _stop(process: subprocess.Popen) -> None:
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGTERM)
    try:
        process.wait(timeout=60)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()


def _answers(process: subprocess.Popen, url: str) -> bool:
    """Until `url` answers 2xx (True) or the process ends (False); the limit only when it never will."""
    deadline = time.monotonic() + START_LIMIT
    while time.monotonic() < deadline:
        if process.poll() is not None:
            return False
        try:
            urllib.request.urlopen(url, timeout=5)
            return True
        except OSError:
            time.sleep(0.2)
    pytest.fail(f"{url} did not answer in time")


def _read(log: IO) -> str:
    log.seek(0)
    return log.read()


def chroma_server(path: Path) -> "contextmanager[str]":
    binary = shutil.which("chroma") or str(Path(sys.executable).with_name("chroma"))
    return running([binary, "run", "--path", str(path), "--host", "127.0.0.1", "--port", "{port}"],
                   "/api/v2/heartbeat")


def serve(data_dir: Path, *args: str) -> "contextmanager[str]":
    """`praktijkgeheugen serve` of this checkout on `data_dir`, once its login page answers."""
    return running([sys.executable, "-m", "cli", "serve", "--data-dir", str(data_dir), "--port", "{port}", *args],
                   "/inloggen")
