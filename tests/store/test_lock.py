"""One writer per data dir: a second writing process waits, says for whom, and
never writes at the same time; readers keep answering meanwhile."""
import json
import subprocess
import sys
import time
from pathlib import Path

import pytest

import ingest
import search
from dutch_docs import write_docs
from fakes import FakeEmbedder
from store import Settings, open_store

pytestmark = pytest.mark.slow  # two writer processes start up (~10-20 s each on a busy machine)

WORKER = Path(__file__).with_name("ingest_worker.py")
HOLD = 4.0


def _start(data_dir, path, times, hold=0.0) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, str(WORKER), str(data_dir), str(path), "--times", str(times),
                             "--hold", str(hold)], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def _doc(tmp_path, name: str) -> Path:
    path = tmp_path / name / f"{name}.md"
    path.parent.mkdir()
    path.write_text(f"---\ntitle: Verslag {name}\n---\nOver respijtzorg voor mantelzorgers ({name}).\n")
    return path


def _wait_for(process: subprocess.Popen, line: str) -> None:
    for got in process.stdout:
        if got.strip() == line:
            return
    raise AssertionError(f"worker ended before '{line}': {process.stderr.read()}")


def test_a_second_writer_waits_and_readers_keep_working(tmp_path):
    data_dir, times = tmp_path / "data", tmp_path / "times.txt"
    store = open_store(Settings(data_dir=data_dir, model=FakeEmbedder.name))
    ingest.ingest_paths(store, FakeEmbedder(), [write_docs(tmp_path / "docs")])
    store.close()
    first = _start(data_dir, _doc(tmp_path, "a"), times, hold=HOLD)
    _wait_for(first, "writing")
    second = _start(data_dir, _doc(tmp_path, "b"), times)
    time.sleep(2.0)  # the second one is up and waiting by now

    reader = open_store(Settings(data_dir=data_dir, model=FakeEmbedder.name))
    started = time.perf_counter()
    hits = search.search(reader, FakeEmbedder(), "weduwnaar kaartnamiddag", k=3).hits
    assert time.perf_counter() - started < 4.0
    assert first.poll() is None  # the first writer still holds the lock
    first_out, _ = first.communicate(timeout=60)
    second_out, second_err = second.communicate(timeout=60)

    assert first.returncode == second.returncode == 0
    assert f"waiting for another writer (pid {first.pid}" in second_err
    (enter_a, leave_a), (enter_b, leave_b) = sorted(tuple(map(float, line.split()))
                                                    for line in times.read_text().splitlines())
    assert leave_a <= enter_b  # the sessions never overlapped
    assert json.loads(first_out.splitlines()[-1])["ingested"] == 1
    assert json.loads(second_out.splitlines()[-1])["ingested"] == 1
    assert hits[0].doc_id == "pg-noord/2022-2023/casus-weduwnaar.md"
    reader.close()
    reader = open_store(Settings(data_dir=data_dir, model=FakeEmbedder.name))
    assert len(reader.list_documents()) == 5 and reader.check().ok
    reader.close()
