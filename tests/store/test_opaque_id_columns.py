"""Packs, pack items and API tokens are named by random public ids (schema 16,
store._opaque_ids), on both backends: made at insert, filled for rows from before
schema 16 (an upgraded data dir, a restored older backup), and the only name the
store's methods take; the integer keys never come out."""
from __future__ import annotations

from store import open_store

PASSWORD = "lang-genoeg-wachtwoord-1"


def _fill(store) -> tuple[str, str]:
    store.accounts.add_community("PG Noord", "closed")
    store.accounts.add_user("els", PASSWORD)
    store.accounts.create_token("els", label="script")
    pack = store.packs.create("PG Noord", "Sessie 1", "els", None)
    assert store.packs.add(pack.id, "verslag.md", None, None)
    [item] = store.packs.items(pack.id, None)
    return pack.id, item.id


def _ids(store) -> list[str]:
    [pack] = store.packs.all(None)
    return [pack.id, *(i.id for i in store.packs.items(pack.id, None)), *(t.id for t in store.profiles.tokens("els"))]


def test_ids_are_random_strings_and_address_only_their_own_rows(store):
    pack_id, item_id = _fill(store)
    ids = _ids(store)
    assert len(set(ids)) == 3 and all(len(i) == 16 and not i.isdigit() for i in ids)
    assert store.packs.get(pack_id, ("PG Noord",)).name == "Sessie 1"
    for wrong in ("1", 1, "", item_id, pack_id.lower() if pack_id.lower() != pack_id else pack_id.upper()):
        assert store.packs.get(wrong, None) is None
        assert not store.packs.rename(wrong, "x", None)
    assert store.packs.get(pack_id, ("PG Oost",)) is None              # another group's pack
    assert not store.packs.remove(pack_id, "1", None)                    # an item's old number
    assert not store.packs.annotate(pack_id, pack_id, "x", None)        # a pack's id is no item's
    assert not store.profiles.revoke_token("els", "1")
    assert store.packs.holding("verslag.md") == [pack_id]
    assert store.packs.annotate(pack_id, item_id, "Lees vooraf.", None)
    assert store.packs.remove(pack_id, item_id, None)


def test_rows_from_before_schema_16_get_ids_when_the_store_opens(settings):
    store = open_store(settings)
    _fill(store)
    with store.db.transaction() as conn:
        for table in ("packs", "pack_items", "api_tokens"):
            conn.execute(f"UPDATE {table} SET public_id = NULL")
    store.close()
    store = open_store(settings)
    try:
        ids = _ids(store)
        assert len(set(ids)) == 3 and all(ids)
        [token] = store.profiles.tokens("els")
        assert store.profiles.revoke_token("els", token.id) and store.profiles.tokens("els") == []
    finally:
        store.close()
