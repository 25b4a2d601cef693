"""Crash safety: an ingest process is killed with SIGKILL, again and again; after
each kill the reconciler runs, and every document must be either fully there (this
version's chunks, each with its lexical row and its own vector) or absent, with no
orphan anywhere. The whole process group is killed, parse workers included, as in
a power cut; the worker (tests/store/ingest_worker.py) uses the fake embedder, so
the time goes to the store.

Two kinds of kill, and neither test asserts where a kill happened to fall:
- at exact points of the write protocol (the worker stops after the n-th stage,
  index, publish or purge and is killed there), in a first ingest and in a
  replacement: what each leaves behind, and what repair makes of it, is known;
- at seeded random moments of batches in which every document randomly keeps or
  changes its version (so kills also land in the erasure that ends a session with
  purges): the invariants are checked after each kill, and the figures of where
  the kills fell are printed (pytest -s), never asserted.
"""
import json
import os
import random
import shutil
import signal
import sqlite3
import subprocess
import time
from collections import Counter
from pathlib import Path

import numpy as np
import pytest

import ingest
import search
from bench.corpus import documents, load_pool
from fakes import FakeEmbedder
from store import Settings, Store, open_store
from text import embedding_text  # the text ingest embeds, to recompute the vectors

pytestmark = pytest.mark.slow

CORPUS = Path(__file__).resolve().parents[2] / "demo" / "corpus"
COMMUNITY = "PG Crashtest"
DOCS, ROUNDS, SEED = 12, 8, 20261201  # rounds: the exact-point test covers each protocol step


def _versions() -> dict[str, tuple[dict, dict]]:
    """Two versions of each document: as generated, and with one more paragraph."""
    records = list(documents(load_pool(CORPUS), chunks=DOCS * 8, seed=SEED))[:DOCS]
    assert len(records) == DOCS
    return {r["id"]: ({**r, "community": COMMUNITY},
                      {**r, "community": COMMUNITY, "text": r["text"] + "\nAanvulling na de sessie.\n"})
            for r in records}


def _write_batch(path: Path, versions, rng: random.Random) -> None:
    lines = [json.dumps(pair[rng.random() < 0.5], ensure_ascii=False) for pair in versions.values()]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def _open(data_dir: Path, url: str | None = None) -> Store:
    return open_store(Settings(data_dir=data_dir, model=FakeEmbedder.name, database_url=url))


def _fresh(data_dir: Path, url: str | None = None) -> None:
    """An empty data dir whose test community is not pseudonymised (names are not
    what this test is about, and it keeps the rounds short)."""
    shutil.rmtree(data_dir, ignore_errors=True)
    store = _open(data_dir, url)
    store.accounts.add_community(COMMUNITY)
    store.accounts.set_pseudonymise(COMMUNITY, False)
    store.close()


def _reference(tmp_path: Path, versions) -> dict[str, dict[str, int]]:
    """doc id -> {content hash: chunk count} of each version, from a clean ingest."""
    store, out = _open(tmp_path / "reference"), {}
    store.accounts.add_community(COMMUNITY)
    store.accounts.set_pseudonymise(COMMUNITY, False)
    for index in (0, 1):
        batch = tmp_path / f"version-{index}.jsonl"
        batch.write_text("".join(json.dumps(v[index], ensure_ascii=False) + "\n" for v in versions.values()))
        ingest.ingest_paths(store, FakeEmbedder(), [batch])
        for document in store.catalogue.list_documents():
            out.setdefault(document.doc_id, {})[document.content_hash] = len(store.catalogue.chunks_of(document.pk))
    store.close()
    return out


