"""check, backup and restore through the praktijkgeheugen command (fake embedder)."""
import dataclasses
import json
import os
import tarfile

import pytest

from dutch_docs import DOCS, write_docs
from fakes import FakeEmbedder
from store import open_store

WIDOWER = "pg-noord/2022-2023/casus-weduwnaar.md"
QUERIES = ("huurachterstand woningcorporatie", "weduwnaar kaartnamiddag", "dementie in de buurt")


@pytest.fixture
def filled(cli, tmp_path):
    assert cli("ingest", str(write_docs(tmp_path / "docs")), "--create-communities")[0] == 0
    return cli


def _answers(cli, data_dir=None, database_url=None) -> dict[str, list[str]]:
    extra = ["--data-dir", str(data_dir)] if data_dir else []
    extra += ["--database-url", database_url] if database_url else []
    out = {}
    for mode in ("hybrid", "lexical", "dense"):
        for query in QUERIES:
            code, text, _ = cli("search", query, "--json", "--mode", mode, "-k", "3", *extra)
            # with the authors' public ids: a restored or migrated store keeps every person link
            out[f"{mode}:{query}"] = [(r["doc_id"], r["chunk_id"], [a["person_id"] for a in r["authors"]])
                                      for r in json.loads(text)["results"]]
    assert all(pid for results in out.values() for *_, ids in results for pid in ids)
    return out


def test_check_reports_ok_and_json(filled):
    code, out, _ = filled("check")
    assert code == 0 and "3 documents" in out and "ok: the database and both indexes agree" in out
    code, out, _ = filled("check", "--json")
    report = json.loads(out)
    assert code == 0 and report["ok"] and report["documents"] == 3 and set(report["found"].values()) == {0}


def test_check_finds_then_repair_fixes(filled, settings):
    store = open_store(settings)
    store.vectors.delete(sorted(store.vectors.ids())[:2])
    with store.db.transaction() as conn:
        conn.execute("INSERT INTO chunks_fts(rowid, body) VALUES (4242, 'wees')")
    store.close()
    code, out, _ = filled("check")
    assert code == 1 and "found      2 chunks of ready documents without a vector" in out
    assert "found      1 lexical index rows without a chunk" in out and "check --repair" in out
    code, out, _ = filled("check", "--repair")
    assert code == 0 and "fixed      2 chunks of ready documents without a vector" in out and "ok:" in out
    assert filled("check")[0] == 0


def test_backup_then_changes_then_restore_gives_the_same_answers(filled, settings, tmp_path):
    if settings.database_url:
        pytest.skip("restores into its own data dir; PostgreSQL restores only into an empty database (below)")
    before, backup = _answers(filled), tmp_path / "backup.tar.gz"
    code, out, _ = filled("backup", str(backup))
    assert code == 0 and "3 documents" in out
    with tarfile.open(backup) as tar:
        assert {"manifest.json", "praktijkgeheugen.sqlite3"} <= set(tar.getnames())
    # a change after the backup that restore undoes (a deletion after it is not undone, but
    # deleted again: tests/security/test_restore_erasures.py)
    extra = tmp_path / "extra.md"
    extra.write_text("---\ntitle: Nieuw\n---\nEen nieuw verslag over de huurachterstand.\n", encoding="utf-8")
    filled("ingest", str(extra), "--create-communities")

    code, _, err = filled("restore", str(backup))
    assert code == 2 and "already holds data" in err and "--force" in err
    code, out, _ = filled("restore", str(backup), "--force")
    assert code == 0 and "restored 3 documents" in out
    assert _answers(filled) == before
    code, out, _ = filled("documents", "--json")
    assert {json.loads(line)["doc_id"] for line in out.splitlines()} == set(DOCS)
    assert filled("check")[0] == 0


