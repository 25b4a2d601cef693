"""`praktijkgeheugen bench --measure-run RUN_DIR` on a tiny kept run with stand-in vectors
(fast: a fake encoder, no model): the figures' shape, the run left as it was, and a
directory that is not a kept bench run refused with a clear message."""
from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest

from bench.corpus import load_pool
from bench.kept_run import QUERY_ROWS
from bench.speed import run_bench
from bench.standin import stand_in_embedder
from fakes import cached_fake_embedder
from settings import Settings
from store import open_store

DEMO = Path(__file__).resolve().parents[2] / "demo"
NAME = "fake-bench-model"
QUERIES = 5


@pytest.fixture(scope="module")
def kept(tmp_path_factory) -> tuple[Path, Path]:
    """A bench dir with a kept 40-chunk run (stand-in passage vectors) and a demo folder
    with the first few demo queries."""
    root = tmp_path_factory.mktemp("measure-run")
    bench = root / "bench"
    real = cached_fake_embedder(NAME, bench / "embeddings")
    embedder = stand_in_embedder(real, load_pool(DEMO / "corpus"), bench, [bench / "embeddings"])
    run_bench([40], embedder, bench, DEMO / "corpus", ["opwarmen"], keep=True)
    demo = root / "demo"
    (demo / "eval").mkdir(parents=True)
    lines = (DEMO / "eval" / "queries.jsonl").read_text(encoding="utf-8").splitlines()[:QUERIES]
    (demo / "eval" / "queries.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return bench / "run-40", demo


def _measure(run_dir: Path, demo: Path, tmp_path: Path, monkeypatch, *flags: str) -> int:
    from cli import main

    with monkeypatch.context() as m:
        m.setattr("models.get_embedder", lambda *a, **k: cached_fake_embedder(NAME, tmp_path / "emb"))
        return main(["bench", "--measure-run", str(run_dir), "--demo", str(demo),
                     "--data-dir", str(tmp_path / "data"), *flags])


def _files(run_dir: Path) -> set[str]:
    return {str(p.relative_to(run_dir)) for p in run_dir.rglob("*")
            if not p.name.endswith(("-wal", "-shm", ".lock", ".pid"))}


def _chunks(run_dir: Path) -> int:
    conn = sqlite3.connect(f"{(run_dir / 'praktijkgeheugen.sqlite3').as_uri()}?mode=ro", uri=True)
    try:
        return conn.execute("SELECT COUNT(*) FROM chunks").fetchone()[0]
    finally:
        conn.close()


def test_a_kept_run_is_measured_again_as_it_is(kept, tmp_path, monkeypatch, capsys):
    run_dir, demo = kept
    files = _files(run_dir)
    assert _measure(run_dir, demo, tmp_path, monkeypatch, "--json", "--search-rounds", "2") == 0
    result = json.loads(capsys.readouterr().out)
    assert (result["model"], result["queries"], result["run_dir"]) == (NAME, QUERIES, str(run_dir))
    assert result["cpus"] >= 1 and isinstance(result["seconds"], (int, float))  # present; its size is the machine's
    assert all(len(result["load_average"][when]) == 3 for when in ("start", "end"))
    figures = result["figures"]
    assert figures["chunks"] == 40 and isinstance(figures["warm_up_s"], (int, float)) and figures["rss_mb"] > 0
    assert figures["queries"]["first_filtered_query_ms"] > 0 and len(figures["queries_again"]) == 1
    for rows in (figures["queries"], figures["queries_again"][0]):
        for key in QUERY_ROWS:   # every mode unfiltered, one community of ten and member; embedding alone
            row = rows[key]
            assert row["p95_ms"] >= row["p50_ms"] > 0 and row["cpu_p95_ms"] >= row["cpu_p50_ms"] >= 0
    assert _files(run_dir) == files and _chunks(run_dir) == 40   # nothing written, nothing created

    assert _measure(run_dir, demo, tmp_path, monkeypatch) == 0
    text = capsys.readouterr().out
    assert f"kept bench run {run_dir}: 40 chunks, model {NAME}, {QUERIES} queries" in text
    assert "load average (1 / 5 / 15 min) on " in text and ", at end " in text
    assert "| search, end to end (embedding included) | wall p50 / p95 ms | process CPU p50 / p95 ms |" in text
    assert all(f"| {key} | " in text for key in QUERY_ROWS)


def test_what_is_not_a_kept_bench_run_is_refused(kept, tmp_path, monkeypatch, capsys):
    run_dir, demo = kept
    empty = tmp_path / "empty"
    empty.mkdir()
    store = open_store(Settings(data_dir=tmp_path / "fresh"))   # a data dir, but no bench corpus in it
    store.close()
    for folder in (empty, tmp_path / "missing", tmp_path / "fresh"):
        before = sorted(p.name for p in folder.iterdir()) if folder.exists() else None
        assert _measure(folder, demo, tmp_path, monkeypatch) == 2
        error = capsys.readouterr().err
        assert error.startswith(f"error: {folder} is not a kept bench run") and "--keep-run" in error
        assert (sorted(p.name for p in folder.iterdir()) if folder.exists() else None) == before
    with pytest.raises(SystemExit, match="kept run as it was built"):
        _measure(run_dir, demo, tmp_path, monkeypatch, "--stand-in-vectors")
