"""The security suite's fixtures: a fresh world per test, copied from one built per
session (these tests write; see tests/security_world.py), and the CLI in-process on the
same data dir, with the fake embedder."""
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


