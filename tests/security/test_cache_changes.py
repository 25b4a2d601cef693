"""Attack on the caches kept per allowed set (store._allowed: filters that allow the same
chunks share one kept set; store._bm25: the whole-document BM25 View kept with it): after
every kind of change (a document shared, unshared, deleted, a member granted or revoked,
a community closed), with every cache warm, each caller's answer in every search mode is
the answer the same caller gets from cold caches (results, scores, snippets, counts), and
two callers whose filters allow the same chunks get the same answer and never one made for
the other's set once their sets part. (Helper late9's attack: it held, on SQLite and on
PostgreSQL.)"""
from __future__ import annotations

import pytest

from access_world import BY_ID, NORTH, SOUTH
from store._allowed import AllowedCache

PHRASES = sorted({doc.phrase for doc in BY_ID.values()}) + ["buren thuiszorg wijk"]
WEST_A, WEST_B = "PG West A", "PG West B"   # two empty closed groups: their members see only what is shared


def warm_world(world, names: tuple[str, ...]) -> dict:
    """The BM25 copy kept, members 'west-a' and 'west-b' of two empty closed groups, and a
    logged-in client per name."""
    world.store.lexical.keep_copy()
    for user, community in (("west-a", WEST_A), ("west-b", WEST_B)):
        world.store.accounts.add_community(community, "closed")
        world.store.accounts.add_user(user, f"wachtwoord van {user}", False)
        world.store.accounts.grant(user, community, "lid")
    return {name: world.client(name) for name in names}


def _answers(client) -> dict:
    out = {}
    for phrase in PHRASES:
        for mode in ("lexical", "hybrid", "dense"):
            answer = client.get("/api/search", params={"q": phrase, "mode": mode, "k": 50}).json()
            answer.pop("seconds", None)
            out[phrase, mode] = answer   # results with their scores, passages and counts, as served
    out["list"] = sorted(d["doc_id"] for d in client.get("/api/documents", params={"limit": 1000}).json()["documents"])
    return out


def _cold(store) -> None:
    """Forget every set kept per filter and everything derived from one."""
    store.catalogue._allowed = AllowedCache()
    with store.lexical.copy._views_lock:
        store.lexical.copy._views.clear()


def _check(world, clients: dict) -> dict:
    warm = {name: _answers(c) for name, c in clients.items()}
    _cold(world.store)
    cold = {name: _answers(c) for name, c in clients.items()}
    assert warm == cold
    return warm


@pytest.mark.parametrize("change", ["share", "unshare", "delete", "grant", "revoke", "close"])
def test_warm_caches_answer_as_cold_ones_after_a_change(world, change):
    store = world.store
    clients = warm_world(world, ("west-a", "west-b", "lid-noord", "mod-oost", "mod-zuid"))
    if change == "share":
        # Before any change every parameter's world is the same copy: warm against cold is
        # compared once, here (each comparison asks ~500 searches; six cost ~50 s of CPU).
        _check(world, clients)
    before = {name: _answers(c) for name, c in clients.items()}   # every cache warm, both sharing one set
    assert before["west-a"] == before["west-b"]            # one shared set, the same answers
    assert before["west-a"]["list"] == ["noord/gedeeld.md", "zuid/open.md"]
    if change == "share":
        store.accounts.set_document_sharing("noord/geheim.md", "shared")
    elif change == "unshare":
        store.accounts.set_document_sharing("noord/gedeeld.md", "closed")
    elif change == "delete":
        assert store.catalogue.delete_document("zuid/open.md")
    elif change == "grant":
        store.accounts.grant("west-a", NORTH, "lid")
    elif change == "revoke":
        store.accounts.revoke("lid-noord", NORTH)
    else:
        store.accounts.set_community(SOUTH, "closed")
    after = _check(world, clients)
    expected_a = {"share": ["noord/gedeeld.md", "noord/geheim.md", "zuid/open.md"],
                  "unshare": ["zuid/open.md"], "delete": ["noord/gedeeld.md"],
                  "grant": ["noord/gedeeld.md", "noord/geheim.md", "zuid/open.md"],
                  "revoke": ["noord/gedeeld.md", "zuid/open.md"], "close": ["noord/gedeeld.md"]}[change]
    assert after["west-a"]["list"] == expected_a
    if change == "grant":
        assert after["west-b"] == before["west-b"]       # b's set is no longer a's
    else:
        assert after["west-a"] == after["west-b"]
    for name, listed in (("west-a", expected_a), ("west-b", after["west-b"]["list"])):
        assert _found(after[name]) <= set(listed)


def _found(answers: dict) -> set[str]:
    return {r["doc_id"] for key, answer in answers.items() if key != "list" for r in answer["results"]}
