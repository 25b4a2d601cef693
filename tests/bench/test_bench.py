"""The speed benchmark's machinery on a tiny corpus (fast: a fake encoder, no model)."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from bench.corpus import COMMUNITIES, documents, load_pool, write_corpus
from bench.report import format_bench
from bench.speed import load_queries, run_bench
from fakes import cached_fake_embedder

DEMO = Path(__file__).resolve().parents[2] / "demo"


@pytest.fixture(scope="module")
def pool():
    return load_pool(DEMO / "corpus")


def test_corpus_is_deterministic_and_smaller_sizes_are_prefixes(pool):
    small = list(documents(pool, 40))
    large = list(documents(pool, 400))
    assert small == list(documents(pool, 40))
    assert small[:-1] == large[:len(small) - 1]
    assert sum(d["text"].count("\n## ") for d in small) == 40
    assert {d["community"] for d in large} == set(COMMUNITIES)
    assert list(documents(pool, 40, seed=1)) != small


def test_bench_measures_every_size_and_reuses_embeddings(pool, tmp_path):
    name = "fake-bench-model"
    embedder = cached_fake_embedder(name, tmp_path / "emb")
    queries = load_queries(DEMO / "eval" / "queries.jsonl")[:6]
    first = run_bench([30, 60], embedder, tmp_path / "bench", DEMO / "corpus", queries)
    again = run_bench([60], embedder, tmp_path / "bench", DEMO / "corpus", queries)
    small, large = first["sizes"]["30"], first["sizes"]["60"]
    assert (small["ingest"]["chunks"], large["ingest"]["chunks"]) == (30, 60)
    assert large["ingest"]["from_cache"] == 30  # the 30-chunk corpus is a prefix of the 60
    assert again["sizes"]["60"]["ingest"]["embedded"] == 0
    assert large["retrievers"]["dense 1/10"]["recall@10"] == 1.0  # exact search in a small subset
    assert large["retrievers"]["dense"]["recall@10"] >= 0.9
    for key in ("hybrid", "hybrid 1/10", "dense", "lexical", "embed query"):
        assert large["queries"][key]["p95_ms"] >= large["queries"][key]["p50_ms"] > 0
    assert large["disk"]["chroma_mb_per_1k"] > 0 and large["rss_mb"] > 0
    json.dumps(first)
    table = format_bench(first)
    assert "| hybrid 1/10 p50 / p95 ms |" in table and "60 chunks" in table
    assert not (tmp_path / "bench" / "run-60").exists()


def test_written_corpus_holds_jsonl_documents(pool, tmp_path):
    assert write_corpus(pool, 25, tmp_path) == len(list(documents(pool, 25)))
    record = json.loads((tmp_path / "part-00000.jsonl").read_text(encoding="utf-8").splitlines()[0])
    assert {"id", "title", "type", "community", "cycle", "authors", "text"} <= set(record)


def test_embed_only_fills_the_cache_that_the_bench_then_hits(pool, tmp_path):
    from bench.warm import embed_corpus, ensure_corpus

    name = "fake-bench-model"
    embedder = cached_fake_embedder(name, tmp_path / "emb")
    corpus = ensure_corpus(pool, 50, tmp_path / "bench")
    warmed = embed_corpus(corpus, embedder, tmp_path / "bench" / "warm-store")
    assert (warmed["chunks"], warmed["embedded"]) == (50, 50)
    assert embed_corpus(corpus, embedder, tmp_path / "bench" / "warm-store")["embedded"] == 0
    queries = load_queries(DEMO / "eval" / "queries.jsonl")[:3]
    ingest = run_bench([50], embedder, tmp_path / "bench", DEMO / "corpus", queries)["sizes"]["50"]["ingest"]
    assert (ingest["embedded"], ingest["from_cache"]) == (0, 50)  # exactly the texts ingest embeds
    assert not (tmp_path / "bench" / "warm-store").exists()
