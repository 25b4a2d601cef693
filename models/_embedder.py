"""The Embedder: prefixes, a persistent passage cache, and one encoder, loaded once per process.

The heavy libraries (onnxruntime, torch, sentence-transformers) are imported only
when a model is actually loaded, so commands that never embed stay fast.
"""

from __future__ import annotations

import threading
from pathlib import Path

import numpy as np

from ._cache import EmbeddingCache, cache_path
from ._encoders import OnnxEncoder, SentenceTransformerEncoder
from ._load import is_bundled, load_encoder, prepare_bundled

QUERY_BATCH_SIZE = 16
CACHE_DIR = "embeddings"  # inside the models dir: <data dir>/models/embeddings/<model>.sqlite3

_loaded: dict[tuple[str, str, str], Embedder] = {}
_load_lock = threading.Lock()


def prefixes_for(model: str) -> tuple[str, str]:
    """(query prefix, passage prefix) for ``model``: the one place that knows about them.

    E5 models were trained with "query: " / "passage: " in front of every text
    and lose quality without them; other models get the raw text.
    """
    name = model.replace("\\", "/").rstrip("/").rsplit("/", 1)[-1].lower()
    return ("query: ", "passage: ") if "e5" in name else ("", "")


class Embedder:
    """Turns texts into L2-normalised float32 vectors; ``name`` is what an index records."""

    def __init__(self, name: str, encoder: OnnxEncoder | SentenceTransformerEncoder,
                 cache: EmbeddingCache | None = None) -> None:
        self.name = name
        self.encoder = encoder
        self.dim = encoder.dim
        self.cache = cache
        self._query_prefix, self._passage_prefix = prefixes_for(name)

    def embed_queries(self, texts: list[str]) -> np.ndarray:
        """Embed search queries, shape (n, dim); never cached (short, and one per request)."""
        return self._encode([self._query_prefix + t for t in texts], QUERY_BATCH_SIZE)

    def embed_passages(self, texts: list[str], batch_size: int = 16) -> np.ndarray:
        """Embed passages to index, shape (n, dim); texts embedded before come from the cache."""
        texts = [self._passage_prefix + t for t in texts]
        if self.cache is None:
            return self._encode(texts, batch_size)
        cached = self.cache.get_many(texts)
        missing = [i for i, vector in enumerate(cached) if vector is None]
        out = np.zeros((len(texts), self.dim), np.float32)
        if missing:
            fresh = self._encode([texts[i] for i in missing], batch_size)
            self.cache.put_many([texts[i] for i in missing], fresh)
            out[missing] = fresh
        for i, vector in enumerate(cached):
            if vector is not None:
                out[i] = vector
        return out

    def _encode(self, texts: list[str], batch_size: int) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dim), np.float32)
        return self.encoder.encode(texts, batch_size)

    def __repr__(self) -> str:
        return f"Embedder(name={self.name!r}, dim={self.dim})"


def get_embedder(model: str, cache_dir: Path, embeddings_dir: Path | None = None) -> Embedder:
    """The process-wide Embedder for ``model``; loading takes seconds, so only once.

    Passage vectors are cached in ``embeddings_dir`` (default: ``cache_dir/embeddings``).
    """
    cache_dir = Path(cache_dir).expanduser().resolve()
    embeddings_dir = Path(embeddings_dir or embedding_cache_dir(cache_dir)).expanduser().resolve()
    key = (model, str(cache_dir), str(embeddings_dir))
    with _load_lock:
        if key not in _loaded:
            _loaded[key] = cached_embedder(model, load_encoder(model, cache_dir), embeddings_dir)
        return _loaded[key]


def cached_embedder(model: str, encoder, embeddings_dir: Path) -> Embedder:
    """An Embedder named ``model`` over ``encoder`` (anything with ``dim`` and
    ``encode(texts, batch_size)``), its passage vectors cached in ``embeddings_dir``
    in the file `get_embedder` uses for that model. The seam through which tests and
    benchmarks put a small encoder of their own behind the real cache."""
    return Embedder(model, encoder, EmbeddingCache(cache_path(Path(embeddings_dir), model), encoder.dim))


def embedding_cache_dir(cache_dir: Path) -> Path:
    """Where passage vectors are cached under a models dir (`get_embedder`'s default)."""
    return Path(cache_dir) / CACHE_DIR


def forget_passages(model: str, cache_dir: Path, texts: list[str],
                    embeddings_dir: Path | None = None) -> None:
    """Remove passages from ``model``'s embedding cache without loading the model
    (erasure of a deleted document). A missing cache file means nothing to forget."""
    embeddings_dir = Path(embeddings_dir or embedding_cache_dir(cache_dir)).expanduser().resolve()
    path = cache_path(embeddings_dir, model)
    if not texts or not path.exists():
        return
    prefix = prefixes_for(model)[1]
    loaded = next((e for (name, _, emb), e in _loaded.items()
                   if name == model and emb == str(embeddings_dir) and e.cache), None)
    cache = loaded.cache if loaded is not None and loaded.cache is not None else EmbeddingCache(path, 0)
    cache.forget([prefix + t for t in texts])
    if not loaded:
        cache.close()


def prepare_model(model: str, cache_dir: Path) -> Path | None:
    """Do the slow one-time work for ``model`` now (install time) instead of at first search.

    For the bundled model: convert it, and export/quantise the ONNX backend it
    names; returns the converted directory. Other models are fetched and cached
    by sentence-transformers itself, so there is nothing to do.
    """
    if not is_bundled(model):
        return None
    return prepare_bundled(model, Path(cache_dir).expanduser().resolve())
