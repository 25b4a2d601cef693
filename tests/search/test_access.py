"""Access is enforced in the store's SQL for every read path, before ranking."""
import pytest

import ingest
import search
from dutch_docs import write_docs
from search.access import access_for, restrict
from store import Filters

SOUTH = "wt-zuid/2023-2024/casus-schulden.md"
NORTH = "pg-noord/2022-2023/casus-weduwnaar.md"


@pytest.fixture
def world(store, fake_embedder, tmp_path):
    store.accounts.add_community("PG Noord", "closed")
    store.accounts.add_community("Wijkteam Zuid", "shared")
    store.accounts.add_community("Elders", "shared")   # a third group, without documents here
    ingest.ingest_paths(store, fake_embedder, [write_docs(tmp_path / "docs")])
    for name in ("noord-lid", "zuid-lid", "elders-lid", "nergens"):
        store.accounts.add_user(name, "een lang wachtwoord")
    store.accounts.grant("noord-lid", "PG Noord", "lid")
    store.accounts.grant("zuid-lid", "Wijkteam Zuid", "lid")
    store.accounts.grant("elders-lid", "Elders", "lid")
    return store


def _visible(store, embedder, user_name, query="dementie weduwnaar huurachterstand buurt"):
    filters = restrict(Filters(), store.accounts.user(user_name), local_mode=False)
    hits = search.search(store, embedder, query, 20, filters).hits
    return {h.doc_id for h in hits}, filters


def test_closed_community_is_invisible_to_others(world, fake_embedder):
    seen, filters = _visible(world, fake_embedder, "zuid-lid")
    assert seen == {SOUTH}
    with pytest.raises(search.DocumentNotFound):
        search.get_document(world, NORTH, filters)
    assert {p.name for p in search.who_else(world, fake_embedder, "weduwnaar dementie", filters)} == {"Fatima El Amrani"}
    assert world.catalogue.facets(filters)["communities"] == ["Wijkteam Zuid"]
    assert [d.doc_id for d in world.catalogue.list_documents(filters)] == [SOUTH]


def test_members_see_their_own_and_shared_material(world, fake_embedder):
    seen, _ = _visible(world, fake_embedder, "noord-lid")
    assert seen == {SOUTH, NORTH, "pg-noord/2023-2024/verslag-dementie.md"}
    assert _visible(world, fake_embedder, "elders-lid")[0] == {SOUTH}
    assert _visible(world, fake_embedder, "nergens")[0] == set()   # shared with members only


def test_per_document_override(world, fake_embedder):
    world.accounts.set_document_sharing(SOUTH, "closed")
    world.accounts.set_document_sharing(NORTH, "shared")
    assert _visible(world, fake_embedder, "elders-lid")[0] == {NORTH}
    assert SOUTH in _visible(world, fake_embedder, "zuid-lid")[0]


def test_anonymous_caller_sees_nothing_when_accounts_exist(world, fake_embedder):
    filters = restrict(Filters(), None, local_mode=False)
    for mode in search.MODES:
        assert search.search(world, fake_embedder, "huurachterstand", filters=filters, mode=mode).hits == []
    assert world.catalogue.list_documents(filters) == []


def test_related_respects_access(world, fake_embedder):
    _, filters = _visible(world, fake_embedder, "zuid-lid")
    with pytest.raises(search.DocumentNotFound):
        search.related(world, NORTH, filters)
    assert search.related(world, SOUTH, filters) == []


def test_access_for_local_mode_and_users(world):
    assert access_for(None) is None
    assert access_for(world.accounts.user("noord-lid")).member_of == ("PG Noord",)