def test_restore_into_a_new_data_dir(filled, settings, tmp_path):
    if settings.database_url:
        pytest.skip("a new data dir, the same database; PostgreSQL's restore is tested below")
    backup, elsewhere = tmp_path / "b.tar.gz", tmp_path / "elders"
    filled("backup", str(backup))
    code, out, _ = filled("restore", str(backup), "--data-dir", str(elsewhere))
    assert code == 0 and "restored 3 documents" in out
    assert _answers(filled, elsewhere) == _answers(filled)


def test_a_backup_to_a_folder_says_to_name_the_file(filled, tmp_path):
    """`backup /srv/backups` (a folder, a coordinator's natural slip) said "[Errno 21] Is a
    directory: '/srv/.praktijkgeheugen-backup-.../backups.part' -> '/srv/backups'"; now it says
    what to type, and the status page shows the failed backup."""
    folder = tmp_path / "backups"
    folder.mkdir()
    code, out, err = filled("backup", folder)
    assert code == 2 and out == "" and "Errno" not in err
    assert f"{folder} is a folder; give the backup's file name, e.g. {folder}/praktijkgeheugen-" in err
    assert list(folder.iterdir()) == [] and not list(tmp_path.glob(".praktijkgeheugen-backup-*"))
    code, out, _ = filled("status", "--json")
    assert json.loads(out)["runs"]["backup"]["ok"] is False


def test_a_backup_into_a_folder_that_does_not_exist_is_refused(filled, tmp_path):
    """Workflow round 41: `backup /srv/back-ups/x.tar.gz` (a typo for /srv/backups) made the
    folder and wrote every case there, unnoticed. A coordinator expects what cp and tar do:
    refused, with the folder named and how to make it (exit 2, nothing written, nothing
    created, a failed backup on the status page). An export to such a folder says the same."""
    target = tmp_path / "back-ups" / "nacht" / "pg.tar.gz"
    code, out, err = filled("backup", str(target))
    said = " ".join(err.split())
    assert code == 2 and out == "" and "Traceback" not in err
    assert f"the folder {target.parent} does not exist" in said and f"mkdir -p '{target.parent}'" in said
    assert "deze map bestaat niet" in said
    assert not (tmp_path / "back-ups").exists() and not list(tmp_path.glob(".praktijkgeheugen-backup-*"))
    backup = json.loads(filled("status", "--json")[1])["runs"]["backup"]
    assert backup["ok"] is False and backup["detail"]["error"] == "no such folder"
    (tmp_path / "een-bestand").write_text("x")
    code, _, err = filled("backup", str(tmp_path / "een-bestand" / "pg.tar.gz"))
    assert code == 2 and "is a file, not a folder" in err and "dit is geen map" in err
    code, out, err = filled("search", "eenzaamheid", "--export", str(tmp_path / "nergens" / "r.csv"))
    assert code == 2 and "does not exist" in err and not (tmp_path / "nergens").exists()
    target.parent.mkdir(parents=True)
    assert filled("backup", str(target))[0] == 0 and target.is_file()


def test_a_backup_over_an_existing_file_is_refused_unless_forced(filled, tmp_path):
    """`backup FILE` replaced an existing file without a word: yesterday's backup, typed again
    as today's name, was gone. Now it is refused (exit 2, the file untouched, a failed backup
    on the status page) unless --force."""
    target = tmp_path / "pg.tar.gz"
    assert filled("backup", target)[0] == 0
    first = target.read_bytes()
    code, out, err = filled("backup", target)
    assert code == 2 and out == "" and f"{target} exists already" in err and "--force" in err
    assert target.read_bytes() == first and not list(tmp_path.glob(".praktijkgeheugen-backup-*"))
    assert json.loads(filled("status", "--json")[1])["runs"]["backup"]["ok"] is False
    code, out, _ = filled("backup", target, "--force")
    assert code == 0 and out.startswith(f"backup {target}: 3 documents")
    assert json.loads(filled("status", "--json")[1])["runs"]["backup"]["ok"] is True


