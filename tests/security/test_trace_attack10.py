"""Trace attack 10: where a client's name or a deleted document's text stays.

Crashes of the copies: a backup stages a whole copy of the database beside its target
and a restore unpacks the whole backup into the data dir. Killed half-way (kill -9, the
OOM killer, a power cut during the nightly backup), both left that copy for good, outside
the retention that expires the nightly archives and where no check looked: a document
deleted the next morning, a name corrected the next week, stayed whole in it
(store._staging)."""
from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from dutch_docs import write_docs
from store._chroma_admin import forget_clients

ROOT = Path(__file__).resolve().parents[2]
DELETED = "wt-zuid/2023-2024/casus-schulden.md"
# A child that runs a backup or a restore and is killed (SIGKILL: no clean-up runs)
# once the staged copy is written: after the snapshot is packed, or the backup unpacked.
KILLED = """
import os, signal, sys, tarfile
from pathlib import Path
from settings import Settings
from store import restore_backup, write_backup
kind, data_dir, archive = sys.argv[1:4]
settings = Settings(data_dir=Path(data_dir))
if kind == "backup":
    add = tarfile.TarFile.add
    def add_then_die(self, *args, **kwargs):
        add(self, *args, **kwargs)
        os.kill(os.getpid(), signal.SIGKILL)
    tarfile.TarFile.add = add_then_die
    write_backup(settings, Path(archive))
else:
    extract = tarfile.TarFile.extractall
    def extract_then_die(self, *args, **kwargs):
        extract(self, *args, **kwargs)
        os.kill(os.getpid(), signal.SIGKILL)
    tarfile.TarFile.extractall = extract_then_die
    restore_backup(Path(archive), settings, force=True)
"""


