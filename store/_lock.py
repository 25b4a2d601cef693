"""The data dir's writer lock: one writing process (or thread) at a time.

Chroma's embedded store and the staging protocol in store._write assume a single
writer. The lock is an OS file lock (filelock, flock on Unix), so the kernel
releases it when its holder dies, even by SIGKILL or a power cut: a crashed
writer never leaves the data dir locked. `writer.pid` tells a waiting command
whom it waits for.
"""
from __future__ import annotations

import abc
import fcntl
import logging
import os
import sys
import time
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

from filelock import FileLock, Timeout

from errors import PraktijkgeheugenError

log = logging.getLogger(__name__)


class WriterBusy(PraktijkgeheugenError):
    """The lock was not free within the time allowed (the store and backups turn it
    into their own error, with what to do)."""


class HeldLock(abc.ABC):
    """What a writer lock offers the store, over `_acquire`, `_release` and `holder`
    (a file lock here, an advisory lock in PostgreSQL in store._pglock). The four are
    abstract: a lock class that misses one fails when it is constructed."""

    data_dir: Path | str

    @abc.abstractmethod
    def held(self) -> bool:
        """Whether the calling thread holds the lock."""

    @abc.abstractmethod
    def holder(self) -> str:
        """Who holds the lock, as its holder named itself."""

    @abc.abstractmethod
    def _acquire(self, timeout: float) -> bool:
        """Take the lock within `timeout` s (re-entrant per thread); whether it was taken."""

    @abc.abstractmethod
    def _release(self) -> None:
        """Give back one level of the lock taken by `_acquire`."""

    @contextmanager
    def hold(self, timeout: float) -> Iterator[None]:
        """Hold the lock; when another writer has it, say so once and wait up to `timeout` s."""
        if not self._acquire(0):
            log.warning("waiting for another writer (%s) to finish with %s", self.holder(), self.data_dir)
            if not self._acquire(timeout):
                raise WriterBusy(self.holder())
        try:
            yield
        finally:
            self._release()

    @contextmanager
    def attempt(self, timeout: float) -> Iterator[bool]:
        """Hold the lock if it is free within `timeout` s; yields whether it is held."""
        acquired = self._acquire(timeout)
        try:
            yield acquired
        finally:
            if acquired:
                self._release()


class WriterLock(HeldLock):
    def __init__(self, lock_path: Path) -> None:
        self.data_dir = lock_path.parent
        # thread_local (the default): two threads of one process exclude each other too.
        self._lock = FileLock(str(lock_path))
        self._holder_file = lock_path.with_name("writer.pid")

    def held(self) -> bool:
        """Whether the calling thread holds the lock."""
        return self._lock.is_locked

    def holder(self) -> str:
        """Who holds the lock, as far as its holder wrote it down."""
        try:
            return self._holder_file.read_text(encoding="utf-8").strip() or "unknown process"
        except OSError:
            return "unknown process"

    def _acquire(self, timeout: float) -> bool:
        try:
            self._lock.acquire(timeout=timeout)
        except Timeout:
            return False
        if self._lock.lock_counter == 1:
            self._write_holder()
        return True

    def _release(self) -> None:
        self._lock.release()

    def _write_holder(self) -> None:
        command = " ".join([os.path.basename(sys.argv[0] or "python"), *sys.argv[1:2]])
        text = f"pid {os.getpid()}, {command}, since {time.strftime('%H:%M:%S')}\n"
        part = self._holder_file.with_name(f".writer.pid.{os.getpid()}")
        part.write_text(text, encoding="utf-8")
        os.replace(part, self._holder_file)


SERVING = "serving.lock"


@contextmanager
def serving(data_dir: Path) -> Iterator[None]:
    """Held, shared, for the life of a process that keeps the data dir's database open
    (`serve`, `watch`). `restore --force` replaced the database file under a running
    server: the server went on writing into the replaced file, so an upload after the
    restore said *Toegevoegd* and was gone (tried on 8 December 2026 with two `serve`
    processes). A read-only data dir, where the file cannot be made, is restored into by
    no one."""
    try:
        fd = os.open(data_dir / SERVING, os.O_RDWR | os.O_CREAT, 0o600)
    except OSError:
        yield
        return
    try:
        fcntl.flock(fd, fcntl.LOCK_SH)
        yield
    finally:
        os.close(fd)


def in_service(data_dir: Path) -> bool:
    """Whether a process holds `serving` on this data dir now."""
    try:
        fd = os.open(data_dir / SERVING, os.O_RDWR)
    except OSError:
        return False
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        return False
    except BlockingIOError:
        return True
    finally:
        os.close(fd)
