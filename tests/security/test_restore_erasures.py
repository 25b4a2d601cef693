"""A backup made before a delete holds the deleted document, and `restore` brought it
back: a moderator erased a client's case, the beheerder restored last night's backup
after a broken disk, and the case was searchable again (trace attack 9). The audit log
keeps each deletion under a keyed digest of the id (store.Traces), which is an erasure
list: `restore --force` reads it from the data dir it replaces, `--erasures-from` from a
newer copy (a data dir, or with PostgreSQL the database being replaced), and deletes again
what was deleted after the backup was made, not what was deleted before it (a later
document under the same id stays). The known client names are digests too: a name listed
after the backup is replaced again in the restored texts and ids."""
from __future__ import annotations

import json
import time
from pathlib import Path

import pytest

import ingest
from dutch_docs import write_docs
from store import open_store

DEBTS = "wt-zuid/2023-2024/casus-schulden.md"
WIDOWER = "pg-noord/2022-2023/casus-weduwnaar.md"


@pytest.fixture
def filled(cli, settings, tmp_path):
    if settings.database_url:
        pytest.skip("PostgreSQL restores only into an empty database: the replaced one is given with"
                    " --erasures-from (test_a_postgres_restore_does_again_what_the_replaced_database_erased)")
    assert cli("ingest", str(write_docs(tmp_path / "docs")), "--create-communities")[0] == 0
    return cli


def _ids(settings) -> set[str]:
    store = open_store(settings)
    try:
        return {d.doc_id for d in store.catalogue.list_documents()}
    finally:
        store.close()


def test_a_forced_restore_deletes_again_what_was_deleted_after_the_backup(filled, settings, tmp_path):
    backup = tmp_path / "nacht.tar.gz"
    assert filled("backup", str(backup))[0] == 0
    time.sleep(1.1)   # the audit log and the manifest count seconds
    assert filled("delete", DEBTS)[0] == 0
    code, out, err = filled("restore", str(backup), "--force")
    assert code == 0, err
    assert "deleted again 1 documents" in out
    ids = _ids(settings)
    assert DEBTS not in ids and WIDOWER in ids


def test_a_deletion_before_the_backup_is_not_applied_again(filled, settings, tmp_path):
    assert filled("delete", WIDOWER)[0] == 0
    time.sleep(1.1)
    backup = tmp_path / "nacht.tar.gz"
    assert filled("backup", str(backup))[0] == 0
    store = open_store(settings)
    try:
        # the same id again after its deletion and before the backup: that one is kept
        assert ingest.erase_again(store, [(store.traces.label(DEBTS), "2000-01-01 00:00:00")], "2026-01-01T00:00:00+0000") == 0
    finally:
        store.close()
    code, out, err = filled("restore", str(backup), "--force")
    assert code == 0, err
    assert "deleted again 0 documents" in out and DEBTS in _ids(settings)


def test_a_restore_into_a_new_data_dir_reads_the_newer_data_dir(filled, settings, tmp_path):
    backup = tmp_path / "nacht.tar.gz"
    assert filled("backup", str(backup))[0] == 0
    time.sleep(1.1)
    assert filled("delete", DEBTS)[0] == 0
    elsewhere = tmp_path / "nieuw"
    code, out, err = filled("restore", str(backup), "--data-dir", str(elsewhere),
                            "--erasures-from", str(settings.data_dir))
    assert code == 0, err
    assert "deleted again 1 documents" in out
    import dataclasses
    assert DEBTS not in _ids(dataclasses.replace(settings, data_dir=elsewhere))


# A client name listed after the backup (a moderator's correction): the restored texts
# named the client again, and a document renamed by the correction and then deleted came
# back under its old id, which no deletion in the audit log names.
NORTH = "PG West"
CLIENT = "Bolleke Vranckaert"
NAMED = {"casus-bolleke-vranckaert.md": f"# Casus\n\n{CLIENT} at niets vandaag en wou niet naar de eetzaal.\n",
         "overdracht.md": f"# Overdracht\n\nDe nachtdienst zag dat {CLIENT} om drie uur nog wakker lag.\n"}


