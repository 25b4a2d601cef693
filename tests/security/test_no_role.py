"""Item 5: seeing needs a role. Shared material is shared with the members of the
network's communities; an account without any role (new, revoked, an admin
without memberships) sees no documents, people, themes, counts or filter values,
on every GET route of the app and through an API token."""
from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from access_world import COMMUNITIES, DOCS, WITHOUT_ROLE
from security_world import every_url

# Users, communities and the audit log are the admin's business, and so is the status page's
# number of documents per community (issue #17: whoever runs the deployment sees its size;
# no title, text, author or theme). tests/web/test_status.py refuses it to everyone else.
ADMIN_PAGES = {"/beheer", "/api/beheer", "/beheer/audit", "/status", "/api/status"}


def _seen(text: str) -> list[str]:
    lowered = text.lower()
    markers = [m for doc in DOCS for m in doc.markers] + list(COMMUNITIES)  # not the phrase: queries echo it
    return [m for m in markers if m.lower() in lowered]


@pytest.mark.parametrize("name", WITHOUT_ROLE)
def test_an_account_without_a_role_sees_nothing_anywhere(world, name):
    client, leaks = world.client(name), []
    for url in every_url(world.app):
        if name == "beheerder" and url in ADMIN_PAGES:
            continue
        response = client.get(url)
        leaks += [f"{url}: {marker}" for marker in _seen(response.text)]
    assert leaks == []


@pytest.mark.parametrize("name", WITHOUT_ROLE)
def test_an_account_without_a_role_counts_and_finds_nothing(world, name):
    client = world.client(name)
    for doc in DOCS:
        for mode in ("hybrid", "lexical", "dense"):
            body = client.get("/api/search", params={"q": doc.phrase, "mode": mode, "k": 100}).json()
            assert (body["total"], body["results"], body["people"]) == (0, [], []), (doc.doc_id, mode)
        assert client.get(f"/api/documents/{doc.doc_id}").status_code == 404
    assert client.get("/api/documents").json()["documents"] == []
    token = world.store.accounts.create_token(name)
    api = TestClient(world.app, headers={"Authorization": f"Bearer {token}"})
    assert api.get("/api/documents").json()["documents"] == []
    assert api.get("/api/search", params={"q": "wijk thuiszorg buren"}).json()["total"] == 0


def test_a_revoked_member_loses_what_they_saw(world):
    """Positive control: the same account sees shared material while it has a role."""
    world.store.accounts.grant("nieuw", "PG Oost", "lid")
    client = world.client("nieuw")
    assert "zuid/open.md" in {d["doc_id"] for d in client.get("/api/documents").json()["documents"]}
    world.store.accounts.revoke("nieuw", "PG Oost")
    assert client.get("/api/documents").json()["documents"] == []
    assert client.get("/api/documents/zuid/open.md").status_code == 404
