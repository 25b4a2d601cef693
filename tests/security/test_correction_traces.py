"""A missed client name, corrected, is gone from every place a group's moderators
wrote it, not only from the documents: a pack's name and its notes are the
moderators' own text, kept with the community's material and pseudonymised when
written; a name the rules missed then stayed in them after the correction listed it
(on the pack page, in its Word and Markdown exports)."""
from __future__ import annotations

import pytest

from access_world import EAST, SOUTH, form_csrf

NAME = "Bosmans"


def _pack_with_name(world, moderator) -> int:
    csrf = form_csrf(moderator, "/pakketten")
    made = moderator.post("/api/packs", data={"naam": f"Sessie over {NAME}", "groep": SOUTH, "csrf": csrf})
    assert made.status_code == 201, made.text
    pack_id = made.json()["id"]
    added = moderator.post(f"/api/packs/{pack_id}/items", data={"doc_id": "zuid/open.md", "csrf": csrf})
    assert added.status_code in (200, 201), added.text
    [item] = world.store.packs.items(pack_id, None)
    noted = moderator.post(f"/api/packs/{pack_id}/items/{item.id}/note",
                           data={"notitie": f"Vergelijk met wat {NAME} vertelde over de buren.", "csrf": csrf})
    assert noted.status_code == 200, noted.text
    return pack_id


def test_a_corrected_name_leaves_no_pack_name_or_note(world):
    moderator = world.client("mod-zuid")
    [row] = world.upload(moderator, [("gesprek.md", f"{NAME} vertelde over de buren in de wijk.\n".encode())],
                         SOUTH)["files"]
    pack_id = _pack_with_name(world, moderator)
    pack = world.store.packs.get(pack_id, None)
    assert NAME in pack.name and NAME in world.store.packs.items(pack_id, None)[0].note  # the rules missed it
    csrf = form_csrf(moderator, f"/documenten/{row['doc_id']}")
    fixed = moderator.post(f"/api/documents/{row['doc_id']}/client-names", data={"namen": NAME, "csrf": csrf})
    assert fixed.status_code == 200, fixed.text
    pack = world.store.packs.get(pack_id, None)
    [item] = world.store.packs.items(pack_id, None)
    assert NAME not in pack.name and NAME not in item.note
    assert "B." in pack.name and "B." in item.note and "buren" in item.note
    for url in (f"/pakketten/{pack_id}", f"/api/packs/{pack_id}", f"/pakketten/{pack_id}/export.md"):
        assert NAME not in moderator.get(url).text, url


def test_no_file_of_the_data_dir_keeps_the_corrected_name(world):
    """The bytes too: the old pack texts and the old document version leave no residue in
    the database file, its WAL, Chroma's files or the kept originals (SQLite; PostgreSQL's
    files are not in the data dir)."""
    if world.store.db.dialect != "sqlite":
        pytest.skip("PostgreSQL's files are not in the data dir")
    moderator = world.client("mod-zuid")
    [row] = world.upload(moderator, [("gesprek.md", f"{NAME} vertelde over de buren in de wijk.\n".encode())],
                         SOUTH)["files"]
    _pack_with_name(world, moderator)
    assert _files_holding(world.data_dir, NAME)   # the probe works
    csrf = form_csrf(moderator, f"/documenten/{row['doc_id']}")
    assert moderator.post(f"/api/documents/{row['doc_id']}/client-names",
                          data={"namen": NAME, "csrf": csrf}).status_code == 200
    assert _files_holding(world.data_dir, NAME) == []


def _files_holding(root, word: str) -> list[str]:
    needles = (word.encode(), word.lower().encode(), word.encode("utf-16-le"))
    return [str(p.relative_to(root)) for p in root.rglob("*") if p.is_file()
            and any(n in p.read_bytes() or n in p.read_bytes().lower() for n in needles)]


def test_no_search_mode_finds_the_corrected_name_on_either_backend(world):
    """The lexical leg's in-memory copy (which always ranks on PostgreSQL) and the FTS5
    index forget the old text with the old version."""
    world.store.lexical.keep_copy()
    moderator = world.client("mod-zuid")
    [row] = world.upload(moderator, [("gesprek.md", f"{NAME} vertelde over de buren in de wijk.\n".encode())],
                         SOUTH)["files"]
    ask = lambda mode: moderator.get("/api/search", params={"q": NAME, "mode": mode}).json()  # noqa: E731
    assert ask("lexical")["total"] >= 1   # the probe works
    csrf = form_csrf(moderator, f"/documenten/{row['doc_id']}")
    assert moderator.post(f"/api/documents/{row['doc_id']}/client-names",
                          data={"namen": NAME, "csrf": csrf}).status_code == 200
    for mode in ("lexical", "hybrid", "dense"):
        answer = ask(mode)
        assert NAME not in str({key: value for key, value in answer.items() if key != "query"}), mode
    assert ask("lexical")["total"] == 0


def test_a_corrected_name_leaves_no_note_in_another_groups_pack_on_the_document(world):
    """Wijkteam Zuid's document is shared: PG Oost's moderator put it in a pack of PG Oost
    with a note naming the client the rules missed. Zuid's correction lists the name: the
    note on Zuid's document goes too, though the pack is another group's."""
    other = world.client("mod-oost")
    csrf = form_csrf(other, "/pakketten")
    made = other.post("/api/packs", data={"naam": "Sessie buren", "groep": EAST, "csrf": csrf})
    assert made.status_code == 201, made.text
    pack_id = made.json()["id"]
    assert other.post(f"/api/packs/{pack_id}/items", data={"doc_id": "zuid/open.md", "csrf": csrf}).status_code in (200, 201)
    [item] = world.store.packs.items(pack_id, None)
    note = f"Vergelijk met wat {NAME} vertelde over de buren."
    assert other.post(f"/api/packs/{pack_id}/items/{item.id}/note",
                      data={"notitie": note, "csrf": csrf}).status_code == 200
    assert NAME in world.store.packs.items(pack_id, None)[0].note   # the rules missed it
    moderator = world.client("mod-zuid")
    [row] = world.upload(moderator, [("gesprek.md", f"{NAME} vertelde over de buren in de wijk.\n".encode())],
                         SOUTH)["files"]
    csrf = form_csrf(moderator, f"/documenten/{row['doc_id']}")
    assert moderator.post(f"/api/documents/{row['doc_id']}/client-names",
                          data={"namen": NAME, "csrf": csrf}).status_code == 200
    [item] = world.store.packs.items(pack_id, None)
    assert NAME not in item.note and "buren" in item.note
    assert NAME not in other.get(f"/pakketten/{pack_id}/export.md").text
