"""Encoders: turn already-prefixed texts into L2-normalised float32 vectors.

Two backends with one interface (``dim``, ``encode(texts, batch_size)``):
onnxruntime for the bundled model (fast on CPU, no torch import) and
sentence-transformers for any other model. Both sort texts by length before
batching, so a batch pads little, and return vectors in the input order.

onnxruntime runs several batches at once, one per core, on a second session
with one thread each: on 2 cores that embedded ~200-word chunks 1.2x faster than
one session with two threads, whose threads wait for each other at every layer
(23.6 vs 18.5 chunks/s on 128 chunks; the bench's live embedding probe tracks the
rate every run). A single batch (a query) still gets all cores.
"""
from __future__ import annotations

import os
import threading
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import numpy as np

MAX_TOKENS = 512
# Padded tokens per onnxruntime call: long chunks go a few at a time (attention
# grows with the square of the length), short queries many at a time.
TOKEN_BUDGET = 2048


class OnnxEncoder:
    """An exported sentence-embedding graph (input_ids, attention_mask -> embedding)."""

    def __init__(self, onnx_path: Path, tokenizer_path: Path, threads: int | None = None) -> None:
        from tokenizers import Tokenizer

        self.tokenizer = Tokenizer.from_file(str(tokenizer_path))
        self.tokenizer.enable_truncation(MAX_TOKENS)
        self._pad_id = self.tokenizer.token_to_id("<pad>")
        self.threads = threads or os.cpu_count() or 1
        self._path = onnx_path
        self._session = _session(onnx_path, self.threads)
        self._single: Any = None  # the one-thread session for parallel batches, made on first use
        self._lock = threading.Lock()
        self.dim = int(self._session.get_outputs()[0].shape[-1])

    def encode(self, texts: list[str], batch_size: int) -> np.ndarray:
        out = np.zeros((len(texts), self.dim), np.float32)
        ids = [e.ids for e in self.tokenizer.encode_batch(texts)]
        order = sorted(range(len(texts)), key=lambda i: -len(ids[i]))
        batches = _batches(order, [len(i) for i in ids], batch_size)
        for batch, vectors in zip(batches, self._run_all([[ids[i] for i in b] for b in batches])):
            out[batch] = vectors
        return out

    def _run_all(self, batches: list[list[list[int]]]) -> list[np.ndarray]:
        if len(batches) < 2 or self.threads < 2:
            return [self._run(self._session, rows) for rows in batches]
        single = self._single_session()
        with ThreadPoolExecutor(self.threads) as pool:
            return list(pool.map(lambda rows: self._run(single, rows), batches))

    def _single_session(self):
        with self._lock:
            if self._single is None:
                self._single = _session(self._path, 1)
            return self._single

    def _run(self, session, rows: list[list[int]]) -> np.ndarray:
        width = max(len(r) for r in rows)
        input_ids = np.full((len(rows), width), self._pad_id, np.int64)
        mask = np.zeros((len(rows), width), np.int64)
        for n, row in enumerate(rows):
            input_ids[n, :len(row)], mask[n, :len(row)] = row, 1
        return session.run(None, {"input_ids": input_ids, "attention_mask": mask})[0]


def _session(onnx_path: Path, threads: int):
    import onnxruntime as ort

    options = ort.SessionOptions()
    options.intra_op_num_threads = threads
    options.inter_op_num_threads = 1
    # Idle worker threads would otherwise spin and take CPU from SQLite and Chroma.
    options.add_session_config_entry("session.intra_op.allow_spinning", "0")
    return ort.InferenceSession(str(onnx_path), options, providers=["CPUExecutionProvider"])


def _batches(order: list[int], lengths: list[int], batch_size: int) -> list[list[int]]:
    """Consecutive runs of ``order`` (longest first) within batch_size and TOKEN_BUDGET,
    never padding a text to more than twice its length."""
    batches: list[list[int]] = []
    for i in order:
        batch = batches[-1] if batches else []
        first = lengths[batch[0]] if batch else 0
        if batch and len(batch) < batch_size and first * (len(batch) + 1) <= TOKEN_BUDGET \
                and 2 * lengths[i] >= first:
            batch.append(i)
        else:
            batches.append([i])
    return batches


class SentenceTransformerEncoder:
    """Any sentence-transformers model (torch eager)."""

    def __init__(self, model: Any) -> None:
        self.model = model
        dimension = getattr(model, "get_embedding_dimension", None) or getattr(
            model, "get_sentence_embedding_dimension")
        self.dim = int(dimension())

    def encode(self, texts: list[str], batch_size: int) -> np.ndarray:
        import torch

        out = np.zeros((len(texts), self.dim), np.float32)
        order = sorted(range(len(texts)), key=lambda i: -len(texts[i]))
        with torch.inference_mode():
            out[order] = self.model.encode([texts[i] for i in order], batch_size=batch_size,
                                           convert_to_numpy=True, normalize_embeddings=True,
                                           show_progress_bar=False)
        return out
