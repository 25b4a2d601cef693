"""The eighteenth floor round's head in the product (search._floor.Head, floor_head.json): the same arithmetic as
bench/tuning/tune_eighteenth_floor.py, a valid file for the shipped model, and the judge reading the question's
embedding and its best passage's stored vector (fast, no model)."""
import json
from importlib import resources
from types import SimpleNamespace

import numpy as np
import pytest

from search import _floor
from search._floor import HEAD, NO_FLOOR, Floor, confident_only, floor_for, judge, load_head, split
from search._fusion import RankedDocument
from search._retrieve import Retrieval

MODEL = "multilingual-e5-small@onnx-int8"


def _shipped() -> dict:
    return json.loads(resources.files("search").joinpath(_floor.HEAD_FILE).read_text("utf-8"))


def _unit(rng, dim=384):
    v = rng.normal(size=dim).astype(np.float32)
    return v / np.linalg.norm(v)


def test_the_products_head_is_the_scripts_on_the_shipped_weights():
    from bench.tuning import tune_eighteenth_floor
    from bench.tuning.tune_sixteenth_floor import today

    score, line = tune_eighteenth_floor.from_weights(_shipped())
    assert line == HEAD.line
    rng = np.random.default_rng(7)
    for _ in range(5):
        q, p = _unit(rng), _unit(rng)
        f = {"cos": float(q @ p), "evidence_3": 0.2, "spread": 0.015, "passages": 500, "lone": 0.0, "_qmp": q - p}
        assert today(f) + HEAD.lift(q, p) == pytest.approx(score(f), abs=1e-12)
    # on-topic reads higher: a question equal to its passage has a zero difference, the intercept alone
    assert HEAD.output(q, q) == pytest.approx(HEAD.bias)


def test_the_shipped_file_is_valid_and_for_the_shipped_model():
    import models

    data = _shipped()
    assert data["model"] == MODEL == models.DEFAULT_MODEL == HEAD.model
    assert data["head"] == "qmp" and data["features"] == 384 and len(HEAD.weights) == 384
    assert data["C"] == 0.001 and data["keep"] == 1.0 and len(data["commit"]) == 40
    assert len(data["fitted_on"]) == 19 and not any("eval-cases-17" in s for s in data["fitted_on"])
    assert np.all(np.isfinite(HEAD.weights)) and data["sd"] > 0 and min(data["std"]) > 0
    assert 0.8 < HEAD.line < 0.83 and HEAD.c == 0.02
    with pytest.raises(ValueError):
        load_head(json.dumps({**data, "coef": data["coef"][:-1]}))


def test_the_shipped_model_gets_the_head_and_its_line_another_model_what_it_had():
    floor = floor_for(MODEL)
    assert floor.head is HEAD and floor.threshold == HEAD.line
    assert floor == Floor(**{**_floor.FLOORS[MODEL].__dict__, "threshold": HEAD.line, "head": HEAD})
    assert floor_for("some-other-model") is NO_FLOOR


def test_a_calibrated_model_the_file_is_not_for_keeps_todays_floor(monkeypatch):
    monkeypatch.setitem(_floor.FLOORS, "other@onnx-int8", _floor.FLOORS[MODEL])
    assert floor_for("other@onnx-int8") is _floor.FLOORS[MODEL] and floor_for("other@onnx-int8").head is None


def _store(vectors: dict[str, np.ndarray]):
    chunks = {10: SimpleNamespace(vector_id="v10"), 20: SimpleNamespace(vector_id="v20")}
    read = []

    def get(ids):
        read.append(ids)
        return np.array([vectors[i] for i in ids if i in vectors])
    store = SimpleNamespace(catalogue=SimpleNamespace(chunks_by_pk=lambda pks: {p: chunks[p] for p in pks if p in chunks}),
                            vectors=SimpleNamespace(get=get))
    return store, read


def test_the_judge_adds_the_head_of_the_question_less_its_best_passages_stored_vector_to_every_confidence():
    rng = np.random.default_rng(1)
    q, p = _unit(rng), _unit(rng)
    store, read = _store({"v10": p})
    docs = [RankedDocument(2, 0.9, [(20, 0.80)]), RankedDocument(1, 0.8, [(10, 0.86)])]
    retrieval = Retrieval(docs, cosine={1: 0.86, 2: 0.80}, spread=0.01, spread_of=500, query_vector=q, best_chunk=10)
    plain = Floor(threshold=0.81, spread_weight=2.0)
    headed = Floor(threshold=0.81, spread_weight=2.0, head=HEAD)
    lift = HEAD.lift(q, p)
    assert judge(store, retrieval, headed) == pytest.approx([c + lift for c in judge(store, retrieval, plain)])
    assert read == [["v10"]]        # one stored vector read, the best chunk's
    # no dense leg (or no stored vector): nothing added
    assert judge(store, Retrieval(docs, cosine={1: 0.86, 2: 0.80}), headed) == \
        judge(store, Retrieval(docs, cosine={1: 0.86, 2: 0.80}), plain)
    gone, _ = _store({})
    assert judge(gone, retrieval, headed) == judge(gone, retrieval, plain)


def test_split_and_who_else_read_the_heads_line():
    """search._floor.split and confident_only ("wie nog?") draw the line at the floor's threshold, which for the
    shipped model is the head's: a confidence between today's 0.81364 and it is no longer an answer."""
    floor = floor_for(MODEL)
    docs = [RankedDocument(pk, 0.9 - pk / 10, [(pk * 10, 0.8)]) for pk in (1, 2, 3)]
    between = (0.81364 + HEAD.line) / 2
    confidences = [HEAD.line + 0.001, between, HEAD.line - 0.02]
    assert split(docs, confidences, floor) == ([docs[0]], docs[1:])
    assert confident_only(docs, confidences, floor) == [docs[0]]
    assert split(docs, [between, HEAD.line - 0.02, 0.7], floor) == ([], docs)
    assert confident_only(docs, [between, between, between], floor) == []
