"""Closing a document or a community takes effect at once in every search mode and
in the counts, also with the in-memory copies warm (the allowed-set cache, the BM25
copy, the vector copy) and on either backend: their rule is the catalogue
generation, which a sharing change must move."""
from __future__ import annotations

import pytest

from access_world import BY_ID, SOUTH

OUTSIDER = "mod-oost"


def _found(client, doc_id: str) -> list[str]:
    phrase = BY_ID[doc_id].phrase
    seen = []
    for mode in ("lexical", "hybrid", "dense"):
        answer = client.get("/api/search", params={"q": phrase, "mode": mode, "k": 50}).json()
        if doc_id in {r["doc_id"] for r in answer["results"]}:
            seen.append(mode)
    listed = client.get("/api/documents", params={"limit": 1000}).json()["documents"]
    if doc_id in {d["doc_id"] for d in listed}:
        seen.append("list")
    return seen


@pytest.mark.parametrize("close", ["document", "community"])
def test_closing_takes_effect_at_once_with_warm_caches(world, close):
    world.store.lexical.keep_copy()
    outsider = world.client(OUTSIDER)
    doc_id = "noord/gedeeld.md" if close == "document" else "zuid/open.md"
    assert _found(outsider, doc_id) == ["lexical", "hybrid", "dense", "list"]   # warm, and the probe works
    if close == "document":
        world.store.accounts.set_document_sharing(doc_id, "closed")
    else:
        world.store.accounts.set_community(SOUTH, "closed")
    assert _found(outsider, doc_id) == []