def test_restore_refuses_what_is_not_a_backup(cli, tmp_path):
    bogus = tmp_path / "bogus.tar.gz"
    bogus.write_bytes(b"geen backup")
    code, _, err = cli("restore", str(bogus))
    assert code == 2 and "is not a Praktijkgeheugen backup" in err


# PostgreSQL (issue 20): the tables by COPY from one snapshot, restored into an empty database.

@pytest.fixture
def on_postgres(tmp_path, postgres_server, monkeypatch, cli):
    """`cli` on a data dir with a scratch PostgreSQL schema; `other` is a second empty one."""
    from store import scratch_database
    with scratch_database(postgres_server, "backup") as first, scratch_database(postgres_server, "restore") as other:
        monkeypatch.setenv("PRAKTIJKGEHEUGEN_DATABASE_URL", first)
        assert cli("ingest", str(write_docs(tmp_path / "docs")), "--create-communities")[0] == 0
        yield cli, first, other


def test_postgres_backup_restores_into_an_empty_database_with_the_same_answers(on_postgres, tmp_path):
    cli, first, other = on_postgres
    before, backup, elsewhere = _answers(cli), tmp_path / "pg.tar.gz", tmp_path / "elders"
    code, out, _ = cli("backup", str(backup))
    assert code == 0 and "3 documents" in out
    with tarfile.open(backup) as tar:
        manifest = json.load(tar.extractfile("manifest.json"))
        names = tar.getnames()
    assert manifest["backend"] == "postgresql" and manifest["documents"] == 3
    assert "tables/documents.copy" in names and "tables/chunk_vectors.copy" in names
    assert "praktijkgeheugen.sqlite3" not in names
    assert manifest["tables"]["chunk_vectors"]["rows"] == manifest["chunks"]
    target = ("--data-dir", str(elsewhere), "--database-url", other)
    code, out, err = cli("restore", str(backup), *target)
    assert code == 0, err
    assert "restored 3 documents" in out and "ok: the database and both indexes agree" in out
    assert _answers(cli, elsewhere, other) == before
    assert cli("check", *target)[0] == 0
    # A second restore into the now filled database is refused, and changes nothing.
    code, _, err = cli("restore", str(backup), "--data-dir", str(tmp_path / "derde"), "--database-url", other)
    assert code == 2 and "is not empty" in err
    assert _answers(cli, elsewhere, other) == before
    _a_fourth_document_gets_new_ids(cli, tmp_path, *target)


def _a_fourth_document_gets_new_ids(cli, tmp_path, *target):
    """The copied ids are behind the identity counters: a new document gets new ones."""
    new = tmp_path / "nieuw" / "pg-noord" / "2024-2025"
    new.mkdir(parents=True)
    (new / "verslag-nieuw.md").write_text(DOCS[WIDOWER].replace("2022-2023", "2024-2025")
                                          .replace("weduwnaar", "weduwe"), encoding="utf-8")
    code, _, err = cli("ingest", str(tmp_path / "nieuw"), *target)
    assert code == 0, err
    code, out, _ = cli("check", *target)
    assert code == 0 and "4 documents" in out


def test_a_postgres_backup_is_not_restored_into_sqlite(on_postgres, tmp_path, monkeypatch):
    cli, _, _ = on_postgres
    backup = tmp_path / "pg.tar.gz"
    assert cli("backup", str(backup))[0] == 0
    monkeypatch.delenv("PRAKTIJKGEHEUGEN_DATABASE_URL")
    code, _, err = cli("restore", str(backup), "--data-dir", str(tmp_path / "leeg"))
    assert code == 2 and "backup of a postgresql database" in err
    assert not (tmp_path / "leeg" / "praktijkgeheugen.sqlite3").exists()


def _packs_and_tokens(settings) -> list[str]:
    """The public ids of every pack, item and token (schema 16): a migrated store keeps them."""
    store = open_store(settings)
    try:
        packs = store.packs.all(None)
        return [*(p.id for p in packs), *(i.id for p in packs for i in store.packs.items(p.id, None)),
                *(t.id for t in store.profiles.tokens("els"))]
    finally:
        store.close()


