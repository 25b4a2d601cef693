"""`praktijkgeheugen eval`: retrieval quality on a BEIR-layout dataset.

The corpus is ingested into a temporary data dir with the real pipeline, then
every query runs through the public search facade in each mode, so the figures
describe what users get (embedding time included in the latency).
"""
from __future__ import annotations

import csv
import json
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

import ingest
import search
from bench.metrics import mrr_at, ndcg_at, percentile, recall_at
from store import Settings, open_store


@dataclass
class Dataset:
    corpus: Path                      # corpus.jsonl or a folder of documents
    queries: list[dict]               # {"id", "text", optional "category"}
    qrels: dict[str, dict[str, int]]  # query id -> doc id -> grade


@dataclass
class EvalReport:
    documents: int
    chunks: int
    ingest_seconds: float
    modes: dict[str, dict] = field(default_factory=dict)

    def as_dict(self) -> dict:
        return {"documents": self.documents, "chunks": self.chunks,
                "ingest_seconds": round(self.ingest_seconds, 1), "modes": self.modes}


def load_dataset(directory: Path, corpus: Path | None = None) -> Dataset:
    queries = [json.loads(line) for line in (directory / "queries.jsonl").read_text(encoding="utf-8").splitlines()
               if line.strip()]
    for query in queries:
        query["id"] = str(query.get("id", query.get("_id")))
    qrels_path = next((p for p in (directory / "qrels" / "test.tsv", directory / "qrels.tsv") if p.exists()), None)
    if qrels_path is None:
        raise FileNotFoundError(f"no qrels.tsv or qrels/test.tsv in {directory}")
    qrels: dict[str, dict[str, int]] = {}
    with qrels_path.open(encoding="utf-8") as handle:
        for row in csv.reader(handle, delimiter="\t"):
            if len(row) >= 3 and row[2].strip().lstrip("-").isdigit():
                qrels.setdefault(row[0], {})[row[1]] = int(row[2])
    judged = [q for q in queries if q["id"] in qrels]
    return Dataset(corpus or directory / "corpus.jsonl", judged, qrels)


def evaluate(dataset: Dataset, embedder, modes: tuple[str, ...] = search.MODES, k: int = 100) -> EvalReport:
    with tempfile.TemporaryDirectory(prefix="pg-eval-") as tmp:
        store = open_store(Settings(data_dir=Path(tmp), model=embedder.name))
        started = time.perf_counter()
        ingest.ingest_paths(store, embedder, [dataset.corpus])
        stats = store.stats()
        report = EvalReport(stats["documents"], stats["chunks"], time.perf_counter() - started)
        for mode in modes:
            report.modes[mode] = _run_mode(store, embedder, dataset, mode, k)
        store.close()
    return report


def _run_mode(store, embedder, dataset: Dataset, mode: str, k: int) -> dict:
    rows, latencies = [], []
    for query in dataset.queries:
        started = time.perf_counter()
        result = search.search(store, embedder, query["text"], k, mode=mode, snippets=False)
        latencies.append((time.perf_counter() - started) * 1000)
        ranked, qrels = [h.doc_id for h in result.hits], dataset.qrels[query["id"]]
        rows.append({"category": query.get("category"), "ndcg@10": ndcg_at(ranked, qrels),
                     "recall@10": recall_at(ranked, qrels, 10), "recall@100": recall_at(ranked, qrels, 100),
                     "mrr@10": mrr_at(ranked, qrels)})
    summary = _mean(rows)
    summary.update(p50_ms=round(percentile(latencies, 50), 1), p95_ms=round(percentile(latencies, 95), 1))
    categories = sorted({r["category"] for r in rows if r["category"]})
    if categories:
        summary["by_category"] = {c: _mean([r for r in rows if r["category"] == c]) for c in categories}
    return summary


def _mean(rows: list[dict]) -> dict:
    keys = ("ndcg@10", "recall@10", "recall@100", "mrr@10")
    result = {key: round(sum(r[key] for r in rows) / len(rows), 4) if rows else 0.0 for key in keys}
    result["queries"] = len(rows)
    return result


def format_table(report: EvalReport) -> str:
    """A Markdown table, modes side by side, then per-category nDCG@10."""
    modes = list(report.modes)
    lines = ["| metric | " + " | ".join(modes) + " |", "|---|" + "---|" * len(modes)]
    for key in ("ndcg@10", "recall@10", "recall@100", "mrr@10", "p50_ms", "p95_ms"):
        lines.append(f"| {key} | " + " | ".join(f"{report.modes[m][key]}" for m in modes) + " |")
    categories = sorted({c for m in modes for c in report.modes[m].get("by_category", {})})
    for category in categories:
        values = [report.modes[m]["by_category"].get(category, {}).get("ndcg@10", "") for m in modes]
        lines.append(f"| ndcg@10 {category} | " + " | ".join(str(v) for v in values) + " |")
    return "\n".join(lines)
