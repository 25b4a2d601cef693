"""Attack 31: a community or a session pack deleted after a backup came back with `restore`.

The erasure list a restore applies (docs/operations.md#erasure) held the document deletions
only. A beheerder deleted a group (`communities delete`, /beheer/groep/verwijderen: "every
trace of it") or a moderator deleted a pack whose name and notes named a client ("Pakket
Zwanhilde Okonkwo", in a group that does not pseudonymise, or a name the rules missed);
last night's backup was restored with the newer data dir's erasure list, and the group was
back with its roles, name lists and packs, and the pack with its name and notes. The
documents were deleted again; what held the name outside them was not. Reproduced by hand
on a real data dir (`restore b1.tar.gz --data-dir r1 --erasures-from d`: the deleted group
'west' and its pack 'Pakket Ermelinda Goossenaerts' in r1's database). Failed on 12d46b1:
both come back. Now the audit log's `groep verwijderd` and `pakket verwijderd` lines after the
backup's time are deleted again too (store.removals, ingest.remove_again), and so is an item
taken out of a pack ('uit pakket gehaald'), whose note may name the client. And a pack's
deleted or replaced name or note stayed in SQLite's WAL (and the main file until a
checkpoint) while the server ran: store.Packs now empties the WAL after each (failed on
12d46b1 for an item, a pack, a note and a rename)."""
from __future__ import annotations

import sqlite3
import time

import pytest

from dutch_docs import write_docs
from store import open_store

NAME = "Okonkwo"
GROUP = "Wijkteam Zuid"


@pytest.fixture
def filled(cli, settings, tmp_path):
    if settings.database_url:
        pytest.skip("PostgreSQL restores only into an empty database (the same functions read its audit log)")
    assert cli("ingest", str(write_docs(tmp_path / "docs")), "--create-communities")[0] == 0
    return cli


def _packs(settings) -> dict[str, str]:
    store = open_store(settings)
    try:
        return {p.id: p.name for p in store.packs.all(None)}
    finally:
        store.close()


def _make_pack(settings, community: str, name: str = "Pakket") -> str:
    """A pack whose name holds the client's (one pack of a name per group since 9da413a)."""
    store = open_store(settings)
    try:
        return store.packs.create(community, f"{name} Zwanhilde {NAME}", "lien", None).id
    finally:
        store.close()


def _raw(settings) -> bytes:
    """Every byte of the database files (free pages and the write-ahead log included)."""
    files = [settings.db_path, settings.db_path.with_name(settings.db_path.name + "-wal")]
    return b"".join(path.read_bytes() for path in files if path.exists())


def test_a_restore_deletes_again_a_community_deleted_after_the_backup(filled, settings, tmp_path):
    _make_pack(settings, GROUP)
    backup = tmp_path / "nacht.tar.gz"
    assert filled("backup", str(backup))[0] == 0
    time.sleep(1.1)   # the audit log and the manifest count seconds
    assert filled("communities", "delete", GROUP, "--yes")[0] == 0
    code, out, err = filled("restore", str(backup), "--force")
    assert code == 0, err
    store = open_store(settings)
    try:
        assert GROUP not in {c.name for c in store.accounts.communities()}, out
    finally:
        store.close()
    assert not _packs(settings) and NAME.encode() not in _raw(settings), out
    assert "deleted again 1 communities" in out, out



def _communities(settings) -> set[str]:
    store = open_store(settings)
    try:
        return {c.name for c in store.accounts.communities()}
    finally:
        store.close()


def test_a_community_made_again_under_its_name_is_not_deleted_by_a_restore(filled, settings, tmp_path):
    """The newer copy has a group of that name again: the restore deletes the old group's
    documents again, and the old group with its roles, lists and packs (tenancy attack 41,
    test_attack41_probes.py), and the name is a group again, as the newer copy has it."""
    backup = tmp_path / "nacht.tar.gz"
    assert filled("backup", str(backup))[0] == 0
    time.sleep(1.1)
    assert filled("communities", "delete", GROUP, "--yes")[0] == 0
    assert filled("communities", "add", GROUP)[0] == 0
    code, out, err = filled("restore", str(backup), "--force")
    assert code == 0, err
    assert "deleted again 1 communities" in out and "deleted again 1 documents" in out, out
    assert GROUP in _communities(settings)


