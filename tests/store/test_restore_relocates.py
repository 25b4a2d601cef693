"""A restore into another data dir moves the originals' paths with the files folder, on
both backends (store._relocate): each document's `source_path` named the backed-up data
dir's files folder, so the practice restore of docs/installatie.md step 6 reported every
original as a stray file and each path as foreign, and `check --repair` deleted the
originals. A path outside the old files folder (a file ingested where it lies, by an
earlier version) is left as it is, and so is one inside a watched folder."""
from __future__ import annotations

import json
import tarfile
from pathlib import Path

import pytest

import store as store_module
from store import ChunkDraft, DocumentDraft, DocumentMeta, Settings, open_store
from store._relocate import moved_paths
from text import analyze


def _publish(store, name: str, source: str | None) -> None:
    text = f"Verslag {name}: buurtzorg in de wijk."
    draft = DocumentDraft(name, text, DocumentMeta(title=name, community="Wijk Noord"), source,
                          f"{abs(hash(name)):064d}"[-64:],
                          [ChunkDraft(0, text, 0, len(text), None, " ".join(analyze(text)))])
    with store.writer():
        store.catalogue.publish(store.catalogue.stage(draft))


def _original(store, place: str) -> str:
    path = store.settings.files_dir / place
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(f"Origineel {place}.\n", encoding="utf-8")
    return str(path)


@pytest.mark.parametrize("made_by", ["this version", "an earlier version"])
def test_a_restore_elsewhere_moves_the_originals_paths_and_nothing_else(store, tmp_path, request, made_by):
    _publish(store, "upload.md", _original(store, "originals/0a1b2c.md"))
    _publish(store, "Wijk Noord/verslag.md", _original(store, "Wijk Noord/verslag.md"))
    lying = tmp_path / "map" / "oud.md"   # ingested where it lies, by a version before 3f2a70b
    lying.parent.mkdir()
    lying.write_text("Oud.\n", encoding="utf-8")
    _publish(store, "oud.md", str(lying))
    _publish(store, "zonder.md", None)
    backup = tmp_path / "kopie.tar.gz"
    store_module.write_backup(store.settings, backup)
    if made_by == "an earlier version":   # no files_folder in its manifest: read from the packed files
        _without_files_folder(backup)
    if store.settings.database_url:   # an empty schema of its own to restore into
        with store_module.scratch_database(request.getfixturevalue("postgres_server"), "restore") as url:
            _check_restored(backup, tmp_path, store.settings.model, url, str(lying))
    else:
        _check_restored(backup, tmp_path, store.settings.model, None, str(lying))


def _without_files_folder(backup: Path) -> None:
    unpacked = backup.parent / "uitgepakt"
    with tarfile.open(backup, "r:gz") as tar:
        tar.extractall(unpacked, filter="data")
    manifest = json.loads((unpacked / "manifest.json").read_text(encoding="utf-8"))
    del manifest["files_folder"]
    (unpacked / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")
    with tarfile.open(backup, "w:gz") as tar:
        for entry in sorted(unpacked.iterdir()):
            tar.add(entry, arcname=entry.name)


def _check_restored(backup: Path, tmp_path: Path, model: str, url: str | None, lying: str) -> None:
    elsewhere = Settings(data_dir=tmp_path / "elders", model=model, database_url=url)
    store_module.restore_backup(backup, elsewhere)
    again = open_store(elsewhere)
    try:
        paths = {d.doc_id: d.source_path for d in again.catalogue.list_documents()}
        files = elsewhere.files_dir
        assert paths == {"upload.md": str(files / "originals" / "0a1b2c.md"),
                         "Wijk Noord/verslag.md": str(files / "Wijk Noord" / "verslag.md"),
                         "oud.md": lying, "zonder.md": None}
        assert Path(paths["upload.md"]).read_text(encoding="utf-8") == "Origineel originals/0a1b2c.md.\n"
        assert again.maintenance.stray_files() == []
        assert len(again.maintenance.foreign_paths()) == 1   # the file ingested where it lies, as before
    finally:
        again.close()


def test_the_old_files_folder_is_read_from_the_packed_places():
    new = Path("/srv/nieuw/files")
    packed = {"originals/ab.md", "Wijk Noord/x.md"}
    moved = moved_paths(["/data/oud/files/originals/ab.md", "/data/oud/files/Wijk Noord/x.md",
                         "/data/oud/files/originals/weg.md",   # kept, its file gone: still under the folder
                         "/home/kim/map/x.md",                 # outside: ingested where it lies
                         "/data/oud/files/bewaakt/y.md"],      # inside a watched folder
                        packed, new, watched=["/data/oud/files/bewaakt"])
    assert moved == {"/data/oud/files/originals/ab.md": "/srv/nieuw/files/originals/ab.md",
                     "/data/oud/files/Wijk Noord/x.md": "/srv/nieuw/files/Wijk Noord/x.md",
                     "/data/oud/files/originals/weg.md": "/srv/nieuw/files/originals/weg.md"}


def test_a_restore_into_the_same_data_dir_moves_nothing():
    files = Path("/data/files")
    assert moved_paths(["/data/files/originals/ab.md"], {"originals/ab.md"}, files) == {}


def test_a_file_ingested_where_it_lies_in_a_packed_place_by_chance_stays():
    """An earlier version's backup names no folder: only a folder named `files` is read as it."""
    moved = moved_paths(["/data/oud/files/x.md", "/home/kim/map/x.md"], {"x.md"}, Path("/srv/nieuw/files"))
    assert moved == {"/data/oud/files/x.md": "/srv/nieuw/files/x.md"}


def test_the_manifests_folder_moves_a_path_whose_file_was_not_packed():
    moved = moved_paths(["/data/oud/files/originals/weg.md", "/home/kim/x.md"], set(), Path("/srv/nieuw/files"),
                        old_folder="/data/oud/files")
    assert moved == {"/data/oud/files/originals/weg.md": "/srv/nieuw/files/originals/weg.md"}
