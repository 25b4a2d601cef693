"""Seventeenth round: the floor reads the question and its best passages TOGETHER with the embedding model we
have (multilingual-e5-small, a transformer: one input "query: Q passage: P" lets its self-attention relate the
two); tuning halves only, decided leave-one-set-out (`python -m bench.tuning.tune_seventeenth_floor SET...
--data-dir DIR [--stage dump|score] [--keep 0.95] [--only NAME...] [--verbose]`; docs/history/searching-rounds.md, "Floor,
seventeenth round").

`--stage dump` reads bench.tuning.tune_sixteenth_floor's dumps (bench.tuning.tune_fourteenth_floor's and
bench.tuning.tune_floor_rule's, under DIR/cache) and the ingested stores they were made from (DIR/cache/eval/
NAME-*, so the documents' keys are the dumps'), and for each tuning input runs the model on: the question alone
("query: Q"), each of its two best-cosine passages alone ("passage: P", as ingest embeds it), and each pair
together ("query: Q passage: P", cut at 512 tokens), every text alone (the int8 scales are per batch), through a
copy of the product's ONNX graph that also returns the last layer's token states (written once under
DIR/cache/floor-seventeenth). It stores per pair the three pooled vectors and, per content token of the question
(a word not in text.SNOWBALL_STOP), its best cosine to a passage token: from the two separate passes (late
interaction, ColBERT-like) and within the joint pass; and the seconds and tokens of each pass.

`--stage score` (the default) adds the features to bench.tuning.tune_sixteenth_floor's inputs and scores them with
its decisions (`fixed:`, `refit:`, `logit:`; keep 95% of every training set's on-topic inputs, or today's keep where
lower), plus `head:`: a logistic head (L2, balanced classes) trained on the training sets' joint embeddings (or the
joint embedding times the question's, or, as a control that reads no passage, the question's embedding alone),
its standardised output weighed beside today's rule with c of either sign and the line refitted (as `refit:`).
Features (`1`: the best passage; `2`, with PASSAGES = 2: the larger of the two best passages'):

- `jq_k`: the cosine between the question alone and the pair read together; `jp_k`: between the passage alone and
  the pair; `jgain_k`: `jq_k` less the question's cosine to the passage alone (how much closer the joint reading
  brings the question than the passage alone does);
- `sep_mean_k`, `sep_min_k`, `sep_miss@t_k`: the question's content tokens' best cosine to a passage token, from the
  separate passes: the mean, the lowest, the share under t (t 0.80, 0.85, 0.90; 1 when a question has no content
  token); `joint_*`: the same within the joint pass.

Cost (the dump's timings, printed by `--stage score`): per input one passage pass and one joint pass per passage read.

Measured (7 December; sixteen tuning halves, demo/eval, eval-cases, -2 ... -14 and demo/eval-oneline, 611 on-topic and
452 off-topic inputs, 179 naburig; leave-one-set-out at keep 95%): today's rule answers 116 (naburig 66); the best
unsupervised reading, `refit:jgain_1`, 86 (52) with eval-cases-4 at 35/39 held back; the heads on the joint embedding
27-103 with 4-24 on-topic inputs lost, and the control on the question's embedding alone does better (61, one lost,
demo/eval 33/35): what separates is the question's form, not the pair. A joint pass is ~320 tokens, ~280 ms CPU at
load 9-15. Not adopted (docs/history/searching-rounds.md, "Floor, seventeenth round").
"""
from __future__ import annotations

import pickle
import re
import sys
import time
from pathlib import Path

import numpy as np

from bench.tuning import command, tune_fourteenth_floor, tune_sixteenth_floor
from bench.tuning.tune_sixteenth_floor import LINE, Question, refit, today

CACHE = "floor-seventeenth"
HIDDEN = "/encoder/encoder/layer.11/output/LayerNorm/LayerNormalization_output_0"   # the last layer's token states
PASSAGES = 1            # best-cosine passages read with the question (2 cost twice the passes, see the docs)
QUERY, PASSAGE = "query: ", "passage: "
THRESHOLDS = (0.80, 0.85, 0.90)
BANDS = (0.005, 0.01, 0.015, 0.02, 0.03)
HEAD_GRID = tune_sixteenth_floor.SCALED + (0.03, 0.04, 0.06)   # a head's line points per sd of its output
_WORD = re.compile(r"[^\W_]+")


