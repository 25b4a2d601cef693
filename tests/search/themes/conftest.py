"""Fixtures for the themes tests: the small theme documents (fake embedder), and
the demo corpus with a planted heat cluster (real model, slow, built once)."""
from __future__ import annotations

from pathlib import Path

import pytest

import ingest
import search.themes as themes
from store import Settings, open_store
from theme_docs import DOCS, HEAT, NORTH, SOUTH, write

DEMO = Path(__file__).resolve().parents[3] / "demo" / "corpus"


def tag_by_front_matter(store) -> None:
    """Every passage gets its document's own themes: tracing and discovery tested
    apart from the tagger's judgement."""
    pending = store.untagged_chunks("front-matter")
    store.save_tags("front-matter", {pk: {theme: 1.0 for theme in own} for pk, _, _, _, own in pending})


@pytest.fixture
def theme_store(store, fake_embedder, tmp_path):
    store.add_community(NORTH, "closed")
    store.add_community(SOUTH, "closed")
    report = ingest.ingest_paths(store, fake_embedder, [write(tmp_path / "docs", {**DOCS, **HEAT})])
    assert not report.failed
    return store


@pytest.fixture(scope="session")
def demo_themes(embedder, tmp_path_factory):
    """The demo corpus plus three planted heat reports, tagged by the real tagger."""
    data = tmp_path_factory.mktemp("themes-demo")
    store = open_store(Settings(data_dir=data, model=embedder.name))
    report = ingest.ingest_paths(store, embedder, [DEMO, write(data / "planted", HEAT)])
    assert not report.failed
    themes.tagged(store, embedder, None, data / "cache")
    yield store
    store.close()
