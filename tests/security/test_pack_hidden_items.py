"""A pack keeps its reference to another group's shared document when that group
closes it, hidden from the pack's moderators; a delete takes it out (a trigger).
The counts already say nothing of the hidden reference (test_pack_counts.py), but
every other pack operation still went over it: moving a source past it left the
shown order as it was, the 200-sources limit counted it, and its item id could
still be annotated or removed. So a moderator of Wijkteam Zuid could tell whether
PG Noord closed or erased a document. Two references, one closed and one deleted,
must now get exactly the same answers."""
from __future__ import annotations

import pytest

from access_world import NORTH, SOUTH, form_csrf
from security_world import add_document

CLOSED, DELETED = "noord/gedeeld.md", "gedeeld-2.md"


def _pack(client, name: str, middle: str) -> tuple[str, dict]:
    """A pack of Wijkteam Zuid holding zuid/open.md, `middle` and zuid/dicht.md, in that order."""
    csrf = form_csrf(client, "/pakketten")
    pack = client.post("/api/packs", data={"naam": name, "groep": SOUTH, "csrf": csrf}).json()["id"]
    for doc_id in ("zuid/open.md", middle, "zuid/dicht.md"):
        assert client.post(f"/api/packs/{pack}/items", data={"doc_id": doc_id, "csrf": csrf}).status_code == 200
    items = {s["doc_id"]: s["item_id"] for s in client.get(f"/api/packs/{pack}").json()["sources"]}
    return pack, items


def _shown(client, pack: str) -> list:
    body = client.get(f"/api/packs/{pack}").json()
    return [body["items"], [(s["doc_id"], s["note"]) for s in body["sources"]]]


def _answers(client, pack: str, items: dict, hidden: str) -> list:
    csrf = form_csrf(client, "/pakketten")
    out = [_shown(client, pack)]
    moved = client.post(f"/api/packs/{pack}/items/{items['zuid/open.md']}/omlaag", data={"csrf": csrf})
    out += [moved.status_code, _shown(client, pack)]
    for action, data in (("note", {"notitie": "Nog bespreken."}), ("weg", {})):
        response = client.post(f"/api/packs/{pack}/items/{items[hidden]}/{action}", data={"csrf": csrf, **data})
        out += [response.status_code, _shown(client, pack)]
    return out


def test_a_closed_reference_answers_as_a_deleted_one(world, tmp_path, monkeypatch):
    add_document(world, tmp_path / "noord", DELETED, "Noord deelt iets over de kwartelkoning en de buren.", NORTH)
    world.store.accounts.set_document_sharing(DELETED, "shared")
    moderator = world.client("mod-zuid")
    first, first_items = _pack(moderator, "Sessie A", CLOSED)
    second, second_items = _pack(moderator, "Sessie B", DELETED)
    world.store.accounts.set_document_sharing(CLOSED, "closed")   # PG Noord closes one
    assert world.store.catalogue.delete_document(DELETED)         # and deletes the other
    assert _answers(moderator, first, first_items, CLOSED) == _answers(moderator, second, second_items, DELETED)


@pytest.mark.parametrize("hidden", ["closed", "deleted"])
def test_the_limit_counts_what_the_moderator_sees(world, monkeypatch, hidden):
    monkeypatch.setattr("store._packs.MAX_ITEMS", 2)
    moderator = world.client("mod-zuid")
    csrf = form_csrf(moderator, "/pakketten")
    pack = moderator.post("/api/packs", data={"naam": "Sessie C", "groep": SOUTH, "csrf": csrf}).json()["id"]
    for doc_id in ("zuid/open.md", CLOSED):
        assert moderator.post(f"/api/packs/{pack}/items", data={"doc_id": doc_id, "csrf": csrf}).status_code == 200
    if hidden == "closed":
        world.store.accounts.set_document_sharing(CLOSED, "closed")
    else:
        assert world.store.catalogue.delete_document(CLOSED)
    added = moderator.post(f"/api/packs/{pack}/items", data={"doc_id": "zuid/dicht.md", "csrf": csrf})
    assert added.status_code == 200, added.text
    assert [s["doc_id"] for s in added.json()["sources"]] == ["zuid/open.md", "zuid/dicht.md"]
