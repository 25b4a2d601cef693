"""Item 11: at rest and in transit. The data dir, database, uploads, packs and
backups are owner-only whatever the system's umask; pages and API answers with
case text are never cached; a new password ends the user's API tokens (unless
kept on purpose); tokens can expire."""
from __future__ import annotations

import datetime as dt
import os
import stat
import subprocess
import sys
from pathlib import Path

from fastapi.testclient import TestClient

from access_world import app_for, build, form_csrf, log_in
from fakes import FakeEmbedder
from security_world import every_url
from store import Settings, open_store

ROOT = Path(__file__).resolve().parents[2]


def _readable_by_others(root: Path) -> list[str]:
    paths = [root, *root.rglob("*")]
    return [f"{p.relative_to(root.parent)} {stat.filemode(p.stat().st_mode)}" for p in paths
            if p.stat().st_mode & 0o077]


def _cli(data: Path, *args: str, stdin: str = "") -> subprocess.CompletedProcess:
    """The real command in a child process whose umask lets everyone read (022)."""
    code = "import os, sys; os.umask(0o022); from cli import main; sys.exit(main(sys.argv[1:]))"
    env = {**os.environ, "PRAKTIJKGEHEUGEN_DATA": str(data), "PYTHONPATH": str(ROOT)}
    return subprocess.run([sys.executable, "-c", code, *args], input=stdin, capture_output=True, text=True,
                          env=env, cwd=data.parent, timeout=300)


def test_the_cli_creates_the_data_dir_and_backups_owner_only(tmp_path):
    data = tmp_path / "data"
    made = _cli(data, "users", "add", "beheer", "--password-stdin", "--admin", stdin="een lang wachtwoord\n")
    assert made.returncode == 0, made.stderr
    backup = _cli(data, "backup", str(tmp_path / "kopie.tar.gz"))
    assert backup.returncode == 0, backup.stderr
    assert (data / "praktijkgeheugen.sqlite3").exists()
    assert _readable_by_others(data) == []
    assert stat.S_IMODE((tmp_path / "kopie.tar.gz").stat().st_mode) == 0o600


def test_uploads_and_packs_are_owner_only_and_an_old_data_dir_is_tightened(tmp_path):
    old_umask = os.umask(0o022)
    try:
        data = tmp_path / "data"
        data.mkdir(mode=0o755)
        os.chmod(data, 0o755)   # as an installation before this fix left it
        store = open_store(Settings(data_dir=data, model=FakeEmbedder.name))
        build(store, FakeEmbedder(), tmp_path / "docs")
        app = app_for(store, FakeEmbedder())
        moderator = log_in(app, "mod-zuid")
        upload = moderator.post("/api/upload", data={"community": "Wijkteam Zuid", "csrf": form_csrf(moderator, "/upload")},
                                files=[("files", ("verslag.txt", b"De buurtwerker sprak over de thuiszorg.", "text/plain"))])
        assert upload.status_code == 200, upload.text
        csrf = form_csrf(moderator, "/pakketten")
        made = moderator.post("/api/packs", data={"naam": "Sessie 1", "groep": "Wijkteam Zuid", "csrf": csrf})
        added = moderator.post(f"/api/packs/{made.json()['id']}/items", data={"doc_id": "zuid/open.md", "csrf": csrf})
        assert added.status_code == 200   # packs are in the database now (store.packs), not in files
        assert any((data / "files").rglob("*")) and store.packs.holding("zuid/open.md")
        assert _readable_by_others(data) == []
        store.close()
    finally:
        os.umask(old_umask)


def test_pages_and_api_answers_are_not_cached(world):
    client, cached = world.client("onderzoeker"), []
    for url in every_url(world.app):
        response = client.get(url, follow_redirects=False)
        if not url.startswith("/static") and "no-store" not in response.headers.get("cache-control", ""):
            cached.append(f"{url} {response.status_code}")
    assert cached == []
    anonymous = TestClient(world.app).get("/api/documents")
    assert anonymous.status_code == 401 and "no-store" in anonymous.headers["cache-control"]


def _token_works(world, token: str) -> bool:
    response = TestClient(world.app, headers={"Authorization": f"Bearer {token}"}).get("/api/documents")
    return response.status_code == 200


def test_a_new_password_ends_api_tokens_unless_kept(world, cli):
    token = world.store.accounts.create_token("mod-zuid")
    assert _token_works(world, token)
    code, out, err = cli("users", "passwd", "mod-zuid", "--password-stdin", "--keep-tokens", stdin="nieuw wachtwoord 1\n")
    assert code == 0 and "kept" in out, err
    assert _token_works(world, token)
    code, out, err = cli("users", "passwd", "mod-zuid", "--password-stdin", stdin="nieuw wachtwoord 2\n")
    assert code == 0 and "1 API token(s) ended" in out, err
    assert not _token_works(world, token)


def test_tokens_expire_after_the_days_asked_for(world, cli, monkeypatch):
    code, out, err = cli("users", "token", "mod-zuid", "--days", "2")
    assert code == 0, err
    token, lasting = out.strip(), world.store.accounts.create_token("mod-zuid")
    assert _token_works(world, token)
    later = dt.datetime.now(dt.timezone.utc) + dt.timedelta(days=2, minutes=1)
    monkeypatch.setattr(world.store.accounts, "_now", lambda: later)
    assert not _token_works(world, token) and _token_works(world, lasting)
    assert cli("users", "token", "mod-zuid", "--days", "0")[0] != 0
