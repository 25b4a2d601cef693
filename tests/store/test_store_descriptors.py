"""A closed store, and a thread that ended, keep no file descriptor open.

A full CI run failed 12 tests with `filedescriptor out of range in select()`: the
test process held over 1024 descriptors. A sqlite3 connection is freed only by a full
garbage collection (it and its statement cache refer to each other), and the store
left the connections of threads that had ended to it, and the CLI whole stores with
their Chroma clients (store._db.ThreadConnections, web.runtime.Runtime.close). These tests
turn the collector off, so they see what is closed and not what a collection
happened to free; the counts compare a state with the same state, so a busy machine
changes nothing in them."""
import gc
import threading
from collections import Counter

import pytest

from _fdcheck import open_descriptors
from fakes import FakeEmbedder
from store import Filters, open_store

ROUNDS = 4   # more than one: a leak of one descriptor per round shows as 4


@pytest.fixture
def without_collector():
    gc.collect()
    gc.disable()
    try:
        yield
    finally:
        gc.enable()


def _read_on_a_thread(store) -> None:
    thread = threading.Thread(target=lambda: store.accounts.communities())
    thread.start()
    thread.join()


def _use_and_close(settings) -> None:
    import ingest
    from dutch_docs import write_docs

    store = open_store(settings)
    try:
        if not store.catalogue.list_documents():
            folder = write_docs(settings.data_dir.parent / "docs")
            assert not ingest.ingest_paths(store, FakeEmbedder(), [folder]).failed
        assert store.vectors.count()   # Chroma's client, opened
        store.vectors.search(FakeEmbedder().embed_queries(["mantelzorg"])[0], Filters(), 3)
        for _ in range(3):
            _read_on_a_thread(store)
    finally:
        store.close()


def test_a_store_closed_after_reads_on_other_threads_leaves_no_descriptor(settings, without_collector):
    _use_and_close(settings)   # the first opening loads what a process keeps (Chroma's runtime)
    before = open_descriptors()
    for _ in range(ROUNDS):
        _use_and_close(settings)
    after = open_descriptors()
    assert len(after) <= len(before), Counter(after.values()) - Counter(before.values())


def test_threads_that_ended_leave_no_connection_open(settings, without_collector):
    """A server's worker threads end after a while idle and new ones take their place:
    each new one's connection, not every one there ever was, stays open."""
    store = open_store(settings)
    try:
        for _ in range(ROUNDS):
            _read_on_a_thread(store)
        before = open_descriptors()
        for _ in range(ROUNDS * 3):
            _read_on_a_thread(store)
        after = open_descriptors()
        assert len(after) <= len(before), Counter(after.values()) - Counter(before.values())
    finally:
        store.close()
