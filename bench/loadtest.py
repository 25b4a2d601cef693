"""Load test: concurrent searches against the real server while another process
ingests, with a backup taken in the middle; then the backup is restored and checked.

    python -m bench.loadtest [--users 20] [--docs 200] [--models-from data/models] [--chroma-server]
                             [--corpus demo/corpus]
    (make loadtest; make loadtest-server for the same against a Chroma server)

Everything runs on 127.0.0.1 in a temp folder: the demo corpus (or `--corpus`) is ingested first,
`praktijkgeheugen serve` starts on a free port, `--users` clients search the JSON
API in a loop (queries from demo/eval), `praktijkgeheugen ingest` adds `--docs`
documents recombined from demo sentences (bench.corpus), and `praktijkgeheugen
backup` runs when half of them are in. Reported: requests, errors (must be 0),
p50/p95/max latency, ingest time, and whether the restored backup holds the same
documents (ids, versions, chunks) and gives the same dense answers as the live
server over those documents. With `--chroma-server` the live data dir keeps its
vectors in a `chroma run` server started for the run (the restore goes to an
embedded store: a backup restored beside its original on one Chroma server
would share the original's collection name). (Lexical and hybrid scores depend on the whole
corpus, so only dense answers can be compared with a server that holds more.)
"""
from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import socket
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import httpx
import numpy as np

from bench.corpus import documents, load_pool
from settings import ENV_CHROMA_URL
from store import read_manifest

ROOT = Path(__file__).resolve().parents[1]
PG = str(Path(sys.executable).with_name("praktijkgeheugen"))
DB = "praktijkgeheugen.sqlite3"
CORPUS = ROOT / "demo" / "corpus"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.loadtest", description=__doc__.split("\n\n")[0])
    parser.add_argument("--users", type=int, default=20)
    parser.add_argument("--docs", type=int, default=200)
    parser.add_argument("--max-seconds", type=float, default=1200, help="stop the users after this long")
    parser.add_argument("--models-from", type=Path, default=ROOT / "data" / "models",
                        help="a models dir with the converted default model (make model)")
    parser.add_argument("--chroma-server", action="store_true",
                        help="keep the vectors in a Chroma server (`chroma run`) instead of embedded")
    parser.add_argument("--corpus", type=Path, default=CORPUS,
                        help="the documents in the data dir before the load starts (default: the demo corpus)")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="loadtest-") as tmp:
        figures = run(Path(tmp), args)
    print(json.dumps(figures, indent=2))
    return 0 if passed(figures) else 1


def passed(figures: dict) -> bool:
    """No failed search, a complete ingest and a backup that restores to the same answers."""
    return figures["errors"] == 0 and figures["ingest"].get("exit") == 0 and figures["backup"]["identical"]


def run(root: Path, args: argparse.Namespace) -> dict:
    """One load test in `root`; returns its figures (see the module docstring)."""
    env = dict(os.environ)
    env.pop(ENV_CHROMA_URL, None)
    chroma = _start_chroma(root, env) if getattr(args, "chroma_server", False) else None
    try:
        figures = _run(root, args, env)
    finally:
        if chroma is not None:
            chroma.terminate()
            chroma.wait(30)
    figures["chroma"] = "server" if chroma is not None else "embedded"
    return figures


