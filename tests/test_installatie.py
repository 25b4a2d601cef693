"""The installation guide's files and commands are checked, not just written
(docs/installatie.md, issue #17): its systemd units pass `systemd-analyze verify`,
its Caddyfiles pass `caddy validate` (each where the tool is installed), and every
`praktijkgeheugen` command in it parses with this version's CLI. What the guide runs
end to end (init, serve behind a proxy, backup, restore, upgrades) has its own tests;
the guide's last section names them and marks the rest untested."""
from __future__ import annotations

import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from doc_commands import assert_all_parse, blocks

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
