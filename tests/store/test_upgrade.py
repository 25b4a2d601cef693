"""Upgrades (issue #17): a data dir made by the previous release (schema 7, the
fixture `release_fixture/schema7.sql` written by that release's code, see
make_fixture.py there) is backed up and then migrated when this version opens
it, and keeps its data; a data dir from a newer version is refused untouched."""
from __future__ import annotations

import sqlite3
import tarfile
from pathlib import Path

import pytest

from store import SCHEMA_VERSION, Filters, Settings, StoreError, open_store, read_manifest, stored_schema
from store._upgrade import BACKUPS

FIXTURE = Path(__file__).parent / "release_fixture" / "schema7.sql"
PASSWORD = "oud-maar-goed-1"   # make_fixture.PASSWORD


def _release_data_dir(tmp_path: Path) -> Settings:
    settings = Settings.load(tmp_path / "data")
    settings.data_dir.mkdir(parents=True)
    conn = sqlite3.connect(settings.db_path)
    conn.executescript(FIXTURE.read_text(encoding="utf-8"))
    conn.close()
    return settings


def test_a_data_dir_of_the_previous_release_is_backed_up_and_upgraded(tmp_path):
    settings = _release_data_dir(tmp_path)
    assert stored_schema(settings.db_path) == 7 < int(SCHEMA_VERSION)
    store = open_store(settings)
    try:
        assert store.db.get_meta("schema_version") == SCHEMA_VERSION
        [doc] = store.catalogue.list_documents()
        assert doc.doc_id == "verslag.md" and "buurman" in doc.text
        [author] = doc.meta.authors   # schema 14: the release's person gets its public id
        assert author.name == "Els Claes" and author.person_id and not author.person_id.isdigit()
        assert store.people.person(author.person_id).documents[0].doc_id == "verslag.md"
        assert store.lexical.search(["buurman"], Filters(), 10)
        assert [(c.name, c.sharing) for c in store.accounts.communities()] == [("PG Noord", "closed")]
        els = store.accounts.verify_password("els", PASSWORD)
        assert els is not None and els.roles == {"PG Noord": "moderator"}
        assert store.accounts.verify_password("beheer", PASSWORD).is_admin
        logged = store.accounts.audit_log(addresses=True)
        assert [entry[2] for entry in logged][-1].startswith("groep aangemaakt") and logged[0][4] is None
        store.accounts.audit("els", "bekeken", "verslag.md", address="192.0.2.7")   # the new column works
        assert store.accounts.audit_log(1, addresses=True)[0][1:] == ("els", "bekeken", "verslag.md", "192.0.2.7")
    finally:
        store.close()
    [backup] = (settings.data_dir / BACKUPS).iterdir()
    assert read_manifest(backup)["schema_version"] == "7" and read_manifest(backup)["documents"] == 1
    with tarfile.open(backup) as tar:
        assert "praktijkgeheugen.sqlite3" in tar.getnames()
    open_store(settings).close()   # opening again: already current, no second backup
    assert len(list((settings.data_dir / BACKUPS).iterdir())) == 1


def test_the_backup_restores_the_release_as_it_was(tmp_path):
    """The automatic backup is an ordinary backup: `restore` puts the schema-7 data dir
    back, brought to this version's schema as it is unpacked (no second automatic backup
    of it in the restored data dir: test_restoring_an_older_backup_...)."""
    from store import restore_backup

    settings = _release_data_dir(tmp_path / "release")
    open_store(settings).close()
    [backup] = (settings.data_dir / BACKUPS).iterdir()
    target = Settings.load(tmp_path / "restored")
    restore_backup(backup, target)
    assert stored_schema(target.db_path) == int(SCHEMA_VERSION)
    restored = open_store(target)
    try:
        assert [d.doc_id for d in restored.catalogue.list_documents()] == ["verslag.md"]
    finally:
        restored.close()


