"""The security suite's fixtures: a fresh world per test (these tests write; see
tests/security_world.py) and the CLI in-process on the same data dir, with the fake
embedder."""
from __future__ import annotations

import pytest

from access_world import app_for, build
from fakes import FakeEmbedder
from security_world import World
from store import Settings, open_store


@pytest.fixture
def world(tmp_path) -> World:
    store = open_store(Settings(data_dir=tmp_path / "data", model=FakeEmbedder.name))
    build(store, FakeEmbedder(), tmp_path / "docs")
    yield World(store, app_for(store, FakeEmbedder()), tmp_path / "data")
    store.close()


@pytest.fixture
def cli(tmp_path, monkeypatch, capsys):
    """`praktijkgeheugen ARGS` in-process on the world's data dir: (exit code, stdout, stderr)."""
    import io

    from cli import main

    monkeypatch.setattr("web.runtime.models.get_embedder", lambda model, cache_dir: FakeEmbedder())
    monkeypatch.setenv("PRAKTIJKGEHEUGEN_DATA", str(tmp_path / "data"))

    def run(*args: str, stdin: str = "") -> tuple[int, str, str]:
        monkeypatch.setattr("sys.stdin", io.StringIO(stdin))
        code = main([str(a) for a in args])
        out, err = capsys.readouterr()
        return code, out, err
    return run


