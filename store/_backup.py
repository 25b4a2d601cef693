"""Backup and restore of a data dir, safe while the server runs.

A backup is one gzipped tar:
* `manifest.json`: format, backend, time, model, schema version, counts and the files
  folder the kept originals' paths name (`files_folder`, store._relocate);
* with PostgreSQL (`--database-url`) `tables/<table>.copy`: every table by COPY from
  one snapshot (store._pgbackup), in place of the SQLite file;
* `praktijkgeheugen.sqlite3`: a snapshot by SQLite's online backup API, so it is
  consistent even while a writer writes (a version still pending in it is purged
  on restore, as after a crash);
* `embeddings/*.sqlite3`: snapshots of the passage embedding cache;
* `files/...`: the uploaded originals the backed-up documents keep, and nothing else
  under the files folder: an upload being received (files/.incoming) holds files as
  they were sent, client names and all, which are never kept (a nightly backup during
  an upload kept them; tests/security/test_backup_contents.py).

Chroma's index is not in it (the database snapshot holds each chunk's vector,
`chunk_vectors`). The index is built from the database, and copying Chroma's
files consistently would mean waiting for the writer lock, which an ingest holds
for its whole batch. Restore rebuilds it from the chunks in the database, with
vectors from the embedding cache, so no model run is needed for what was cached
(ingest.restore_vectors).
"""
from __future__ import annotations

import json
import os
import shutil
import sqlite3
import tarfile
import time
from pathlib import Path

from errors import PraktijkgeheugenError
from settings import Settings
from store._chroma_admin import forget_clients
from store._db import SQLiteDatabase
from store._lock import WriterBusy, WriterLock, in_service
from store._migrate import SCHEMA_VERSION, migrate
from store._person_links import forget_unnamed
from store._pgbackup import (
    KEPT_ORIGINALS,
    TABLES,
    RestoreRefused,
    dump_tables,
    load_tables,
    refuse_unless_empty,
    table_order,
)
from store._postgres import PostgresDatabase, scalar
from store._private import PRIVATE_FILE
from store._relocate import relocate_originals
from store._staging import remove_abandoned, staging_folder

BACKUP_FORMAT = 1
DATABASE = "praktijkgeheugen.sqlite3"
EMBEDDINGS = "embeddings"  # the embedding cache's folder in the models dir (models._embedder)


class BackupError(PraktijkgeheugenError):
    """A backup cannot be made or restored; the message says why and what to do."""

    user = "De reservekopie kon niet gemaakt of teruggezet worden. Meld het aan de beheerder."


def write_backup(settings: Settings, target: Path) -> dict:
    """Write a backup of the data dir to `target` (atomically); returns its manifest."""
    if not settings.database_url and not settings.db_path.exists():
        raise BackupError(f"There is no database in {settings.data_dir} to back up.")
    remove_abandoned(target.parent, "backup")   # a copy a crashed backup left here (store._staging)
    with staging_folder(target.parent, "backup") as staging:
        for cache in sorted((settings.models_dir / EMBEDDINGS).glob("*.sqlite3")):
            snapshot(cache, staging / EMBEDDINGS / cache.name)
        if settings.database_url:
            manifest, kept = _postgres_manifest(settings.database_url, staging / TABLES)
        else:
            snapshot(settings.db_path, staging / DATABASE)
            erase_in_copy(staging / DATABASE)
            manifest, kept = _manifest(staging / DATABASE), _kept_in_snapshot(staging / DATABASE)
        manifest["files_folder"] = str(settings.files_dir)   # where the kept originals' paths point (store._relocate)
        (staging / "manifest.json").write_text(json.dumps(manifest, indent=2), encoding="utf-8")
        part = staging / f"{target.name}.part"   # beside its target (one file system), gone with the staging
        with tarfile.open(part, "w:gz") as tar:
            for entry in sorted(e for e in staging.iterdir() if e != part and not e.name.startswith(".")):
                tar.add(entry, arcname=entry.name)
            files = settings.files_dir.resolve()
            for path in _kept_originals(settings, kept):
                tar.add(path, arcname=f"files/{path.relative_to(files).as_posix()}")
        os.chmod(part, PRIVATE_FILE)   # it holds every case: owner-only wherever it is written
        os.replace(part, target)
    return manifest


def _kept_in_snapshot(database: Path) -> list[str]:
    """The originals the ready documents of a SQLite snapshot keep (`source_path`)."""
    conn = sqlite3.connect(database)
    try:
        return [row[0] for row in conn.execute(KEPT_ORIGINALS).fetchall()]
    finally:
        conn.close()