def test_another_deployments_list_deletes_no_community_of_the_same_name(filled, settings, tmp_path):
    """Names are no keyed digests: a group another deployment deleted is not this one's."""
    backup = tmp_path / "nacht.tar.gz"
    assert filled("backup", str(backup))[0] == 0
    other = tmp_path / "andere-dienst"
    assert filled("communities", "add", GROUP, "--data-dir", str(other))[0] == 0
    time.sleep(1.1)
    assert filled("communities", "delete", GROUP, "--yes", "--data-dir", str(other))[0] == 0
    elsewhere = tmp_path / "nieuw"
    code, out, err = filled("restore", str(backup), "--data-dir", str(elsewhere), "--erasures-from", str(other))
    assert code == 0 and "another deployment" in err, err
    assert GROUP in _communities(type(settings)(**{**settings.__dict__, "data_dir": elsewhere})), out

def test_a_restore_deletes_again_a_pack_deleted_after_the_backup(filled, settings, tmp_path):
    kept, gone = _make_pack(settings, "PG Noord"), _make_pack(settings, GROUP)
    backup = tmp_path / "nacht.tar.gz"
    assert filled("backup", str(backup))[0] == 0
    time.sleep(1.1)
    store = open_store(settings)
    try:   # as web/views/pack.py deletes a pack and logs it
        assert store.packs.delete(gone, None)
        store.accounts.audit("lien", "pakket verwijderd", f"pakket {gone}")
    finally:
        store.close()
    elsewhere = tmp_path / "nieuw"
    code, out, err = filled("restore", str(backup), "--data-dir", str(elsewhere),
                            "--erasures-from", str(settings.data_dir))
    assert code == 0, err
    restored = type(settings)(**{**settings.__dict__, "data_dir": elsewhere})
    assert set(_packs(restored)) == {kept}, out
    conn = sqlite3.connect(restored.db_path)
    try:
        assert conn.execute("SELECT count(*) FROM packs").fetchone() == (1,)
    finally:
        conn.close()
    assert "and 1 packs" in out, out


def test_a_pack_deleted_before_the_backup_and_a_later_one_of_that_id_is_no_concern(filled, settings, tmp_path):
    """A deletion older than the backup is not applied again (the pack in the backup is then
    another's, or the same id never came back): only what was erased after it."""
    pack = _make_pack(settings, GROUP)
    store = open_store(settings)
    try:
        store.accounts.audit("lien", "pakket verwijderd", f"pakket {pack}")   # an older line, same id
    finally:
        store.close()
    time.sleep(1.1)
    backup = tmp_path / "nacht.tar.gz"
    assert filled("backup", str(backup))[0] == 0
    code, out, err = filled("restore", str(backup), "--force")
    assert code == 0, err
    assert pack in _packs(settings), out


def test_a_postgres_restore_deletes_again_a_community_and_a_pack(cli, two_databases, tmp_path):
    """The same on PostgreSQL: the live database's audit log is read with --erasures-from."""
    from store import Settings

    live, empty = two_databases
    assert cli("ingest", str(write_docs(tmp_path / "docs")), "--create-communities")[0] == 0
    settings = Settings(data_dir=tmp_path / "live", database_url=live)
    kept, gone = _make_pack(settings, "PG Noord"), _make_pack(settings, "PG Noord", "Tweede pakket")
    _make_pack(settings, GROUP)
    backup = tmp_path / "nacht.tar.gz"
    assert cli("backup", str(backup))[0] == 0
    time.sleep(1.1)
    assert cli("communities", "delete", GROUP, "--yes")[0] == 0
    store = open_store(settings)
    try:
        assert store.packs.delete(gone, None)
        store.accounts.audit("lien", "pakket verwijderd", f"pakket {gone}")
    finally:
        store.close()
    code, out, err = cli("restore", str(backup), "--data-dir", str(tmp_path / "hersteld"),
                         "--database-url", empty, "--erasures-from", live)
    assert code == 0, err
    restored = Settings(data_dir=tmp_path / "hersteld", database_url=empty)
    store = open_store(restored)
    try:
        assert GROUP not in {c.name for c in store.accounts.communities()}
    finally:
        store.close()
    assert set(_packs(restored)) == {kept}, out


