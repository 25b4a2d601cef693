"""What a newer copy of a deployment says must not come back when an older backup is
restored: its erasure list.

A backup holds every document deleted after it was made, and every text whose client
names were listed (and replaced) after it. The newer copy (the SQLite data dir or the
PostgreSQL database a restore replaces, or one kept beside it) says both without naming
anyone:
* each deletion is in its audit log under a keyed digest of the document's id
  (store.Traces.label), with its time (`deletions`);
* each community's known client names are keyed digests (store._clients), which a
  restored store can look for in its texts without knowing the names (`listed_clients`);
* each deleted community (by its name) and session pack (by its random id) is in the audit
  log with its time (`removals`): a group's roles, name lists and packs, and a pack's name
  and notes, may name a client too (privacy attack 31);
* each metadata correction that took away a reason a document kept names (a public type, a
  stated author) and so pseudonymised it again is in the audit log under the document's
  keyed digest, with the new type's code and keyed digests of the authors taken away
  (`recorrections`): a backup made before it holds the names (privacy attack 39).
Both digests are keyed with the deployment's secret key, which its backups carry, so
the list of another deployment matches nothing (`listed_clients` gives the key).
`restore` applies the list (ingest.list_again, ingest.erase_again) after rebuilding
the vectors. Both are read without writing; a copy of an older schema, without the
tables, gives nothing to apply.
"""
from __future__ import annotations

import sqlite3
from pathlib import Path

import psycopg

from store._backup import DATABASE, BackupError
from store._clients import KEY_META, Listed
from store._postgres import connect
from store._traces import RECORRECTED

Source = Path | str   # a SQLite database file, or a postgresql:// URL


def is_database_url(source: Source) -> bool:
    return str(source).startswith(("postgresql://", "postgres://"))


def erasure_source(place: str) -> Source:
    """The database --erasures-from names: a postgresql:// URL, a SQLite data dir or its
    database file. A place without a database is refused: it was given on purpose."""
    if is_database_url(place):
        return place
    path = Path(place)
    database = path / DATABASE if path.is_dir() else path
    if not database.is_file():
        raise BackupError(f"There is no database at {place} to read the erasure list from (a data dir,"
                          " or a postgresql:// URL).")
    return database


def source_shown(source: Source) -> str:
    """Where a list was read, for a report: a URL without its user and password."""
    return f"postgresql://...@{str(source).split('@')[-1]}" if is_database_url(source) else str(source)


def deletions(source: Source) -> list[tuple[str, str]]:
    """(label, when) of every document deletion in a newer copy's audit log (the label is
    the keyed digest store.Traces.label gives, so the ids name no client; 'when' in UTC).
    A backup made before a deletion still holds the document; `restore` deletes it again
    (ingest.erase_again). Nothing when there is no database or it has no audit log."""
    rows = _read_only(source, "the deletions", "SELECT target, at FROM audit_log WHERE action = 'verwijderd'"
                      " AND target LIKE 'document #%'")
    return [(str(target), str(at)) for target, at in rows]


GROUP_DELETED, PACK_DELETED = "groep verwijderd", "pakket verwijderd"   # their audit log actions
ITEM_REMOVED = "uit pakket gehaald"   # an item taken out of a pack: "pakket <id>, bron <item id>"
PACK_TARGET, ITEM_TARGET = "pakket ", ", bron "   # a pack's audit target: "pakket <its public id>"


def removals(source: Source) -> list[tuple[str, str, str]]:
    """(action, target, when) of every community, pack and pack item deletion in a newer copy's
    audit log: `groep verwijderd` with the community's name, `pakket verwijderd` with 'pakket <id>'
    (a pack's random public id), `uit pakket gehaald` with 'pakket <id>, bron <item id>'. A
    backup made before such a deletion holds the group with its roles, lists and packs, the
    pack with its name and notes, or the item with its note; `restore` deletes them again
    (ingest.remove_again). Before, only documents were deleted again and a deleted group came
    back whole (privacy attack 31, tests/security/test_attack31_restore_removals.py)."""
    rows = _read_only(source, "the deletions", "SELECT action, target, at FROM audit_log"
                      f" WHERE action IN ('{GROUP_DELETED}', '{PACK_DELETED}', '{ITEM_REMOVED}') AND target IS NOT NULL")
    # A community deleted and later made again under its name is deleted again all the same: the
    # restored row is the old group's, with its roles, lists and packs (`remade` says what to make)
    return [(str(action), str(target), str(at)) for action, target, at in rows]