def test_a_data_dir_of_a_newer_version_is_refused_untouched(tmp_path):
    settings = _release_data_dir(tmp_path)
    newer = str(int(SCHEMA_VERSION) + 1)
    conn = sqlite3.connect(settings.db_path)
    conn.execute("UPDATE meta SET value = ? WHERE key = 'schema_version'", (newer,))
    conn.commit()
    conn.close()
    before = settings.db_path.read_bytes()
    with pytest.raises(StoreError, match=f"newer version of Praktijkgeheugen .database schema {newer}"):
        open_store(settings)
    assert settings.db_path.read_bytes() == before and not (settings.data_dir / BACKUPS).exists()


def test_a_backup_of_a_newer_version_is_refused_before_anything_is_replaced(tmp_path):
    """`restore --force` of such a backup would replace a working data dir with one this
    version cannot open: it is refused first."""
    from store import BackupError, restore_backup, write_backup

    newer = _release_data_dir(tmp_path / "newer")
    conn = sqlite3.connect(newer.db_path)
    conn.execute("UPDATE meta SET value = ? WHERE key = 'schema_version'", (str(int(SCHEMA_VERSION) + 1),))
    conn.commit()
    conn.close()
    write_backup(newer, tmp_path / "newer.tar.gz")
    current = _release_data_dir(tmp_path / "current")
    open_store(current).close()
    before = current.db_path.read_bytes()
    with pytest.raises(BackupError, match="made by a newer version"):
        restore_backup(tmp_path / "newer.tar.gz", current, force=True)
    assert current.db_path.read_bytes() == before


def test_restoring_an_older_backup_keeps_no_copy_of_what_was_deleted_since(cli, settings, tmp_path):
    """`restore BACKUP --data-dir NEW --erasures-from OLD` of a backup an older version
    made (installatie.md steps 5 and 6) deleted again what OLD deleted since, then the first
    open upgraded NEW like a service starting after an upgrade: NEW/backups/before-schema-...
    held the whole backup, the deleted document included, and `restore` did not say so
    (tried on 8 December 2026 with a backup of schema 13)."""
    from store import write_backup

    if settings.database_url:
        pytest.skip("a SQLite backup; PostgreSQL restores into an empty database of this version's schema")
    release = _release_data_dir(tmp_path / "release")
    write_backup(release, tmp_path / "release.tar.gz")
    code, _, err = cli("delete", "verslag.md", "--data-dir", release.data_dir)
    assert code == 0, err
    new = tmp_path / "new"
    code, out, err = cli("restore", tmp_path / "release.tar.gz", "--data-dir", new,
                         "--erasures-from", release.data_dir)
    assert "deleted again 1 documents" in out, out + err
    assert not (new / BACKUPS).exists()
    assert stored_schema(new / "praktijkgeheugen.sqlite3") == int(SCHEMA_VERSION)
    code, out, _ = cli("documents", "--data-dir", new)
    assert "verslag.md" not in out


def test_an_upgrade_waits_for_the_older_server_to_stop(cli, settings, tmp_path):
    """installatie.md step 7: `git pull`, `make install`, then restart. A `status` from the
    hourly cron (step 10) in between upgraded the data dir under the older server still
    running on it. A server that holds `serving` (store._lock; from this version on) keeps
    the data dir as it is until it stops."""
    from store import serving

    if settings.database_url:
        pytest.skip("a SQLite data dir of an older version")
    release = _release_data_dir(tmp_path / "release")
    with serving(release.data_dir):   # the older version's server, running
        code, _, err = cli("status", "--data-dir", release.data_dir)
    assert code == 2 and "a server (or a watch) of the older version is running on it" in err
    assert stored_schema(release.db_path) == 7 and not (release.data_dir / BACKUPS).exists()
    code, out, err = cli("status", "--data-dir", release.data_dir)   # it stopped: upgraded now
    assert stored_schema(release.db_path) == int(SCHEMA_VERSION) and (release.data_dir / BACKUPS).is_dir()
