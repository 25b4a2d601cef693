"""Where a store keeps some bytes, on either backend: the data dir's files (SQLite's
file and WAL, Chroma, caches, uploads) and every table's live rows through the
`Database` seam (PostgreSQL's files are not in the data dir). For tests that a name,
a password or a deleted text is gone, or was never stored."""
from __future__ import annotations

from pathlib import Path


def files_holding(data_dir: Path, needles: list[bytes]) -> dict[str, list[int]]:
    """Which files under the data dir hold which needles (raw bytes)."""
    found = {}
    for path in sorted(p for p in data_dir.rglob("*") if p.is_file()):
        raw = path.read_bytes()
        hits = [i for i, needle in enumerate(needles) if needle in raw]
        if hits:
            found[str(path.relative_to(data_dir))] = hits
    return found


def rows_holding(db, needles: list[bytes]) -> dict[str, list[int]]:
    """Which tables hold which needles in their live rows ("table:<name>"): every value
    as the database returns it (text as UTF-8, BLOB/BYTEA raw). PostgreSQL does not zero
    the space of erased rows (docs/installatie.md says so), so its rows are what it
    promises; SQLite's file probe above also sees freed pages and the WAL."""
    found = {}
    for table in _tables(db):
        rows = db.conn().execute(f'SELECT * FROM "{table}"').fetchall()
        raw = b"\0".join(_as_bytes(value) for row in rows for value in row)
        hits = [i for i, needle in enumerate(needles) if needle in raw]
        if hits:
            found[f"table:{table}"] = hits
    return found


def traces(store, needles: list[bytes]) -> dict[str, list[int]]:
    """Every place of `store` holding a needle: its data dir's files and its tables' rows."""
    return files_holding(store.settings.data_dir, needles) | rows_holding(store.db, needles)


def _tables(db) -> list[str]:
    if db.dialect == "postgresql":
        sql = ("SELECT table_name FROM information_schema.tables"
               " WHERE table_schema = current_schema() AND table_type = 'BASE TABLE'")
    else:
        sql = "SELECT name FROM sqlite_master WHERE type = 'table'"
    return [name for (name,) in db.conn().execute(sql).fetchall()]


def _as_bytes(value) -> bytes:
    if isinstance(value, (bytes, bytearray, memoryview)):
        return bytes(value)
    return str(value).encode("utf-8")
