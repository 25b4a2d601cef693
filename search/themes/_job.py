"""Tagging in the background: a page never waits for the tagger.

Training the tagger took 87-104 s on a first visit when it ran inside the GET
request (issue 18; a proxy with a 60 s timeout answered with an error). Now a
page only *starts* a run when passages are untagged and shows its progress
("x van y passages") next to the last computed result; the run trains (or loads
the cached tagger) and tags in batches on its own thread, one run per store at a
time. The web app also starts a run at start-up and after every write that makes a
new version (an upload, a metadata edit, a missed name corrected: web.runtime.
tag_in_background), so the themes follow an edit without a visit or a restart.
A start asked for while a run is going is not lost: the run makes one more pass when
it ends (`_again`), which tags the passages written after it read its work.

A run's state is kept per store *object*, in weak maps that forget it when the store
is collected. It was kept under `id(store)`, and CPython gives a new object the
address of one just freed: a store opened after another was closed could show the
old one's progress or failure, or be taken for its running job and never start one.
"""
from __future__ import annotations

import logging
import threading
import weakref
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from errors import without_message

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


# Keyed by the store itself, weakly: a running thread holds its store, so its state
# stays while it runs, and goes with the store (never inherited by a later one).
_progress: weakref.WeakKeyDictionary[Any, Progress] = weakref.WeakKeyDictionary()
_threads: weakref.WeakKeyDictionary[Any, threading.Thread] = weakref.WeakKeyDictionary()
_again: weakref.WeakSet[Any] = weakref.WeakSet()   # stores whose run must make one more pass
_lock = threading.Lock()


def progress(store) -> Progress:
    """A copy of the store's progress (idle and empty when nothing ran)."""
    with _lock:
        current = _progress.get(store, Progress())
        return Progress(current.running, current.done, current.total, current.failed)


def start(store, pending: int, run: Callable[[Progress], None]) -> Progress:
    """Start `run` on the tagging thread when passages are pending; when a run is
    going already, have it make one more pass instead (it may have read its work
    before the write that made these passages)."""
    with _lock:
        current = _progress.get(store)
        if pending and current and current.running:
            _again.add(store)
        elif pending:
            current = _progress[store] = Progress(running=True, total=pending)
            thread = threading.Thread(target=_guarded, args=(store, run, current), name=THREAD_NAME, daemon=True)
            _threads[store] = thread
            thread.start()
    return progress(store)


def wait(store, timeout: float | None = None) -> Progress:
    """Block until the store's run (if any) ended: for the CLI and for tests."""
    with _lock:
        thread = _threads.get(store)
    if thread is not None:
        thread.join(timeout)
    return progress(store)


def wait_all(timeout: float | None = None) -> None:
    """Block until every store's run ended (tests end with it: no run outlives its test)."""
    with _lock:
        threads = list(_threads.values())
    for thread in threads:
        thread.join(timeout)


def _guarded(store: Any, run: Callable[[Progress], None], current: Progress) -> None:
    """Run, and again while starts were asked for meanwhile; `running` ends under the
    lock that `start` takes, so a start is either a new run or one more pass, never lost.
    A failed pass is shown (`failed`) and the next pass or visit retries."""
    try:
        while True:
            try:
                run(current)
                current.failed = ""
            except Exception as exc:   # noqa: BLE001 - the page shows it; the next visit retries
                log.error("tagging themes failed: %s", without_message(exc))
                # the kind only: the run is store-wide, so its message may quote any
                # group's passage, and `failed` reaches every caller's page and JSON
                current.failed = type(exc).__name__
            with _lock:
                if store not in _again:
                    current.running = False
                    return
                _again.discard(store)
    finally:
        with _lock:
            current.running = False
            _again.discard(store)