class Reader:
    """The product's int8 graph with the last layer's token states as a second output; one text per run."""

    def __init__(self, models_dir: Path, out: Path, threads: int | None = None) -> None:
        import onnx
        from tokenizers import Tokenizer

        from models._encoders import MAX_TOKENS, _session

        directory = models_dir / "multilingual-e5-small"
        path = out / "hidden-int8.onnx"
        if not path.exists():
            out.mkdir(parents=True, exist_ok=True)
            graph = onnx.load(str(directory / "onnx-v1" / "model-int8.onnx"))
            graph.graph.output.append(onnx.helper.make_tensor_value_info(HIDDEN, onnx.TensorProto.FLOAT,
                                                                         ["batch", "tokens", 384]))
            onnx.save(graph, str(path))
        self.session = _session(path, threads or 2)
        self.tokenizer = Tokenizer.from_file(str(directory / "tokenizer.json"))
        self.tokenizer.enable_truncation(MAX_TOKENS)

    def read(self, text: str) -> tuple[np.ndarray, np.ndarray, list[tuple[int, int]], tuple[float, float]]:
        """(pooled unit vector, unit token states, each token's character span, (seconds, CPU seconds))."""
        started, cpu = time.perf_counter(), time.process_time()
        encoding = self.tokenizer.encode(text)
        ids = np.array([encoding.ids], np.int64)
        pooled, states = self.session.run(None, {"input_ids": ids, "attention_mask": np.ones_like(ids)})
        states = states[0] / np.linalg.norm(states[0], axis=1, keepdims=True)
        return pooled[0], states, list(encoding.offsets), (time.perf_counter() - started, time.process_time() - cpu)


def content_tokens(text: str, offsets: list[tuple[int, int]], start: int) -> list[int]:
    """The tokens of `text` (which begins at character `start` of the input) inside a content word: one not in
    text.SNOWBALL_STOP, of more than one character."""
    from text import SNOWBALL_STOP

    spans = [(m.start() + start, m.end() + start) for m in _WORD.finditer(text)
             if len(m.group()) > 1 and m.group().lower() not in SNOWBALL_STOP]
    return [i for i, (s, e) in enumerate(offsets) if e > s and any(s < we and e > ws for ws, we in spans)]


def span_tokens(offsets: list[tuple[int, int]], start: int, end: int) -> list[int]:
    """The (non-special) tokens within characters [start, end)."""
    return [i for i, (s, e) in enumerate(offsets) if e > s and s >= start and e <= end + 1]


def best_sims(states_q: np.ndarray, rows_q: list[int], states_p: np.ndarray, rows_p: list[int]) -> np.ndarray:
    """Per question token of `rows_q`, its largest cosine to a passage token of `rows_p`."""
    if not rows_q or not rows_p:
        return np.zeros(0, np.float32)
    return (states_q[rows_q] @ states_p[rows_p].T).max(axis=1)


def store_of(data_dir: Path, name: str):
    """The ingested store the set's dumps were made from (DIR/cache/eval/NAME-<fingerprint>)."""
    from models import DEFAULT_MODEL
    from settings import Settings
    from store import open_store

    found = [d for d in (data_dir / "cache" / "eval").glob(f"{name}-*")
             if d.name.rsplit("-", 1)[0] == name and (d / "complete").exists()]
    assert len(found) == 1, (name, found)
    return open_store(Settings(data_dir=found[0], model=DEFAULT_MODEL))


