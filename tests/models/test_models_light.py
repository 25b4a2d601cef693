"""Fast checks that need no model: prefixes, lazy imports, errors, the CLI."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

import models

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        (models.DEFAULT_MODEL, ("query: ", "passage: ")),
        ("intfloat/multilingual-e5-base", ("query: ", "passage: ")),
        ("/data/models/multilingual-e5-small/", ("query: ", "passage: ")),
        ("sentence-transformers/paraphrase-multilingual-MiniLM-L12-v2", ("", "")),
        ("/opt/e5-cache/all-MiniLM-L6-v2", ("", "")),  # only the model's own name counts
    ],
)
def test_prefixes_follow_the_model_name(name, expected):
    assert models.prefixes_for(name) == expected


def test_import_is_lazy():
    code = (
        "import models, sys; "
        "heavy = [m for m in ('torch', 'sentence_transformers', 'spacy', 'transformers') "
        "if m in sys.modules]; assert not heavy, heavy"
    )
    subprocess.run([sys.executable, "-c", code], cwd=ROOT, check=True)


def test_missing_model_path_is_a_clear_error(tmp_path):
    with pytest.raises(models.ModelError, match="does not exist"):
        models.get_embedder(str(tmp_path / "no-such-model"), tmp_path)


@pytest.mark.slow
def test_directory_without_a_model_is_a_clear_error(tmp_path):
    (tmp_path / "empty-model").mkdir()
    with pytest.raises(models.ModelError, match="cannot load embedding model"):
        models.get_embedder(str(tmp_path / "empty-model"), tmp_path)


@pytest.mark.slow
def test_uncached_hub_model_offline_is_a_clear_error(tmp_path, monkeypatch):
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")       # for the Hugging Face libraries
    monkeypatch.setattr("models._load._hub_offline", True)  # Settings.hub_offline, as the CLI sets it
    with pytest.raises(models.ModelError, match="no-such-model"):
        models.get_embedder("someorg/no-such-model", tmp_path)


def test_prepare_other_model_is_a_no_op(tmp_path):
    assert models.prepare_model("sentence-transformers/all-MiniLM-L6-v2", tmp_path) is None
    assert list(tmp_path.iterdir()) == []


def test_cli_prepare_prints_the_directory(bundled_model_dir):
    result = subprocess.run(
        [sys.executable, "-m", "models", "prepare", "--cache-dir", str(bundled_model_dir.parent)],
        cwd=ROOT, check=True, capture_output=True, text=True,
    )
    assert result.stdout.strip() == str(bundled_model_dir)


def test_onnx_batches_keep_padding_small():
    from models._encoders import TOKEN_BUDGET, _batches

    lengths = [400, 10, 390, 12, 11, 380]
    order = sorted(range(len(lengths)), key=lambda i: -lengths[i])
    batches = _batches(order, lengths, batch_size=16)
    assert [i for b in batches for i in b] == order
    assert all(lengths[b[0]] * len(b) <= TOKEN_BUDGET for b in batches)
    assert batches[-1] == [3, 4, 1]  # the short ones share one batch
    assert all(len(b) <= 2 for b in _batches(list(range(5)), [5] * 5, batch_size=2))


def test_bundled_model_names():
    assert models.DEFAULT_MODEL in models.BUNDLED_MODELS
    assert set(models.BUNDLED_MODELS) == {
        "multilingual-e5-small", "multilingual-e5-small@onnx", "multilingual-e5-small@onnx-int8"}