def _make_pack_and_token(settings) -> None:
    store = open_store(settings)
    try:
        store.accounts.add_user("els", "lang-genoeg-wachtwoord-1")
        store.accounts.create_token("els", label="script")
        pack = store.packs.create("PG Noord", "Sessie 1", "els", None)
        assert store.packs.add(pack.id, WIDOWER, None, None)
    finally:
        store.close()


def test_migrate_moves_a_sqlite_data_dir_to_postgres_without_embedding_again(filled, settings, postgres_url,
                                                                            monkeypatch):
    """The tables are copied, the data dir's Chroma collection stays the live one, and
    the answers are the same; a second migrate into the filled database is refused."""
    if settings.database_url:
        pytest.skip("the source is a SQLite data dir")
    _make_pack_and_token(settings)
    before, ids = _answers(filled), _packs_and_tokens(settings)
    embedded, embed = [], FakeEmbedder.embed_passages
    monkeypatch.setattr(FakeEmbedder, "embed_passages",
                        lambda self, texts: embedded.append(texts) or pytest.fail("re-embedded"))
    code, out, err = filled("migrate", "--from-sqlite", str(settings.data_dir), "--database-url", postgres_url)
    assert code == 0, err
    assert "3 document versions" in out and "ok: the database and both indexes agree" in out and not embedded
    assert _answers(filled, database_url=postgres_url) == before
    assert len(ids) == 3 and _packs_and_tokens(dataclasses.replace(settings, database_url=postgres_url)) == ids
    code, _, err = filled("migrate", "--from-sqlite", str(settings.data_dir), "--database-url", postgres_url)
    assert code == 2 and "is not empty" in err
    code, _, err = filled("migrate", "--from-sqlite", str(settings.data_dir / "nergens"), "--database-url", postgres_url)
    assert code == 2 and "There is no SQLite database" in err
    monkeypatch.setattr(FakeEmbedder, "embed_passages", embed)   # it embeds the new document
    _a_fourth_document_gets_new_ids(filled, settings.data_dir.parent, "--database-url", postgres_url)


def test_migrate_needs_a_database_url(cli, tmp_path, monkeypatch):
    monkeypatch.delenv("PRAKTIJKGEHEUGEN_DATABASE_URL", raising=False)
    code, _, err = cli("migrate", "--from-sqlite", str(tmp_path / "nergens"))
    assert code == 2 and "needs --database-url" in err


def test_a_sqlite_backup_is_not_restored_into_postgres(filled, settings, postgres_url, tmp_path):
    if settings.database_url:
        pytest.skip("the backup is of a SQLite data dir")
    backup = tmp_path / "lite.tar.gz"
    assert filled("backup", str(backup))[0] == 0
    code, _, err = filled("restore", str(backup), "--data-dir", str(tmp_path / "leeg"), "--database-url", postgres_url)
    assert code == 2 and "backup of a sqlite database; restore it without --database-url" in err
    assert not (tmp_path / "leeg").exists()


@pytest.mark.parametrize("error", ["OSError", "sqlite3"])
def test_a_full_backup_disk_is_named_not_the_data_dir_and_the_failure_is_on_the_status(filled, tmp_path,
                                                                                          monkeypatch, error):
    """The nightly backup to a full backups disk said "the disk of the data dir ... is full"
    (the data dir's disk had 68 GB free): the coordinator would clean the wrong disk, and
    `status` still showed the last good backup as the last one. Seen on a 3 MB tmpfs as
    SQLite's "database or disk is full" (its copy of the database into the staging folder
    beside the backup file) and as the OS's ENOSPC (the archive)."""
    import errno
    import sqlite3

    def full(*args, **kwargs):
        if error == "sqlite3":
            raise sqlite3.OperationalError("database or disk is full")
        raise OSError(errno.ENOSPC, "No space left on device")
    monkeypatch.setattr("store._backup.tarfile.open", full)
    target = tmp_path / "backups" / "pg-2026-12-07.tar.gz"
    target.parent.mkdir()
    code, _, err = filled("backup", str(target))
    assert code == 2 and "Traceback" not in err
    assert f"the disk of the backup folder {target.parent} is full" in err and "disk of the data dir" not in err
    assert f"fout: de schijf van de back-upmap {target.parent} is vol" in err
    assert list(target.parent.iterdir()) == []   # nothing half-written left there
    backup = json.loads(filled("status", "--json")[1])["runs"]["backup"]
    assert backup["ok"] is False and backup["detail"]["error"] == "disk full"


