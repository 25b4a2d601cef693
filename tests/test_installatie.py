"""The installation guide's files and commands are checked, not just written
(docs/installatie.md, issue #17): its systemd units pass `systemd-analyze verify`,
its Caddyfiles pass `caddy validate` (each where the tool is installed), and every
`praktijkgeheugen` command in it parses with this version's CLI. What the guide runs
end to end (init, serve behind a proxy, backup, restore, upgrades) has its own tests;
the guide's last section names them and marks the rest untested."""
from __future__ import annotations

import http.server
import re
import shlex
import shutil
import subprocess
import sys
import threading
import time
from pathlib import Path

import httpx
import pytest

from doc_commands import assert_all_parse, blocks
from servers import free_port, running

GUIDE = Path(__file__).resolve().parents[1] / "docs" / "installatie.md"
UNIT_NAME = re.compile(r"`/etc/systemd/system/([\w.-]+)`")
INSTALLED_BIN = "/opt/praktijkgeheugen/.venv/bin/"


def _blocks(language: str) -> list[tuple[str, str]]:
    return blocks(GUIDE, language)


def _units() -> dict[str, str]:
    units = {}
    for before, block in _blocks("ini"):
        units[UNIT_NAME.findall(before)[-1]] = block
    return units


def test_the_guide_has_the_service_the_backup_service_and_its_timer():
    assert set(_units()) == {"praktijkgeheugen.service", "praktijkgeheugen-backup.service",
                             "praktijkgeheugen-backup.timer"}
    assert "--trusted-proxies 127.0.0.1" in _units()["praktijkgeheugen.service"]


@pytest.mark.skipif(shutil.which("systemd-analyze") is None, reason="systemd-analyze is not installed")
def test_the_systemd_units_verify(tmp_path):
    """The units point at this venv's `praktijkgeheugen` (verify checks that it exists)."""
    bin_dir = Path(sys.executable).parent
    if not (bin_dir / "praktijkgeheugen").exists():
        pytest.skip("this venv has no praktijkgeheugen script")
    paths = []
    for name, unit in _units().items():
        path = tmp_path / name
        path.write_text(unit.replace(INSTALLED_BIN, f"{bin_dir}/"), encoding="utf-8")
        paths.append(str(path))
    result = subprocess.run(["systemd-analyze", "verify", *paths], capture_output=True, text=True)
    problems = [line for line in result.stderr.splitlines() if any(p in line for p in paths)]
    assert result.returncode == 0 and not problems, result.stderr


@pytest.mark.skipif(shutil.which("caddy") is None, reason="Caddy is not installed (apt-get install caddy)")
def test_the_caddyfiles_validate(tmp_path):
    blocks = [block for _, block in _blocks("caddy")]
    assert len(blocks) == 3
    for number, block in enumerate(blocks):
        path = tmp_path / f"Caddyfile{number}"
        path.write_text(block, encoding="utf-8")
        result = subprocess.run(["caddy", "validate", "--config", str(path), "--adapter", "caddyfile"],
                                capture_output=True, text=True)
        assert result.returncode == 0, result.stderr


def _commands() -> list[list[str]]:
    """Every `pg ...` and `.../praktijkgeheugen ...` command in the guide's shell blocks,
    with the shell's pipes and redirections cut off."""
    found = []
    for _, block in _blocks("sh") + _blocks("cron") + _blocks("ini"):
        for line in block.splitlines():
            for match in re.finditer(r"(?:^|[|;&]\s*|\s)(?:pg|\S*/praktijkgeheugen)\s+([a-z][^|;&#']*)", line):
                words = shlex.split(match.group(1).replace("$(date +%%F)", "DATE").replace("$(date +\\%F)", "DATE")
                                    .replace("$(date +%F)", "DATE"))
                found.append([word for word in words if not re.match(r"\d?>", word)])   # >/dev/null
    return found


def test_every_command_in_the_guide_parses():
    commands = _commands()
    named = {words[0] for words in commands}
    assert {"init", "serve", "backup", "restore", "check", "documents"} <= named, named
    assert_all_parse(commands)