def dump(sets: list[Path], data_dir: Path, out: Path) -> None:
    """Per set not dumped yet: each tuning input's joint reading with its best passages (the module's docstring)."""
    from text import embedding_text

    reader = Reader(data_dir / "models", out)
    for name in command.set_names(sets):
        target = out / f"{name}.pkl"
        if target.exists():
            continue
        rows = pickle.loads((data_dir / "cache" / "floor-rule" / f"{name}.pkl").read_bytes())
        store = store_of(data_dir, name)
        try:
            documents = {d.pk: d for d in store.catalogue.list_documents()}
            chunks = [(d, c) for d in documents.values() for c in store.catalogue.chunks_of(d.pk)]
            matrix = store.vectors.get([c.vector_id for _, c in chunks])
        finally:
            store.close()
        texts = [embedding_text(d.meta.title, c.heading, c.text) for d, c in chunks]
        owner = [d.pk for d, _ in chunks]
        result, drift = [], 0.0
        for row in rows:
            q, q_states, q_offsets, q_seconds = reader.read(QUERY + row["text"])
            scores = matrix @ q
            top = [int(i) for i in np.argsort(-scores)[:PASSAGES]]
            drift = max(drift, abs(float(scores[top[0]]) - row["passage_cos"][0]))
            q_rows = content_tokens(row["text"], q_offsets, len(QUERY))
            pairs = []
            for i in top:
                p, p_states, p_offsets, p_seconds = reader.read(PASSAGE + texts[i])
                joint_text = f"{QUERY}{row['text']} {PASSAGE}{texts[i]}"
                j, j_states, j_offsets, j_seconds = reader.read(joint_text)
                start = len(QUERY) + len(row["text"]) + 1
                jq_rows = content_tokens(row["text"], j_offsets, len(QUERY))
                jp_rows = span_tokens(j_offsets, start + len(PASSAGE), len(joint_text))
                pairs.append({
                    "document": owner[i], "stored_cos": float(scores[i]), "q": q, "p": p, "j": j,
                    "sep": best_sims(q_states, q_rows, p_states, span_tokens(p_offsets, len(PASSAGE), 10 ** 9)),
                    "joint": best_sims(j_states, jq_rows, j_states, jp_rows),
                    "tokens": (len(q_offsets), len(p_offsets), len(j_offsets)),
                    "seconds": (q_seconds, p_seconds, j_seconds)})
            result.append({"text": row["text"], "pairs": pairs})
        target.write_bytes(pickle.dumps(result))
        print(f"{name}: {len(result)} inputs, the best passage's cosine within {drift:.4f} of the dump's", flush=True)


def joint_features(pairs: list[dict]) -> dict:
    """This round's features of an input (the module's docstring)."""
    per: list[dict] = []
    for pair in pairs:
        f = {"jq": float(pair["q"] @ pair["j"]), "jp": float(pair["p"] @ pair["j"])}
        f["jgain"] = f["jq"] - float(pair["q"] @ pair["p"])
        for kind in ("sep", "joint"):
            sims = pair[kind]
            f[f"{kind}_mean"] = float(sims.mean()) if len(sims) else 0.0
            f[f"{kind}_min"] = float(sims.min()) if len(sims) else 0.0
            for t in THRESHOLDS:
                f[f"{kind}_miss@{t:.2f}"] = float((sims < t).mean()) if len(sims) else 1.0
        per.append(f)
    out = {f"{k}_1": v for k, v in per[0].items()}
    for k in per[0] if len(per) > 1 else ():
        # the larger of the passages' value (for a share missing: the smaller)
        out[f"{k}_2"] = (min if "miss" in k else max)(f[k] for f in per)
    out["_j"] = pairs[0]["j"]
    out["_jq"] = pairs[0]["j"] * pairs[0]["q"]
    out["_q"] = pairs[0]["q"]
    return out


NAMES = tuple(f"{k}_{n}" for n in range(1, PASSAGES + 1) for k in (
    "jq", "jp", "jgain", "sep_mean", "sep_min", "joint_mean", "joint_min",
    *(f"{kind}_miss@{t:.2f}" for kind in ("sep", "joint") for t in THRESHOLDS)))


def load(data_dir: Path, directories: list[Path]) -> tuple[list[str], list[list[Question]]]:
    """bench.tuning.tune_sixteenth_floor's inputs, each with this round's features."""
    names, sets = tune_sixteenth_floor.load(data_dir, directories)
    for name, questions in zip(names, sets):
        read = pickle.loads((data_dir / "cache" / CACHE / f"{name}.pkl").read_bytes())
        assert [r["text"] for r in read] == [f["text"] for _, f in questions], name
        for (_, f), r in zip(questions, read):
            f.update(joint_features(r["pairs"]))
            f["_pairs"] = r["pairs"]
    return names, sets