def _run(zygote, data_dir: Path, batch: Path, log: Path, kill_after: float | None, from_stage: bool = False,
         pause_after: str = "", url: str | None = None) -> tuple[bool, float, float]:
    """Run a worker; kill its process group `kill_after` s after it is ready (or,
    `from_stage`, after it staged its first document; or, `pause_after`, once it
    paused there). Returns whether it was killed, and the seconds from ready to its
    first stage and to its end."""
    with log.open("a") as err:
        process = zygote.start([data_dir, batch, *(["--pause-after", pause_after] if pause_after else []),
                                *(["--database-url", url] if url else [])], err)
    assert process.stdout.readline().strip() == "ready", log.read_text()[-2000:]
    if pause_after:
        paused = next((line for line in process.stdout if line.startswith("paused")), None)
        assert paused, log.read_text()[-2000:]  # it ended without reaching the point
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()
        return True, 0.0, 0.0
    ready, staged = time.perf_counter(), None
    if from_stage or kill_after is None:
        for line in process.stdout:
            if line.startswith("staged"):
                staged = time.perf_counter()
                break
    try:
        process.wait(timeout=kill_after)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()
        return True, 0.0, 0.0
    assert process.returncode == 0, log.read_text()[-2000:]
    end = time.perf_counter()
    return False, (staged or end) - ready, end - ready


def _leftovers(data_dir: Path, url: str | None = None) -> int:
    if url:
        store = _open(data_dir, url)
        try:
            return store.db.conn().execute("SELECT COUNT(*) FROM documents WHERE state != 'ready'").fetchone()[0]
        finally:
            store.close()
    with sqlite3.connect(data_dir / "praktijkgeheugen.sqlite3") as conn:
        return conn.execute("SELECT COUNT(*) FROM documents WHERE state != 'ready'").fetchone()[0]


def _verify(store: Store, reference, rng: random.Random) -> int:
    """All or nothing per document; returns the number of documents present."""
    assert store.maintenance.check().ok
    present = store.catalogue.list_documents()
    embedder = FakeEmbedder()
    for document in present:
        chunks = store.catalogue.chunks_of(document.pk)
        assert document.state == "ready" and len(chunks) == reference[document.doc_id][document.content_hash]
        found, vectors = store.vectors.stored([c.vector_id for c in chunks])
        expected = embedder.embed_passages([embedding_text(document.meta.title, c.heading, c.text)
                                            for c in chunks])
        assert len(found) == len(chunks) and np.allclose(vectors, expected, atol=1e-5)
    if present:
        probe = rng.choice(present)
        hits = search.search(store, embedder, store.catalogue.chunks_of(probe.pk)[0].text, k=3).hits
        assert probe.doc_id in {h.doc_id for h in hits}
    return len(present)


def _repaired(data_dir: Path, reference, rng: random.Random, url: str | None = None) -> tuple[int, int]:
    """Repair after a kill, then check every invariant: (half-done versions found
    before the repair, documents present after it)."""
    leftovers = _leftovers(data_dir, url)
    store = _open(data_dir, url)
    ingest.repair(store, FakeEmbedder)
    present = _verify(store, reference, rng)
    assert _leftovers(data_dir, url) == 0 and not ingest.repair(store, FakeEmbedder).orphan_vectors
    store.close()
    return leftovers, present


def _ingest_here(data_dir: Path, batch: Path, url: str | None = None) -> None:
    """An uninterrupted ingest of `batch` in this process: what the worker runs
    (`ingest.ingest_paths` with the fake embedder), without a process start-up
    (imports and spaCy, most of a worker's time) where no kill is meant to fall."""
    store = _open(data_dir, url)
    try:
        assert not ingest.ingest_paths(store, FakeEmbedder(), [batch]).failed
    finally:
        store.close()


def _write_version(path: Path, versions, index: int) -> None:
    path.write_text("".join(json.dumps(v[index], ensure_ascii=False) + "\n" for v in versions.values()),
                    encoding="utf-8")


@pytest.fixture(scope="module")
def versions():
    return _versions()


@pytest.fixture(scope="module")
def reference(versions, tmp_path_factory):
    return _reference(tmp_path_factory.mktemp("reference"), versions)


