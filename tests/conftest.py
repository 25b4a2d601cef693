"""Shared fixtures: a temp data dir with a real store, a fake embedder for fast
tests, and (session-scoped) the real bundled model for end-to-end tests."""
from __future__ import annotations

import pytest

from fakes import FakeEmbedder
from store import Settings, open_store


@pytest.fixture
def settings(tmp_path) -> Settings:
    return Settings(data_dir=tmp_path / "data", model=FakeEmbedder.name)


@pytest.fixture
def store(settings):
    store = open_store(settings)
    yield store
    store.close()


@pytest.fixture
def cli(tmp_path, monkeypatch, capsys):
    """Run `praktijkgeheugen ARGS` in-process on a temp data dir: (exit code, stdout, stderr).
    Test modules that need a fake model or other set-up define their own `cli`."""
    import io

    from web.cli import main

    monkeypatch.setenv("PRAKTIJKGEHEUGEN_DATA", str(tmp_path / "data"))

    def run(*args: str, stdin: str = "") -> tuple[int, str, str]:
        monkeypatch.setattr("sys.stdin", io.StringIO(stdin))
        code = main(list(args))
        out, err = capsys.readouterr()
        return code, out, err
    return run


@pytest.fixture
def fake_embedder() -> FakeEmbedder:
    return FakeEmbedder()


@pytest.fixture
def filled_client(store, fake_embedder, tmp_path):
    """The real app over a store with the test documents, using the fake embedder."""
    from fastapi.testclient import TestClient

    import ingest
    from dutch_docs import write_docs
    from web.app import create_app
    from web.runtime import Runtime

    ingest.ingest_paths(store, fake_embedder, [write_docs(tmp_path / "docs")])
    runtime = Runtime(store.settings)
    runtime.__dict__.update(store=store, embedder=fake_embedder)
    with TestClient(create_app(runtime, warm_up=False)) as client:
        yield client


# --- the real default model (slow: shared by every test package, built once) ---


@pytest.fixture(scope="session")
def bundled_model_dir(tmp_path_factory):
    """The bundled multilingual-e5-small, converted once per session into a temp cache.

    Conversion takes a few seconds and ~470 MB of disk, removed after the session.
    Its parent is the `cache_dir` to pass to `models.get_embedder`.
    """
    import shutil

    import models

    cache_dir = tmp_path_factory.mktemp("models")
    yield models.prepare_model(models.DEFAULT_MODEL, cache_dir)
    shutil.rmtree(cache_dir, ignore_errors=True)


@pytest.fixture(scope="session")
def embedder(bundled_model_dir):
    """The real default `models.Embedder` (loading torch takes a few seconds)."""
    import models

    return models.get_embedder(models.DEFAULT_MODEL, bundled_model_dir.parent)
