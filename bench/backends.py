"""`praktijkgeheugen bench --backends`: the bundled model's embedding backends side by side.

Embedding dominates ingest, so the default backend is chosen by these numbers:
passages per second on fresh ~120-195-word chunks (never from the cache), with
the machine's thread count and with one thread, and how close each backend's
vectors are to the reference (sentence-transformers, torch fp32). Retrieval
quality of a backend is measured separately with `praktijkgeheugen eval --model`.
"""
from __future__ import annotations

import time

import numpy as np

from bench.corpus import Pool, documents

REFERENCE = "multilingual-e5-small"


def fresh_chunks(pool: Pool, count: int) -> list[str]:
    """`count` generated sections, prefixed as passages (a seed no bench corpus uses)."""
    texts = [section for record in documents(pool, count, seed=11)
             for section in record["text"].split("\n## ")[1:]]
    return ["passage: " + text for text in texts[:count]]


def compare_backends(names: list[str], cache_dir, pool: Pool, count: int = 64) -> list[dict]:
    """Speed and fidelity per backend; the reference is loaded too, for the cosines."""
    from models import load_encoder

    texts = fresh_chunks(pool, count)
    reference = load_encoder(REFERENCE, cache_dir).encode(texts, 16)
    rows = []
    for name in names:
        encoder = load_encoder(name, cache_dir)
        encoder.encode(texts[:4], 16)  # warm-up: first calls allocate and plan
        vectors, rate = _timed_rate(encoder, texts)
        rows.append({"backend": name, "chunks": len(texts), "chunks_per_s": rate,
                     "chunks_per_s_1_thread": _one_thread_rate(name, cache_dir, encoder, texts),
                     "min_cosine_to_fp32": round(float(np.min(np.sum(vectors * reference, axis=1))), 4),
                     "mean_cosine_to_fp32": round(float(np.mean(np.sum(vectors * reference, axis=1))), 4)})
    return rows


def _timed_rate(encoder, texts: list[str]) -> tuple[np.ndarray, float]:
    started = time.perf_counter()
    vectors = encoder.encode(texts, 16)
    return vectors, round(len(texts) / (time.perf_counter() - started), 1)


def _one_thread_rate(name: str, cache_dir, encoder, texts: list[str]) -> float:
    """The same encode on one core: what a second, busy core would leave."""
    if hasattr(encoder, "model"):  # sentence-transformers: torch's thread setting
        import torch

        threads = torch.get_num_threads()
        torch.set_num_threads(1)
        try:
            return _timed_rate(encoder, texts)[1]
        finally:
            torch.set_num_threads(threads)
    from models import load_encoder

    return _timed_rate(load_encoder(name, cache_dir, threads=1), texts)[1]


def format_backends(rows: list[dict]) -> str:
    lines = ["| backend | chunks/s (all cores) | chunks/s (1 thread) | cosine to fp32 min / mean |",
             "|---|---|---|---|"]
    lines += [f"| {r['backend']} | {r['chunks_per_s']} | {r['chunks_per_s_1_thread']} |"
              f" {r['min_cosine_to_fp32']} / {r['mean_cosine_to_fp32']} |" for r in rows]
    return "\n".join(lines)
