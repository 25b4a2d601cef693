"""`praktijkgeheugen bench --measure-run RUN_DIR`: the bench's query figures again, on a
data dir that an earlier `bench --keep-run` left (BENCH_DIR/run-N), without building it.

At 100k chunks the bench ingests for hours and then times its queries in the same
process, beside whatever else the machine runs by then. This times a kept run on its
own, when the machine is quiet, with the bench's own code (bench.speed.measure_queries:
the server's warm-up, then bench.latency's end-to-end rows, the demo queries unfiltered,
as a member of one community of ten and as a member who sees every passage), wall and
process CPU per query. The machine's load average at the start and the end, and its
CPU count, are reported beside the figures, so a reader can judge how noisy they are.

The run is measured as it is: it must be a kept bench run at this version's database
schema (nothing is migrated or created; a directory that is not one is refused before
anything is opened), and only searches run on it. Queries are embedded by the model
the run's vectors were built with (the run records it); whether its passage vectors
were stand-ins (`--stand-in-vectors`) changes rankings, not what the search code does.
"""
from __future__ import annotations

import os
import sqlite3
import time
from pathlib import Path

import search
from bench.corpus import COMMUNITIES
from bench.speed import measure_queries, peak_rss_mb
from settings import Settings
from store import SCHEMA_VERSION, open_store, stored_schema

QUERY_ROWS = [mode + label for mode in search.MODES for label in ("", " 1/10", " member")] + ["embed query"]
_MAKE_ONE = "a kept bench run is what `praktijkgeheugen bench --sizes N --keep-run` leaves in BENCH_DIR/run-N"


def check_run(run_dir: Path) -> str:
    """The model a kept bench run's vectors were built with; ValueError, saying why,
    when `run_dir` is not a kept bench run that this version can measure as it is.
    Reads the database without writing to it."""
    db_path = Settings(data_dir=run_dir).db_path
    if not db_path.is_file() or not Settings(data_dir=run_dir).chroma_dir.is_dir():
        raise ValueError(f"{run_dir} is not a kept bench run: it has no {db_path.name} and chroma/"
                         f" ({_MAKE_ONE})")
    schema = stored_schema(db_path)
    if schema != int(SCHEMA_VERSION):
        raise ValueError(f"{run_dir} is not a kept bench run of this version: its database schema is {schema},"
                         f" this version's is {SCHEMA_VERSION}, and a run is measured as it is, never"
                         f" migrated ({_MAKE_ONE})")
    conn = sqlite3.connect(f"{db_path.as_uri()}?mode=ro", uri=True, timeout=30)
    try:
        others = conn.execute("SELECT COUNT(*) FROM documents WHERE doc_id NOT LIKE 'bench-%'").fetchone()[0]
        chunks = conn.execute("SELECT COUNT(*) FROM chunks").fetchone()[0]
        communities = {name for (name,) in conn.execute("SELECT name FROM communities")}
        model = conn.execute("SELECT value FROM meta WHERE key = 'embedding_model'").fetchone()
    finally:
        conn.close()
    if others or not chunks or not communities <= set(COMMUNITIES) or model is None:
        raise ValueError(f"{run_dir} is not a kept bench run: it holds {chunks} passages and"
                         f" {others} documents that are not the bench's generated corpus ({_MAKE_ONE})")
    return str(model[0])


def measure_run(run_dir: Path, embedder, queries: list[str], rounds: int = 1) -> dict:
    """The bench's query figures of a kept run (check_run first) under "figures", as the
    bench gives a size's, with the load average (1, 5, 15 minutes) before the model is
    loaded and after the last query."""
    load_start, started = os.getloadavg(), time.time()
    embedder.embed_queries(["opwarmen"])  # the model loaded before the warm-up is timed, as after the bench's probe
    store = open_store(Settings(data_dir=run_dir, model=embedder.name))
    try:
        figures = {"chunks": store.catalogue.catalogue_size(), **measure_queries(store, embedder, queries, rounds)}
    finally:
        store.close()
    return {"run_dir": str(run_dir), "model": embedder.name, "queries": len(queries),
            "started": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(started)),
            "seconds": round(time.time() - started, 1), "cpus": os.cpu_count(),
            "load_average": {"start": [round(x, 2) for x in load_start],
                             "end": [round(x, 2) for x in os.getloadavg()]},
            "figures": {**figures, "peak_rss_mb": peak_rss_mb()}}


def format_measured_run(result: dict) -> str:
    """The figures as a few lines and one Markdown table per round."""
    load, figures = result["load_average"], result["figures"]
    lines = [f"kept bench run {result['run_dir']}: {figures['chunks']:,} chunks, model {result['model']},"
             f" {result['queries']} queries, started {result['started']} ({result['seconds']} s)",
             f"load average (1 / 5 / 15 min) on {result['cpus']} CPUs: at start"
             f" {' / '.join(map(str, load['start']))}, at end {' / '.join(map(str, load['end']))}",
             f"server warm-up {figures['warm_up_s']} s, first filtered query per community"
             f" {figures['queries']['first_filtered_query_ms']} ms, RSS after queries {figures['rss_mb']} MB"
             f" (peak {figures['peak_rss_mb']})"]
    rounds = [figures["queries"]] + figures.get("queries_again", [])
    for n, rows in enumerate(rounds, start=1):
        title = "search, end to end (embedding included)" + (f", round {n}" if len(rounds) > 1 else "")
        lines += ["", f"| {title} | wall p50 / p95 ms | process CPU p50 / p95 ms |", "|---|---|---|"]
        lines += [f"| {key} | {rows[key]['p50_ms']} / {rows[key]['p95_ms']} |"
                  f" {rows[key]['cpu_p50_ms']} / {rows[key]['cpu_p95_ms']} |" for key in QUERY_ROWS]
    return "\n".join(lines)
