"""Work on untrusted input in other processes, with a time and a memory limit.

A parser that hangs on a damaged PDF, or a file that unpacks to gigabytes, must
become one failed file in the report, never a stuck or killed ingest. So each
file is parsed in its own short-lived process, forked from a forkserver that has
the parsers imported already (a fork costs milliseconds; no state leaks from one
file to the next). The child limits its address space (RLIMIT_AS) to what it has
after start-up plus the parse budget, so a bomb ends in a MemoryError in the child,
and the parent kills a child that runs out of time.

The pseudonymiser runs in one long-lived worker of its own: deduce's lookup lists
take about 1 GB and seconds to load, which the ingesting process (often the web
server) should neither pay per file nor carry itself.
"""
from __future__ import annotations

import logging
import multiprocessing
import pickle
import threading
from multiprocessing.connection import Connection
from multiprocessing.process import BaseProcess
from typing import Any, Callable

log = logging.getLogger(__name__)
_PRELOAD = ["ingest._read", "pypdf", "docx", "pptx", "bs4", "charset_normalizer", "yaml", "email.policy"]
_context_lock = threading.Lock()
_context = None


class Stopped(Exception):
    """The child did not answer: it ran out of time (`timed_out`) or died (`exitcode`)."""

    def __init__(self, timed_out: bool, exitcode: int | None) -> None:
        super().__init__("timed out" if timed_out else f"exit code {exitcode}")
        self.timed_out = timed_out
        self.exitcode = exitcode


def context():
    """The forkserver context (fork would copy a web server's threads and models)."""
    global _context
    with _context_lock:
        if _context is None:
            _context = multiprocessing.get_context("forkserver")
            _context.set_forkserver_preload(_PRELOAD)
        return _context


def run_limited(target: Callable, args: tuple, seconds: float, memory: int) -> Any:
    """`target(*args)` in a fresh child process; its return value (or the exception it
    raised, re-raised here). Raises Stopped when the child times out or dies."""
    receiver, sender = context().Pipe(duplex=False)
    child = context().Process(target=_run_child, args=(sender, target, args, memory), daemon=True)
    child.start()
    sender.close()
    try:
        return _unwrap(_receive(receiver, child, seconds))
    finally:
        receiver.close()
        _stop(child)


def _run_child(conn: Connection, target: Callable, args: tuple, memory: int) -> None:
    limit_memory(memory)
    conn.send(_call(target, args))
    conn.close()


def _call(target: Callable, args: tuple) -> tuple[bool, Any]:
    try:
        return True, target(*args)
    except BaseException as exc:  # travels to the parent, which decides what it means
        return False, _picklable(exc)


def _picklable(exc: BaseException) -> BaseException:
    try:
        pickle.dumps(exc)
        return exc
    except Exception:
        return RuntimeError(f"{exc.__class__.__name__}: {exc}")


def _unwrap(answer: tuple[bool, Any]) -> Any:
    ok, value = answer
    if not ok:
        raise value
    return value


def _receive(conn: Connection, child: BaseProcess, seconds: float) -> tuple[bool, Any]:
    if not conn.poll(seconds):
        raise Stopped(True, None)
    try:
        return conn.recv()
    except (EOFError, OSError):
        child.join(5)
        raise Stopped(False, child.exitcode) from None


def _stop(child) -> None:
    child.join(1)
    if child.is_alive():
        child.kill()
        child.join()


def limit_memory(extra: int) -> None:
    """Cap this process's address space at its current size plus `extra` bytes."""
    import resource

    try:
        size = _address_space()
        _, hard = resource.getrlimit(resource.RLIMIT_AS)
        wanted = size + extra if hard == resource.RLIM_INFINITY else min(size + extra, hard)
        resource.setrlimit(resource.RLIMIT_AS, (wanted, hard))
    except (OSError, ValueError) as exc:  # not Linux: only the time limit applies
        log.debug("no memory limit for the parser (%s)", exc)


def _address_space() -> int:
    with open("/proc/self/status", encoding="ascii") as status:
        for line in status:
            if line.startswith("VmSize:"):
                return int(line.split()[1]) * 1024
    raise OSError("no VmSize in /proc/self/status")


class Worker:
    """One long-lived child that answers `call(*args)` with `handler(*args)`; restarted
    after it was killed for taking too long, or when it died."""

    def __init__(self, handler: Callable) -> None:
        self._handler = handler
        self._lock = threading.Lock()
        self._running: tuple[Connection, BaseProcess] | None = None   # our end of the pipe, the child

    def call(self, args: tuple, seconds: float, start_seconds: float = 0) -> Any:
        """`handler(*args)` in the worker; a worker that has to start first gets
        `start_seconds` more for loading what the handler needs."""
        with self._lock:
            if self._running is None or not self._running[1].is_alive():
                self._running = self._start()
                seconds += start_seconds
            conn, child = self._running
            conn.send(args)
            try:
                return _unwrap(_receive(conn, child, seconds))
            except Stopped:
                self._close()
                raise

    def _start(self) -> tuple[Connection, BaseProcess]:
        mine, theirs = context().Pipe()
        child = context().Process(target=_serve, args=(theirs, self._handler), daemon=True)
        child.start()
        theirs.close()
        return mine, child

    def close(self) -> None:
        with self._lock:
            self._close()

    def _close(self) -> None:
        if self._running is not None:
            conn, child = self._running
            conn.close()
            child.kill()
            child.join()
        self._running = None


def _serve(conn: Connection, handler: Callable) -> None:
    while True:
        try:
            args = conn.recv()
        except (EOFError, OSError):
            return
        conn.send(_call(handler, args))
