"""The security suite's world: the access world of tests/access_world.py (three
communities, two of them closed, users of every role, documents with unique words)
behind the real app, built afresh for each test because these tests write; the
CLI in-process on the same data dir, with the fake embedder."""
from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from access_world import app_for, build, form_csrf, log_in
from fakes import FakeEmbedder
from store import Settings, Store, open_store


@dataclass
class World:
    store: Store
    app: object
    data_dir: Path

    def client(self, name: str) -> TestClient:
        return log_in(self.app, name)

    def upload(self, client: TestClient, files: list[tuple[str, bytes]], community: str, **fields) -> dict:
        """POST /api/upload as `client` (with its form's CSRF token); the JSON answer."""
        data = {"community": community, "csrf": form_csrf(client, "/upload"), **fields}
        response = client.post("/api/upload", data=data,
                               files=[("files", (name, body, "application/octet-stream")) for name, body in files])
        assert response.status_code == 200, response.text
        return response.json()

    def files(self) -> dict[str, bytes]:
        """Every file under the uploads folder, by path relative to it."""
        root = self.store.settings.files_dir
        return {p.relative_to(root).as_posix(): p.read_bytes() for p in root.rglob("*") if p.is_file()} \
            if root.exists() else {}


@pytest.fixture
def world(tmp_path) -> World:
    store = open_store(Settings(data_dir=tmp_path / "data", model=FakeEmbedder.name))
    build(store, FakeEmbedder(), tmp_path / "docs")
    yield World(store, app_for(store, FakeEmbedder()), tmp_path / "data")
    store.close()


@pytest.fixture
def cli(tmp_path, monkeypatch, capsys):
    """`praktijkgeheugen ARGS` in-process on the world's data dir: (exit code, stdout, stderr)."""
    import io

    from web.cli import main

    monkeypatch.setattr("web.runtime.models.get_embedder", lambda model, cache_dir: FakeEmbedder())
    monkeypatch.setenv("PRAKTIJKGEHEUGEN_DATA", str(tmp_path / "data"))

    def run(*args: str, stdin: str = "") -> tuple[int, str, str]:
        monkeypatch.setattr("sys.stdin", io.StringIO(stdin))
        code = main([str(a) for a in args])
        out, err = capsys.readouterr()
        return code, out, err
    return run


def jsonl(*records: dict) -> bytes:
    return "\n".join(json.dumps(r, ensure_ascii=False) for r in records).encode()


def visible_to(name: str) -> set[str]:
    """The access world's documents `name` may see."""
    from access_world import VISIBLE
    return VISIBLE[name]


def add_closed_document(world: World, folder: Path, doc_id: str, body: str, community: str = "PG Noord") -> None:
    """Ingest one more document into a closed community (the secret an outsider probes for)."""
    import ingest

    path = folder / doc_id
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(f"---\ntitle: Geheim verslag\ntype: casus\ncommunity: \"{community}\"\n"
                    f"cycle: \"2023-2024\"\nsession: 2\ndate: 2023-11-11\n---\n{body}\n", "utf-8")
    report = ingest.ingest_paths(world.store, FakeEmbedder(), [path])
    assert [o.status for o in report.outcomes] == ["ingested"], report.outcomes