def test_a_restore_takes_out_again_a_pack_item_taken_out_after_the_backup(filled, settings, tmp_path):
    """An item's note ('Bel Zwanhilde Okonkwo') went with the item; the backup has it."""
    store = open_store(settings)
    try:
        pack = store.packs.create("PG Noord", "Voorbereiding", "lien", None).id
        doc_id = next(d.doc_id for d in store.catalogue.list_documents() if d.meta.community == "PG Noord")
        store.packs.add(pack, doc_id, None, None)
        [item] = store.packs.items(pack, None)
        store.packs.annotate(pack, item.id, f"Bel Zwanhilde {NAME}", None)
    finally:
        store.close()
    backup = tmp_path / "nacht.tar.gz"
    assert filled("backup", str(backup))[0] == 0
    time.sleep(1.1)
    store = open_store(settings)
    try:   # as web/views/pack.py takes an item out ('weg') and logs it
        assert store.packs.remove(pack, item.id, None)
        store.accounts.audit("lien", "uit pakket gehaald", f"pakket {pack}, bron {item.id}")
    finally:
        store.close()
    code, out, err = filled("restore", str(backup), "--force")
    assert code == 0, err
    store = open_store(settings)
    try:
        assert store.packs.items(pack, None) == [], out
    finally:
        store.close()
    raw = _raw(settings)
    assert NAME.encode() not in raw, raw[raw.find(NAME.encode()) - 60:raw.find(NAME.encode()) + 60].decode("latin-1")


@pytest.mark.parametrize("how", ["item", "pack", "note", "rename"])
def test_what_a_pack_loses_leaves_no_bytes_behind(filled, settings, how):
    """secure_delete zeroes a deleted row in the page's new version, but the old version
    stays in the write-ahead log (and in the main file until a checkpoint) while the server
    runs: a pack's note, taken out, deleted or rewritten, was still in the data dir's
    files. A document's erasure checkpoints (erase_pending); a pack's did not."""
    store = open_store(settings)
    try:
        pack = store.packs.create("PG Noord", f"Pakket Zwanhilde {NAME}" if how == "rename" else "Voorbereiding",
                                  "lien", None).id
        doc_id = next(d.doc_id for d in store.catalogue.list_documents() if d.meta.community == "PG Noord")
        store.packs.add(pack, doc_id, None, None)
        [item] = store.packs.items(pack, None)
        store.packs.annotate(pack, item.id, f"Bel Zwanhilde {NAME}", None)
        store.db.checkpoint()   # the note in the main file, as after any automatic checkpoint
        store.packs.annotate(pack, item.id, "Voorbereiding", None)   # a page's next version, in the log
        store.packs.annotate(pack, item.id, f"Bel Zwanhilde {NAME}", None)
        if how == "item":
            assert store.packs.remove(pack, item.id, None)
        elif how == "pack":
            assert store.packs.delete(pack, None)
        elif how == "note":
            store.packs.annotate(pack, item.id, "Bel de mantelzorger", None)
        else:
            store.packs.annotate(pack, item.id, "", None)
            assert store.packs.rename(pack, "Voorbereiding", None)
        raw = _raw(settings)   # the store still open, as a server's
        assert NAME.encode() not in raw, raw[raw.find(NAME.encode()) - 60:raw.find(NAME.encode()) + 60].decode("latin-1")
    finally:
        store.close()