def _kept_originals(settings: Settings, kept: list[str]) -> list[Path]:
    """The files under the files folder that the backup's own ready documents keep,
    `kept` being read from the backup's snapshot itself (SQLite's copy, or PostgreSQL's
    dump transaction): a document published after it is not packed, and one deleted
    since has no file any more. Nothing outside the files folder is ever packed."""
    files = settings.files_dir.resolve()
    paths = {Path(path).resolve() for path in kept}
    return sorted(path for path in paths if path.is_relative_to(files) and path.is_file())


def snapshot(source: Path, target: Path) -> None:
    """A consistent copy of a live SQLite database (WAL included), by the backup API."""
    target.parent.mkdir(parents=True, exist_ok=True)
    src = _open_to_copy(source)
    dst = sqlite3.connect(target)
    try:
        src.backup(dst)
    finally:
        dst.close()
        src.close()


def _open_to_copy(source: Path) -> sqlite3.Connection:
    """The live database, or on a disk that turned read-only, the database as it lies.
    SQLite opens a WAL database by creating its `-shm` file beside it: on a read-only data
    dir whose last process had closed cleanly (no `-shm` left), the rescue backup that
    installatie.md section 10 promises stopped with a traceback ("unable to open database
    file", tried on 8 December 2026 with a bind mount remounted read-only). Read-only mode
    needs that file too; `immutable` does not, and is exact when there is no write-ahead log
    to miss (and nobody can write to a read-only disk)."""
    conn = sqlite3.connect(source, timeout=30)
    try:
        conn.execute("SELECT COUNT(*) FROM sqlite_master").fetchone()
        return conn
    except sqlite3.OperationalError:
        conn.close()
        if os.access(source.parent, os.W_OK):
            raise
    uri = source.resolve().as_uri()
    try:
        conn = sqlite3.connect(f"{uri}?mode=ro", uri=True, timeout=30)
        conn.execute("SELECT COUNT(*) FROM sqlite_master").fetchone()
        return conn
    except sqlite3.OperationalError:
        conn.close()
        wal = Path(f"{source}-wal")
        if wal.exists() and wal.stat().st_size:
            raise
    return sqlite3.connect(f"{uri}?immutable=1", uri=True)


def erase_in_copy(database: Path) -> None:
    """Finish in a snapshot what the erasure of the data dir would do (store._maintenance):
    the online backup never waits for the writer, so its copy can hold a version a purge
    marked 'deleting' (its whole text) or one still 'pending', and the words of purged
    versions in FTS5's index segments until the writer's session ends with 'optimize'
    (after the vectors are copied; at the next writer's session after a crash). A backup
    kept that for as long as backups are kept. Restore purged such versions too; here
    they go before anything is packed."""
    conn = sqlite3.connect(database, isolation_level=None)
    try:
        conn.execute("PRAGMA foreign_keys=ON")
        conn.execute("PRAGMA secure_delete=ON")
        pending = conn.execute("SELECT COUNT(*) FROM documents WHERE state <> 'ready'").fetchone()[0]
        if not pending and conn.execute("SELECT 1 FROM meta WHERE key = 'erase_pending'").fetchone() is None:
            return
        conn.execute("BEGIN")
        conn.execute("DELETE FROM chunks_fts WHERE rowid IN (SELECT ch.id FROM chunks ch"
                     " JOIN documents d ON d.id = ch.document_id WHERE d.state <> 'ready')")
        conn.execute("DELETE FROM documents WHERE state <> 'ready'")   # chunks, vectors, authorship cascade
        forget_unnamed(conn)
        conn.execute("INSERT INTO chunks_fts(chunks_fts) VALUES ('optimize')")
        conn.execute("DELETE FROM meta WHERE key = 'erase_pending'")
        conn.execute("COMMIT")
        conn.execute("VACUUM")
    finally:
        conn.close()


def _no_such_file(source: Path) -> str:
    """A backup file that is not there, said as such with the backups its folder does hold: a
    typo in a date ('pg-2026-12-1.tar.gz') read "is not a Praktijkgeheugen backup ([Errno 2]
    ...)", as if the file were damaged."""
    there = sorted(p.name for p in source.parent.glob("*.tar.gz")) if source.parent.is_dir() else []
    held = f" {source.parent} holds: {', '.join(there[-5:])}" if there else ""
    held_nl = f" In {source.parent} staan: {', '.join(there[-5:])}" if there else ""
    return (f"there is no file {source}.{held}\n"
            f"fout: het bestand {source} bestaat niet.{held_nl}")


