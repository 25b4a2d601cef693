"""Item 2 of issue 14: an original holds its document and nothing more, a refused
file is gone at once, and `check` finds (and `check --repair` removes) every file
under the uploads folder that no document keeps."""
from __future__ import annotations

import dataclasses
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from access_world import SOUTH, app_for, log_in
from fakes import FakeEmbedder
from security_world import jsonl
from store import open_store, scratch_database

SECRET_LINE = {"id": "regel-2", "text": "Mevrouw Jansen-Verhoef belde over haar zoon.",
               "community": SOUTH, "date": "Mevrouw Jansen-Verhoef"}   # refused: not a date


def test_a_jsonl_documents_original_is_not_the_jsonl_file(world):
    mod = world.client("mod-zuid")
    rows = world.upload(mod, [("export.jsonl", jsonl(
        {"id": "regel-1", "text": "Over de zandloper en de buurt.", "community": SOUTH}, SECRET_LINE))], SOUTH)["files"]
    [stored] = [row["doc_id"] for row in rows if row["status"] == "ingested"]
    assert mod.get(f"/bron/{stored}").status_code == 404
    assert "Origineel bestand" not in mod.get(f"/documenten/{stored}").text
    assert not any(b"Jansen" in body for body in world.files().values())


def test_a_refused_upload_leaves_no_file(world):
    refused = f"---\ndate: {SECRET_LINE['date']}\n---\n{SECRET_LINE['text']}\n".encode()
    [row] = world.upload(world.client("mod-zuid"), [("casus-jansen.md", refused)], SOUTH)["files"]
    assert row["status"] == "failed" and row["code"] == "bad_metadata"
    assert world.files() == {}


def test_check_reports_and_repair_removes_files_no_document_keeps(world, cli):
    mod = world.client("mod-zuid")
    [row] = world.upload(mod, [("verslag.md", b"Over de zandloper en de buurt.\n")], SOUTH)["files"]
    kept = dict(world.files())
    stray = world.store.settings.files_dir / SOUTH / "oud-geweigerd.md"
    stray.parent.mkdir(parents=True)
    stray.write_text(SECRET_LINE["text"], "utf-8")
    code, out, _ = cli("check")
    assert code == 1 and "1 uploaded files that no document keeps" in " ".join(out.split())
    assert cli("check", "--repair")[0] == 0
    assert world.files() == kept and len(kept) == 1
    assert mod.get(f"/bron/{row['doc_id']}").text == "Over de zandloper en de buurt.\n"


@pytest.fixture
def target(world, request) -> Iterator[tuple[list[str], object]]:
    """Where a practice restore goes: (extra CLI arguments, its settings without the data dir).
    On SQLite a new data dir is the whole target. On PostgreSQL
    (PRAKTIJKGEHEUGEN_TEST_BACKEND) it is also a new empty database: `restore` refuses a
    database that holds documents (cli/ops.py), as docs/installatie.md tells the reader."""
    settings = world.store.settings
    if not settings.database_url:
        yield [], settings
        return
    with scratch_database(request.getfixturevalue("postgres_server"), "restore") as url:
        yield ["--database-url", url], dataclasses.replace(settings, database_url=url)


def test_a_practice_restore_into_another_data_dir_keeps_the_originals_and_checks_ok(world, cli, tmp_path, target):
    """docs/installatie.md step 6, literally: restore into a new folder, then `check`
    says ok; the upload's original is still the restored document's."""
    mod = world.client("mod-zuid")
    [row] = world.upload(mod, [("verslag.md", b"Over de zandloper en de buurt.\n")], SOUTH)["files"]
    backup, elsewhere = tmp_path / "pg.tar.gz", tmp_path / "data-test"
    assert cli("backup", str(backup))[0] == 0
    extra, settings = target
    assert cli("restore", str(backup), "--data-dir", str(elsewhere), *extra)[0] == 0
    code, out, _ = cli("check", "--data-dir", str(elsewhere), *extra)
    assert code == 0 and "ok: the database and both indexes agree" in out, out
    originals = _files(elsewhere / "files")
    assert list(originals.values()) == [b"Over de zandloper en de buurt.\n"]
    assert cli("check", "--repair", "--data-dir", str(elsewhere), *extra)[0] == 0
    assert _files(elsewhere / "files") == originals   # repair deleted nothing
    restored = open_store(dataclasses.replace(settings, data_dir=elsewhere))
    try:
        source = restored.catalogue.get_document(row["doc_id"]).source_path
        assert source and Path(source).is_relative_to(elsewhere) and Path(source).is_file()
        served = log_in(app_for(restored, FakeEmbedder()), "mod-zuid").get(f"/bron/{row['doc_id']}")
        assert served.status_code == 200 and served.text == "Over de zandloper en de buurt.\n"
        assert "Origineel bestand" in log_in(app_for(restored, FakeEmbedder()), "mod-zuid").get(
            f"/documenten/{row['doc_id']}").text
    finally:
        restored.close()


def test_the_backed_up_data_dir_gone_the_restored_original_is_still_served(world, cli, tmp_path, target):
    """A restore onto a new disk: the old data dir no longer exists, and the restored
    document's original is served from the new one (it named the old one before)."""
    mod = world.client("mod-zuid")
    [row] = world.upload(mod, [("verslag.md", b"Over de zandloper en de buurt.\n")], SOUTH)["files"]
    backup, elsewhere = tmp_path / "pg.tar.gz", tmp_path / "nieuwe-schijf"
    assert cli("backup", str(backup))[0] == 0
    shutil.rmtree(world.store.settings.files_dir)   # the old disk's uploads are gone
    extra, settings = target
    assert cli("restore", str(backup), "--data-dir", str(elsewhere), *extra)[0] == 0
    restored = open_store(dataclasses.replace(settings, data_dir=elsewhere))
    try:
        served = log_in(app_for(restored, FakeEmbedder()), "mod-zuid").get(f"/bron/{row['doc_id']}")
        assert served.status_code == 200 and served.text == "Over de zandloper en de buurt.\n"
    finally:
        restored.close()


def _files(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in root.rglob("*") if p.is_file()}
