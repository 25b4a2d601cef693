"""`praktijkgeheugen bench`: ingest and query speed at 1k, 10k, 100k chunks, measured.

For each size a generated corpus (bench.corpus) is ingested with the real pipeline
into a fresh data dir (embedded Chroma, or a Chroma server with `chroma_url`),
then queried through the public search facade and, side by side, through exact
numpy search and bm25s. Passage embeddings are cached on disk by text hash (the
product's own embedding cache, in the bench dir), so a re-run or a larger size
reuses what an earlier run embedded; the report says how many came from the
cache, and a live probe of uncached chunks gives the embedding rate every run.
"""
from __future__ import annotations

import json
import resource
import shutil
import time
from contextlib import nullcontext
from pathlib import Path

import ingest
from bench import latency
from bench.corpus import load_pool
from bench.warm import ensure_corpus
from settings import Settings
from store import open_store, scratch_database

PROBE_CHUNKS = 32


def load_queries(path: Path) -> list[str]:
    return [json.loads(line)["text"] for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def run_bench(sizes: list[int], embedder, bench_dir: Path, demo_corpus: Path, queries: list[str],
              chroma_url: str | None = None, database_url: str | None = None, rounds: int = 1,
              keep: bool = False) -> dict:
    """Measure every size in one process; returns the figures as one JSON-ready dict.
    With `database_url` each size gets an empty schema of its own in that PostgreSQL
    database (store.scratch_database), dropped when it is measured. `rounds` > 1 runs
    the end-to-end queries that many times (the later rounds under "queries_again");
    `keep` leaves each size's data dir in place (embedded stores only) for inspection."""
    pool = load_pool(demo_corpus)
    result = {"model": embedder.name, "vector_index": chroma_url or "embedded",
              "database": "postgresql" if database_url else "sqlite", "queries": len(queries),
              "passage_vectors": "stand-in" if getattr(embedder, "stand_in", False) else "model",
              "embedding_probe": probe(embedder, pool), "sizes": {}}
    for size in sizes:
        corpus = ensure_corpus(pool, size, bench_dir)
        with scratch_database(database_url, "bench") if database_url else nullcontext(None) as url:
            settings = Settings(data_dir=bench_dir / f"run-{size}", model=embedder.name, chroma_url=chroma_url,
                                database_url=url)
            result["sizes"][str(size)] = bench_size(corpus, embedder, settings, queries, rounds,
                                                    keep and not (chroma_url or database_url))
    return result


def bench_size(corpus: Path, embedder, settings: Settings, queries: list[str], rounds: int = 1,
               keep: bool = False) -> dict:
    data_dir, chroma_url = settings.data_dir, settings.chroma_url
    shutil.rmtree(data_dir, ignore_errors=True)
    store = open_store(settings)
    try:
        ingested = _ingest(store, embedder, corpus)
        figures = {"ingest": ingested, **measure_queries(store, embedder, queries, rounds)}
        figures["disk"] = _disk(data_dir, ingested["chunks"], chroma_url)
        figures["retrievers"] = latency.retrievers(store, embedder, queries)
        figures["peak_rss_mb"] = peak_rss_mb()
    finally:
        if chroma_url:
            store.vectors.drop_collection()  # leave the shared server as it was
        store.close()
        if not keep:
            shutil.rmtree(data_dir, ignore_errors=True)
    return figures


def measure_queries(store, embedder, queries: list[str], rounds: int = 1) -> dict:
    """A server's warm-up, then the end-to-end queries `rounds` times (bench.latency), then
    the resident memory: the bench's query figures of one data dir."""
    figures = {"warm_up_s": _warm_up(store, embedder), "queries": latency.end_to_end(store, embedder, queries)}
    if rounds > 1:
        figures["queries_again"] = [latency.end_to_end(store, embedder, queries) for _ in range(rounds - 1)]
    figures["rss_mb"] = _rss_mb()
    return figures


def peak_rss_mb() -> float:
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)


def probe(embedder, pool) -> dict:
    """Embed a few fresh ~200-word chunks, bypassing the cache: the live embedding rate
    (the model's, also when passage vectors are stand-ins)."""
    from bench.corpus import documents

    texts = [section for record in documents(pool, PROBE_CHUNKS, seed=7)
             for section in record["text"].split("\n## ")[1:]][:PROBE_CHUNKS]
    started = time.perf_counter()
    getattr(embedder, "real", embedder).encoder.encode(["passage: " + t for t in texts], 16)
    seconds = time.perf_counter() - started
    return {"chunks": len(texts), "chunks_per_s": round(len(texts) / seconds, 1)}


def _ingest(store, embedder, corpus: Path) -> dict:
    hits, misses = embedder.cache.hits, embedder.cache.misses
    report = ingest.ingest_paths(store, embedder, [corpus])
    if report.failed:
        raise RuntimeError(f"bench corpus failed to ingest: {report.failed[:3]}")
    cached, embedded = embedder.cache.hits - hits, embedder.cache.misses - misses
    rest = max(report.seconds - report.embed_seconds, 1e-9)
    return {"chunks": report.chunks, "documents": len(report.outcomes), "seconds": round(report.seconds, 1),
            "chunks_per_s": round(report.chunks / report.seconds, 1),
            "embedded": embedded, "from_cache": cached, "embed_seconds": round(report.embed_seconds, 1),
            "embed_chunks_per_s": round(embedded / report.embed_seconds, 1) if embedded else None,
            "rest_chunks_per_s": round(report.chunks / rest, 1)}


def _warm_up(store, embedder) -> float:
    """What a server does before its first request (search.warm_up), in seconds."""
    import search

    started = time.perf_counter()
    search.warm_up(store, embedder)
    return round(time.perf_counter() - started, 1)


def _disk(data_dir: Path, chunks: int, chroma_url: str | None) -> dict:
    """Bytes under the data dir (SQLite with FTS5, embedded Chroma) per 1k chunks."""
    def size(path: Path) -> int:
        return sum(p.stat().st_size for p in path.rglob("*") if p.is_file()) if path.exists() else 0

    sqlite = sum(p.stat().st_size for p in data_dir.glob("praktijkgeheugen.sqlite3*"))
    chroma = None if chroma_url else size(data_dir / "chroma")
    per_1k = lambda b: round(b / 2**20 / chunks * 1000, 2) if b is not None else None  # noqa: E731
    return {"sqlite_mb_per_1k": per_1k(sqlite), "chroma_mb_per_1k": per_1k(chroma),
            "total_mb": round((sqlite + (chroma or 0)) / 2**20, 1)}


def _rss_mb() -> float:
    """Resident memory now (after ingest and the product's queries, before the baselines)."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return round(int(line.split()[1]) / 1024)
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)