def read_manifest(source: Path) -> dict:
    """The manifest of a backup file, checked to be one this version can restore."""
    if not Path(source).exists():
        raise BackupError(_no_such_file(Path(source)))
    try:
        with tarfile.open(source, "r:gz") as tar:
            member = tar.extractfile("manifest.json")
            if member is None:   # a directory or link of that name, not a file
                raise KeyError("manifest.json is not a file")
            manifest = json.load(member)
    except (OSError, KeyError, tarfile.TarError, json.JSONDecodeError) as exc:
        raise BackupError(f"{source} is not a Praktijkgeheugen backup ({exc}).") from None
    if manifest.get("format") != BACKUP_FORMAT:
        raise BackupError(f"{source} has backup format {manifest.get('format')}; this version reads"
                          f" format {BACKUP_FORMAT}.")
    return manifest


def holds_data(settings: Settings) -> bool:
    """Whether the deployment has a database, vectors or uploads (its converted model
    does not count). With PostgreSQL the database is the shared one, and a new host's
    data dir is empty: it holds data when any of its tables but `meta` has rows
    (`init` on a second host added an admin to the running deployment)."""
    if settings.database_url:
        return _holds_files(settings) or _postgres_holds_rows(settings.database_url)
    return settings.db_path.exists() or _holds_files(settings)


def _postgres_holds_rows(url: str) -> bool:
    db = PostgresDatabase(url)
    try:
        raw = db.conn().raw
        if scalar(raw.execute("SELECT to_regclass('meta')")) is None:
            return False   # no schema yet: an empty database
        try:
            refuse_unless_empty(raw, table_order(raw))
        except RestoreRefused:
            return True
        return False
    finally:
        db.close()


def restore_backup(source: Path, settings: Settings, force: bool = False, timeout: float = 5) -> dict:
    """Put a backup's database, embedding cache and uploads in the data dir (replacing
    what is there only with `force`); returns its manifest. The vectors are rebuilt
    next, by ingest.restore_vectors on the opened store."""
    manifest = read_manifest(source)
    backend = manifest.get("backend", "sqlite")
    if backend != ("postgresql" if settings.database_url else "sqlite"):
        raise BackupError(f"{source} is a backup of a {backend} database; restore it "
                          + ("without --database-url." if settings.database_url else "with --database-url."))
    found = int(manifest.get("schema_version") or 0)
    if found > int(SCHEMA_VERSION):   # checked before anything is replaced (see store._upgrade)
        raise BackupError(f"{source} was made by a newer version of Praktijkgeheugen (database schema"
                          f" {found}; this version knows schema {SCHEMA_VERSION} and older). Restore it"
                          " with that version.")
    if force and in_service(settings.data_dir):
        raise BackupError(f"A server (or a watch) is running on {settings.data_dir}: stop it first (sudo"
                          " systemctl stop praktijkgeheugen), then restore. It would go on writing into the"
                          " database that the restore replaces, and what it stored there would be lost.\nfout:"
                          f" er draait nog een server (of een watch) op {settings.data_dir}: stop die eerst,"
                          " en zet dan de back-up terug.")
    if settings.database_url:
        _restore_postgres(source, settings, manifest, force)
        return manifest
    if holds_data(settings) and not force:
        raise BackupError(f"{settings.data_dir} already holds data. Restore into an empty data dir"
                          " (--data-dir), or add --force to replace its documents with the backup's.")
    settings.data_dir.mkdir(parents=True, exist_ok=True)
    try:
        with WriterLock(settings.lock_path).hold(timeout):
            _unpack(source, settings, manifest.get("files_folder"))
    except WriterBusy as busy:
        raise BackupError(f"Another process ({busy}) is writing to {settings.data_dir}; stop it"
                          " (and the server) before restoring.") from None
    return manifest


def _restore_postgres(source: Path, settings: Settings, manifest: dict, force: bool) -> None:
    """The tables into the empty database, then the embedding cache and uploads into
    the data dir (its own uploads and vectors only replaced with `force`)."""
    if _holds_files(settings) and not force:
        raise BackupError(f"{settings.data_dir} already holds uploads or vectors. Use an empty data dir"
                          " (--data-dir), or add --force to replace them with the backup's.")
    settings.data_dir.mkdir(parents=True, exist_ok=True)
    db = PostgresDatabase(settings.database_url or "")
    try:
        migrate(db)   # the schema of an empty database, as a first start makes it
        remove_abandoned(settings.data_dir, "restore")
        with staging_folder(settings.data_dir, "restore") as staging:
            with tarfile.open(source, "r:gz") as tar:
                tar.extractall(staging, filter="data")
            load_tables(db, staging / TABLES, manifest["tables"])
            with db.transaction() as conn:   # the originals' paths under this data dir (store._relocate)
                watched = [str(row[0]) for row in conn.execute("SELECT folder FROM watch_folders").fetchall()]
                relocate_originals(conn, staging / "files", settings.files_dir, watched, manifest.get("files_folder"))
            forget_clients()
            for folder in (settings.chroma_dir, settings.files_dir):
                shutil.rmtree(folder, ignore_errors=True)
            _place(staging, settings)
    except RestoreRefused as exc:
        raise BackupError(str(exc)) from None
    finally:
        db.close()


