"""Item 12 of issue 14: a deleted document leaves every session pack; packs are a
moderator's tool, for them only; a metadata value that failed validation (it may
be a client's name) never reaches the log, only its code and field."""
from __future__ import annotations

import logging

import pytest

from access_world import SOUTH, form_csrf

PACK_ROUTES = (("get", "/pakket"), ("get", "/pakket.md"), ("get", "/api/pack"),
               ("post", "/pakket/toevoegen"), ("post", "/pakket/verwijderen"), ("post", "/pakket/legen"))


def _add(client, doc_id: str) -> None:
    response = client.post("/pakket/toevoegen", data={"doc_id": doc_id, "csrf": form_csrf(client, "/pakket")},
                           follow_redirects=False)
    assert response.status_code == 303


def test_a_deleted_document_leaves_every_pack(world, cli):
    first, second = world.client("mod-zuid"), world.client("mod-zuid")
    for client in (first, second):
        _add(client, "zuid/open.md")
        _add(client, "zuid/dicht.md")
    assert cli("delete", "zuid/open.md")[0] == 0
    packs = [p.read_text("utf-8") for p in world.store.settings.packs_dir.glob("*.json")]
    assert len(packs) == 2 and all("zuid/dicht.md" in p and "zuid/open.md" not in p for p in packs)
    assert [s["doc_id"] for s in first.get("/api/pack").json()["sources"]] == ["zuid/dicht.md"]


@pytest.mark.parametrize("name", ["lid-noord", "onderzoeker", "beheerder"])
def test_packs_are_for_moderators_only(world, name):
    client = world.client(name)
    csrf = form_csrf(client, "/bladeren")
    for method, path in PACK_ROUTES:
        data = {"doc_id": "zuid/open.md", "csrf": csrf} if method == "post" else None
        response = getattr(client, method)(path, **({"data": data} if data else {}), follow_redirects=False)
        assert response.status_code == 403, (method, path)
    page = client.get("/documenten/zuid/open.md").text
    assert "Bewaar in pakket" not in page and 'href="/pakket"' not in page


def test_a_value_that_failed_validation_is_not_logged(world, caplog):
    body = "---\ndate: Mevrouw Jansen-Verhoef\n---\nVerslag over de buurt.\n".encode()
    with caplog.at_level(logging.DEBUG):
        [row] = world.upload(world.client("mod-zuid"), [("verslag.md", body)], SOUTH)["files"]
    assert row["code"] == "bad_metadata"
    assert "Jansen" not in caplog.text and "bad_metadata" in caplog.text and "date" in caplog.text
