"""A backup holds what the data dir keeps, and nothing an upload passes through.

An upload is received into a folder of its own under files/.incoming and removed when
the upload is done: a file whose client names ingest replaces, a refused file, a JSONL
file are never kept (docs/access.md, Originals). But `backup` packed the whole files
folder, so a nightly backup taken while a moderator's upload was being read and
embedded kept that file as it was sent, client names, file name and all, for as long
as backups are kept. A backup now holds only the originals its database's documents
keep."""
from __future__ import annotations

import tarfile

import ingest
from access_world import EAST, SOUTH
from store import write_backup

NAME = "yilmaz"


def _contents(backup) -> list[str]:
    """Every member's name and bytes (as text, where it is text) of a backup."""
    out = []
    with tarfile.open(backup, "r:gz") as tar:
        for member in tar.getmembers():
            out.append(member.name)
            if member.isfile():
                data = tar.extractfile(member).read()   # the database too: its pages hold the text as bytes
                out.append(data.decode("utf-8", "replace"))
    return out


def test_a_backup_during_an_upload_keeps_nothing_of_it(world, tmp_path, monkeypatch):
    world.store.accounts.set_pseudonymise(SOUTH, True)
    backup, ingest_paths = tmp_path / "nacht.tar.gz", ingest.ingest_paths

    def backed_up_meanwhile(*args, **kwargs):   # the nightly backup, while the upload is read
        write_backup(world.store.settings, backup)
        return ingest_paths(*args, **kwargs)

    monkeypatch.setattr(ingest, "ingest_paths", backed_up_meanwhile)
    rows = world.upload(world.client("mod-zuid"), [
        (f"casus-{NAME}.md", b"Mevrouw Yilmaz belde opnieuw over de huur en de buren.\n"),
        (f"geweigerd-{NAME}.md", f"---\ncommunity: {EAST}\n---\nMevrouw Yilmaz en de buren.\n".encode()),
    ], SOUTH)["files"]
    assert [r["status"] for r in rows] == ["ingested", "failed"]   # the probe: one replaced, one refused
    assert backup.exists()
    assert [part for part in _contents(backup) if NAME in part.casefold()] == []


def test_a_backup_keeps_the_originals_documents_keep(world, tmp_path):
    rows = world.upload(world.client("mod-zuid"), [("verslag.md", b"De dotterbloem bloeit in de wijk.\n")],
                        SOUTH)["files"]
    original = world.store.catalogue.get_document(rows[0]["doc_id"]).source_path
    assert original is not None
    backup = tmp_path / "kopie.tar.gz"
    write_backup(world.store.settings, backup)
    with tarfile.open(backup, "r:gz") as tar:
        files = [m.name for m in tar.getmembers() if m.isfile() and m.name.startswith("files/")]
    assert files == ["files/" + str(__import__("pathlib").Path(original).relative_to(world.store.settings.files_dir))]
