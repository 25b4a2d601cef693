"""The passage embedding cache: re-ingesting unchanged text never runs the model again."""
from __future__ import annotations

import hashlib
import sqlite3

import numpy as np
import pytest

from models import Embedder
from models._cache import EmbeddingCache, cache_path

DIM = 8


class CountingEncoder:
    """Deterministic vectors from a text hash; counts the texts it had to encode."""

    dim = DIM

    def __init__(self) -> None:
        self.encoded: list[str] = []

    def encode(self, texts: list[str], batch_size: int) -> np.ndarray:
        self.encoded += texts
        seeds = [int(hashlib.md5(t.encode()).hexdigest()[:8], 16) for t in texts]
        vectors = np.array([np.random.default_rng(s).normal(size=DIM) for s in seeds], np.float32)
        return vectors / np.linalg.norm(vectors, axis=1, keepdims=True)


def _embedder(tmp_path, name: str = "multilingual-e5-small@onnx-int8") -> tuple[Embedder, CountingEncoder]:
    encoder = CountingEncoder()
    return Embedder(name, encoder, EmbeddingCache(cache_path(tmp_path, name), DIM)), encoder


def test_known_texts_come_from_the_cache_in_input_order(tmp_path):
    embedder, encoder = _embedder(tmp_path)
    first = embedder.embed_passages(["a", "b"])
    mixed = embedder.embed_passages(["c", "b", "a", "d"])
    assert encoder.encoded == ["passage: a", "passage: b", "passage: c", "passage: d"]
    np.testing.assert_array_equal(mixed[1], first[1])
    np.testing.assert_array_equal(mixed[2], first[0])
    assert (embedder.cache.hits, embedder.cache.misses) == (2, 4)


def test_the_cache_survives_the_process(tmp_path):
    first, _ = _embedder(tmp_path)
    vectors = first.embed_passages(["woonzorgcentrum", "buurtrestaurant"])
    again, encoder = _embedder(tmp_path)  # a new process opening the same file
    np.testing.assert_array_equal(again.embed_passages(["woonzorgcentrum", "buurtrestaurant"]), vectors)
    assert encoder.encoded == []


def test_each_model_name_has_its_own_file(tmp_path):
    int8, _ = _embedder(tmp_path)
    fp32, encoder = _embedder(tmp_path, "multilingual-e5-small")
    int8.embed_passages(["eenzaamheid"])
    fp32.embed_passages(["eenzaamheid"])
    assert encoder.encoded == ["passage: eenzaamheid"]
    assert int8.cache.path != fp32.cache.path
    assert cache_path(tmp_path, "org/model name").name == "org_model_name.sqlite3"


def test_queries_are_never_cached(tmp_path):
    embedder, encoder = _embedder(tmp_path)
    embedder.embed_queries(["mantelzorg"])
    embedder.embed_queries(["mantelzorg"])
    assert len(encoder.encoded) == 2


def test_a_damaged_entry_is_recomputed(tmp_path):
    embedder, encoder = _embedder(tmp_path)
    good = embedder.embed_passages(["respijtzorg"])
    with sqlite3.connect(embedder.cache.path) as conn:
        conn.execute("UPDATE vectors SET vector = x'00'")
    np.testing.assert_array_equal(embedder.embed_passages(["respijtzorg"]), good)
    assert len(encoder.encoded) == 2


@pytest.mark.parametrize("count", [0, 1, 1200])
def test_any_number_of_texts(tmp_path, count):
    embedder, _ = _embedder(tmp_path)
    texts = [f"zin {i}" for i in range(count)]
    assert embedder.embed_passages(texts).shape == (count, DIM)
    assert embedder.embed_passages(texts).shape == (count, DIM)
    assert embedder.cache.hits == count
