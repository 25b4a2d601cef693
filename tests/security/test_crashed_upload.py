"""An upload cut off by a crash leaves nothing behind once the server is up again.

An upload is received into files/.incoming/<random>/ as it was sent (the client's name in
the file name and text) and that folder is removed when the upload is done. A `kill -9`,
an out-of-memory kill or a power cut between receiving and the end of the upload left the
folder, and the reconciler (the server's start-up check, `check --repair`) took such a
file for an upload still in progress for an hour (INCOMING_GRACE): after a crash and a
restart the raw files stayed until someone ran `check --repair` an hour later (trace
attack 8: 30 uploaded files, each naming its client, still under files/.incoming after
`kill -9` of the server and a restart). An upload in progress now holds a lock of its
own, which dies with its process: a file under .incoming whose upload holds no lock is
abandoned, whatever its age."""
from __future__ import annotations

import secrets

import ingest
from access_world import SOUTH

NAME = "quilandra"


def _crashed_upload(world) -> None:
    """What `kill -9` during an upload leaves: its folder with the files as sent."""
    folder = world.store.settings.files_dir / ".incoming" / secrets.token_hex(16)
    folder.mkdir(parents=True)
    (folder / f"casus-mevr-{NAME}.md").write_text(f"Mevrouw {NAME.title()} belde over de huur.\n", "utf-8")


def test_the_start_up_check_removes_a_crashed_upload(world, fake_embedder):
    from fastapi.testclient import TestClient

    from web.app import create_app
    from web.runtime import Runtime

    _crashed_upload(world)
    runtime = Runtime(world.store.settings, store=world.store, embedder=fake_embedder)
    with TestClient(create_app(runtime, warm_up=False)):
        pass
    assert [path for path in world.files() if NAME in path.casefold()] == []
    assert not any(NAME.encode() in body.lower() for body in world.files().values())


def test_check_repair_removes_a_crashed_upload(world, cli):
    _crashed_upload(world)
    assert cli("check")[0] == 1
    assert cli("check", "--repair")[0] == 0
    assert world.files() == {}


def test_a_check_during_an_upload_leaves_its_files(world, monkeypatch):
    """The lock says which uploads are in progress: a repair in the middle of one keeps its files."""
    ingest_paths, seen = ingest.ingest_paths, {}

    def checked_meanwhile(store, embedder, paths, *args, **kwargs):
        seen["stray"] = [str(p) for p in world.store.maintenance.stray_files()]
        world.store.maintenance.remove_stray_files(world.store.maintenance.stray_files())
        seen["there"] = all(p.is_file() for p in paths)
        return ingest_paths(store, embedder, paths, *args, **kwargs)

    monkeypatch.setattr(ingest, "ingest_paths", checked_meanwhile)
    rows = world.upload(world.client("mod-zuid"), [("verslag.md", b"Over de zandloper en de buurt.\n")],
                        SOUTH)["files"]
    assert seen == {"stray": [], "there": True}
    assert [r["status"] for r in rows] == ["ingested"]
    assert not any(".incoming" in path for path in world.files())