def _loopback_caddyfile(port: int, upstream: int, log: Path, try_duration: str | None = None) -> str:
    """The guide's first Caddyfile on loopback without TLS: its site address replaced, the
    app's address pointed at `upstream`, a probe path that does not go to the app (so the
    test can see that Caddy is up while the app is not), and a debug log in which Caddy
    writes each attempt to reach the app."""
    block = _blocks("caddy")[0][1]
    body = block.split("{", 1)[1].rsplit("}", 1)[0].replace("127.0.0.1:8000", f"127.0.0.1:{upstream}")
    if try_duration:
        body = re.sub(r"lb_try_duration \S+", f"lb_try_duration {try_duration}", body)
    return (f"{{\n\tadmin off\n\tauto_https off\n\tlog {{\n\t\toutput file {log}\n\t\tlevel DEBUG\n\t}}\n}}\n"
            f"http://127.0.0.1:{port} {{\n\trespond /caddy-up \"ok\" 200\n{body}}}\n")


def _refused_once(log: Path) -> None:
    """Until Caddy's log shows it tried the app and was refused (a request is then being
    held); the limit only for a Caddy that never tries."""
    deadline = time.monotonic() + 300
    while time.monotonic() < deadline:
        if log.exists() and "connection refused" in log.read_text(encoding="utf-8"):
            return
        time.sleep(0.1)
    pytest.fail("Caddy never tried the app")


class _App(http.server.BaseHTTPRequestHandler):
    def do_GET(self):   # noqa: N802 (the standard library's name)
        self.send_response(200)
        self.end_headers()
        self.wfile.write("de app antwoordt".encode())

    def log_message(self, *args):
        pass


@pytest.mark.skipif(shutil.which("caddy") is None, reason="Caddy is not installed (apt-get install caddy)")
def test_behind_the_guides_caddy_a_request_made_while_the_app_starts_waits_for_it(tmp_path):
    """Stop 30 saw Caddy answer 502 for the half minute the service loads its model after a
    (re)start. With the guide's `lb_try_duration` a request sent before the app listens is held
    and answered by the app once it does. Nothing is timed: the app starts after the request
    was refused once (Caddy's log says so), and the answer must still be the app's."""
    port, upstream, log = free_port(), free_port(), tmp_path / "caddy.log"
    config = tmp_path / "Caddyfile"
    config.write_text(_loopback_caddyfile(port, upstream, log), encoding="utf-8")
    with running(["caddy", "run", "--config", str(config), "--adapter", "caddyfile"], "/caddy-up", port=port) as proxy:
        answers: list[tuple[int, str]] = []

        def ask() -> None:
            response = httpx.get(proxy + "/zoeken", timeout=300)
            answers.append((response.status_code, response.text))

        waiting = threading.Thread(target=ask)
        waiting.start()
        _refused_once(log)
        app = http.server.HTTPServer(("127.0.0.1", upstream), _App)
        threading.Thread(target=app.serve_forever, daemon=True).start()
        try:
            waiting.join(timeout=300)
        finally:
            app.shutdown()
            app.server_close()
    assert answers == [(200, "de app antwoordt")]


@pytest.mark.skipif(shutil.which("caddy") is None, reason="Caddy is not installed (apt-get install caddy)")
def test_behind_the_guides_caddy_an_app_that_stays_away_gets_a_dutch_message(tmp_path):
    """When the app does not come (here the holding time is cut to a second), the user reads
    the guide's Dutch message with the gateway's status, not an empty page."""
    port, upstream = free_port(), free_port()
    config = tmp_path / "Caddyfile"
    config.write_text(_loopback_caddyfile(port, upstream, tmp_path / "caddy.log", try_duration="1s"), encoding="utf-8")
    with running(["caddy", "run", "--config", str(config), "--adapter", "caddyfile"], "/caddy-up", port=port) as proxy:
        response = httpx.get(proxy + "/zoeken", timeout=300)
    assert response.status_code == 502
    assert "Praktijkgeheugen is op dit moment niet bereikbaar" in response.text