@pytest.mark.parametrize("message", ["attempt to write a readonly database", "database or disk is full"])
def test_a_backup_of_a_read_only_or_full_data_dir_is_written_and_said_so(filled, tmp_path, monkeypatch, message):
    """The rescue of a data dir whose disk turned read-only: `backup` wrote the whole file
    to another disk, then failed to note it on the status page and said "nothing could be
    written. Make it writable again" with exit 2: the coordinator took a good backup for a
    failed one (seen with the data dir on a tmpfs remounted read-only)."""
    import sqlite3

    def refused(*args, **kwargs):
        raise sqlite3.OperationalError(message)
    monkeypatch.setattr("store._health.Health.record", refused)
    target = tmp_path / "rescue" / "pg.tar.gz"
    target.parent.mkdir()
    code, out, err = filled("backup", str(target))
    assert code == 0 and target.is_file() and out.startswith(f"backup {target}: 3 documents")
    assert "warning: the backup is written" in err and "nothing could be written" not in err
    assert "waarschuwing: de back-up is geschreven" in err


def test_a_backup_of_a_data_dir_on_a_disk_that_is_really_read_only(filled, settings, tmp_path):
    """installatie.md section 10: on a data dir whose disk turned read-only, `backup` to
    another disk works. It stopped with a traceback ("unable to open database file") when
    the last process had closed cleanly: SQLite opens a WAL database by creating `-shm`
    beside it (tried on 8 December 2026 with a bind mount remounted read-only). The test
    above only replaced the status record; here the disk is read-only (a read-only bind
    mount as root, the folder's write bit otherwise)."""
    import shutil
    import sqlite3
    import subprocess

    if settings.database_url:
        pytest.skip("the data dir of a PostgreSQL deployment holds no database")
    conn = sqlite3.connect(settings.db_path)   # as a stopped service leaves it: no -wal, no -shm
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()
    stopped = tmp_path / "stopped"
    shutil.copytree(settings.data_dir, stopped, ignore=shutil.ignore_patterns("*-wal", "*-shm"))
    if os.geteuid() == 0:
        data = tmp_path / "read-only"
        data.mkdir()
        mounted = subprocess.run(["mount", "--bind", str(stopped), str(data)], capture_output=True)
        if mounted.returncode:
            pytest.skip(f"no read-only bind mount here: {mounted.stderr.decode().strip()}")
        subprocess.run(["mount", "-o", "remount,ro,bind", str(data)], check=True)
    else:
        data = stopped
        data.chmod(0o500)
    assert not (data / f"{settings.db_path.name}-shm").exists()
    try:
        target = tmp_path / "usb" / "pg-redding.tar.gz"
        target.parent.mkdir()   # the stick's folder exists: backup refuses a missing one (workflow 41)
        code, out, err = filled("backup", str(target), "--data-dir", str(data))
    finally:
        if os.geteuid() == 0:
            subprocess.run(["umount", str(data)], check=True)
        else:
            data.chmod(0o700)
    assert code == 0 and "Traceback" not in err, err
    assert out.startswith(f"backup {target}: 3 documents") and "read-only" in err
    restored = tmp_path / "restored"
    code, out, err = filled("restore", str(target), "--data-dir", str(restored))
    assert code == 0 and "restored 3 documents" in out, out + err


