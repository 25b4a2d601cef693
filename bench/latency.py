"""Query timings at one corpus size: the product's search end to end, its retrievers
alone, and the baselines on the same query vectors and terms.

Every latency list is one timing per query; "filtered" runs each query as a member
of one community out of ten (the access filter of a closed group), rotating over
the communities; "member" as a member of one community who also sees what the
others share (everything here): how every search runs once accounts exist, with
BM25 statistics counted over the allowed passages. The first filtered query of each community is run once untimed
(and its time reported) because it reads that community's allowed passages from
SQLite, which later queries take from memory until the catalogue changes.

The end-to-end rows also give the process CPU time per query (`cpu_p50_ms`,
`cpu_p95_ms`: every thread of the process, so it can exceed wall time when the
lexical legs run beside the dense one); on a shared machine wall time grows with
the load and CPU time much less, so the two side by side show how noisy a run was.
"""
from __future__ import annotations

import time

import numpy as np

import search
from bench.baselines import Bm25, BruteForce
from bench.corpus import COMMUNITIES
from bench.metrics import percentile
from store import Access, Filters, Store
from text import analyze

CANDIDATES = 100  # what search/_retrieve asks each retriever for


def community_filter(i: int) -> Filters:
    return Filters(communities=(COMMUNITIES[i % len(COMMUNITIES)],))


def member_filter(i: int) -> Filters:
    return Filters(access=Access(member_of=(COMMUNITIES[i % len(COMMUNITIES)],), shared=True))


def summary(latencies_ms: list[float], cpu_ms: list[float] | None = None) -> dict:
    out = {"p50_ms": round(percentile(latencies_ms, 50), 2), "p95_ms": round(percentile(latencies_ms, 95), 2)}
    if cpu_ms is not None:
        out.update(cpu_p50_ms=round(percentile(cpu_ms, 50), 2), cpu_p95_ms=round(percentile(cpu_ms, 95), 2))
    return out


def end_to_end(store: Store, embedder, queries: list[str]) -> dict:
    """search.search per mode, embedding included, unfiltered and filtered to one community."""
    out: dict[str, object] = {"first_filtered_query_ms": _warm_filters(store, embedder, queries)}
    for mode in search.MODES:
        for label, filters_of in (("", lambda i: Filters()), (" 1/10", community_filter),
                                  (" member", member_filter)):
            out[mode + label] = _per_query(queries, lambda i, q: search.search(
                store, embedder, q, 10, filters=filters_of(i), mode=mode, snippets=False))
    out["embed query"] = _per_query(queries, lambda i, q: embedder.embed_queries([q]))
    return out


def retrievers(store: Store, embedder, queries: list[str]) -> dict:
    """Dense and lexical retrievers against brute force and bm25s: speed ratios and recall@10."""
    vectors = embedder.embed_queries(queries)
    brute = BruteForce(store)
    out = {}
    for label, filters_of, community_of in (
            ("dense", lambda i: Filters(), lambda i: None),
            ("dense 1/10", community_filter, lambda i: COMMUNITIES[i % len(COMMUNITIES)])):
        ours = [_run(lambda: store.vectors.search(v, filters_of(i), CANDIDATES)) for i, v in enumerate(vectors)]
        exact = [_run(lambda: brute.search(v, CANDIDATES, community_of(i))) for i, v in enumerate(vectors)]
        out[label] = _compare(ours, exact, lambda hits: [pk for pk, _ in hits])
    out["lexical"] = _lexical(store, queries)
    return out


def _lexical(store: Store, queries: list[str]) -> dict:
    bm25 = Bm25(store)
    terms = [sorted(set(analyze(q, for_query=True))) for q in queries]
    ours = [_run(lambda: store.lexical.search(ts, Filters(), CANDIDATES)) for ts in terms]
    theirs = [_run(lambda: bm25.search(ts, CANDIDATES)) for ts in terms]
    return _compare(ours, theirs, lambda hits: [pk for pk, _ in hits])


def _compare(ours: list, baseline: list, pks_of) -> dict:
    """p50/p95 of both, their ratio, and how much of the baseline's top 10 we return in ours."""
    mine, base = summary([t for t, _ in ours]), summary([t for t, _ in baseline])
    overlap = [len(set(pks_of(o)[:10]) & set(b[:10])) / max(1, min(10, len(b)))
               for (_, o), (_, b) in zip(ours, baseline)]
    return {"ours": mine, "baseline": base, "p50_ratio": round(mine["p50_ms"] / max(base["p50_ms"], 1e-3), 2),
            "recall@10": round(float(np.mean(overlap)), 4)}


def _warm_filters(store: Store, embedder, queries: list[str]) -> float:
    """Run each community's and member's first query once (it reads the allowed set, and the
    member's lexical statistics); the slowest, in ms."""
    return round(max(_timed(lambda: search.search(store, embedder, queries[0], 10, filters=filters_of(i),
                                                  snippets=False))
                     for filters_of in (community_filter, member_filter) for i in range(len(COMMUNITIES))), 1)


def _per_query(queries: list[str], call) -> dict:
    """call(i, query) once per query in order: p50/p95 of wall and process CPU ms."""
    wall, cpu = [], []
    for i, q in enumerate(queries):
        started, used = time.perf_counter(), time.process_time()
        call(i, q)
        wall.append((time.perf_counter() - started) * 1000)
        cpu.append((time.process_time() - used) * 1000)
    return summary(wall, cpu)


def _timed(call) -> float:
    started = time.perf_counter()
    call()
    return (time.perf_counter() - started) * 1000


def _run(call) -> tuple[float, object]:
    started = time.perf_counter()
    result = call()
    return (time.perf_counter() - started) * 1000, result
