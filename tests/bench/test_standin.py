"""`bench --stand-in-vectors`: stand-in passage vectors, kept out of every real embedding
cache, with the rest of the bench unchanged (fast: a fake encoder, no model)."""
from __future__ import annotations

import sqlite3
from pathlib import Path

import numpy as np
import pytest

from bench.corpus import load_pool
from bench.report import format_bench
from bench.speed import load_queries, run_bench
from bench.standin import MARKER, STAND_IN_DIR, split_sentences, stand_in_dir, stand_in_embedder
from fakes import cached_fake_embedder

DEMO = Path(__file__).resolve().parents[2] / "demo"
NAME = "fake-bench-model"


@pytest.fixture(scope="module")
def pool():
    return load_pool(DEMO / "corpus")


def _rows(cache_dir: Path) -> int:
    (path,) = cache_dir.glob("*.sqlite3")
    with sqlite3.connect(path) as conn:
        return conn.execute("SELECT count(*) FROM vectors").fetchone()[0]


def test_the_bench_with_stand_ins_measures_and_says_so(pool, tmp_path):
    real = cached_fake_embedder(NAME, tmp_path / "bench" / "embeddings")
    embedder = stand_in_embedder(real, pool, tmp_path / "bench", [tmp_path / "bench" / "embeddings"])
    assert embedder.name == real.name and embedder.dim == real.dim  # the model's floor and index claim
    queries = load_queries(DEMO / "eval" / "queries.jsonl")[:6]
    result = run_bench([200], embedder, tmp_path / "bench", DEMO / "corpus", queries)
    figures = result["sizes"]["200"]
    assert result["passage_vectors"] == "stand-in"
    assert (figures["ingest"]["chunks"], figures["ingest"]["embedded"]) == (200, 200)
    for key in ("hybrid", "hybrid 1/10", "hybrid member", "dense", "lexical", "embed query"):
        assert figures["queries"][key]["p95_ms"] >= figures["queries"][key]["p50_ms"] > 0
    assert figures["retrievers"]["dense"]["recall@10"] >= 0.9  # exact search over the stand-ins
    table = format_bench(result)
    assert "PASSAGE VECTORS ARE STAND-INS" in table and "| stand-ins made now / from cache | 200 / 0 |" in table
    # The real cache holds the pool's sentences (real vectors of real texts), no passage.
    assert _rows(tmp_path / "bench" / "embeddings") == len(set(pool.sentences))
    assert _rows(tmp_path / "bench" / STAND_IN_DIR) == 200
    assert (tmp_path / "bench" / STAND_IN_DIR / MARKER).exists()
    again = run_bench([200], embedder, tmp_path / "bench", DEMO / "corpus", queries[:2])
    assert (again["sizes"]["200"]["ingest"]["embedded"], again["sizes"]["200"]["ingest"]["from_cache"]) == (0, 200)


def test_a_plain_bench_says_its_vectors_are_the_models(pool, tmp_path):
    embedder = cached_fake_embedder(NAME, tmp_path / "emb")
    result = run_bench([20], embedder, tmp_path / "bench", DEMO / "corpus",
                       load_queries(DEMO / "eval" / "queries.jsonl")[:2])
    assert result["passage_vectors"] == "model"
    table = format_bench(result)
    assert "STAND-IN" not in table and "| embedded now / from cache |" in table


def test_stand_ins_are_unit_deterministic_and_near_for_shared_sentences(pool, tmp_path):
    real = cached_fake_embedder(NAME, tmp_path / "emb")
    embedder = stand_in_embedder(real, pool, tmp_path / "bench", [tmp_path / "emb"])
    a, b, c = pool.sentences[:3]
    texts = [f"Casus: titel - Kop\n{a} {b}", f"Reflectie: iets anders - Andere kop\n{a} {b}",
             f"Casus: titel - Kop\n{c}", "geen enkele zin uit de pool hier", "geen enkele zin uit de pool"]
    vectors = embedder.embed_passages(texts)
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-5)
    assert np.allclose(vectors, np.stack([embedder.vector(t) for t in texts]), atol=1e-6)
    assert vectors[0] @ vectors[1] == pytest.approx(1.0, abs=1e-5)  # the same pool sentences
    mean = real.embed_passages([a]) + real.embed_passages([b])
    assert np.allclose(vectors[0], mean[0] / np.linalg.norm(mean[0]), atol=1e-5)  # the model's space
    assert vectors[3] @ vectors[4] > vectors[3] @ vectors[2]  # no pool sentence: the centre and hashed words
    centre = real.embed_passages(sorted(set(pool.sentences))).sum(axis=0)
    assert vectors[3] @ centre / np.linalg.norm(centre) > 0.9  # ... near the pool sentences' centre
    assert split_sentences(f"Titel - Kop\n{a} {b}") == ["Titel - Kop", a, b]
    # Queries are the real embedder's.
    assert np.allclose(embedder.embed_queries(["vrijwilligers"]), real.embed_queries(["vrijwilligers"]))


def test_stand_ins_are_never_written_to_a_real_cache(pool, tmp_path):
    bench = tmp_path / "bench"
    with pytest.raises(ValueError, match="real embedding cache"):
        stand_in_dir(bench, [bench / STAND_IN_DIR])
    (bench / STAND_IN_DIR).mkdir(parents=True)
    (bench / STAND_IN_DIR / "multilingual-e5-small@onnx-int8.sqlite3").write_bytes(b"")
    with pytest.raises(ValueError, match="marker"):
        stand_in_dir(bench, [])
    real = cached_fake_embedder(NAME, tmp_path / "other" / STAND_IN_DIR)  # a real cache where stand-ins go
    with pytest.raises(ValueError):
        stand_in_embedder(real, pool, tmp_path / "other", [])


def test_the_bench_can_repeat_its_queries_and_keep_its_data_dir(pool, tmp_path):
    embedder = cached_fake_embedder(NAME, tmp_path / "emb")
    result = run_bench([20], embedder, tmp_path / "bench", DEMO / "corpus",
                       load_queries(DEMO / "eval" / "queries.jsonl")[:3], rounds=2, keep=True)
    figures = result["sizes"]["20"]
    assert len(figures["queries_again"]) == 1 and figures["queries_again"][0]["hybrid"]["p50_ms"] > 0
    assert "| search again, round 2 | 20 chunks |" in format_bench(result)
    assert (tmp_path / "bench" / "run-20").is_dir()


def test_the_cli_refuses_stand_ins_with_embed_only(tmp_path, monkeypatch):
    from cli import main

    monkeypatch.setattr("models.get_embedder", lambda *a, **k: cached_fake_embedder(NAME, tmp_path / "emb"))
    with pytest.raises(SystemExit, match="embed-only"):
        main(["bench", "--embed-only", "--stand-in-vectors", "--sizes", "10", "--data-dir", str(tmp_path / "d")])