def _named_then_corrected(cli, tmp_path, *target) -> tuple[Path, str]:
    """The two notes ingested with the rules off (so the name is surely in them), a
    backup, the name listed (one note renamed by it), the renamed one deleted."""
    folder = tmp_path / "notities"
    folder.mkdir()
    for name, text in NAMED.items():
        (folder / name).write_text(text, encoding="utf-8")
    assert cli("communities", "add", NORTH, "--no-pseudonymise", *target)[0] == 0
    assert cli("ingest", str(folder), "--community", NORTH, *target)[0] == 0
    backup = tmp_path / "nacht.tar.gz"
    assert cli("backup", str(backup), *target)[0] == 0
    time.sleep(1.1)
    code, out, err = cli("clients", "add", "--community", NORTH, CLIENT, "--json", *target)
    assert code == 0, err
    renamed = {r["from"]: r["to"] for r in json.loads(out)["renamed"]}
    assert set(renamed) == {"casus-bolleke-vranckaert.md"}
    assert cli("delete", renamed["casus-bolleke-vranckaert.md"], *target)[0] == 0
    return backup, renamed["casus-bolleke-vranckaert.md"]


def _texts(settings) -> dict[str, str]:
    store = open_store(settings)
    try:
        return {d.doc_id: f"{d.meta.title}\n{d.text}" for d in store.catalogue.list_documents()}
    finally:
        store.close()


def test_a_restore_replaces_again_a_client_name_listed_after_the_backup(cli, settings, tmp_path):
    if settings.database_url:
        pytest.skip("the PostgreSQL twin is below")
    backup, _ = _named_then_corrected(cli, tmp_path)
    code, out, err = cli("restore", str(backup), "--force")
    assert code == 0, err
    assert "deleted again 1 documents" in out and "pseudonymised again 2 documents" in out
    texts = _texts(settings)
    assert list(texts) == ["overdracht.md"]
    assert "Vranckaert" not in texts["overdracht.md"] and "Bolleke" not in texts["overdracht.md"]


def test_a_restore_without_an_erasure_list_says_what_is_back(filled, tmp_path):
    backup = tmp_path / "nacht.tar.gz"
    assert filled("backup", str(backup))[0] == 0
    code, _, err = filled("restore", str(backup), "--data-dir", str(tmp_path / "oefen"))
    assert code == 0 and "no erasure list was read" in err and "--erasures-from" in err


def test_erasures_from_a_place_without_a_database_is_refused(filled, tmp_path):
    backup = tmp_path / "nacht.tar.gz"
    assert filled("backup", str(backup))[0] == 0
    code, _, err = filled("restore", str(backup), "--data-dir", str(tmp_path / "nieuw"),
                          "--erasures-from", str(tmp_path / "nergens"))
    assert code == 2 and "no database at" in err and not (tmp_path / "nieuw").exists()



def test_erasures_from_another_deployment_are_said_to_match_nothing(filled, tmp_path):
    """Another deployment's list is under another key: the restore warns instead of
    saying it deleted nothing again as if the list had been applied."""
    backup = tmp_path / "nacht.tar.gz"
    assert filled("backup", str(backup))[0] == 0
    other = tmp_path / "andere-dienst"
    assert filled("communities", "add", "PG Noord", "--data-dir", str(other))[0] == 0
    assert filled("clients", "add", "--community", "PG Noord", "Vranckaert", "--data-dir", str(other))[0] == 0
    code, _, err = filled("restore", str(backup), "--data-dir", str(tmp_path / "nieuw"), "--erasures-from", str(other))
    assert code == 0 and "another deployment" in err, err

def test_a_postgres_restore_does_again_what_the_replaced_database_erased(cli, two_databases, tmp_path):
    live, empty = two_databases
    assert cli("ingest", str(write_docs(tmp_path / "docs")), "--create-communities")[0] == 0
    backup, _ = _named_then_corrected(cli, tmp_path)
    assert cli("delete", DEBTS)[0] == 0
    elsewhere = tmp_path / "hersteld"
    target = ("--data-dir", str(elsewhere), "--database-url", empty)
    code, out, err = cli("restore", str(backup), *target, "--erasures-from", live)
    assert code == 0, err
    assert "deleted again 2 documents" in out and "pseudonymised again 2 documents" in out
    assert "praktijk:praktijk" not in out + err   # the URL's password is never printed
    from store import Settings
    texts = _texts(Settings(data_dir=elsewhere, database_url=empty))
    assert DEBTS not in texts and WIDOWER in texts and "overdracht.md" in texts
    assert not any("Vranckaert" in text or "vranckaert" in doc_id for doc_id, text in texts.items())