def head_parts(train: list[list[Question]], kind: str, strength: float) -> dict:
    """The logistic head (L2 with C = `strength`, balanced classes, the lbfgs solver at its fixed tolerance, so a
    refit on the same inputs gives the same weights) on the training inputs' `kind` vectors, standardised:
    `mean`, `std`, `coef`, `intercept` (of the standardised inputs), the same as weights on the raw vector (`w`,
    `b`) and the sd of its output over the training inputs (`sd`)."""
    from sklearn.linear_model import LogisticRegression

    rows = [(off, f) for q in train for off, f in q]
    x = np.array([f[kind] for _, f in rows], np.float64)
    mean, std = x.mean(0), x.std(0) + 1e-9
    model = LogisticRegression(class_weight="balanced", C=strength, max_iter=2000, solver="lbfgs", tol=1e-4).fit(
        (x - mean) / std, [0 if off else 1 for off, _ in rows])
    coef, intercept = model.coef_[0], float(model.intercept_[0])
    w, b = raw_weights(mean, std, coef, intercept)
    return {"mean": mean, "std": std, "coef": coef, "intercept": intercept, "w": w, "b": b,
            "sd": float((x @ w + b).std()) or 1.0}


def raw_weights(mean: np.ndarray, std: np.ndarray, coef: np.ndarray, intercept: float) -> tuple[np.ndarray, float]:
    """A head on standardised inputs as weights and intercept on the raw vector (as search._floor computes it)."""
    return coef / std, float(intercept - (coef * mean / std).sum())


def head(kind: str, strength: float) -> tune_sixteenth_floor.Fit:
    """A logistic head (`head_parts`) on the training inputs' `kind` vectors (`_j`: the joint embedding; `_jq`: it
    times the question's; `_q`, the control: the question's alone, which reads no passage), its output over its
    training sd weighed beside today's rule: c of either sign (HEAD_GRID), the line refitted, the fewest off-topic
    training inputs answered. The chosen score carries the head as `parts`."""
    def fit(train: list[list[Question]], keep: float):
        parts = head_parts(train, kind, strength)
        w, b, scale = parts["w"], parts["b"], parts["sd"]

        def less(c: float) -> tune_sixteenth_floor.Score:
            return lambda f: today(f) + c * (float(np.asarray(f[kind], np.float64) @ w) + b) / scale
        choices: list[tuple[float, float, tune_sixteenth_floor.Score, float | None]] = [
            (c, abs(c), less(c), None) for c in (0.0,) + HEAD_GRID + tuple(-c for c in HEAD_GRID)]
        score, line = tune_sixteenth_floor._fewest(train, choices, tune_sixteenth_floor.needs(train, keep))
        score.parts = parts  # type: ignore[attr-defined]
        return score, line
    return fit


def candidates() -> dict[str, tune_sixteenth_floor.Fit]:
    out: dict[str, tune_sixteenth_floor.Fit] = {"today": tune_sixteenth_floor.current, "refit:line": refit("line")}
    for name in NAMES:
        if "miss" in name:
            out[f"fixed:{name}"] = tune_sixteenth_floor.fixed(name)
        out[f"refit:{name}"] = refit(name)
        out[f"logit:{name}"] = tune_sixteenth_floor.logit(name)
    for kind in ("_j", "_jq", "_q"):
        for strength in (0.001, 0.01, 0.1):
            out[f"head:{kind[1:]}@C{strength:g}"] = head(kind, strength)
    return out


def cost(names: list[str], sets: list[list[Question]]) -> None:
    """Per input: the passes, their tokens and seconds (median, 90th percentile), and the share of the inputs whose
    today's score lies within each band around the line (where a joint reading could change the verdict)."""
    pooled = [f for q in sets for _, f in q]
    for k in range(PASSAGES):
        tokens = np.array([f["_pairs"][k]["tokens"] for f in pooled])
        seconds = np.array([f["_pairs"][k]["seconds"] for f in pooled]) * 1000   # (input, pass, wall / CPU)
        for i, what in enumerate(("question", "passage", "joint")):
            if k and not i:
                continue
            print(f"  passage {k + 1}, {what} pass: tokens median {np.median(tokens[:, i]):.0f} p90 "
                  f"{np.percentile(tokens[:, i], 90):.0f} max {tokens[:, i].max()}; wall ms median "
                  f"{np.median(seconds[:, i, 0]):.1f} p90 {np.percentile(seconds[:, i, 0], 90):.1f}; CPU ms median "
                  f"{np.median(seconds[:, i, 1]):.1f} p90 {np.percentile(seconds[:, i, 1], 90):.1f}")
    for band in BANDS:
        inside = [abs(today(f) - LINE) < band for f in pooled]
        print(f"  within ±{band} of the line: {sum(inside)}/{len(inside)} = {np.mean(inside):.1%} of the inputs; "
              + " ".join(f"{n} {np.mean([abs(today(f) - LINE) < band for _, f in q]):.0%}"
                         for n, q in zip(names, sets)))


