"""A writer process for the lock and crash tests: ingests paths into a data dir with
the fake embedder, as `praktijkgeheugen ingest` does with a real model.

    python tests/store/ingest_worker.py DATA_DIR PATH... [--hold] [--times FILE] [--pause-after STEP:N]
                                        [--database-url URL]

Prints `ready` once imports are done and the store is open, `writing` when it
holds the writer lock, `staged DOC_ID` before each document version is staged
(the crash test times its random kills from these), and the report's counts as
JSON at the end. `--times` appends "enter exit" (system-wide monotonic clock) of
its writer session to FILE; `--hold` keeps the lock, after printing `holding`,
until a line arrives on stdin (so a test decides when, not a timer).
`--pause-after publish:2` stops for good right after the second call of the
store's `publish` (or `stage`, `index_vectors`, `purge`), printing `paused`: the
crash test kills it there, at an exactly known point of the write protocol.

    python tests/store/ingest_worker.py --zygote FD

The same worker, started many times without paying each time for what it does before
`ready` (imports and spaCy's Dutch tables: ~4 of a worker's ~6.5 s of CPU, measured
here): a process that did that once, then forks one worker per request read from the
SOCK_SEQPACKET socket FD (a JSON list of the worker's arguments, with the worker's
stdout and stderr, and optionally its stdin, as passed file descriptors), answering its
pid; `{"worker": "writer_worker", "args": [...]}` forks tests/store/writer_worker.py's
`main` instead, warmed the same way. The forked
worker leads a session of its own, as `start_new_session` gives, so killing its
process group kills it and its parse workers (started after the fork) as in a power
cut. `{"reap": PID}` waits for a worker and answers its exit code (`returncode`'s
sign convention). tests/store/test_crash.py, test_lock.py and test_concurrent_writers.py
use one zygote per session (tests/store/conftest.py `zygote`) through `Zygote` below.
"""
from __future__ import annotations

import argparse
import json
import logging
import sys
import time
from pathlib import Path

TESTS = Path(__file__).resolve().parents[1]


def _warm() -> None:
    """What a worker does before it opens the store: imports, and spaCy loaded."""
    if str(TESTS) not in sys.path:
        sys.path[:0] = [str(TESTS.parent), str(TESTS)]
    import ingest  # noqa: F401
    from models import get_nlp
    get_nlp()("opwarmen")  # load spaCy now: after `ready`, the time goes to ingesting


def main() -> int:
    _warm()
    import ingest
    from fakes import FakeEmbedder
    from store import Settings, open_store

    parser = argparse.ArgumentParser()
    parser.add_argument("data_dir", type=Path)
    parser.add_argument("paths", nargs="+", type=Path)
    parser.add_argument("--hold", action="store_true")
    parser.add_argument("--times", type=Path)
    parser.add_argument("--pause-after", default="")
    parser.add_argument("--database-url", help="the store's PostgreSQL database (default: SQLite in DATA_DIR)")
    args = parser.parse_args()
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    store = open_store(Settings(data_dir=args.data_dir, model=FakeEmbedder.name, database_url=args.database_url))
    store.catalogue.stage = _announced(store.catalogue.stage)
    if args.pause_after:
        step, count = args.pause_after.split(":")
        setattr(store.catalogue, step, _pausing(getattr(store.catalogue, step), int(count)))
    print("ready", flush=True)
    with store.writer():
        entered = time.monotonic()
        print("writing", flush=True)
        report = ingest.ingest_paths(store, FakeEmbedder(), args.paths)
        if args.hold:
            print("holding", flush=True)
            sys.stdin.readline()
        left = time.monotonic()
    if args.times:
        with args.times.open("a") as out:
            out.write(f"{entered} {left}\n")
    print(json.dumps(report.counts()), flush=True)
    store.close()
    return 0


def _announced(stage):
    """`stage`, printing `staged DOC_ID` first (the crash test times kills from there)."""
    def announced(draft):
        print(f"staged {draft.doc_id}", flush=True)
        return stage(draft)
    return announced


def _pausing(method, count: int):
    """`method`, stopping for good after its `count`-th call (the test kills us there)."""
    calls = 0

    def pausing(*args, **kwargs):
        nonlocal calls
        result = method(*args, **kwargs)
        calls += 1
        if calls == count:
            print("paused", flush=True)
            while True:
                time.sleep(3600)
        return result
    return pausing


def zygote(fd: int) -> int:
    import atexit
    import os
    import socket
    import threading
    import traceback

    _warm()
    channel = socket.socket(fileno=fd)
    children: set[int] = set()
    while True:
        message, fds, _, _ = socket.recv_fds(channel, 1 << 16, 3)
        if not message:   # the test closed its end
            for pid in children:
                os.waitpid(pid, os.WNOHANG)
            return 0
        request = json.loads(message)
        if isinstance(request, dict) and "reap" in request:
            children.discard(request["reap"])
            _, status = os.waitpid(request["reap"], 0)
            channel.sendall(json.dumps(os.waitstatus_to_exitcode(status)).encode())
            continue
        # fork copies only the calling thread: a second one (a library's) would be lost mid-work
        threads = len(os.listdir("/proc/self/task"))
        if threading.active_count() != 1 or threads != 1:
            raise RuntimeError(f"the zygote has {threads} threads: a fork would not be a whole worker")
        sys.stdout.flush()
        sys.stderr.flush()
        pid = os.fork()
        if pid == 0:   # the worker
            code = 1
            try:
                os.setsid()
                channel.close()
                os.dup2(fds[0], 1)
                os.dup2(fds[1], 2)
                if len(fds) > 2:
                    os.dup2(fds[2], 0)
                for passed in fds:
                    os.close(passed)
                worker, args = (request["worker"], request["args"]) if isinstance(request, dict) \
                    else ("ingest_worker", request)
                if worker == "writer_worker":
                    sys.path.insert(0, str(Path(__file__).parent))
                    import writer_worker
                    sys.argv = [writer_worker.__file__, *args]
                    code = writer_worker.main()
                else:
                    sys.argv = [str(Path(__file__)), *args]
                    code = main()
            except SystemExit as stop:
                code = stop.code if isinstance(stop.code, int) else 1
            except BaseException:
                traceback.print_exc()
            finally:
                atexit._run_exitfuncs()   # as the interpreter does when a worker ends normally
                sys.stdout.flush()
                sys.stderr.flush()
                os._exit(code)
        for passed in fds:
            os.close(passed)
        children.add(pid)
        channel.sendall(json.dumps(pid).encode())


