"""Fixtures of the search tests: a store holding the Dutch test documents."""
import pytest

import ingest
from dutch_docs import write_docs


@pytest.fixture
def filled(store, fake_embedder, tmp_path):
    ingest.ingest_paths(store, fake_embedder, [write_docs(tmp_path / "docs")])
    return store
