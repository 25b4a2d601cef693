"""A correction in one group told another group's moderators which client names it
listed, also names only the group's closed documents held. Since 07d6328 a correction
rewrites every other group's pack note on one of the community's documents with the
community's listed names, whatever document named the client: PG Oost's moderator kept
a note with guessed surnames on Wijkteam Zuid's shared document, and when Zuid's moderator
listed 'Vermeulen', a client only Zuid's closed case named, the note turned 'Vermeulen'
into 'V.' on PG Oost's pack page (and the other guesses stayed): a closed group's word,
and its list of clients, one guess at a time, for as long as the note stayed. Found by
the twentieth attack. Class: another group's text changed by names it could not read.
Fix: another group's notes lose only the names that a document of the community readable
by the whole network held (the note's writers could read the name there, and see it go
from that document); the community's own pack names and notes lose every listed name, as
before. tests/security/test_correction_traces.py keeps the case where the shared
document's group reads the name."""
from __future__ import annotations

from access_world import EAST, SOUTH, form_csrf

GUESSES = "Mogelijk Vermeulen of Verstraete, navragen."


def _note_on_shared_document(world) -> str:
    other = world.client("mod-oost")
    csrf = form_csrf(other, "/pakketten")
    made = other.post("/api/packs", data={"naam": "Sessie buren", "groep": EAST, "csrf": csrf})
    pack_id = made.json()["id"]
    assert other.post(f"/api/packs/{pack_id}/items", data={"doc_id": "zuid/open.md", "csrf": csrf}).status_code < 300
    [item] = world.store.packs.items(pack_id, None)
    assert other.post(f"/api/packs/{pack_id}/items/{item.id}/note",
                      data={"notitie": GUESSES, "csrf": csrf}).status_code == 200
    return pack_id


def _correct_in_closed_case(world, name: str) -> None:
    moderator = world.client("mod-zuid")
    [row] = world.upload(moderator, [("gesprek.md", f"{name} vertelde over de buren in de wijk.\n".encode())],
                         SOUTH)["files"]
    assert world.store.accounts.set_document_sharing(row["doc_id"], "closed")
    csrf = form_csrf(moderator, f"/documenten/{row['doc_id']}")
    assert moderator.post(f"/api/documents/{row['doc_id']}/client-names",
                          data={"namen": name, "csrf": csrf}).status_code == 200


def test_a_name_only_a_closed_case_held_does_not_change_another_groups_note(world):
    pack_id = _note_on_shared_document(world)
    before = world.client("mod-oost").get(f"/api/packs/{pack_id}").json()["sources"]
    _correct_in_closed_case(world, "Vermeulen")
    after = world.client("mod-oost").get(f"/api/packs/{pack_id}").json()["sources"]
    assert after == before and GUESSES in str(after)


def test_the_groups_own_notes_still_lose_the_name(world):
    moderator = world.client("mod-zuid")
    csrf = form_csrf(moderator, "/pakketten")
    pack_id = moderator.post("/api/packs", data={"naam": "Sessie", "groep": SOUTH, "csrf": csrf}).json()["id"]
    moderator.post(f"/api/packs/{pack_id}/items", data={"doc_id": "zuid/open.md", "csrf": csrf})
    [item] = world.store.packs.items(pack_id, None)
    moderator.post(f"/api/packs/{pack_id}/items/{item.id}/note", data={"notitie": GUESSES, "csrf": csrf})
    _correct_in_closed_case(world, "Vermeulen")
    [item] = world.store.packs.items(pack_id, None)
    assert "Vermeulen" not in item.note and "Verstraete" in item.note
