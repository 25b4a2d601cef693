"""`praktijkgeheugen bench`: ingest and query speed at 1k/10k/100k generated chunks."""
from __future__ import annotations

import argparse
import json
import time
from pathlib import Path

from cli._common import add_data_options
from settings import Settings

DEMO = Path(__file__).resolve().parents[1] / "demo"


def register(commands) -> None:
    p = commands.add_parser("bench", help="measure ingest and search speed on generated corpora")
    p.add_argument("--sizes", default="1000,10000", help="comma-separated chunk counts (default 1000,10000)")
    p.add_argument("--bench-dir", type=Path, help="corpora, embedding cache and results"
                   " (default: DATA_DIR/bench)")
    p.add_argument("--demo", type=Path, default=DEMO, help="folder with corpus/ and eval/queries.jsonl")
    p.add_argument("--json", action="store_true", help="print JSON instead of tables")
    p.add_argument("--embed-only", action="store_true",
                   help="only fill the embedding cache for these sizes (the slow part at 100k), then stop")
    p.add_argument("--backends", action="store_true",
                   help="only compare the bundled model's embedding backends (speed, fidelity)")
    p.add_argument("--stand-in-vectors", action="store_true",
                   help="do not embed passages: give each a deterministic stand-in vector (bench/standin.py),"
                        " cached apart from real embeddings; queries are still embedded by the model."
                        " Times the search code at 100k without hours of embedding; rankings are approximate")
    p.add_argument("--search-rounds", type=int, default=1,
                   help="run the end-to-end queries this many times per size (default 1; later rounds in the JSON"
                        " and as extra rows)")
    p.add_argument("--keep-run", action="store_true",
                   help="keep each size's data dir (BENCH_DIR/run-N) after measuring it, e.g. to profile a query")
    p.add_argument("--measure-run", type=Path, metavar="RUN_DIR",
                   help="build nothing: time the queries again on a data dir an earlier --keep-run left"
                        " (BENCH_DIR/run-N), as it is, with the bench's warm-up and end-to-end rows, wall and"
                        " process CPU per query, and the load average at start and end (the model from"
                        " DATA_DIR/models; --search-rounds and --json apply)")
    add_data_options(p)
    p.set_defaults(handler=cmd_bench)


def cmd_bench(args: argparse.Namespace) -> int:
    import models
    from bench.report import format_bench
    from bench.speed import load_queries, run_bench

    settings = args.settings
    if args.measure_run:
        return _measure_run(settings, args)
    if args.backends:
        return _backends(settings, args)
    bench_dir = (args.bench_dir or settings.data_dir / "bench").resolve()
    embedder = models.get_embedder(settings.model, settings.models_dir, bench_dir / "embeddings")
    sizes = [int(s) for s in args.sizes.split(",") if s.strip()]
    if args.embed_only:
        if args.stand_in_vectors:
            raise SystemExit("--embed-only fills the real embedding cache; it does not go with --stand-in-vectors")
        return _embed_only(sizes, embedder, bench_dir, args)
    if args.stand_in_vectors:
        from bench.corpus import load_pool
        from bench.standin import stand_in_embedder

        embedder = stand_in_embedder(embedder, load_pool(args.demo / "corpus"), bench_dir,
                                     [bench_dir / "embeddings", models.embedding_cache_dir(settings.models_dir)])
    result = run_bench(sizes, embedder, bench_dir, args.demo / "corpus",
                       load_queries(args.demo / "eval" / "queries.jsonl"), settings.chroma_url,
                       settings.database_url, rounds=args.search_rounds, keep=args.keep_run)
    out = bench_dir / f"bench-{time.strftime('%Y%m%d-%H%M%S')}.json"
    out.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    print(json.dumps(result, indent=2) if args.json else format_bench(result))
    cached = embedder.cache.path.parent if embedder.cache is not None else bench_dir / "embeddings"
    print(f"\n(JSON written to {out}; passage vectors cached in {cached})")
    return 0


def _measure_run(settings: Settings, args: argparse.Namespace) -> int:
    import models
    from bench.kept_run import check_run, format_measured_run, measure_run
    from bench.speed import load_queries

    if args.embed_only or args.backends or args.stand_in_vectors or args.chroma_url or args.database_url:
        raise SystemExit("--measure-run times a kept run as it was built: it does not go with --embed-only,"
                         " --backends, --stand-in-vectors, --chroma-url or --database-url")
    run_dir = args.measure_run.resolve()
    try:
        model = check_run(run_dir)
    except ValueError as problem:   # not a kept bench run: said, not a traceback
        raise OSError(str(problem)) from None
    if args.model and args.model != model:
        raise OSError(f"{run_dir} was built with the model {model}, not {args.model}: leave out --model")
    embedder = models.get_embedder(model, settings.models_dir)
    result = measure_run(run_dir, embedder, load_queries(args.demo / "eval" / "queries.jsonl"), args.search_rounds)
    print(json.dumps(result, indent=2) if args.json else format_measured_run(result))
    return 0


def _embed_only(sizes: list[int], embedder, bench_dir: Path, args: argparse.Namespace) -> int:
    from bench.corpus import load_pool
    from bench.warm import embed_corpus, ensure_corpus

    pool = load_pool(args.demo / "corpus")
    for size in sizes:
        figures = embed_corpus(ensure_corpus(pool, size, bench_dir), embedder, bench_dir / "warm-store")
        print(f"{size} chunks: {figures['embedded']} embedded now, {figures['chunks'] - figures['embedded']}"
              f" already cached; {figures['seconds']} s ({figures['embedded_per_s']} embedded/s)")
    print(f"(embeddings cached in {bench_dir / 'embeddings'})")
    return 0


def _backends(settings: Settings, args: argparse.Namespace) -> int:
    import models
    from bench.backends import compare_backends, format_backends
    from bench.corpus import load_pool

    rows = compare_backends(list(models.BUNDLED_MODELS), settings.models_dir, load_pool(args.demo / "corpus"))
    print(json.dumps(rows, indent=2) if args.json else format_backends(rows))
    return 0
