"""Fill the bench's embedding cache for a corpus size, without timing any search.

At 100k chunks embedding takes over an hour on 2 cores, far longer than the rest
of the bench. `praktijkgeheugen bench --embed-only` does that part on its own (and
reports its rate), so `make bench-large` can then time ingest and search from the
cache, and a re-run after a change to the index costs minutes, not hours. The
texts are exactly what ingest embeds (`ingest.passages`: metadata, pseudonymisation,
chunking), so every one is a cache hit when the bench ingests the same corpus.
"""
from __future__ import annotations

import shutil
import time
from pathlib import Path

import ingest
from bench.corpus import Pool
from settings import Settings
from store import open_store

WINDOW = 512  # texts per embed call; the encoder sorts each window by length


def embed_corpus(corpus: Path, embedder, scratch: Path) -> dict:
    """Embed every passage of `corpus` that the cache lacks; returns counts and rate."""
    shutil.rmtree(scratch, ignore_errors=True)
    store = open_store(Settings(data_dir=scratch, model=embedder.name))
    hits, misses, started = embedder.cache.hits, embedder.cache.misses, time.perf_counter()
    try:
        window: list[str] = []
        for text in ingest.passages(store, [corpus]):
            window.append(text)
            if len(window) >= WINDOW:
                embedder.embed_passages(window)
                window = []
        embedder.embed_passages(window)
    finally:
        store.close()
        shutil.rmtree(scratch, ignore_errors=True)
    seconds = time.perf_counter() - started
    embedded = embedder.cache.misses - misses
    return {"chunks": embedded + embedder.cache.hits - hits, "embedded": embedded, "seconds": round(seconds, 1),
            "embedded_per_s": round(embedded / seconds, 1) if embedded else None}


def ensure_corpus(pool: Pool, size: int, bench_dir: Path) -> Path:
    """The generated corpus of `size` chunks, written once and reused by later runs."""
    from bench.corpus import write_corpus

    corpus = bench_dir / "corpus" / str(size)
    if not (corpus / ".complete").exists():
        shutil.rmtree(corpus, ignore_errors=True)
        write_corpus(pool, size, corpus)
        (corpus / ".complete").touch()
    return corpus
