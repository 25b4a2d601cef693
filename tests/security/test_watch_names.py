"""The watched folders' status page names a file that did not become a document (one
still being synced, one refused) by its name in the folder, read for the page and
never stored: it was never pseudonymised ('casus mevrouw Yilmaz.md'). That is for the
moderators of the folder's community, whose folder it is. A beheerder follows every
folder, but reads cases only where they have a role (docs/access.md): they got the
names of every group's refused and waiting files, client names included. Now they get
what each file did (status, refusal code) under its digest, and names only of the
folders of communities they moderate."""
from __future__ import annotations

import os
import time

import ingest
from access_world import NORTH, password
from fakes import FakeEmbedder

REFUSED, WAITING = "casus mevrouw Yilmaz.md", "nieuw verslag Peeters.md"


def _folder(world, tmp_path):
    folder = tmp_path / "noord-map"
    folder.mkdir()
    (folder / REFUSED).write_text("---\ncommunity: PG Oost\n---\nMevrouw Yilmaz belde.\n", "utf-8")
    old = time.time() - 3600
    os.utime(folder / REFUSED, (old, old))
    (folder / WAITING).write_text("# Sessie\n\nNog niet af.\n", "utf-8")   # still being synced
    ingest.watch_pass(world.store, FakeEmbedder(), folder, ingest.Overrides(community=NORTH))
    return folder


def _files(client) -> list[dict]:
    [folder] = client.get("/api/watch").json()["folders"]
    return sorted(folder["files"], key=lambda f: f["status"])


def test_a_beheerder_without_a_role_gets_no_file_names(world, tmp_path):
    _folder(world, tmp_path)
    files = _files(world.client("beheerder"))
    assert [(f["status"], f["code"]) for f in files] == [("failed", "other_community"), ("waiting", None)]
    assert not [f for f in files if f["file"] in (REFUSED, WAITING)]
    page = world.client("beheerder").get("/mappen").text
    assert "Yilmaz" not in page and "Peeters" not in page


def test_the_groups_moderators_get_the_names(world, tmp_path):
    _folder(world, tmp_path)
    world.store.accounts.add_user("mod-noord", password("mod-noord"))
    world.store.accounts.grant("mod-noord", NORTH, "moderator")
    assert sorted(f["file"] for f in _files(world.client("mod-noord"))) == [REFUSED, WAITING]
    world.store.accounts.grant("beheerder", NORTH, "moderator")   # an admin who moderates it, too
    assert sorted(f["file"] for f in _files(world.client("beheerder"))) == [REFUSED, WAITING]
