"""Owner-only at rest: the data dir holds client cases (database, uploads, session
packs, embedding caches), and a backup holds all of it.

Everything this process creates is made without group or other permissions (a
umask of 077, set for the whole process: SQLite's WAL and shared-memory files,
Chroma's files, uploads and packs are created by code that does not pass a mode),
and the data dir and database are tightened explicitly, so an installation made
before this holds gets 0700/0600 at its next start. Another local account on the
server then cannot read a case, whatever the system's default umask is.
"""
from __future__ import annotations

import logging
import os
from pathlib import Path

log = logging.getLogger(__name__)

PRIVATE_UMASK = 0o077
PRIVATE_DIR, PRIVATE_FILE = 0o700, 0o600


def keep_private() -> None:
    """From now on, files and folders this process creates are its owner's only."""
    os.umask(PRIVATE_UMASK)


def make_private(data_dir: Path, files: tuple[Path, ...] = ()) -> None:
    """Create the data dir owner-only (or tighten it), and these files with it."""
    keep_private()
    data_dir.mkdir(parents=True, exist_ok=True, mode=PRIVATE_DIR)
    _chmod(data_dir, PRIVATE_DIR)
    for path in files:
        if path.exists():
            _chmod(path, PRIVATE_FILE)


def _chmod(path: Path, mode: int) -> None:
    try:
        os.chmod(path, mode)
    except PermissionError:  # not ours (a shared mount): the umask still covers what we create
        log.info("cannot make %s private (not our file); relying on the umask", path)