class Zygote:
    """The test's side of `--zygote`: `start(args, stderr)` forks a worker and returns a
    `Forked`, which reads its stdout, waits for it with a timeout and kills its group."""

    def __init__(self) -> None:
        import socket
        import subprocess

        self._channel, theirs = socket.socketpair(socket.AF_UNIX, socket.SOCK_SEQPACKET)
        self.process = subprocess.Popen([sys.executable, str(Path(__file__)), "--zygote", str(theirs.fileno())],
                                        pass_fds=[theirs.fileno()])
        theirs.close()
        self._live: set[int] = set()

    def _ask(self, request, fds: list[int] = ()):
        import socket

        socket.send_fds(self._channel, [json.dumps(request).encode()], list(fds))
        answer = self._channel.recv(1 << 16)
        if not answer:
            raise RuntimeError(f"the zygote ended (exit code {self.process.wait()})")
        return json.loads(answer)

    def start(self, args: list, stderr, stdin: bool = False, worker: str = "ingest_worker") -> "Forked":
        """Fork `worker` (ingest_worker or writer_worker) with `args`, its stderr to the
        file `stderr`; with `stdin`, `Forked.stdin` writes to its standard input."""
        import os

        read, write = os.pipe()
        fds = [write, stderr.fileno()]
        if stdin:
            their_stdin, our_stdin = os.pipe()
            fds.append(their_stdin)
        request = [str(a) for a in args]
        try:
            pid = self._ask(request if worker == "ingest_worker" else {"worker": worker, "args": request}, fds)
        finally:
            os.close(write)
            if stdin:
                os.close(their_stdin)
        self._live.add(pid)
        return Forked(self, pid, os.fdopen(read, "r"), os.fdopen(our_stdin, "w") if stdin else None)

    def reap(self, pid: int) -> int:
        self._live.discard(pid)
        return self._ask({"reap": pid})

    def close(self) -> None:
        """Kill what still runs (a test that failed before its kill), then end the zygote."""
        import os
        import signal

        for pid in list(self._live):
            try:
                os.killpg(pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
            self.reap(pid)
        self._channel.close()
        self.process.wait(timeout=60)


class Forked:
    """A forked worker, as much of `subprocess.Popen` as the crash test uses."""

    def __init__(self, zygote: Zygote, pid: int, stdout, stdin=None) -> None:
        import os

        self._zygote, self.pid, self.stdout, self.stdin = zygote, pid, stdout, stdin
        self._exited = os.pidfd_open(pid)   # readable once it ended (it is not our child to wait for)
        self.returncode: int | None = None

    def wait(self, timeout: float | None = None) -> int:
        import os
        import subprocess

        if self.returncode is None:
            if not _readable(self._exited, timeout):
                raise subprocess.TimeoutExpired(f"worker {self.pid}", timeout)
            self.returncode = self._zygote.reap(self.pid)
            os.close(self._exited)
            self.stdout.close()
            if self.stdin is not None and not self.stdin.closed:
                self.stdin.close()
        return self.returncode

    def poll(self) -> int | None:
        """The exit code once it ended, else None (without waiting)."""
        import subprocess

        try:
            return self.wait(timeout=0)
        except subprocess.TimeoutExpired:
            return None

    def communicate(self, input: str | None = None, timeout: float | None = None) -> tuple[str, None]:
        """Write `input` to its stdin (then close it), wait for its end, and return the
        rest of its stdout (its few lines fit in the pipe; "" when `poll` already reaped it)."""
        import subprocess

        if self.stdin is not None:
            if input is not None:
                self.stdin.write(input)
            self.stdin.close()
        if self.returncode is None and not _readable(self._exited, timeout):
            raise subprocess.TimeoutExpired(f"worker {self.pid}", timeout)
        out = "" if self.stdout.closed else self.stdout.read()
        self.wait()
        return out, None


if __name__ == "__main__":  # the ingest sandbox may spawn processes that import this module
    if sys.argv[1:2] == ["--zygote"]:
        sys.exit(zygote(int(sys.argv[2])))
    sys.exit(main())


def _readable(fd: int, timeout: float | None) -> bool:
    """Whether `fd` became readable within `timeout` seconds (None: wait). poll, not select: a
    long test session holds over 1024 descriptors, and select() refuses a number that high
    ('filedescriptor out of range in select()': 12 store tests failed so in a full CI run)."""
    import select

    poller = select.poll()
    poller.register(fd, select.POLLIN)
    return bool(poller.poll(None if timeout is None else max(0, int(timeout * 1000))))
