"""Stand-in passage vectors for the speed bench (`praktijkgeheugen bench --stand-in-vectors`).

Embedding 100k passages with the real model takes over an hour on a quiet 2-core
machine (hours on a shared one), while exact dense search costs the same whatever
the vectors hold. With this option the bench ingests, indexes and searches exactly
as without it, but every *passage* vector is a deterministic stand-in instead of a
model run; *queries* are still embedded by the real model.

A stand-in lives in the real model's vector space, so cosines between real queries
and stand-in passages fall in the model's usual range (the relevance floor and the
fusion see realistic scores): the bench corpus recombines the demo corpus's
sentences, each of those sentences is embedded once by the real model (real
vectors of real texts, cached like any passage), and a passage's stand-in is the
normalised mean of the vectors of the pool sentences it contains. A passage with
none of them (pseudonymisation changed every one, or a text from elsewhere) gets the
pool's centre plus a hashed bag-of-words projection of its words (deterministic, in the
model's cone, so one such passage does not inflate the cosines' spread that the floor
reads). Neither is what the model would give for the passage, so
rankings (and whatever depends on them) are approximations; timings of the search
code are not.

Stand-in vectors are never written to a real embedding cache: they are cached in
a directory of their own (`STAND_IN_DIR` under the bench dir, marked by a file),
and `stand_in_embedder` refuses any other place.
"""
from __future__ import annotations

import re
import zlib
from pathlib import Path
from typing import Any, cast

import numpy as np

import models
from bench.corpus import Pool
from models import Embedder

STAND_IN_DIR = "stand-in-embeddings"
MARKER = "STAND-IN-VECTORS"  # a file in the directory: what is cached here is no model's output
BUCKETS = 4096
HASHED = 0.3  # the hashed words' share beside the pool's centre, for a passage with no pool sentence
_WORD = re.compile(r"\w+")
_SENTENCE = re.compile(r"(?<=[.!?])\s+(?=[A-Z0-9\"'(])")  # bench.corpus's sentence split


class StandInEmbedder(Embedder):
    """The real embedder's name, dimension and queries (`real`); stand-in passage vectors,
    through Embedder's own passage path and a cache of their own."""

    def __init__(self, real: Embedder, cache, sentences: dict[str, np.ndarray]) -> None:
        self.stand_ins = StandInEncoder(real.dim, sentences, models.prefixes_for(real.name)[1])
        super().__init__(real.name, cast(Any, self.stand_ins), cache)  # any object with dim and encode
        self.real = real
        self.stand_in = True

    def embed_queries(self, texts: list[str]) -> np.ndarray:
        return self.real.embed_queries(texts)

    def vector(self, text: str) -> np.ndarray:
        return self.stand_ins.vector(text)


class StandInEncoder:
    """An encoder's interface (`dim`, `encode`) over stand-ins: the mean of a passage's pool
    sentences' real vectors, else a hashed bag-of-words projection; unit length either way."""

    def __init__(self, dim: int, sentences: dict[str, np.ndarray], prefix: str) -> None:
        self.dim = dim
        self._sentences = sentences
        self._prefix = prefix
        self._projection = np.random.default_rng(20261206).standard_normal((BUCKETS, dim)).astype(np.float32)
        self._centre = _unit(np.sum(list(sentences.values()), axis=0)) if sentences else np.zeros(dim, np.float32)

    def encode(self, texts: list[str], batch_size: int) -> np.ndarray:
        return np.stack([self.vector(t[len(self._prefix):] if t.startswith(self._prefix) else t) for t in texts])

    def vector(self, text: str) -> np.ndarray:
        found = [self._sentences[s] for s in split_sentences(text) if s in self._sentences]
        vector = _unit(np.sum(found, axis=0)) if found else _unit(self._centre + HASHED * _unit(self._hashed(text)))
        return vector.astype(np.float32)

    def _hashed(self, text: str) -> np.ndarray:
        counts = np.zeros(BUCKETS, np.float32)
        for word in _WORD.findall(text.lower()):
            counts[zlib.crc32(word.encode("utf-8")) % BUCKETS] += 1.0
        return counts @ self._projection if counts.any() else self._projection[0]


def _unit(vector: np.ndarray) -> np.ndarray:
    return vector / max(float(np.linalg.norm(vector)), 1e-12)


def split_sentences(text: str) -> list[str]:
    """The sentences of a passage as bench.corpus cut them from the demo corpus
    (the first line of an embedded passage is its title and heading)."""
    return [s.strip() for line in text.split("\n") for s in _SENTENCE.split(" ".join(line.split())) if s.strip()]


def stand_in_dir(bench_dir: Path, real_embeddings: list[Path]) -> Path:
    """The stand-in cache directory of a bench dir, created with its marker. Refuses a
    directory that is (or holds) a real embedding cache: one of `real_embeddings`, or an
    existing directory without the marker."""
    directory = (Path(bench_dir) / STAND_IN_DIR).resolve()
    if any(directory == Path(real).resolve() for real in real_embeddings):
        raise ValueError(f"{directory} is a real embedding cache: stand-in vectors are never written there")
    if directory.exists() and any(directory.iterdir()) and not (directory / MARKER).exists():
        raise ValueError(f"{directory} holds files but no {MARKER} marker: it may be a real embedding"
                         " cache, so stand-in vectors are not written there")
    directory.mkdir(parents=True, exist_ok=True)
    (directory / MARKER).write_text("Passage vectors in this directory are stand-ins made by"
                                    " bench/standin.py, not model output. Never use them as an"
                                    " embedding cache.\n", encoding="utf-8")
    return directory


def stand_in_embedder(real: Embedder, pool: Pool, bench_dir: Path, real_embeddings: list[Path]) -> StandInEmbedder:
    """A StandInEmbedder over `real`, caching its stand-ins under `bench_dir` (never in
    one of `real_embeddings`, nor in `real`'s own cache). Embeds the pool's sentences
    with `real` (cached by `real` as real vectors of real texts)."""
    directory = stand_in_dir(bench_dir, real_embeddings)
    if real.cache is not None and Path(real.cache.path).resolve().parent == directory:
        raise ValueError(f"{directory} holds the real embedder's cache: stand-in vectors are never written there")
    cache = models.cached_embedder(real.name, real.encoder, directory).cache  # the same file layout, elsewhere
    sentences = sorted(set(pool.sentences))
    vectors = real.embed_passages(sentences)
    return StandInEmbedder(real, cache, dict(zip(sentences, vectors)))
