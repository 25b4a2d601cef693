"""A restore into another data dir: the originals' paths follow the files folder.

A document keeps its uploaded original by absolute path (`documents.source_path`,
`<data dir>/files/...`). A backup packs each kept original as `files/<its place under
the files folder>`; restored into another data dir (the practice restore of
docs/installatie.md step 6, a new disk) the database still named the old folder, so
`check` took every original for a stray file and each path for a foreign one, and
`check --repair` deleted the originals. `relocate_originals` rewrites, in the restored
database before anyone opens it, each path inside the backed-up data dir's files folder
to the same place under the new one. That old folder is in the manifest of a backup made
since (`files_folder`), and is read from the backup itself too (an earlier version's
backup has no `files_folder`): a path that ends in a packed file's place names the part
before it, if that part is a folder named `files` (as every data dir's is). A path outside it (a file ingested where
it lies, a watched folder's file) is left as it is, and so is any path inside a watched
folder.
"""
from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path, PurePosixPath
from typing import Any

FILES = "files"   # the files folder's name in every data dir (settings.Settings.files_dir)


def packed_originals(files: Path) -> set[str]:
    """The places (posix, relative to the files folder) of the originals a backup packed,
    `files` being its unpacked `files/` folder."""
    if not files.is_dir():
        return set()
    return {p.relative_to(files).as_posix() for p in files.rglob("*") if p.is_file()}


def old_files_folders(paths: Iterable[str], packed: set[str]) -> set[str]:
    """The backed-up data dir's files folder(s) as the backup shows them (one without
    `files_folder` in its manifest, made by an earlier version): the part before a packed file's place of each path that ends in one, if it
    is a folder named `files` (a file ingested where it lies, outside, may end in the
    same place by chance)."""
    folders = set()
    for path in paths:
        parts = PurePosixPath(path).parts
        for start in range(1, len(parts)):
            if "/".join(parts[start:]) in packed:
                if parts[start - 1] == FILES:
                    folders.add(str(PurePosixPath(*parts[:start])))
                break
    return folders


def moved_paths(paths: Iterable[str], packed: set[str], files_dir: Path, watched: Iterable[str] = (),
                old_folder: str | None = None) -> dict[str, str]:
    """{old path: new path} for each path inside the backed-up files folder (`old_folder`
    and those read from the paths and `packed`: a data dir moved before its backup), to
    the same place under `files_dir`; paths inside a watched folder are never moved."""
    paths = sorted(set(paths))
    folders = (old_files_folders(paths, packed) | ({old_folder} if old_folder else set())) - {str(files_dir)}
    guarded = [PurePosixPath(folder) for folder in watched]
    moved = {}
    for path in paths:
        pure = PurePosixPath(path)
        if any(pure.is_relative_to(folder) for folder in guarded):
            continue
        for folder in folders:
            if pure.is_relative_to(folder) and pure != PurePosixPath(folder):
                moved[path] = str(files_dir.joinpath(*pure.relative_to(folder).parts))
                break
    return moved


def relocate_originals(conn: Any, files: Path, files_dir: Path, watched: Iterable[str] = (),
                       old_folder: str | None = None) -> int:
    """Rewrite the restored documents' paths (see above) with `conn` (a sqlite3 connection
    or a store connection, in a transaction); returns how many paths moved."""
    paths = [str(row[0]) for row in conn.execute(
        "SELECT DISTINCT source_path FROM documents WHERE source_path IS NOT NULL").fetchall()]
    moved = moved_paths(paths, packed_originals(files), files_dir, watched, old_folder)
    conn.executemany("UPDATE documents SET source_path = ? WHERE source_path = ?",
                     [(new, old) for old, new in moved.items()])
    return len(moved)


__all__ = ["moved_paths", "old_files_folders", "packed_originals", "relocate_originals"]
