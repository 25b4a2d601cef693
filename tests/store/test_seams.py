"""The two seams a backend implements (`store._db.MetaTable` for the database,
`store._lock.HeldLock` for the writer lock) are abstract base classes: a backend
that misses a method fails when it is constructed, and both real backends of each
implement every method."""
from contextlib import nullcontext

import pytest

from store._db import MetaTable, SQLiteDatabase
from store._lock import HeldLock, WriterLock
from store._pglock import AdvisoryWriterLock
from store._postgres import PostgresDatabase


@pytest.mark.parametrize("backend", [SQLiteDatabase, PostgresDatabase])
def test_both_databases_implement_every_method(backend):
    assert issubclass(backend, MetaTable)
    assert not backend.__abstractmethods__


@pytest.mark.parametrize("lock", [WriterLock, AdvisoryWriterLock])
def test_both_writer_locks_implement_every_method(lock):
    assert issubclass(lock, HeldLock)
    assert not lock.__abstractmethods__


def test_a_database_missing_a_method_fails_at_construction():
    class NoReading(MetaTable):
        dialect = "test"

        def conn(self):
            return None

        def transaction(self):
            return nullcontext()

        def checkpoint(self):
            return True

        def close(self):
            pass

    with pytest.raises(TypeError, match="reading"):
        NoReading()


def test_a_lock_missing_a_method_fails_at_construction():
    class NoRelease(HeldLock):
        def held(self):
            return False

        def holder(self):
            return "test"

        def _acquire(self, timeout):
            return True

    with pytest.raises(TypeError, match="_release"):
        NoRelease()
