"""Opening a data dir's database across versions (issue #17).

The schema version in `meta` is read before anything touches the file:

* a data dir made by a newer version is refused (its schema may hold what this
  version would misread or drop), with what to do instead;
* an older one is backed up first (`write_backup`, into `<data dir>/backups/`),
  then migrated in place by store._migrate, under the writer lock, so of several
  processes starting at once (`serve --workers N`) one backs up and migrates and
  the others find the work done.
"""
from __future__ import annotations

import logging
import sqlite3
import time
from pathlib import Path

import psycopg

from settings import Settings
from store._backup import write_backup
from store._db import Database, SQLiteDatabase
from store._errors import StoreError
from store._lock import HeldLock, WriterBusy, WriterLock, in_service
from store._migrate import SCHEMA_VERSION, migrate
from store._pglock import AdvisoryWriterLock
from store._postgres import PostgresDatabase, scalar, unreachable

log = logging.getLogger(__name__)
UPGRADE_WAIT = 600.0   # s: another process may be backing up a large data dir first
BACKUPS = "backups"    # folder in the data dir for the automatic backups before an upgrade


class SchemaTooNew(StoreError):
    """The data dir was made by a newer version of Praktijkgeheugen."""

    user = ("Deze kennisbank is gemaakt met een nieuwere versie van Praktijkgeheugen en kan met deze"
            " versie niet worden geopend. Meld het aan de beheerder.")


class UpgradeBlocked(StoreError):
    """The writer lock was not free to back up and migrate the data dir."""


def stored_schema(db_path: Path) -> int | None:
    """The schema version a database records (None: no database or no version yet),
    read without writing to the file."""
    if not db_path.exists():
        return None
    conn = sqlite3.connect(f"{db_path.as_uri()}?mode=ro", uri=True, timeout=30)
    try:
        row = conn.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()
    except sqlite3.DatabaseError:
        return None   # not yet a Praktijkgeheugen database: Database() says so if it is not one
    finally:
        conn.close()
    return int(row[0]) if row else None


def upgrade_backups(settings: Settings) -> Path:
    return settings.data_dir / BACKUPS


def writer_lock(settings: Settings) -> HeldLock:
    """One writing process per deployment: a file lock in the data dir, or with a
    shared PostgreSQL database an advisory lock in it (store._pglock)."""
    if settings.database_url:
        return AdvisoryWriterLock(settings.database_url, "the shared PostgreSQL database")
    return WriterLock(settings.lock_path)


def open_database(settings: Settings) -> Database:
    """The data dir's database at this version's schema: refused if newer, backed up
    and migrated if older, created if missing."""
    if settings.database_url:
        return _open_postgres(settings)
    found, current = stored_schema(settings.db_path), int(SCHEMA_VERSION)
    if found is not None and found > current:
        raise SchemaTooNew(
            f"Cannot open the data dir {settings.data_dir}: it was made by a newer version of"
            f" Praktijkgeheugen (database schema {found}; this version knows schema {current} and"
            " older). Run that newer version on it, or restore"
            " a backup made by this version into another data dir (praktijkgeheugen restore"
            " BACKUP --data-dir NEW_DIR).")
    if found is not None and found < current:
        _upgrade(settings, current)
    db = SQLiteDatabase(settings.db_path)
    migrate(db)
    return db


def _open_postgres(settings: Settings) -> Database:
    """The shared PostgreSQL database, its schema created or checked (store._migrate)."""
    db = PostgresDatabase(settings.database_url or "")
    try:
        found = _postgres_schema(db)
        if found is not None and found > int(SCHEMA_VERSION):
            raise SchemaTooNew(f"Cannot open the database at --database-url: it was made by a newer version"
                               f" of Praktijkgeheugen (database schema {found}; this version knows schema"
                               f" {SCHEMA_VERSION} and older). Run that newer version on it, or restore a"
                               " backup made by this version into another, empty database (praktijkgeheugen"
                               " restore BACKUP --database-url NEW_URL).")
        migrate(db)
    except psycopg.Error as exc:
        db.close()
        # unreachable() adds the hint and the Dutch line the guide quotes (installatie.md
        # section 9); `status` with a wrong password said only psycopg's English reason.
        raise StoreError(unreachable(exc)
                         or f"Cannot open the PostgreSQL database given by --database-url: {exc}".strip()) from None
    return db


def _postgres_schema(db: PostgresDatabase) -> int | None:
    if scalar(db.conn().execute("SELECT to_regclass('meta')")) is None:
        return None
    value = db.get_meta("schema_version")
    return int(value) if value else None


def _upgrade(settings: Settings, current: int) -> None:
    if in_service(settings.data_dir):
        # installatie.md step 7 restarts the service after `make install`; a `status` from the
        # hourly cron in between upgraded the data dir under the running older server
        raise UpgradeBlocked(f"Cannot open the data dir {settings.data_dir}: it must be upgraded to schema"
                             f" {current}, but a server (or a watch) of the older version is running on it;"
                             " stop it (sudo systemctl stop praktijkgeheugen, and a watch service) and start"
                             " this version: it upgrades the data dir as it starts.")
    try:
        with WriterLock(settings.lock_path).hold(UPGRADE_WAIT):
            found = stored_schema(settings.db_path)
            if found is None or found >= current:
                return   # another process upgraded it while this one waited
            target = upgrade_backups(settings) / f"before-schema-{current}-{time.strftime('%Y%m%d-%H%M%S')}.tar.gz"
            target.parent.mkdir(mode=0o700, exist_ok=True)
            write_backup(settings, target)
            log.warning("upgrading the data dir %s from schema %s to %s; a backup of it as it was is in %s",
                        settings.data_dir, found, current, target)
            db = SQLiteDatabase(settings.db_path)
            try:
                migrate(db)
            finally:
                db.close()
    except WriterBusy as busy:
        raise UpgradeBlocked(f"Cannot open the data dir {settings.data_dir}: it must be upgraded to schema"
                             f" {current}, but another process ({busy}) is writing to it; stop it and start"
                             " again.") from None
