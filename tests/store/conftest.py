"""The store's tests run against both backends of the `Database` seam: SQLite
always, PostgreSQL when a server is given (tests/conftest.py `postgres_server`)."""
import sys
from pathlib import Path

import pytest

from fakes import FakeEmbedder
from store import Settings

BACKENDS = ["sqlite", "postgresql"]


@pytest.fixture(params=BACKENDS)
def backend(request) -> str:
    return request.param


@pytest.fixture
def settings(tmp_path, backend, request) -> Settings:
    url = request.getfixturevalue("postgres_url") if backend == "postgresql" else None
    return Settings(data_dir=tmp_path / "data", model=FakeEmbedder.name, database_url=url)


@pytest.fixture(scope="session")
def zygote():
    """Forks the store tests' worker processes (tests/store/ingest_worker.py --zygote, for
    ingest_worker.py and writer_worker.py): each is a process of its own whose group can
    be killed, but none pays again for imports and spaCy's tables, ~4 of the ~6.5 s of
    CPU a worker started afresh took before `ready`. One per session: test_crash.py's
    23 workers, test_lock.py's 2 and test_concurrent_writers.py's 3 share its start-up."""
    folder = str(Path(__file__).parent)
    sys.path.insert(0, folder)
    try:
        from ingest_worker import Zygote
    finally:
        sys.path.remove(folder)
    forks = Zygote()
    yield forks
    forks.close()
