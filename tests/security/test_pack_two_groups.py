"""Tenancy attack 26: a pack is its community's, also for a moderator who reads more.

A pack takes only documents every moderator of its community may read (web.packs.may_hold),
and a reference to another group's shared document that the group closes later is hidden
from the moderators who may no longer read it (test_pack_hidden_items.py). But what a pack
showed, counted and exported was read with the viewer's own access: a moderator of Wijkteam
Zuid who is also a member of the closed PG Noord kept seeing PG Noord's case in Zuid's pack
after PG Noord closed it: on the pack page, its JSON, the menu's count and the Markdown and
Word exports she prints for Zuid's session. Zuid's session got a case PG Noord had taken
back from the network. Now a pack shows, counts and exports only what its community may read
(within what the viewer may read), whoever of its moderators looks, as if the document were
deleted."""
from __future__ import annotations

import io
import re

from access_world import BY_ID, NORTH, SOUTH, form_csrf
from security_world import add_document

CLOSED, DELETED = "noord/gedeeld.md", "gedeeld-2.md"
MARKERS = (*BY_ID[CLOSED].markers, "kwartelkoning", "Zeldzaamnoord")


def _pack(client, name: str, middle: str) -> str:
    csrf = form_csrf(client, "/pakketten")
    pack = client.post("/api/packs", data={"naam": name, "groep": SOUTH, "csrf": csrf}).json()["id"]
    for doc_id in ("zuid/open.md", middle):
        assert client.post(f"/api/packs/{pack}/items", data={"doc_id": doc_id, "csrf": csrf}).status_code == 200
    return pack


def _answers(client, pack: str) -> list:
    from docx import Document as Word

    client.cookies.set("praktijkgeheugen_pakket", pack)
    body = client.get(f"/api/packs/{pack}").json()
    listed = [p["items"] for p in client.get("/api/packs").json()["packs"] if p["id"] == pack]
    word = Word(io.BytesIO(client.get(f"/pakketten/{pack}/export.docx").content))
    menu = re.search(r'class="count">\((\d+)<', client.get("/").text)
    return [body["items"], [s["doc_id"] for s in body["sources"]], listed, menu and menu[1],
            re.sub(r"/pakketten/[\w-]+", "/pakketten/ID", client.get(f"/pakketten/{pack}/export.md").text
                   .replace(pack, "ID")),
            [p.text for p in word.paragraphs]]


def test_a_moderator_in_two_groups_sees_her_groups_pack_as_the_group_does(world, tmp_path):
    world.store.accounts.grant("mod-zuid", NORTH, "lid")   # also a member of the closed PG Noord
    add_document(world, tmp_path / "noord", DELETED, "Zeldzaamnoord: de kwartelkoning en de buren.", NORTH)
    world.store.accounts.set_document_sharing(DELETED, "shared")
    moderator = world.client("mod-zuid")
    closed, deleted = _pack(moderator, "Sessie", CLOSED), _pack(moderator, "Sessie 2", DELETED)
    world.store.accounts.set_document_sharing(CLOSED, "closed")   # PG Noord takes its case back
    assert world.store.catalogue.delete_document(DELETED)         # and erases the other
    seen = _answers(moderator, closed)
    assert not [m for m in MARKERS if m in repr(seen)], seen
    csrf = form_csrf(moderator, "/pakketten")   # one pack of a name per group (workflow round 38):
    for pack, name in ((closed, "Sessie (eerder)"), (deleted, "Sessie")):   # the second takes the first's name
        assert moderator.post(f"/api/packs/{pack}/name", data={"naam": name, "csrf": csrf}).status_code == 200
    assert seen == _answers(moderator, deleted)
    assert seen[:2] == [1, ["zuid/open.md"]]
    assert moderator.get(f"/documenten/{CLOSED}").status_code == 200   # she still reads it herself
