"""The backend comparison of `praktijkgeheugen bench --backends`, on the real model."""
from __future__ import annotations

from pathlib import Path

import pytest

import models
from bench.backends import compare_backends, format_backends, fresh_chunks
from bench.corpus import load_pool

DEMO = Path(__file__).resolve().parents[2] / "demo"


def test_fresh_chunks_are_prefixed_passages_of_bench_size():
    chunks = fresh_chunks(load_pool(DEMO / "corpus"), 5)
    assert len(chunks) == 5 and all(c.startswith("passage: ") for c in chunks)
    assert all(100 <= len(c.split()) <= 200 for c in chunks)


@pytest.mark.slow
def test_int8_default_is_measured_against_fp32(bundled_model_dir):
    rows = compare_backends([models.DEFAULT_MODEL], bundled_model_dir.parent,
                            load_pool(DEMO / "corpus"), count=6)
    row = rows[0]
    assert row["backend"] == models.DEFAULT_MODEL and row["chunks"] == 6
    assert row["chunks_per_s"] > 0 and row["chunks_per_s_1_thread"] > 0
    assert 0.95 < row["min_cosine_to_fp32"] <= row["mean_cosine_to_fp32"] <= 1.0001
    assert models.DEFAULT_MODEL in format_backends(rows)
