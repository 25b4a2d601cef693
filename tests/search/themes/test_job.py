"""The background run's bookkeeping (search/themes/_job.py): a start asked for while
a run is going is never lost (issue 18: an edit during a run stayed untagged), and a
failed pass is retried by the next. Synchronised with events, never with time."""
import gc
import threading

from search.themes import _job


class _Store:
    """Any object stands for a store: runs are kept per store object (weakly)."""


def _held_first_pass(fail_first: bool = False):
    entered, release, passes = threading.Event(), threading.Event(), []

    def run(progress: _job.Progress) -> None:
        passes.append(threading.current_thread().name)
        if len(passes) == 1:
            entered.set()
            assert release.wait(120), "the test never released the first pass"
            if fail_first:
                raise RuntimeError("the document went away")
    return entered, release, passes, run


def test_a_start_during_a_run_makes_it_pass_once_more():
    store = _Store()
    entered, release, passes, run = _held_first_pass()
    _job.start(store, 3, run)
    assert entered.wait(120)
    for _ in range(2):   # two writes during the run: one more pass covers both
        assert _job.start(store, 5, run).running
    release.set()
    progress = _job.wait(store)
    assert passes == [_job.THREAD_NAME] * 2 and not progress.running and progress.failed == ""
    _job.start(store, 0, run)   # nothing pending: no run
    assert len(passes) == 2 and not _job.wait(store).running


def test_a_failed_pass_is_shown_and_the_next_pass_clears_it():
    store = _Store()
    entered, release, passes, run = _held_first_pass(fail_first=True)
    _job.start(store, 1, run)
    assert entered.wait(120)
    _job.start(store, 1, run)
    release.set()
    progress = _job.wait(store)
    assert len(passes) == 2 and not progress.running and progress.failed == ""
    lone = _Store()
    entered, release, passes, run = _held_first_pass(fail_first=True)
    _job.start(lone, 1, run)
    release.set()
    failed = _job.wait(lone)
    assert passes == [_job.THREAD_NAME] and not failed.running and failed.failed == "RuntimeError"
    assert failed.as_dict()["failed"] == "RuntimeError"   # the kind only: a message may quote any group's text


def test_a_new_store_never_sees_the_run_of_a_store_that_is_gone():
    """Runs were kept under `id(store)`, and CPython gives a new object the address of
    one just freed: a store opened after another was closed and collected showed the
    old one's run (here its failure). The new store is made at the old one's address
    when the allocator offers it, which is how it happened; it must start idle."""
    old = _Store()
    entered, release, passes, run = _held_first_pass(fail_first=True)
    _job.start(old, 1, run)
    release.set()
    assert _job.wait(old).failed == "RuntimeError"
    address = id(old)
    del old
    gc.collect()
    candidates = [_Store() for _ in range(1000)]   # kept alive, so each takes a new address
    new = next((store for store in candidates if id(store) == address), candidates[0])
    assert _job.progress(new) == _job.Progress()
    assert not _job.wait(new).running
