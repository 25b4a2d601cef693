"""Tenancy round 30: an upload writes only into the group it names.

Since round 28 an upload that names its group in the form is checked again under the
writer lock for that group's role only (store._rights: a role lost in another group
refuses nothing). But a file's own metadata (front matter, a JSONL line's `community`)
won over the form, and the upload could write into every group its caller moderated: a
moderator of Wijkteam Zuid and PG Oost, removed from PG Oost while her upload into
Wijkteam Zuid waited for the lock, still wrote a file that names PG Oost into PG Oost.
Now an upload that names its group writes only there (a file naming another group is
refused as one of a group she does not moderate), which is what the recheck assumes.
Runs on PostgreSQL too (PRAKTIJKGEHEUGEN_TEST_BACKEND=postgresql).
"""
from __future__ import annotations

import json

from test_write_timing import _while_waiting

from access_world import EAST, SOUTH, form_csrf

NAMES_EAST = b"---\ncommunity: \"PG Oost\"\ntitle: Laat verslag\n---\nEen verslag over de fuut in de wijk.\n"
LINE_EAST = json.dumps({"id": "regel-1", "community": EAST, "title": "Regel", "text": "Over de fuut."}).encode()


def _moderates_two(world):
    world.store.accounts.grant("mod-zuid", EAST, "moderator")
    return world.client("mod-zuid")


def _in(world, community: str) -> set[str]:
    return {d.doc_id for d in world.store.catalogue.list_documents() if d.meta.community == community}


def test_a_file_naming_a_group_whose_role_went_meanwhile_is_not_written_there(world, monkeypatch):
    mod = _moderates_two(world)
    csrf = form_csrf(mod, "/upload")
    before = _in(world, EAST)
    response = _while_waiting(world, monkeypatch, lambda: mod.post(
        "/api/upload", data={"community": SOUTH, "csrf": csrf},
        files=[("files", ("laat.md", NAMES_EAST, "text/markdown"))]),
        lambda: world.store.accounts.revoke("mod-zuid", EAST))
    assert _in(world, EAST) == before, response.text
    assert response.status_code in (200, 409), response.text
    assert not [e for e in world.store.accounts.audit_log() if e[2] == "geüpload"]


def test_an_upload_naming_its_group_writes_nowhere_else(world):
    """Without any race: the form names Wijkteam Zuid, a file and a JSONL line name PG Oost,
    which she moderates too; both are refused, and the file without a group of its own
    goes into Wijkteam Zuid."""
    mod = _moderates_two(world)
    csrf = form_csrf(mod, "/upload")
    response = mod.post("/api/upload", data={"community": SOUTH, "csrf": csrf},
                        files=[("files", ("oost.md", NAMES_EAST, "text/markdown")),
                               ("files", ("regels.jsonl", LINE_EAST, "application/octet-stream")),
                               ("files", ("zuid.md", b"Een verslag over de reiger.\n", "text/markdown"))])
    assert response.status_code == 200, response.text
    rows = {row["filename"]: row for row in response.json()["files"]}
    assert [rows[name]["status"] for name in ("oost.md", "regels.jsonl", "zuid.md")] == ["failed", "failed", "ingested"]
    assert rows["oost.md"]["code"] == rows["regels.jsonl"]["code"] == "other_community"
    assert _in(world, EAST) == {"oost/geheim.md"}
    assert len(_in(world, SOUTH)) == 3