def _run(root: Path, args: argparse.Namespace, env: dict) -> dict:
    data = _data_dir(root / "data", args.models_from)
    corpus = getattr(args, "corpus", None) or CORPUS
    _cli("ingest", str(corpus), "--create-communities", "--data-dir", str(data), env=env)
    base = _ready_count(data)
    batch = _write_docs(root / "batch.jsonl", args.docs)
    port = _free_port()
    server = subprocess.Popen([PG, "serve", "--data-dir", str(data), "--port", str(port)], env=env,
                              stdout=subprocess.DEVNULL, stderr=(root / "server.log").open("w"))
    try:
        url = f"http://127.0.0.1:{port}"
        _wait_until_up(url, server)
        load = Load(url, _queries(), args.users, args.max_seconds)
        writer = threading.Thread(target=_write_while_loaded,
                                  args=(load, data, batch, root, base + args.docs // 2, env))
        writer.start()
        asyncio.run(load.run())
        writer.join()
        live = {exact: _dense_answers(url, load.queries, _communities(data) if exact else [])
                for exact in (True, False)}
    finally:
        server.terminate()
        server.wait(30)
    figures = load.figures()
    figures["ingest"] = load.ingest
    figures["backup"] = _verify_backup(root, args.models_from, load.backup, data, live)
    figures["note"] = "2 shared CPU cores; other processes were running"
    return figures


class Load:
    """`users` clients searching until the writer is done (or `max_seconds`)."""

    def __init__(self, url: str, queries: list[str], users: int, max_seconds: float) -> None:
        self.url, self.queries, self.users, self.max_seconds = url, queries, users, max_seconds
        self.latencies: list[float] = []
        self.errors: list[str] = []
        self.done = threading.Event()
        self.ingest: dict = {}
        self.backup: dict = {}

    async def run(self) -> None:
        self.started = time.perf_counter()
        async with httpx.AsyncClient(base_url=self.url, timeout=60) as client:
            await asyncio.gather(*(self._user(client, random.Random(n)) for n in range(self.users)))
        self.seconds = time.perf_counter() - self.started

    async def _user(self, client: httpx.AsyncClient, rng: random.Random) -> None:
        while not self.done.is_set() and time.perf_counter() - self.started < self.max_seconds:
            params: dict[str, str | int] = {"q": rng.choice(self.queries), "k": 10,
                                            "mode": rng.choice(("hybrid", "hybrid", "dense", "lexical"))}
            sent = time.perf_counter()
            try:
                response = await client.get("/api/search", params=params)
                ok = response.status_code == 200 and "results" in response.json()
                problem = None if ok else f"HTTP {response.status_code}: {response.text[:200]}"
            except (httpx.HTTPError, ValueError) as exc:
                problem = f"{type(exc).__name__}: {exc}"
            self.latencies.append(time.perf_counter() - sent)
            if problem:
                self.errors.append(problem)

    def figures(self) -> dict:
        ms = np.array(self.latencies) * 1000
        return {"users": self.users, "requests": len(ms), "errors": len(self.errors),
                "first_errors": self.errors[:5], "seconds": round(self.seconds, 1),
                "requests_per_second": round(len(ms) / self.seconds, 1),
                "latency_ms": {"p50": round(float(np.percentile(ms, 50)), 1),
                               "p95": round(float(np.percentile(ms, 95)), 1), "max": round(float(ms.max()), 1)}}


def _write_while_loaded(load: Load, data: Path, batch: Path, root: Path, backup_at: int, env: dict) -> None:
    """Ingest the batch in another process; back up once `backup_at` documents are in."""
    try:
        started = time.perf_counter()
        ingest = subprocess.Popen([PG, "ingest", str(batch), "--create-communities", "--data-dir", str(data)],
                                  env=env,
                                  stdout=subprocess.DEVNULL, stderr=(root / "ingest.log").open("w"))
        while ingest.poll() is None and _ready_count(data) < backup_at:
            time.sleep(0.5)
        backup = root / "backup.tar.gz"
        taken = time.perf_counter()
        result = _cli("backup", str(backup), "--data-dir", str(data), env=env)
        load.backup = {"file": str(backup), "seconds": round(time.perf_counter() - taken, 1),
                       "during_ingest": ingest.poll() is None, "report": result.strip()}
        load.ingest = {"documents": int(batch.read_text().count("\n")), "exit": ingest.wait(),
                       "seconds": round(time.perf_counter() - started, 1)}
    finally:
        load.done.set()


def _verify_backup(root: Path, models_from: Path, backup: dict, live_data: Path, live: dict) -> dict:
    """Restore into a new data dir: same documents as the snapshot, and the same dense
    answers as the live server over those documents. Exactly the same with exact
    search (a filter on every community makes both sides search exhaustively); with
    HNSW, two graphs built from different insert orders may differ near ties, so
    that share is reported, not required."""
    restored = _data_dir(root / "restored", models_from)
    started = time.perf_counter()
    _cli("restore", backup["file"], "--data-dir", str(restored))
    seconds = time.perf_counter() - started
    documents, live_documents = _documents(restored), _documents(live_data)
    same_documents = len(documents) == read_manifest(Path(backup["file"]))["documents"] and all(
        live_documents.get(doc_id) == version for doc_id, version in documents.items())
    same = {}
    for exact, answers in live.items():
        mine = _dense_answers_of(restored, list(answers), _communities(live_data) if exact else [])
        same[exact] = sum(mine[q] == [d for d in answers[q] if d in documents][:10] for q in answers) / len(answers)
    return {**backup, "restore_seconds": round(seconds, 1), "documents": len(documents),
            "same_documents_as_live": same_documents, "same_exact_dense_answers": same[True] == 1.0,
            "share_same_hnsw_dense_answers": round(same[False], 3),
            "identical": same_documents and same[True] == 1.0 and len(documents) > 0}


def _communities(data: Path) -> list[str]:
    with sqlite3.connect(f"file:{data / DB}?mode=ro", uri=True, timeout=30) as conn:
        return [row[0] for row in conn.execute("SELECT name FROM communities ORDER BY name")]


def _dense_answers(url: str, queries: list[str], communities: list[str]) -> dict[str, list[str]]:
    """The live server's top 100 documents per query (to be cut to the backup's documents)."""
    with httpx.Client(base_url=url, timeout=60) as client:
        return {q: [r["doc_id"] for r in client.get("/api/search", params={
            "q": q, "k": 100, "mode": "dense", "community": communities}).json()["results"]] for q in queries}


def _dense_answers_of(data: Path, queries: list[str], communities: list[str]) -> dict[str, list[str]]:
    lines = "".join(json.dumps({"id": str(n), "text": q}) + "\n" for n, q in enumerate(queries))
    path = data.parent / "queries.jsonl"
    path.write_text(lines, encoding="utf-8")
    filters = [arg for name in communities for arg in ("--community", name)]
    out = _cli("search", "--queries", str(path), "--json", "-k", "10", "--mode", "dense", *filters,
               "--data-dir", str(data))
    by_id = {row["query_id"]: [r["doc_id"] for r in row["results"]] for row in map(json.loads, out.splitlines())}
    return {q: by_id[str(n)] for n, q in enumerate(queries)}


def _documents(data: Path) -> dict[str, tuple[str, int]]:
    """doc id -> (content hash, chunk count) of the ready documents."""
    with sqlite3.connect(data / DB) as conn:
        return {row[0]: (row[1], row[2]) for row in conn.execute(
            "SELECT d.doc_id, d.content_hash, COUNT(c.id) FROM documents d JOIN chunks c ON c.document_id = d.id"
            " WHERE d.state = 'ready' GROUP BY d.id")}


def _ready_count(data: Path) -> int:
    with sqlite3.connect(f"file:{data / DB}?mode=ro", uri=True, timeout=30) as conn:
        return conn.execute("SELECT COUNT(*) FROM documents WHERE state = 'ready'").fetchone()[0]


def _data_dir(path: Path, models_from: Path) -> Path:
    """A new data dir that uses the converted model of `models_from` (not its embedding cache)."""
    (path / "models").mkdir(parents=True)
    for model in models_from.iterdir():
        if model.is_dir() and model.name != "embeddings":
            (path / "models" / model.name).symlink_to(model.resolve())
    return path


def _write_docs(path: Path, count: int) -> Path:
    records = documents(load_pool(ROOT / "demo" / "corpus"), chunks=count * 8, seed=7)
    lines = [json.dumps(record, ensure_ascii=False) for _, record in zip(range(count), records)]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def _queries() -> list[str]:
    lines = (ROOT / "demo" / "eval" / "queries.jsonl").read_text(encoding="utf-8").splitlines()
    return [json.loads(line)["text"] for line in lines if line.strip()]


def _cli(*args: str, env: dict | None = None) -> str:
    """`praktijkgeheugen ARGS` (by default embedded, whatever the environment says)."""
    if env is None:
        env = {k: v for k, v in os.environ.items() if k != ENV_CHROMA_URL}
    result = subprocess.run([PG, *args], capture_output=True, text=True, env=env)
    if result.returncode not in (0, 1):
        raise RuntimeError(f"praktijkgeheugen {args[0]} failed: {result.stderr[-2000:]}")
    return result.stdout


def _wait_until_up(url: str, server: subprocess.Popen, seconds: float = 300) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise RuntimeError("the server stopped during start-up; see server.log")
        try:
            if httpx.get(f"{url}/api/search", params={"q": "opwarmen"}, timeout=10).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(1)
    raise RuntimeError(f"the server did not answer within {seconds:.0f} s")


def _start_chroma(root: Path, env: dict) -> subprocess.Popen:
    """`chroma run` on a free local port; `env` then sends the live data dir's processes to it."""
    port = _free_port()
    chroma = subprocess.Popen([str(Path(sys.executable).with_name("chroma")), "run", "--path", str(root / "chroma-server"),
                               "--host", "127.0.0.1", "--port", str(port)],
                              stdout=subprocess.DEVNULL, stderr=(root / "chroma.log").open("w"))
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if chroma.poll() is not None:
            raise RuntimeError("chroma run stopped during start-up; see chroma.log")
        try:
            if httpx.get(f"{url}/api/v2/heartbeat", timeout=2).status_code == 200:
                env[ENV_CHROMA_URL] = url
                return chroma
        except httpx.HTTPError:
            pass
        time.sleep(0.5)
    chroma.terminate()
    raise RuntimeError("the Chroma server did not answer within 60 s")


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


if __name__ == "__main__":
    sys.exit(main())
