"""The security suite's fixtures: a fresh world per test, copied from one built per
session (these tests write; see tests/security_world.py). The CLI in-process on the
same data dir is tests/conftest.py's `cli` (both use `settings.data_dir`); two PostgreSQL databases
for a restore that reads the erasure list of the one it replaces."""
from __future__ import annotations

import pytest

from access_world import app_for
from fakes import FakeEmbedder
from security_world import World


@pytest.fixture
def world(access_store) -> World:
    """A fresh copy of the access world per test (tests/conftest.py's `access_store`)."""
    return World(access_store, app_for(access_store, FakeEmbedder()), access_store.settings.data_dir)


@pytest.fixture
def two_databases(postgres_server, monkeypatch):
    """The deployment's PostgreSQL database, and a second, empty one to restore into."""
    from store import scratch_database
    with scratch_database(postgres_server, "live") as live, scratch_database(postgres_server, "restore") as empty:
        monkeypatch.setenv("PRAKTIJKGEHEUGEN_DATABASE_URL", live)
        yield live, empty
