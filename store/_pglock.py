"""The writer lock of a deployment on PostgreSQL: a session-level advisory lock.

Several app hosts share one database, each with its own data dir, so a file lock
in a data dir would let two hosts write at once. The advisory lock lives in the
database, on a connection of its own that the holder keeps open while it writes:
when the holder dies (even by SIGKILL, or its host loses power) PostgreSQL ends
the session and the lock is free again, as the kernel frees store._lock's flock.
The holder names itself in the session's application_name, which `holder()` reads
from pg_stat_activity. Same interface as store._lock.WriterLock; re-entrant per
thread, and two threads of one process exclude each other (one session each).
"""
from __future__ import annotations

import os
import sys
import threading
import time

from store._lock import HeldLock
from store._postgres import WRITER_KEY, connect, scalar

POLL_SECONDS = 0.05   # s between tries while another writer holds the lock


class AdvisoryWriterLock(HeldLock):
    def __init__(self, url: str, where: str) -> None:
        self.data_dir = where          # what the log line names: the shared database
        self._url = url
        self._local = threading.local()

    def held(self) -> bool:
        """Whether the calling thread holds the lock."""
        return getattr(self._local, "depth", 0) > 0

    def holder(self) -> str:
        """Who holds the lock, as its holder named itself."""
        with connect(self._url) as conn:
            row = conn.execute(
                "SELECT a.application_name FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid"
                " WHERE l.locktype = 'advisory' AND l.granted AND l.objid = %s AND l.classid = %s",
                (WRITER_KEY & 0xFFFFFFFF, WRITER_KEY >> 32)).fetchone()
        return (row[0] if row else "") or "unknown process"

    def _acquire(self, timeout: float) -> bool:
        if self.held():
            self._local.depth += 1
            return True
        conn = connect(self._url)
        deadline = time.monotonic() + timeout
        while not scalar(conn.execute("SELECT pg_try_advisory_lock(%s)", (WRITER_KEY,))):
            if time.monotonic() >= deadline:
                conn.close()
                return False
            time.sleep(POLL_SECONDS)
        conn.execute("SELECT set_config('application_name', %s, false)", (_whoami(),))
        self._local.conn, self._local.depth = conn, 1
        return True

    def _release(self) -> None:
        self._local.depth -= 1
        if self._local.depth == 0:
            conn, self._local.conn = self._local.conn, None
            conn.close()   # ends the session, and with it the lock


def _whoami() -> str:
    command = " ".join([os.path.basename(sys.argv[0] or "python"), *sys.argv[1:2]])
    host = os.uname().nodename
    return f"pid {os.getpid()} on {host}, {command}, since {time.strftime('%H:%M:%S')}"[:63]