# (a first ingest or a replacement of every document, where the worker stops,
#  versions left half-done, documents present after repair)
POINTS = [("first", "stage:3", 1, 2), ("first", "index_vectors:1", 1, 0), ("first", "publish:4", 0, 4),
          ("replace", "stage:5", 1, DOCS), ("replace", "index_vectors:2", 1, DOCS),
          ("replace", "publish:2", 1, DOCS), ("replace", "purge:7", 0, DOCS)]


@pytest.mark.parametrize("backend", ["sqlite", "postgresql"])
@pytest.mark.parametrize("kind, point, half_done, present_after", POINTS)
def test_sigkill_at_each_step_of_the_write_protocol(tmp_path, versions, reference, kind, point, half_done,
                                                    present_after, backend, request, zygote):
    """A kill after staging or indexing a version leaves it pending and repair removes
    it: in a first ingest the document is absent, in a replacement its old version
    stays. A kill after publishing a replacement leaves the old version to purge.
    On PostgreSQL too: the killed writer's session ends, and with it its advisory lock
    and its open transaction."""
    url = request.getfixturevalue("postgres_url") if backend == "postgresql" else None
    rng = random.Random(SEED)
    data_dir, batch, log = tmp_path / "data", tmp_path / "batch.jsonl", tmp_path / "worker.log"
    _fresh(data_dir, url)
    if kind == "replace":   # the versions to replace, ingested whole (no kill is meant here)
        _write_version(batch, versions, 0)
        _ingest_here(data_dir, batch, url)
    _write_version(batch, versions, 1)
    assert _run(zygote, data_dir, batch, log, None, pause_after=point, url=url)[0]   # the killed writer: a process
    assert _repaired(data_dir, reference, rng, url) == (half_done, present_after)
    _ingest_here(data_dir, batch, url)   # the next ingest completes the batch
    store = _open(data_dir, url)
    assert _verify(store, reference, rng) == DOCS
    newest = {doc_id: list(hashes)[-1] for doc_id, hashes in reference.items()}
    assert {d.doc_id: d.content_hash for d in store.catalogue.list_documents()} == newest
    store.close()


def test_sigkill_at_random_moments_leaves_each_document_whole_or_absent(tmp_path, versions, reference, zygote):
    rng = random.Random(SEED)
    data_dir, batch, log = tmp_path / "data", tmp_path / "batch.jsonl", tmp_path / "worker.log"
    _fresh(data_dir)
    _write_batch(batch, versions, rng)
    _, parsing, full = _run(zygote, data_dir, batch, log, None)  # the time of a whole batch after start-up

    figures = Counter()
    for round_ in range(1, ROUNDS + 1):
        if round_ % 4 == 0:  # now and then a first ingest, where a kill leaves documents absent
            _fresh(data_dir)
        _write_batch(batch, versions, rng)
        # One kill in four at any moment; the others once writing has begun, since
        # the batch is parsed first and most of a round would pass before that.
        from_stage = rng.random() < 0.75
        killed, _, _ = _run(zygote, data_dir, batch, log, rng.uniform(0.0, full - parsing if from_stage else full),
                            from_stage)
        figures["kills" if killed else "finished before the kill"] += 1
        leftovers, present = _repaired(data_dir, reference, rng)   # the invariants, after every kill
        figures["versions left half-done"] += leftovers
        figures["kills mid-document"] += bool(leftovers)
        figures["documents absent after repair"] += DOCS - present

    _ingest_here(data_dir, batch)   # the next ingest completes the batch
    store = _open(data_dir)
    assert _verify(store, reference, rng) == DOCS
    store.close()
    print(f"\ncrash test: {ROUNDS} rounds, batch of {DOCS} documents (uninterrupted: {full:.1f} s after"
          f" start-up, of which {parsing:.1f} s before the first write), {dict(figures)}")