def test_an_ingest_stopped_by_a_full_disk_says_what_it_stored_and_the_status_says_disk_full(cli, tmp_path,
                                                                                          monkeypatch, caplog):
    """On a full disk (tried on 8 December 2026: 40 files onto a 3 MB tmpfs) `ingest` said
    only that the disk was full: that 6 documents were stored went unsaid, and `status`
    showed `error=OperationalError` beside the failed run."""
    import sqlite3

    import ingest._pipeline as pipeline

    original, calls = pipeline._ingest_file, []

    def fills_up(*args, **kwargs):
        calls.append(1)
        if len(calls) == 3:
            raise sqlite3.OperationalError("database or disk is full")
        return original(*args, **kwargs)
    monkeypatch.setattr(pipeline, "_ingest_file", fills_up)
    code, out, err = cli("ingest", str(write_docs(tmp_path / "docs")), "--create-communities")
    assert code == 2 and "Traceback" not in err and "is full" in err
    assert "ingest stopped after 2 of its files (2 ingested" in caplog.text   # the command's log: stderr
    monkeypatch.setattr(pipeline, "_ingest_file", original)
    run = json.loads(cli("status", "--json")[1])["runs"]["ingest"]
    assert run["ok"] is False and run["detail"]["error"] == "disk full" and run["detail"]["ingested"] == 2
    code, out, _ = cli("ingest", str(tmp_path / "docs"), "--create-communities")
    assert code == 0 and "1 ingested, 0 replaced, 2 unchanged" in out


def test_restore_force_refuses_while_a_server_runs_on_the_data_dir(filled, settings, tmp_path, monkeypatch):
    """installatie.md step 6 stops the service before `restore --force`. Forgotten (tried on
    8 December 2026 with two `serve` processes on the data dir), the restore replaced the
    database file under the servers; an upload through one of them then said *Toegevoegd*
    and went into the replaced file: gone for every other process and after a restart."""
    if settings.database_url:
        pytest.skip("PostgreSQL restores only into an empty database")
    backup = tmp_path / "pg.tar.gz"
    assert filled("backup", str(backup))[0] == 0
    code, _, err = _while_serving(filled, monkeypatch, "restore", str(backup), "--force")
    assert code == 2 and "Traceback" not in err
    assert "A server (or a watch) is running on" in err and "systemctl stop praktijkgeheugen" in err
    assert "fout: er draait nog een server" in err
    code, out, err = filled("restore", str(backup), "--force")   # stopped: it restores
    assert code == 0 and "restored 3 documents" in out, out + err


def test_migrate_refuses_while_a_server_runs_on_the_sqlite_data_dir(filled, settings, postgres_url, monkeypatch):
    """installatie.md section 9 stops the service before `migrate --from-sqlite`. Forgotten
    (tried on 8 December 2026), the copy went ahead under the running server, and what was
    uploaded through it afterwards stayed behind in SQLite."""
    if settings.database_url:
        pytest.skip("the source is a SQLite data dir")
    code, _, err = _while_serving(filled, monkeypatch, "migrate", "--from-sqlite", str(settings.data_dir),
                                  "--database-url", postgres_url)
    assert code == 2 and "A server (or a watch) is running on" in err and "Traceback" not in err
    code, out, err = filled("migrate", "--from-sqlite", str(settings.data_dir), "--database-url", postgres_url)
    assert code == 0 and "3 document versions" in out, out + err


def _while_serving(cli, monkeypatch, *command: str) -> tuple[int, str, str]:
    """`praktijkgeheugen COMMAND` run while `serve` runs on the data dir (inside its uvicorn.run)."""
    import socket

    meanwhile = []
    monkeypatch.setattr("uvicorn.run", lambda app, **options: meanwhile.append(cli(*command)))
    with socket.socket() as free:
        free.bind(("127.0.0.1", 0))
        port = free.getsockname()[1]
    assert cli("serve", "--port", str(port))[0] == 0
    return meanwhile[0]
