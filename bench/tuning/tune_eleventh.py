"""Eleventh round: the floor by the question's form and the legs' agreement at the top, and hybrid's
legs weighted per question by their own confidence; tuning halves only, decided leave-one-set-out
(`python -m bench.tuning.tune_eleventh SET... --data-dir DIR [--stage score|fusion]`;
docs/history/searching-rounds.md, "Floor and fusion, eleventh round").

The floor stage reads bench.tuning.tune_floor_rule's per-set dumps of the tuning questions
(`python -m bench.tuning.tune_floor_rule SET... --data-dir DIR --stage dump`, under
DIR/cache/floor-rule; held-out questions are never loaded) and scores, beside the rule of the
seventh round (cosine + 0.03 × evidence − 2.5 × spread ≥ 0.81364, search._floor):

- **the question's form**, read from its text as a search could: `question` (it ends in "?" or
  opens with a question word or an inverted verb: *hoe, wat, wie, mag, kan, heeft, ...*),
  `keyword` (neither, at most five words: "appeltaart recept", "spijbelen"), `statement`
  (neither, longer: a situation told, "Mijn moeder wordt steeds vergeetachtiger ..."); `short`
  (at most three words). Decisions: the rule plus c × one form (its own threshold offset), or
  plus c1 × keyword + c2 × statement (a threshold per form), c from a grid;
- **the legs' agreement at the top result, as a veto**: `disagree_1` (the dense leg's best
  document is not the lexical leg's best), `dense1_out_lex3` / `_lex5` (not in the lexical leg's
  first 3 / 5), `lex1_out_dense3`; the rule plus c × it with c ≤ 0 (c = −1: a hard veto, a
  question whose legs disagree at the top is never answered), and the same for keyword questions
  only.

Each decision's threshold is the highest that keeps 97.5% (`--keep`) of every training set's
on-topic questions, fitted on all but one set and scored on that one (bench.tuning.tune_floor_rule.
print_decisions; tune_ninth's report prints each feature's means first).

`--stage fusion` scores hybrid with each leg's weight scaled per question by the leg's own
confidence: 1 − its min-max normalised score at rank r (r = 5 or 10; a leg whose first documents
stand out of its tenth is sure of them), raised to γ, the score part's two weights renormalised to
their sum (and, `+rank`, the rank part's three legs scaled alike); γ = 0 is the product. Chosen
leave-one-set-out by the worst margin over naive RRF or by the mean (tune_ninth.loso_choice), over
bench.tuning.tune_seventh's per-set legs (the floor applied as `praktijkgeheugen eval` applies it).
`--stage lexical` scores the lexical mode with BM25+'s lower bound δ against BM25+Snowball alike.

Not adopted (twelve tuning halves, eval-cases-10's among them): a lower line for keyword queries
(c = +0.01 in 11 of 12 folds) answers what today's rule answers on the eleven older sets and 11
instead of 8 of eval-cases-10's 26 off-topic questions held back; the veto fits c = 0 (the hardest
on-topic questions disagree at the top as often as the off-topic ones); the confident-leg weights
(γ 0.25) are worse than the product on 8 of 12 held-back sets, δ 0.5 on 5-6 of 12 (docs/history/searching-rounds.md).
"""
from __future__ import annotations

import argparse
import itertools
import re
import sys
from pathlib import Path
from typing import Callable

import numpy as np

from bench.tuning import command, tune_eighth, tune_floor, tune_floor_rule, tune_ninth

Question = tuple[bool, dict]
Score = Callable[[dict], float]

# A question's first word that makes it a question (question words, and verbs that open a
# yes/no question in Dutch word order).
OPENERS = frozenset("""hoe wat wie welke welk waar wanneer waarom hoeveel hoelang waarmee waarvoor waarop waaraan
waarover wiens mag mogen moet moeten kan kun kunnen kunt is zijn ben bent was waren heb hebt heeft hebben had hadden
wordt worden werd zal zullen zou zouden wil wilt willen krijg krijgt krijgen bestaat bestaan geldt gelden doe doet
doen ga gaat gaan weet weten klopt""".split())
_WORD = re.compile(r"[^\W_]+")

