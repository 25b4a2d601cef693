"""Staging folders of a backup or a restore, and what a crashed one leaves behind.

A backup stages a whole copy of the database (and the embedding cache) beside its
target before packing it, and a restore unpacks the whole backup into the data dir:
every case, client names and deleted documents' text included. A `kill -9`, an OOM
kill or a power cut in the middle left that copy for good (Python's temporary folder
is removed by the process that made it, not by the next one): `backups/backup-1a2b3c4d/`
beside the nightly archives, outside the `find -name 'pg-*.tar.gz' -mtime +30 -delete`
that expires them, and `<data dir>/restore-5e6f7a8b/` that no check looked at (trace
attack 10). A staging folder is now named `.praktijkgeheugen-<kind>-<random>`, holds an
OS lock (which dies with its process) while in use, and the next backup (in the same
folder), the next restore and `check --repair` (in the data dir) remove every one whose
lock nobody holds; also the folders and `.<name>.part` files an earlier version left.
"""
from __future__ import annotations

import re
import secrets
import shutil
import time
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

from filelock import FileLock, Timeout

PREFIX = ".praktijkgeheugen-"
LOCK = ".lock"
GRACE = 3600   # seconds: a staging folder without its lock file, younger than this, may be starting
# What an earlier version's staging held (tempfile.TemporaryDirectory: prefix and 8 random
# characters, mode 0700). Letters mixed with a digit or '_' and not all digits: a word
# ('backup-december', 'backup-zaterdag') or a day ('backup-20241201') is someone's folder,
# a backup unpacked by hand (late attack 10). About one in seventeen of tempfile's names
# is all letters: such a crashed earlier staging stays (removed by hand, docs/beheer.md).
_LEGACY = re.compile(r"(backup|restore)-(?=[a-z0-9_]*[a-z])(?=[a-z0-9_]*[0-9_])(?![0-9]{8}$)[a-z0-9_]{8}")
_LEGACY_ENTRIES = {"manifest.json", "praktijkgeheugen.sqlite3", "embeddings", "tables", "files"}
_GZIP = b"\x1f\x8b"


@contextmanager
def staging_folder(parent: Path, kind: str) -> Iterator[Path]:
    """A new folder `parent/.praktijkgeheugen-<kind>-<random>`, locked while in use and
    removed at the end (by the next backup or restore if this process dies first)."""
    parent.mkdir(parents=True, exist_ok=True)
    folder = parent / f"{PREFIX}{kind}-{secrets.token_hex(8)}"
    folder.mkdir(mode=0o700)
    try:
        with FileLock(str(folder / LOCK)):
            yield folder
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def abandoned(parent: Path, kind: str) -> list[Path]:
    """The staging folders (and an earlier version's `.part` files) of `kind` in `parent`
    whose process is gone."""
    if not parent.is_dir():
        return []
    found = []
    for path in sorted(parent.iterdir()):
        if path.name.startswith(f"{PREFIX}{kind}-") and path.is_dir() and not path.is_symlink():
            if not _in_use(path):
                found.append(path)
        elif _LEGACY.fullmatch(path.name) and path.name.startswith(kind) and _legacy_staging(path):
            found.append(path)
        elif kind == "backup" and _legacy_part(path):
            found.append(path)
    return found


def interrupted_restore(data_dir: Path) -> bool:
    """Whether a restore that died left its unpacked copy in `data_dir` (killed while it swapped,
    the data dir may have no database at that moment): `check` must still open it to say so and
    `check --repair` to clear it, not refuse it as a mistyped --data-dir (cli._common)."""
    return bool(abandoned(data_dir, "restore"))


def remove_abandoned(parent: Path, kind: str) -> list[Path]:
    """Remove what `abandoned` finds; returns it."""
    found = abandoned(parent, kind)
    for path in found:
        if path.is_dir():
            shutil.rmtree(path, ignore_errors=True)
        else:
            path.unlink(missing_ok=True)
    return found


def _in_use(folder: Path) -> bool:
    lock = folder / LOCK
    if lock.is_symlink():   # never ours (filelock refuses to open it): the folder is abandoned
        return False
    if not lock.is_file():
        return time.time() - folder.lstat().st_mtime < GRACE
    try:
        with FileLock(str(lock), timeout=0):
            return False
    except Timeout:
        return True


def _old(path: Path) -> bool:
    return time.time() - path.lstat().st_mtime >= GRACE


def _legacy_staging(path: Path) -> bool:
    """A folder an earlier version's backup or restore staged in and left (only its entries)."""
    if not path.is_dir() or path.is_symlink() or not _old(path):
        return False
    if path.lstat().st_mode & 0o777 != 0o700:   # tempfile's mode; a folder made by hand has the umask's
        return False
    entries = {entry.name for entry in path.iterdir()}
    return bool(entries) and entries <= _LEGACY_ENTRIES


def _legacy_part(path: Path) -> bool:
    """An earlier version's half-written archive, `.<name>.part` beside its target."""
    if not (path.name.startswith(".") and path.name.endswith(".part") and path.is_file()) or path.is_symlink():
        return False
    with path.open("rb") as data:
        return data.read(2) == _GZIP and _old(path)


__all__ = ["abandoned", "remove_abandoned", "staging_folder"]