def _holds_files(settings: Settings) -> bool:
    return any(folder.is_dir() and any(folder.iterdir()) for folder in (settings.chroma_dir, settings.files_dir))


def _unpack(source: Path, settings: Settings, old_folder: str | None) -> None:
    forget_clients()
    _clear(settings)
    remove_abandoned(settings.data_dir, "restore")   # a crashed restore's unpacked copy (store._staging)
    with staging_folder(settings.data_dir, "restore") as staging:
        with tarfile.open(source, "r:gz") as tar:
            tar.extractall(staging, filter="data")
        _relocate_in_copy(staging / DATABASE, staging / "files", settings, old_folder)
        _migrate_copy(staging / DATABASE)
        _place(staging, settings)
        os.replace(staging / DATABASE, settings.db_path)


def _migrate_copy(database: Path) -> None:
    """A backup of an older version, brought to this version's schema before it is put in
    place. Opened as it was, the first open upgraded the restored data dir like a service
    that starts after an upgrade: it wrote backups/before-schema-N-....tar.gz, a full copy of
    the backup with every document deleted since, which the erasures that `restore` applies
    next never reach and nothing mentioned (tried on 8 December 2026: a schema-13 backup
    restored with --erasures-from). The backup being restored is that copy already."""
    db = SQLiteDatabase(database)
    try:
        migrate(db)
    finally:
        db.close()


def _relocate_in_copy(database: Path, files: Path, settings: Settings, old_folder: str | None) -> None:
    """The originals' paths of an unpacked SQLite database under this data dir (store._relocate)."""
    conn = sqlite3.connect(database)
    try:
        try:
            watched = [str(row[0]) for row in conn.execute("SELECT folder FROM watch_folders")]
        except sqlite3.OperationalError:   # a backup of a schema before watched folders
            watched = []
        with conn:
            relocate_originals(conn, files, settings.files_dir, watched, old_folder)
    finally:
        conn.close()


def _place(staging: Path, settings: Settings) -> None:
    """The unpacked embedding cache and uploads into the models and data dirs."""
    for cache in sorted((staging / EMBEDDINGS).glob("*.sqlite3")):
        (settings.models_dir / EMBEDDINGS).mkdir(parents=True, exist_ok=True)
        os.replace(cache, settings.models_dir / EMBEDDINGS / cache.name)
    if (staging / "files").is_dir():
        os.replace(staging / "files", settings.files_dir)


def _clear(settings: Settings) -> None:
    """Remove the database (with its WAL), the vectors and the uploads."""
    for suffix in ("", "-wal", "-shm"):
        Path(f"{settings.db_path}{suffix}").unlink(missing_ok=True)
    for folder in (settings.chroma_dir, settings.files_dir):
        shutil.rmtree(folder, ignore_errors=True)


def _manifest(database: Path) -> dict:
    conn = sqlite3.connect(database)
    try:
        count = lambda sql: conn.execute(sql).fetchone()[0]  # noqa: E731
        meta = dict(conn.execute("SELECT key, value FROM meta"))
        return _facts("sqlite", meta, {
            "documents": count("SELECT COUNT(*) FROM documents WHERE state = 'ready'"),
            "chunks": count("SELECT COUNT(*) FROM chunks ch JOIN documents d ON d.id = ch.document_id"
                            " WHERE d.state = 'ready'")})
    finally:
        conn.close()


def _postgres_manifest(url: str, target: Path) -> tuple[dict, list[str]]:
    tables, meta, counts, kept = dump_tables(url, target)
    return {**_facts("postgresql", meta, counts), "tables": tables}, kept


def _facts(backend: str, meta: dict, counts: dict) -> dict:
    return {"format": BACKUP_FORMAT, "backend": backend, "created": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
            "schema_version": meta.get("schema_version"), "embedding_model": meta.get("embedding_model"),
            **counts}

