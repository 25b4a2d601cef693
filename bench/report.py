"""The bench figures as Markdown tables: sizes side by side."""
from __future__ import annotations

import search


def format_bench(result: dict) -> str:
    sizes = result["sizes"]
    probe = result["embedding_probe"]
    lines = [f"model {result['model']}, database {result.get('database', 'sqlite')},"
             f" vector index {result['vector_index']}, {result['queries']} queries;"
             f" live embedding probe: {probe['chunks_per_s']} chunks/s ({probe['chunks']} uncached chunks)", ""]
    if result.get("passage_vectors") == "stand-in":
        lines[-1:-1] = ["PASSAGE VECTORS ARE STAND-INS (--stand-in-vectors): no passage was embedded by the"
                        " model; queries were. Search timings are the real code's, rankings are approximate;"
                        " the embedding rows count stand-ins."]
    made = "stand-ins made" if result.get("passage_vectors") == "stand-in" else "embedding"
    lines += _table("ingest", sizes, [
        ("chunks", lambda s: s["ingest"]["chunks"]),
        ("ingest chunks/s (all)", lambda s: s["ingest"]["chunks_per_s"]),
        (f"{'stand-ins made' if made != 'embedding' else 'embedded'} now / from cache",
         lambda s: f"{s['ingest']['embedded']} / {s['ingest']['from_cache']}"),
        (f"{made} chunks/s (uncached)", lambda s: s["ingest"]["embed_chunks_per_s"] or "all cached"),
        ("rest of ingest chunks/s", lambda s: s["ingest"]["rest_chunks_per_s"]),
        ("server warm-up s (lexical copy, vectors into memory)", lambda s: s.get("warm_up_s", "-")),
        ("RSS after queries MB (peak)", lambda s: f"{s['rss_mb']} ({s['peak_rss_mb']})"),
        ("disk MB per 1k chunks: SQLite / Chroma",
         lambda s: f"{s['disk']['sqlite_mb_per_1k']} / {s['disk']['chroma_mb_per_1k'] or 'server'}"),
    ])
    rows = [(f"{mode}{label} p50 / p95 ms", _latency(mode + label))
            for mode in search.MODES for label in ("", " 1/10", " member")]
    rows += [("embed query p50 / p95 ms", _latency("embed query")),
             ("first filtered query per community ms", lambda s: s["queries"]["first_filtered_query_ms"])]
    lines += [""] + _table("search, end to end (embedding included)", sizes, rows)
    for n in range(max(len(s.get("queries_again", [])) for s in sizes.values())):
        again = [(name, _again(n, mode + label)) for name, (mode, label) in
                 ((f"{mode}{label} p50 / p95 ms", (mode, label)) for mode in search.MODES
                  for label in ("", " 1/10", " member"))]
        lines += [""] + _table(f"search again, round {n + 2}", sizes, again)
    lines += [""] + _table("retrievers vs baselines (p50 ms ours / baseline, ratio; top-10 agreement)", sizes, [
        ("dense vs exact numpy", _versus("dense")),
        ("dense 1/10 vs exact numpy", _versus("dense 1/10")),
        ("lexical (in-memory BM25) vs bm25s", _versus("lexical")),
    ])
    return "\n".join(lines)


def _table(title: str, sizes: dict[str, dict], rows) -> list[str]:
    """One row per figure, one column per corpus size."""
    out = [f"| {title} | " + " | ".join(f"{int(s):,} chunks" for s in sizes) + " |",
           "|---|" + "---|" * len(sizes)]
    return out + [f"| {name} | " + " | ".join(str(value(figures)) for figures in sizes.values()) + " |"
                  for name, value in rows]


def _latency(key: str):
    return lambda s: f"{s['queries'][key]['p50_ms']} / {s['queries'][key]['p95_ms']}"


def _again(n: int, key: str):
    def cell(s: dict) -> str:
        rounds = s.get("queries_again", [])
        return f"{rounds[n][key]['p50_ms']} / {rounds[n][key]['p95_ms']}" if n < len(rounds) else "-"
    return cell


def _versus(key: str):
    def cell(s: dict) -> str:
        r = s["retrievers"][key]
        return f"{r['ours']['p50_ms']} / {r['baseline']['p50_ms']} ({r['p50_ratio']}x); {r['recall@10']}"
    return cell