def _killed(kind: str, data_dir: Path, archive: Path) -> None:
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(ROOT), str(ROOT / "tests")])}
    done = subprocess.run([sys.executable, "-c", KILLED, kind, str(data_dir), str(archive)], env=env,
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == -signal.SIGKILL, done.stderr
    forget_clients()   # the child removed the Chroma folder this process's client had open


def _holding(root: Path, needle: bytes) -> list[str]:
    """Every file under `root` whose bytes hold `needle` (any case), backups not unpacked:
    a staged copy is a plain SQLite file."""
    return sorted(str(p.relative_to(root)) for p in root.rglob("*")
                  if p.is_file() and needle in p.read_bytes().lower())


@pytest.fixture
def filled(cli, settings, tmp_path):
    if settings.database_url:
        pytest.skip("the SQLite data dir's copies; PostgreSQL's backup stages COPY files the same way")
    assert cli("ingest", str(write_docs(tmp_path / "docs")), "--create-communities")[0] == 0
    return cli


def _deleted_words(settings) -> bytes:
    from store import open_store
    store = open_store(settings)
    try:
        text = store.catalogue.get_document(DELETED).text
    finally:
        store.close()
    return max(text.split(), key=len).lower().encode()   # the document's longest word


def test_a_killed_backup_leaves_no_copy_beside_the_nightly_archives(filled, settings, tmp_path):
    backups = tmp_path / "backups"
    backups.mkdir()
    words = _deleted_words(settings)
    _killed("backup", settings.data_dir, backups / "pg-2026-12-06.tar.gz")
    assert _holding(backups, words)   # the probe: the crash left the staged snapshot
    assert filled("delete", DELETED)[0] == 0
    assert filled("backup", str(backups / "pg-2026-12-07.tar.gz"))[0] == 0
    assert sorted(p.name for p in backups.iterdir()) == ["pg-2026-12-07.tar.gz"]
    assert _holding(backups, words) == []


def test_an_earlier_versions_crashed_backup_is_removed_too(filled, settings, tmp_path):
    backups = tmp_path / "backups"
    (backups / "backup-0rpn38c2").mkdir(parents=True, mode=0o700)   # tempfile's mode
    (backups / "backup-0rpn38c2" / "praktijkgeheugen.sqlite3").write_bytes(b"SQLite format 3\x00 casus")
    (backups / ".pg-2026-12-05.tar.gz.part").write_bytes(b"\x1f\x8b casus")
    (backups / "backup-fotos").mkdir()   # someone else's folders: stay
    (backups / "backup-fotos" / "foto.jpg").write_bytes(b"\xff\xd8")
    (backups / "backup-20241201").mkdir()   # a backup unpacked by hand into a folder of its day
    (backups / "backup-20241201" / "manifest.json").write_text("{}")
    os.utime(backups / "backup-20241201", (1_700_000_000, 1_700_000_000))
    old = 1_700_000_000
    for path in (backups / "backup-0rpn38c2", backups / ".pg-2026-12-05.tar.gz.part"):
        os.utime(path, (old, old))
    assert filled("backup", str(backups / "pg-2026-12-07.tar.gz"))[0] == 0
    assert sorted(p.name for p in backups.iterdir()) == ["backup-20241201", "backup-fotos", "pg-2026-12-07.tar.gz"]


def test_a_killed_restore_leaves_no_copy_in_the_data_dir(filled, settings, tmp_path):
    backup = tmp_path / "nacht.tar.gz"
    assert filled("backup", str(backup))[0] == 0
    words = _deleted_words(settings)
    _killed("restore", settings.data_dir, backup)
    assert [p for p in _holding(settings.data_dir, words) if "staging" in p or "restore" in p]   # the probe
    code, out, err = filled("check")
    assert code == 1 and "interrupted restore" in out
    code, out, err = filled("check", "--repair")
    assert code == 0, out + err
    assert [p for p in settings.data_dir.iterdir() if "restore" in p.name] == []
    _killed("restore", settings.data_dir, backup)
    code, out, err = filled("restore", str(backup), "--force")   # what a beheerder does next
    assert code == 0, err
    assert [p for p in settings.data_dir.iterdir() if "restore" in p.name] == []


# A correction after the backup: a moderator listed a client name the rules missed, and
# every document naming it was pseudonymised again. Restoring a backup made before the
# correction brought the name back (text, lexical index, vectors' texts), documented as
# "not covered"; the newer copy's list (keyed digests, the same key as the backup's) is
# the correction list, as its audit log is the erasure list.
MISSED = "Qorbanzaad"
NOTE = ("---\ncommunity: Wijkteam Zuid\ntype: casus\n---\n"
        f"De buurtwerker belde met de wijkverpleging over {MISSED} en de kinderen.\n")
NOTES_ID = "wt-zuid/2023-2024/notities.md"


@pytest.fixture
def corrected(cli, settings, tmp_path):
    if settings.database_url:
        pytest.skip("the SQLite data dir's list; PostgreSQL reads it with --erasures-from from a SQLite data dir")
    docs = write_docs(tmp_path / "docs")
    (docs / NOTES_ID).write_text(NOTE, encoding="utf-8")
    assert cli("ingest", str(docs), "--create-communities")[0] == 0
    _pack_about_the_client(settings)
    assert _holding(settings.data_dir, MISSED.lower().encode())   # the probe: the rules miss the name
    backup = tmp_path / "voor-correctie.tar.gz"
    assert cli("backup", str(backup))[0] == 0
    code, out, err = cli("clients", "add", "--community", "Wijkteam Zuid", MISSED)
    assert code == 0 and "1 documents pseudonymised again" in out, out + err
    assert _holding(settings.data_dir, MISSED.lower().encode()) == []
    return cli, backup


def _pack_about_the_client(settings) -> None:
    """A moderator's pack whose name and note name the client (the rules missed her there too)."""
    from store import open_store
    store = open_store(settings)
    try:
        [document] = [d for d in store.catalogue.list_documents() if d.doc_id.endswith("notities.md")]
        pack = store.packs.create("Wijkteam Zuid", f"Sessie over {MISSED}", "mod", None)
        assert store.packs.add(pack.id, document.doc_id, None, None)
        [item] = store.packs.items(pack.id, None)
        assert store.packs.annotate(pack.id, item.id, f"Vraag {MISSED} naar de kinderen", None)
    finally:
        store.close()


@pytest.mark.deduce
def test_a_forced_restore_lists_again_a_name_listed_after_the_backup(corrected, settings):
    cli, backup = corrected
    code, out, err = cli("restore", str(backup), "--force")
    assert code == 0, out + err
    assert "pseudonymised again 1 documents" in out
    assert _holding(settings.data_dir, MISSED.lower().encode()) == []
    code, out, _ = cli("search", MISSED)
    assert MISSED not in out and "wijkverpleging" in out


@pytest.mark.deduce
def test_a_restore_elsewhere_lists_again_from_the_newer_copy(corrected, settings, tmp_path, monkeypatch):
    cli, backup = corrected
    other = tmp_path / "nieuw"
    code, out, err = cli("restore", str(backup), "--data-dir", str(other), "--erasures-from", str(settings.data_dir))
    assert code == 0, out + err
    assert "pseudonymised again 1 documents" in out
    assert _holding(other, MISSED.lower().encode()) == []


# An author's organisation: its own pass runs only the cue rules ('thuiszorg bij mevrouw
# Yilmaz'), so a client the text names after 'mevrouw' stayed whole where the organisation
# names her without a cue, while the title and themes lost the name the text was found to hold.
@pytest.mark.deduce
def test_a_client_the_text_names_is_hidden_in_an_authors_organisation(cli, settings, tmp_path):
    from store import open_store
    docs = tmp_path / "docs" / "pg-noord" / "2024-2025"
    docs.mkdir(parents=True)
    (docs / "huisbezoek.md").write_text(
        "---\ncommunity: PG Noord\ntype: casus\nauthors: [\"Lien Baeten (Huize Quorbelinde, bij Quorbelinde thuis)\"]\n"
        "---\nIk bezocht mevrouw Quorbelinde thuis. Mevrouw Quorbelinde woont alleen sinds de zomer.\n",
        encoding="utf-8")
    code, out, err = cli("ingest", str(tmp_path / "docs"), "--create-communities")
    assert code == 0 and "mevrouw Q." in out, out + err   # the text's rules found her
    store = open_store(settings)
    try:
        [document] = store.catalogue.list_documents()
        assert [a.organisation for a in document.meta.authors] == ["Huize Q., bij Q. thuis"]
    finally:
        store.close()
    assert _holding(settings.data_dir, b"quorbelinde") == []


# A correction renames a document whose id holds the listed name ('verslag-bakker.md' ->
# 'verslag-B..md'), and the audit log keeps a later deletion under the new id's digest.
# The backup made before the correction holds the old id, which no deletion names: the
# case came back, and was then pseudonymised again under the id that had been deleted.
RENAMED = "wt-zuid/2023-2024/verslag-bakker.md"


@pytest.mark.deduce
def test_a_restore_deletes_again_a_document_renamed_by_a_correction_and_then_deleted(cli, settings, tmp_path):
    if settings.database_url:
        pytest.skip("the SQLite data dir's audit log and list")
    docs = write_docs(tmp_path / "docs")
    (docs / RENAMED).write_text("---\ncommunity: Wijkteam Zuid\ntype: casus\n---\nDe bakker op de hoek bracht"
                                " brood naar de buren van de zwerfkattenopvang.\n", encoding="utf-8")
    assert cli("ingest", str(docs), "--create-communities")[0] == 0
    backup = tmp_path / "voor-correctie.tar.gz"
    assert cli("backup", str(backup))[0] == 0
    code, out, err = cli("clients", "add", "--community", "Wijkteam Zuid", "Bakker", "--json")
    renamed = json.loads(out)["renamed"]
    assert [r["from"] for r in renamed] == [RENAMED], out + err
    time.sleep(1.1)   # the audit log and the manifest count seconds
    assert cli("delete", renamed[0]["to"])[0] == 0
    code, out, err = cli("restore", str(backup), "--force")
    assert code == 0, out + err
    assert _holding(settings.data_dir, b"zwerfkattenopvang") == []


def test_an_older_data_dir_without_the_lists_tables_gives_nothing_to_apply_again(tmp_path):
    import sqlite3

    from store import deletions, listed_clients
    old = tmp_path / "praktijkgeheugen.sqlite3"
    conn = sqlite3.connect(old)
    conn.execute("CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)")
    conn.commit()
    conn.close()
    assert listed_clients(old) == (None, {})   # a restore --erasures-from it must not fail
    assert deletions(old) == []
