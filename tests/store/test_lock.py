"""One writer per data dir: a second writing process waits, says for whom, and
never writes at the same time; readers keep answering meanwhile."""
import json
import threading
import time
from pathlib import Path

import pytest

import ingest
import search
from dutch_docs import write_docs
from fakes import FakeEmbedder
from store import Settings, open_store

pytestmark = pytest.mark.slow  # two writer processes (forked by the session's zygote)

PATIENCE = 600  # s; only reached when something hangs (a busy machine takes seconds, not minutes)


def _start(zygote, data_dir, path, times, stderr, hold=False):
    """A writer process, forked by the session's zygote (tests/store/conftest.py)."""
    return zygote.start([data_dir, path, "--times", times, *(["--hold"] if hold else [])], stderr, stdin=True)


def _doc(tmp_path, name: str) -> Path:
    path = tmp_path / name / f"{name}.md"
    path.parent.mkdir()
    path.write_text(f"---\ntitle: Verslag {name}\n---\nOver respijtzorg voor mantelzorgers ({name}).\n")
    return path


def _wait_for(process, line: str, log: Path) -> None:
    for got in process.stdout:
        if got.strip() == line:
            return
    raise AssertionError(f"worker ended before '{line}': {log.read_text()[-2000:]}")


def _wait_in_log(log: Path, text: str, process) -> None:
    """Until `text` is in the log, however long a busy machine takes to get there."""
    deadline = time.monotonic() + PATIENCE
    while text not in log.read_text() and process.poll() is None and time.monotonic() < deadline:
        time.sleep(0.1)
    assert text in log.read_text(), log.read_text()[-2000:]


def _search_meanwhile(data_dir) -> list:
    """Search from another thread; a reader that waited for the writer would never return."""
    found: list = []

    def run():
        reader = open_store(Settings(data_dir=data_dir, model=FakeEmbedder.name))
        found.extend(search.search(reader, FakeEmbedder(), "weduwnaar kaartnamiddag", k=3).hits)
        reader.close()
    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    thread.join(PATIENCE)
    assert not thread.is_alive(), "the reader waited for the writer"
    return found


def test_a_second_writer_waits_and_readers_keep_working(tmp_path, zygote):
    """The first writer holds the lock until the test lets it go, so the second one
    really finds it taken, however slowly either process starts."""
    data_dir, times = tmp_path / "data", tmp_path / "times.txt"
    first_log, second_log = tmp_path / "first.log", tmp_path / "second.log"
    store = open_store(Settings(data_dir=data_dir, model=FakeEmbedder.name))
    ingest.ingest_paths(store, FakeEmbedder(), [write_docs(tmp_path / "docs")])
    store.close()
    with first_log.open("w") as first_err, second_log.open("w") as second_err:
        first = _start(zygote, data_dir, _doc(tmp_path, "a"), times, first_err, hold=True)
        _wait_for(first, "holding", first_log)
        second = _start(zygote, data_dir, _doc(tmp_path, "b"), times, second_err)
        _wait_in_log(second_log, f"waiting for another writer (pid {first.pid}", second)

        hits = _search_meanwhile(data_dir)
        assert first.poll() is None and second.poll() is None  # the lock is still the first one's
        first_out, _ = first.communicate("\n", timeout=PATIENCE)
        second_out, _ = second.communicate(timeout=PATIENCE)

    assert first.returncode == second.returncode == 0, second_log.read_text()[-2000:]
    (enter_a, leave_a), (enter_b, leave_b) = sorted(tuple(map(float, line.split()))
                                                    for line in times.read_text().splitlines())
    assert leave_a <= enter_b  # the sessions never overlapped (one monotonic clock for both)
    assert json.loads(first_out.splitlines()[-1])["ingested"] == 1
    assert json.loads(second_out.splitlines()[-1])["ingested"] == 1
    assert hits[0].doc_id == "pg-noord/2022-2023/casus-weduwnaar.md"
    reader = open_store(Settings(data_dir=data_dir, model=FakeEmbedder.name))
    assert len(reader.catalogue.list_documents()) == 5 and reader.maintenance.check().ok
    reader.close()
