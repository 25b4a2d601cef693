"""Test doubles: a fast, deterministic embedder with the real one's interface.

It hashes the analysed terms of a text into a fixed-size bag-of-words vector, so
texts that share words are close. Good enough to test plumbing (filters, grouping,
deletion) without loading a model; retrieval quality is tested with the real one.
"""
from __future__ import annotations

import hashlib

import numpy as np

from text import LEMMAS_AND_PARTS, analyze_many

DIM = 64


class FakeEmbedder:
    name = "fake-embedder"
    dim = DIM

    def __init__(self) -> None:
        self.calls = 0

    def _embed(self, texts: list[str]) -> np.ndarray:
        self.calls += 1
        out = np.zeros((len(texts), self.dim), dtype=np.float32)
        for row, terms in enumerate(analyze_many(texts, analysis=LEMMAS_AND_PARTS)):
            for term in terms or ["leeg"]:
                out[row, int(hashlib.md5(term.encode()).hexdigest(), 16) % self.dim] += 1.0
        return out / np.linalg.norm(out, axis=1, keepdims=True)

    def embed_queries(self, texts: list[str]) -> np.ndarray:
        return self._embed(texts)

    def embed_passages(self, texts: list[str], batch_size: int = 16) -> np.ndarray:
        return self._embed(texts)


class FakeEncoder:
    """The fake embedder's vectors as an encoder, to put behind the real embedding
    cache (`cached_fake_embedder`)."""
    dim = DIM

    def encode(self, texts: list[str], batch_size: int) -> np.ndarray:
        return FakeEmbedder()._embed(texts)


def cached_fake_embedder(name: str, embeddings_dir):
    """A real `models.Embedder` named `name` with the fake vectors, caching them in
    `embeddings_dir` as the real one does (tests of the cache and its erasure)."""
    import models

    return models.cached_embedder(name, FakeEncoder(), embeddings_dir)