def remade(source: Source) -> dict[str, tuple[str, bool]]:
    """Each community of a newer copy, by name, with its sharing and whether it pseudonymises.
    A group deleted after the backup and made again under its name is in the newer copy: the
    restore deletes the old one the backup holds again, with its roles, name lists and packs,
    and makes an empty group of the name as the newer copy has it (ingest.remove_again). Before,
    the old group stayed whole: its pack 'Pakket Zwanhilde Okonkwo', its old members' roles and
    its lists came back, and an old shared group came back shared where the newer copy had the
    name closed (tenancy attack 41, tests/security/test_attack41_probes.py)."""
    rows = _read_only(source, "the communities", "SELECT name, sharing, pseudonymise FROM communities")
    return {str(name): (str(sharing), bool(pseudonymise)) for name, sharing, pseudonymise in rows}


def recorrections(source: Source) -> list[tuple[str, str]]:
    """(target, when) of every metadata correction in a newer copy's audit log that
    pseudonymised a document again because it took away a reason its names stayed (a
    publication retyped as a case, a client typed as its author corrected away; privacy
    attack 38). A backup made before it holds the document with the names; `restore` makes
    the correction again (ingest.correct_again). Before, the names came back (privacy attack 39,
    tests/security/test_privacy39_restored_corrections.py)."""
    rows = _read_only(source, "the corrections", f"SELECT target, at FROM audit_log WHERE action = '{RECORRECTED}'"
                      " AND target LIKE 'document #%'")
    return [(str(target), str(at)) for target, at in rows]


def listed_clients(source: Source) -> tuple[str | None, dict[str, Listed]]:
    """The key and each community's listed client names (as digests under that key) of a
    newer copy. A backup made before a name was listed holds the documents that name it;
    `restore` lists it again and pseudonymises them again (ingest.list_again). No key and
    nothing listed when there is no database."""
    key = _read_only(source, "the key", f"SELECT value FROM meta WHERE key = '{KEY_META}'")
    rows = _read_only(source, "the listed client names", "SELECT c.name, n.digest, n.words"
                      " FROM client_name_hashes n JOIN communities c ON c.id = n.community_id")
    listed: dict[str, Listed] = {}
    for community, digest, words in rows:
        listed.setdefault(str(community), Listed())[str(digest)] = int(words)
    return (str(key[0][0]) if key else None), listed


def pseudonymising(source: Source) -> set[str]:
    """The communities a newer copy pseudonymises. A backup made while one had it off holds
    its client names; one switched on since then had them pseudonymised again, and `restore`
    switches it on and does that again (ingest.pseudonymise_again). None when there is no
    database."""
    return {str(r[0]) for r in _read_only(source, "the communities' settings",
                                          "SELECT name FROM communities WHERE pseudonymise = 1")}


def _read_only(source: Source, what: str, sql: str) -> list[tuple]:
    """The rows of `sql` in a SQLite database, opened read-only, or in a PostgreSQL
    database, in a read-only transaction; none when there is no SQLite database or it
    lacks the table (a data dir of an older schema: the hashed client list came with
    schema 7)."""
    if is_database_url(source):
        return _read_postgres(str(source), what, sql)
    database = Path(source)
    if not database.exists():
        return []
    try:
        conn = sqlite3.connect(f"file:{database}?mode=ro", uri=True)
        try:
            return conn.execute(sql).fetchall()
        finally:
            conn.close()
    except sqlite3.OperationalError as exc:
        if str(exc).startswith("no such table"):
            return []
        raise BackupError(f"Cannot read {what} in {database}: {exc}") from exc
    except sqlite3.Error as exc:
        raise BackupError(f"Cannot read {what} in {database}: {exc}") from exc


def _read_postgres(url: str, what: str, sql: str) -> list[tuple]:
    try:
        with connect(url) as conn:
            conn.execute("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY")
            table = sql.split(" FROM ")[1].split()[0]
            if conn.execute("SELECT to_regclass(%s)", (table,)).fetchone() in (None, (None,)):
                return []
            return [tuple(row) for row in conn.execute(sql.replace("?", "%s")).fetchall()]
    except psycopg.Error as exc:
        raise BackupError(f"Cannot read {what} in the database at {source_shown(url)}: {exc}") from exc
