"""The same ingest and search against a Chroma server (`chroma run`, shipped with chromadb).

Slow: it starts a server process (5-8 s on a busy 2-core machine before it answers)."""
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

import ingest
import search
from dutch_docs import write_docs
from fakes import FakeEmbedder
from store import Settings, open_store

pytestmark = pytest.mark.slow
STARTS = 3   # tries with a fresh port: another process may take the free port before the server binds it


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def chroma_url(tmp_path):
    binary = shutil.which("chroma") or str(Path(sys.executable).with_name("chroma"))
    for _ in range(STARTS):
        url = f"http://127.0.0.1:{_free_port()}"
        process = subprocess.Popen([binary, "run", "--path", str(tmp_path / "chroma-server"),
                                    "--host", "127.0.0.1", "--port", url.rsplit(":", 1)[1]],
                                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        try:
            if _wait_until_up(url, process):
                yield url
                return
        finally:
            process.terminate()
            process.wait(timeout=120)
    pytest.fail(f"chroma run exited early {STARTS} times")


def _wait_until_up(url: str, process: subprocess.Popen, seconds: float = 300) -> bool:
    """Until the server answers (True) or exits (False: its port was taken); this long
    only when it never will (a busy machine takes seconds)."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            return False
        try:
            urllib.request.urlopen(f"{url}/api/v2/heartbeat", timeout=1)
            return True
        except OSError:
            time.sleep(0.2)
    pytest.fail("the Chroma server did not start in time")


def test_ingest_search_delete_on_a_chroma_server(chroma_url, tmp_path):
    settings = Settings(data_dir=tmp_path / "data", model=FakeEmbedder.name, chroma_url=chroma_url)
    store, embedder = open_store(settings), FakeEmbedder()
    ingest.ingest_paths(store, embedder, [write_docs(tmp_path / "docs")])
    assert not (settings.chroma_dir).exists(), "no embedded store when a server is used"
    hits = search.search(store, embedder, "huurachterstand en brieven van de woningcorporatie", mode="dense").hits
    assert hits[0].doc_id == "wt-zuid/2023-2024/casus-schulden.md"
    assert store.catalogue.stats()["vectors"] == store.catalogue.stats()["chunks"]
    ingest.delete_document(store, "wt-zuid/2023-2024/casus-schulden.md")
    assert store.catalogue.stats()["vectors"] == store.catalogue.stats()["chunks"]
