"""Erasure reaches the embedding cache: a deleted or replaced text's vectors are gone
from the cache file's bytes, while texts still stored stay cached."""
from __future__ import annotations

from pathlib import Path

import pytest

import ingest
from fakes import cached_fake_embedder
from models import embedding_cache_dir
from store import Settings, open_store
from text import embedding_text

NAME = "fake-cached-model"
REPEATED = "Meneer werkt er elke ochtend een uur en vertelt dan over vroeger aan wie wil luisteren. "
DOC = f"""---
title: "Casus: de tuin van meneer V."
community: "PG Noord"
---
## Situatie
Een uniek zinnetje over de zonnebloemen van de moestuin aan de Kapelstraat.
{REPEATED * 6}

## Afspraken
We bellen elke dinsdag en brengen samen de compostbak naar het containerpark.
"""


def _setup(tmp_path: Path):
    settings = Settings(data_dir=tmp_path / "data", model=NAME)
    folder = tmp_path / "docs"
    folder.mkdir()
    (folder / "tuin.md").write_text(DOC, encoding="utf-8")
    return open_store(settings), cached_fake_embedder(NAME, embedding_cache_dir(settings.models_dir)), folder


def _cache_bytes(store) -> bytes:
    folder = embedding_cache_dir(store.settings.models_dir)
    return b"".join(p.read_bytes() for p in folder.iterdir() if p.is_file())


def _cached_vectors(store, embedder) -> list[bytes]:
    document = store.catalogue.get_document("tuin.md")
    texts = [embedding_text(document.meta.title, c.heading, c.text)
             for c in store.catalogue.chunks_of(document.pk)]
    return [embedder.embed_passages([t])[0].tobytes() for t in texts]


def test_deleting_a_document_erases_its_cached_vectors(tmp_path):
    store, embedder, folder = _setup(tmp_path)
    ingest.ingest_paths(store, embedder, [folder])
    vectors = _cached_vectors(store, embedder)
    assert all(v in _cache_bytes(store) for v in vectors)
    assert ingest.delete_document(store, "tuin.md")
    raw = _cache_bytes(store)
    assert not any(v in raw for v in vectors)
    assert embedder.cache.get_many(["passage: anything"]) == [None]
    store.close()


def test_replacing_a_document_forgets_only_the_texts_it_no_longer_has(tmp_path):
    store, embedder, folder = _setup(tmp_path)
    ingest.ingest_paths(store, embedder, [folder])
    old_situation, kept = _cached_vectors(store, embedder)
    (folder / "tuin.md").write_text(DOC.replace("zonnebloemen", "tomaten"), encoding="utf-8")
    report = ingest.ingest_paths(store, embedder, [folder])
    assert report.outcomes[0].status == ingest.REPLACED
    raw = _cache_bytes(store)
    assert old_situation not in raw and kept in raw
    store.close()


class Killed(BaseException):
    """The process dies here (a SIGKILL, simulated: nothing after it runs)."""


@pytest.mark.parametrize("recovery", ["delete again", "check --repair"])
def test_a_delete_killed_before_the_cache_is_cleared_clears_it_on_recovery(tmp_path, monkeypatch, recovery):
    """The cache was cleared after the rows went, from texts read before: a delete killed
    in between left the vectors of a deleted text in the cache for good (its entries are
    keyed by a hash of the text, which nothing held any more). Now they go while the
    version's row, marked 'deleting', still holds its text (store.Catalogue.purge)."""
    import models

    store, embedder, folder = _setup(tmp_path)
    ingest.ingest_paths(store, embedder, [folder])
    vectors = _cached_vectors(store, embedder)
    forget_passages = models.forget_passages

    def killed(*args, **kwargs):
        monkeypatch.setattr(models, "forget_passages", forget_passages)
        raise Killed

    monkeypatch.setattr(models, "forget_passages", killed)
    with pytest.raises(Killed):
        ingest.delete_document(store, "tuin.md")
    assert store.catalogue.get_document("tuin.md") is None

    if recovery == "delete again":
        ingest.delete_document(store, "tuin.md")
    else:   # what the web app does before serving (web.app._reconcile)
        ingest.repair(store, lambda: embedder)
    raw = _cache_bytes(store)
    assert not any(v in raw for v in vectors)
    assert store.maintenance.check().ok
    store.close()
