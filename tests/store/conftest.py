"""The store's tests run against both backends of the `Database` seam: SQLite
always, PostgreSQL when a server is given (tests/conftest.py `postgres_server`)."""
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
