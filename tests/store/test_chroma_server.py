"""The same ingest and search against a Chroma server (`chroma run`, shipped with chromadb).

Slow: it starts a server process (5-8 s on a busy 2-core machine before it answers)."""
import pytest

import ingest
import search
from dutch_docs import write_docs
from fakes import FakeEmbedder
from servers import chroma_server
from store import Settings, open_store

pytestmark = pytest.mark.slow


@pytest.fixture
def chroma_url(tmp_path):
    with chroma_server(tmp_path / "chroma-server") as url:
        yield url


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