FORMS = ("question", "keyword", "statement", "short")
AGREEMENT = ("disagree_1", "dense1_out_lex3", "dense1_out_lex5", "lex1_out_dense3")
OFFSETS = (-0.04, -0.03, -0.02, -0.015, -0.01, -0.005, 0.005, 0.01, 0.015, 0.02, 0.03)
VETOES = (-0.005, -0.01, -0.015, -0.02, -0.03, -0.05, -1.0)


def form(text: str) -> str:
    """`question`, `keyword` or `statement` (see the module's docstring)."""
    words = _WORD.findall(text.lower())
    if text.strip().endswith("?") or (words and words[0] in OPENERS):
        return "question"
    return "keyword" if len(words) <= 5 else "statement"


def features(row: dict) -> dict:
    """bench.tuning.tune_eighth.features and this round's: the form and the agreement at the top."""
    f = tune_eighth.features(row)
    kind = form(row["text"])
    for name in FORMS[:3]:
        f[name] = float(kind == name)
    f["short"] = float(len(_WORD.findall(row["text"])) <= 3)
    f["form"] = kind
    dense = [pk for pk, _ in row["dense"]]
    lexical = row["lexical"]
    top = dense[0] if dense else None
    f["disagree_1"] = float(not lexical or lexical[0] != top)
    f["dense1_out_lex3"] = float(top not in lexical[:3])
    f["dense1_out_lex5"] = float(top not in lexical[:5])
    f["lex1_out_dense3"] = float(not lexical or lexical[0] not in dense[:3])
    for name in AGREEMENT:
        f[f"keyword_{name}"] = f["keyword"] * f[name]
    f["question_disagree_1"] = f["question"] * f["disagree_1"]
    return f


def load(out: Path, names: list[str]) -> list[list[Question]]:
    import pickle

    return [[(row["off"], features(row)) for row in pickle.loads((out / f"{name}.pkl").read_bytes())]
            for name in names]


def two_forms(train: list[list[Question]], keep: float) -> tuple[Score, str]:
    """The rule + c1 × keyword + c2 × statement: a threshold per form (ties: the smaller offsets)."""
    def scored(c1: float, c2: float) -> Score:
        return lambda f: tune_eighth.rule(f) + c1 * f["keyword"] + c2 * f["statement"]
    c1, c2 = min(itertools.product((0.0,) + OFFSETS, (0.0,) + OFFSETS),
                 key=lambda cc: (tune_floor.answered(train, scored(*cc), keep), abs(cc[0]) + abs(cc[1]), cc))
    return scored(c1, c2), f"c_keyword={c1:+g} c_statement={c2:+g}"


def decisions(only: tuple[str, ...]) -> list[tuple[str, Callable]]:
    out: list[tuple[str, Callable]] = [
        ("rule at 0.81364", tune_floor_rule.at(tune_floor_rule.fixed("q"), tune_eighth.RULE[2])),
        ("rule, threshold refitted", tune_eighth.plus("keyword", ())),
        ("a threshold per form: + c1 x keyword + c2 x statement", two_forms)]
    out += [(f"+{name}", tune_eighth.plus(name, OFFSETS)) for name in FORMS]
    out += [(f"veto +{name}", tune_eighth.plus(name, VETOES))
            for name in AGREEMENT + tuple(f"keyword_{n}" for n in AGREEMENT) + ("question_disagree_1",)]
    out += [(f"logistic cos+spread+evidence_3+{name}", tune_floor_rule.logistic(("cos", "spread", "evidence_3", name)))
            for name in ("keyword", "statement", "disagree_1", "dense1_out_lex3")]
    return tune_ninth.selected(out, only)


