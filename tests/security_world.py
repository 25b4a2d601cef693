"""The security suite's world (tests/security): the access world of
tests/access_world.py (three communities, two of them closed, users of every role,
documents with unique words) behind the real app, and helpers to attack it. A module
of its own, not the conftest, so test modules import it by a name no other conftest has."""
from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from fastapi.testclient import TestClient

from access_world import form_csrf, log_in
from fakes import FakeEmbedder
from store import Store


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
