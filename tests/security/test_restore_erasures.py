"""A backup made before a delete holds the deleted document, and `restore` brought it
back: a moderator erased a client's case, the beheerder restored last night's backup
after a broken disk, and the case was searchable again (trace attack 9). The audit log
keeps each deletion under a keyed digest of the id (store.Traces), which is an erasure
list: `restore --force` reads it from the data dir it replaces, `--erasures-from DIR`
from a newer copy, and deletes again what was deleted after the backup was made, not
what was deleted before it (a later document under the same id stays)."""
from __future__ import annotations

import time

import pytest

import ingest
from dutch_docs import write_docs
from store import open_store

DEBTS = "wt-zuid/2023-2024/casus-schulden.md"
WIDOWER = "pg-noord/2022-2023/casus-weduwnaar.md"


@pytest.fixture
def filled(cli, settings, tmp_path):
    if settings.database_url:
        pytest.skip("PostgreSQL restores only into an empty database; its deletions are read with --erasures-from"
                    " from a SQLite data dir only")
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