def means(sets: list[list[Question]]) -> None:
    """How often each form and each disagreement occurs: on-topic (the hardest: rule score below
    the line + 0.015) / off-topic the rule answers / the other off-topic, pooled and per set."""
    print("feature: share on-topic (hard on-topic) / off-topic answered by the rule / other off-topic (pooled)")
    for name in FORMS + AGREEMENT:
        on, hard, slip, rest = tune_eighth.by_class(sets, name)
        print(f"  {name:16s} {np.mean(on):.3f} ({np.mean(hard):.3f}, {len(hard)}) / {np.mean(slip):.3f} ({len(slip)})"
              f" / {np.mean(rest):.3f}", flush=True)
    print("per set, forms of on-topic / off-topic questions (question, keyword, statement):")
    for i, questions in enumerate(sets):
        def counts(off_topic: bool) -> str:
            kinds = [f["form"] for off, f in questions if off == off_topic]
            return "/".join(str(kinds.count(k)) for k in FORMS[:3])
        print(f"  set {i}: on {counts(False)}  off {counts(True)}", flush=True)


def confidences(q, rank: int) -> np.ndarray:
    """Per leg of a bench.tuning.tune_seventh question: 1 − its normalised score at `rank`."""
    present = np.isfinite(q.rank)
    out = np.zeros(len(q.norm))
    for j in range(len(q.norm)):
        values = np.sort(q.norm[j][present[j]])[::-1]
        out[j] = 1.0 - values[min(rank, len(values)) - 1] if len(values) else 0.0
    return out


def weighted(config, conf: np.ndarray, gamma: float, rank_too: bool):
    """`config` with each leg's weight × its confidence ** gamma (score part renormalised to its sum)."""
    scale = np.maximum(conf, 1e-3) ** gamma
    score = np.array(config.score) * scale[:len(config.score)]
    score = score * sum(config.score) / score.sum() if score.sum() > 0 else np.array(config.score)
    rrf = np.array(config.rrf) * scale[:len(config.rrf)] if rank_too else np.array(config.rrf)
    if rrf.sum() <= 0:
        rrf = np.array(config.rrf)
    return type(config)(tuple(float(x) for x in score), tuple(float(x) for x in rrf), config.k, config.share)


GAMMAS = (-1.0, -0.5, 0.25, 0.5, 1.0, 2.0, 4.0)


def fusion(paths: list[Path], data_dir: Path) -> None:
    """Hybrid with per-question leg weights by the legs' own confidence, chosen leave-one-set-out."""
    from bench.tuning import tune_seventh
    from bench.tuning.tune_sixth import loaded_sets

    sets, naive = loaded_sets(paths, data_dir, tune_seventh.load)
    names = [t.name for t in sets]
    product = tune_seventh.ADOPTED
    options = [("the product (gamma 0)", 0.0, 10, False)] + [
        (f"gamma {g:+g} at rank {r}{' +rank' if both else ''}", g, r, both)
        for g, r, both in itertools.product(GAMMAS, (5, 10), (False, True))]
    values = np.zeros((len(options), len(sets)))
    per_question = []
    for i, t in enumerate(sets):
        conf = {r: [confidences(q, r) for q in t.questions] for r in (5, 10)}
        table = np.array([[q.ndcg(weighted(product, conf[r][n], g, both)) for n, q in enumerate(t.questions)]
                          for _, g, r, both in options])
        per_question.append(table)
        values[:, i] = table.mean(axis=1)
    print("hybrid nDCG@10 per tuning half (" + " ".join(names) + "), margins over naive RRF in points")
    for (label, *_), row in zip(options, values):
        m = (row - naive) * 100
        print(f"  {label:28s} " + " ".join(f"{v:.4f}" for v in row) + f"  macro {row.mean():.4f}  margins "
              + " ".join(f"{x:+.2f}" for x in m) + f"  worst {m.min():+.2f}", flush=True)
    for j, (label, *_) in enumerate(options[1:], 1):
        d = [(tab[j] - tab[0]) * 100 for tab in per_question]
        if abs(values[j] - values[0]).max() > 0.004:
            print(f"  per question against the product, {label}: " + " ".join(
                f"{x.mean():+.2f}±{x.std(ddof=1) / np.sqrt(len(x)):.2f}" for x in d), flush=True)
    tune_ninth.loso_choice([o[0] for o in options], (values - naive[None, :]) * 100, 0, names)