def band(names: list[str], sets: list[list[Question]], keep: float, only: list[str]) -> None:
    """For each decision of `only`, fitted leave-one-set-out: the held-back inputs whose verdict it changes against
    today's rule, how far from today's line the farthest of them lies, and the share of all inputs within that
    distance (those a joint pass would have to read, were it run only near the line)."""
    for label, fit in candidates().items():
        if label == "today" or not any(o in label for o in only):
            continue
        changed = []
        for i, questions in enumerate(sets):
            score, line = fit(sets[:i] + sets[i + 1:], keep)
            changed += [abs(today(f) - LINE) for _, f in questions if (score(f) >= line) != (today(f) >= LINE)]
        if not changed:
            print(f"  band {label}: no verdict changed")
            continue
        far = max(changed)
        inside = np.mean([abs(today(f) - LINE) <= far for q in sets for _, f in q])
        print(f"  band {label}: {len(changed)} verdicts changed, the farthest {far:.4f} from the line, "
              f"median {np.median(changed):.4f}; {inside:.1%} of the inputs within {far:.4f}", flush=True)


def means(sets: list[list[Question]]) -> None:
    """Per feature its mean over four classes and the AUC of the naburig inputs the rule answers against the
    hardest on-topic inputs it keeps (today within 0.015 of the line), as tune_sixteenth_floor.means."""
    pooled = [(off, f) for q in sets for off, f in q]
    hard = [f for off, f in pooled if not off and LINE <= today(f) < LINE + 0.015]
    slip = [f for off, f in pooled if off and f["category"] == "naburig" and today(f) >= LINE]
    other = [f for off, f in pooled if off and today(f) >= LINE and f["category"] != "naburig"]
    print(f"feature: mean on-topic / hardest on-topic kept ({len(hard)}) / naburig answered ({len(slip)}) / other "
          f"off-topic answered ({len(other)}) / off-topic refused | AUC naburig answered > hardest on-topic, "
          "all answered off-topic > hardest on-topic, off-topic > on-topic")
    for name in NAMES:
        on = [f[name] for off, f in pooled if not off]
        refused = [f[name] for off, f in pooled if off and today(f) < LINE]
        auc = tune_sixteenth_floor.auc
        print(f"  {name:18s} {np.mean(on):.4f} / {np.mean([f[name] for f in hard]):.4f} / "
              f"{np.mean([f[name] for f in slip]):.4f} / {np.mean([f[name] for f in other]):.4f} / "
              f"{np.mean(refused):.4f} | {auc([f[name] for f in slip], [f[name] for f in hard]):.3f} "
              f"{auc([f[name] for f in slip + other], [f[name] for f in hard]):.3f} "
              f"{auc([f[name] for off, f in pooled if off], on):.3f}", flush=True)


def main(argv: list[str]) -> int:
    def score(args, _names: list[str]) -> None:
        names, sets = load(args.data_dir, args.sets)
        print("cost per input:")
        cost(names, sets)
        means(sets)
        fits = candidates()
        for keep in args.keep:
            tune_sixteenth_floor.report(names, sets, keep, args.only, args.verbose, fits)
            if args.only:
                tune_sixteenth_floor.pooled(names, sets, keep, args.only, fits)
                band(names, sets, keep, args.only)

    def both(sets: list[Path], data_dir: Path, out: Path) -> None:
        tune_sixteenth_floor.dump(sets, data_dir, data_dir / "cache" / tune_fourteenth_floor.CACHE)
        dump(sets, data_dir, out)

    argv = list(argv)
    if "--keep" not in argv:
        argv += ["--keep", "0.95"]
    return command.floor_round(argv, "dump: the joint readings of sets without; score: the decisions", CACHE,
                               {"dump": both}, {}, score)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
