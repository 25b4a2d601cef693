"""Tagging in the background: a page never waits for the tagger.

Training the tagger took 87-104 s on a first visit when it ran inside the GET
request (issue 18; a proxy with a 60 s timeout answered with an error). Now a
page only *starts* a run when passages are untagged and shows its progress
("x van y passages") next to the last computed result; the run trains (or loads
the cached tagger) and tags in batches on its own thread, one run per store at a
time. The web app also starts a run at start-up and after each upload.
"""
from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass

log = logging.getLogger(__name__)
THREAD_NAME = "themes-tagger"   # tests check the tagger trains on this thread only
BATCH = 256                      # passages tagged and saved per step (progress granularity)


@dataclass
class Progress:
    """Where the background run of one store stands (passages done of total)."""
    running: bool = False
    done: int = 0
    total: int = 0
    failed: str = ""

    def as_dict(self) -> dict:
        return {"running": self.running, "done": self.done, "total": self.total, "failed": self.failed}


_progress: dict[int, Progress] = {}
_threads: dict[int, threading.Thread] = {}
_lock = threading.Lock()


def progress(store) -> Progress:
    """A copy of the store's progress (idle and empty when nothing ran)."""
    with _lock:
        current = _progress.get(id(store), Progress())
        return Progress(current.running, current.done, current.total, current.failed)


def start(store, pending: int, run: Callable[[Progress], None]) -> Progress:
    """Start `run` on the tagging thread unless one runs already or nothing is pending."""
    key = id(store)
    with _lock:
        current = _progress.get(key)
        if pending and not (current and current.running):
            current = _progress[key] = Progress(running=True, total=pending)
            thread = threading.Thread(target=_guarded, args=(run, current), name=THREAD_NAME, daemon=True)
            _threads[key] = thread
            thread.start()
    return progress(store)


def wait(store, timeout: float | None = None) -> Progress:
    """Block until the store's run (if any) ended: for the CLI and for tests."""
    thread = _threads.get(id(store))
    if thread is not None:
        thread.join(timeout)
    return progress(store)


def wait_all(timeout: float | None = None) -> None:
    """Block until every store's run ended (tests end with it: no run outlives its test)."""
    for thread in list(_threads.values()):
        thread.join(timeout)


def _guarded(run: Callable[[Progress], None], current: Progress) -> None:
    try:
        run(current)
    except Exception as exc:   # noqa: BLE001 - the page shows it; the next visit retries
        log.exception("tagging themes failed")
        current.failed = f"{type(exc).__name__}: {exc}"
    finally:
        with _lock:
            current.running = False