DELTAS = (0.0, 0.1, 0.25, 0.4, 0.5, 0.6, 0.75, 1.0, 1.5)


def lexical(paths: list[Path], data_dir: Path) -> None:
    """The lexical mode with BM25+'s lower bound (Lv and Zhai 2011): each query term a document
    holds adds at least delta × its idf, however long the document (whole-document BM25 over the
    lemmas with known forms + 0.5 × over the stems, store._bm25_documents, as the product), against
    BM25+Snowball; chosen leave-one-set-out like the fusion."""
    import store._bm25_documents as whole
    from bench.metrics import ndcg_at
    from bench.tuning.tune_documents import analysed
    from bench.tuning.tune_sixth import rows_in_memory
    from search._retrieve import CANDIDATES, LEXICAL_STEMS

    plain = whole._bm25

    def bm25_plus(delta: float) -> Callable:
        def scored(view, groups, k1, b):
            out = plain(view, groups, k1, b)
            if delta:
                for group in groups:   # delta × idf for each document holding the group's terms
                    held = plain(view, [group], 1e9, 0.0) > 0
                    out[held] += delta * whole._idf(len(view.documents), int(held.sum()))
            return out
        return scored

    names, values = [], np.zeros((len(DELTAS), len(paths)))
    bm25 = np.zeros(len(paths))
    per_question: list[np.ndarray] = []
    try:
        for i, directory in enumerate(paths):
            s = analysed([directory], data_dir / f"tune_fourth-{directory.resolve().name}.pickle")[0]
            names.append(s["name"])
            everything = rows_in_memory(s)
            ids = s["doc_ids"]
            rows = [(s["qrels"][q["id"]], s["terms"]["lemma"][1][n], s["bm25"][n])
                    for n, q in enumerate(s["queries"]) if not q.get("offtopic")]
            bm25[i] = np.mean([ndcg_at(b, qrels) for qrels, _, b in rows])
            table = []
            for j, delta in enumerate(DELTAS):
                whole._bm25 = bm25_plus(delta)
                table.append([ndcg_at([ids[d] for d, _, _ in whole.documents_within(
                    everything, whole.known_forms(everything, terms), CANDIDATES, stems=LEXICAL_STEMS)], qrels)
                    for qrels, terms, _ in rows])
            per_question.append(np.array(table))
            values[:, i] = per_question[-1].mean(axis=1)
    finally:
        whole._bm25 = plain
    print("lexical mode nDCG@10 per tuning half (" + " ".join(names) + "), margins over BM25+Snowball in points")
    print("  bm25+snowball " + " ".join(f"{v:.4f}" for v in bm25))
    for delta, row in zip(DELTAS, values):
        m = (row - bm25) * 100
        print(f"  delta {delta:<5g}  " + " ".join(f"{v:.4f}" for v in row) + f"  macro {row.mean():.4f}  margins "
              + " ".join(f"{x:+.2f}" for x in m) + f"  worst {m.min():+.2f}", flush=True)
    for j, delta in enumerate(DELTAS[1:], 1):
        print(f"  per question against delta 0, delta {delta:g}: " + " ".join(
            f"{d.mean():+.2f}±{d.std(ddof=1) / np.sqrt(len(d)):.2f}" for d in ((t[j] - t[0]) * 100 for t in per_question)),
            flush=True)
    tune_ninth.loso_choice([f"delta {d:g}" for d in DELTAS], (values - bm25[None, :]) * 100, 0, names)


def main(argv: list[str]) -> int:
    def score(args: argparse.Namespace, names: list[str]) -> None:
        sets = load(args.data_dir / "cache" / "floor-rule", names)
        tune_ninth.report(names, sets, means, decisions(tuple(args.only)), tuple(args.keep), args.verbose)

    return command.floor_round(argv, "score: the floor's decisions over tune_floor_rule's dumps; fusion: the legs "
                               "weighted per question by their confidence; lexical: BM25+'s lower bound",
                               "floor-rule", {}, {"fusion": fusion, "lexical": lexical}, score)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
