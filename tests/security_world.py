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


def add_document(world: World, folder: Path, doc_id: str, body: str, community: str,
                 front: dict | None = None) -> None:
    """Ingest one document with front matter (`front` adds or overrides fields, e.g. themes)."""
    import ingest

    fields = {"title": "Verslag", "type": "casus", "community": community, "cycle": "2023-2024",
              "session": 2, "date": "2023-11-11", **(front or {})}
    path = folder / doc_id
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(f"---\n{json.dumps(fields, ensure_ascii=False)}\n---\n{body}\n", "utf-8")
    report = ingest.ingest_paths(world.store, FakeEmbedder(), [path])
    assert [o.status for o in report.outcomes] == ["ingested"], report.outcomes


def _person_ids(app) -> list[str]:
    """Every person's public id (store._person_ids) and an old numbered link."""
    rows = app.state.runtime.store.db.conn().execute("SELECT public_id FROM people ORDER BY id").fetchall()
    return [r[0] for r in rows] + ["1"]


def every_url(app) -> list[str]:
    """Every GET route with its path parameters filled in with the access world's
    values, plus searches for every document's phrase in every mode."""
    from urllib.parse import quote

    from access_world import COMMUNITIES, DOCS, route_paths

    fill = {"{doc_id:path}": [d.doc_id for d in DOCS], "{community:path}": list(COMMUNITIES),
            "{cycle}": ["2023-2024"], "{theme}": ["dementie", "eenzaamheid"], "{fmt}": ["csv", "json"],
            "{path:path}": ["style.css"], "{person_id}": _person_ids(app)}
    urls = []
    for path in sorted(route_paths(app.routes, "GET")):
        variants = [path]
        for key, values in fill.items():
            variants = [v.replace(key, quote(value, safe="/")) for v in variants for value in values] \
                if key in path else variants
        urls += variants
    for doc in DOCS:
        for mode in ("hybrid", "lexical", "dense"):
            urls += [f"/?q={quote(doc.phrase)}&mode={mode}", f"/api/search?q={quote(doc.phrase)}&mode={mode}&k=100",
                     f"/api/who?q={quote(doc.phrase)}&mode={mode}"]
    return urls + ["/api/search?q=wijk+thuiszorg+buren&k=100", "/api/documents?limit=1000",
                   "/themas/export.csv?wat=passages", "/api/themes/export?what=passages&format=json"]
