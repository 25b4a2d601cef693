"""Two app servers, each with its own data dir, sharing one PostgreSQL database and one
Chroma server (issue 20): what is uploaded on one is found on the other at its next
search, a closed group's document stays invisible to another group's member on both,
and a delete on one is gone on both. Slow: each server loads the real model."""
from __future__ import annotations

import httpx
import pytest

from servers import chroma_server, run_cli, serve

pytestmark = pytest.mark.slow
PASSWORD = "een lang genoeg wachtwoord"
CASE = """---
title: "Casus: de wasserette aan de Zwoerkelmansstraat"
type: casus
cycle: "2024-2025"
---
Een bewoner vertelt in de wasserette over zijn schulden en de brieven van de woningcorporatie.
"""


def _cli(*args: str, stdin: str = "") -> str:
    done = run_cli(*args, stdin=stdin)
    assert done.returncode == 0, done.stderr
    return done.stdout


def _token(data, shared: list[str], name: str) -> dict[str, str]:
    token = _cli("users", "token", name, "--data-dir", str(data), *shared).strip().split()[-1]
    return {"Authorization": f"Bearer {token}"}


def _found(base: str, auth: dict[str, str]) -> list[str]:
    answer = httpx.get(f"{base}/api/search", params={"q": "wasserette Zwoerkelmansstraat", "mode": "lexical"},
                       headers=auth, timeout=120)
    assert answer.status_code == 200, answer.text
    found = answer.json()
    return [hit["doc_id"] for hit in found["results"] + found["weaker"]]


def test_two_servers_share_one_database_and_one_chroma(tmp_path, postgres_url, bundled_model_dir):
    with chroma_server(tmp_path / "chroma") as chroma:
        shared = ["--database-url", postgres_url, "--chroma-url", chroma]
        data = [tmp_path / "host-a", tmp_path / "host-b"]
        _cli("init", "--data-dir", str(data[0]), *shared, "--admin", "beheer", "--password-stdin", "--no-model",
             stdin=PASSWORD + "\n")
        for folder in data:
            folder.mkdir(exist_ok=True)
            (folder / "models").symlink_to(bundled_model_dir.parent)
        _cli("communities", "add", "Wijkteam Zuid", "--closed", "--data-dir", str(data[0]), *shared)
        _cli("communities", "add", "PG Noord", "--data-dir", str(data[1]), *shared)
        for name, community in (("sien", "Wijkteam Zuid"), ("karim", "PG Noord")):
            _cli("users", "add", name, "--password-stdin", "--data-dir", str(data[0]), *shared, stdin=PASSWORD + "\n")
            _cli("users", "grant", name, "--community", community, "--role", "moderator",
                 "--data-dir", str(data[1]), *shared)
        sien, karim = _token(data[0], shared, "sien"), _token(data[1], shared, "karim")
        with serve(data[0], *shared) as host_a, serve(data[1], *shared) as host_b:
            uploaded = httpx.post(f"{host_a}/api/upload", headers=sien, timeout=300,
                                  data={"community": "Wijkteam Zuid"},
                                  files=[("files", ("wasserette.md", CASE.encode(), "text/markdown"))])
            assert uploaded.status_code == 200, uploaded.text
            [row] = uploaded.json()["files"]
            assert row["status"] == "ingested", row
            doc_id = row["doc_id"]

            assert doc_id in _found(host_b, sien)            # the other host, at its next search
            assert doc_id not in _found(host_a, karim) + _found(host_b, karim)   # closed group, both hosts

            deleted = httpx.post(f"{host_b}/verwijderen/{doc_id}", headers=sien, timeout=120)
            assert deleted.status_code in (200, 303), deleted.text
            assert doc_id not in _found(host_a, sien) + _found(host_b, sien)
