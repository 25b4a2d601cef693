"""A relevance floor of a new form: a small decision rule over query-level features that
do not depend on the hybrid fusion, chosen on the tuning halves only and checked
leave-one-set-out (`python -m bench.tuning.tune_floor_rule SET... --data-dir DIR`; seventh
round, docs/history/searching-rounds.md "Floor, seventh round").

Per tuning question (on-topic and off-topic of split `tune`), from the dense and the
lexical rankings alone (no fused score, no hybrid head):

- `cos`: the best passage's cosine; `spread`: the standard deviation of the query's
  cosines over every visible passage; `gap5`, `gap10`: `cos` less the 5th / 10th dense
  document's best cosine;
- `evidence_k` (k = 1, 3, 5): the largest share, over the first k dense documents, of the
  query's idf-weighted content terms (the lexical analysis's lemmas, stop words out) that
  the document's text holds anywhere (idf over the visible passages; a term no visible
  passage holds keeps its idf and counts as missing); `plain_k` the same unweighted;
- `agree_k`: the share of the dense top k documents that are also in the lexical top k.

Decisions are fitted on the training sets: logistic regression (balanced classes,
standardised features) over a few features, its score thresholded at the highest value that
keeps an answer for `keep` of every training set's on-topic questions
(bench.tuning.tune_floor.threshold), and the product's rule (cosine + 0.03 × coverage − 2 ×
spread over the hybrid head, search._floor before this round) for comparison. Only tuning
halves are loaded (bench.tuning.tune.prepare). `--stage dump` ranks and pickles each set's questions
under DIR/cache/floor-rule; `--stage score` prints every decision pooled and leave-one-set-out.
The dump also holds what the eighth round's features read (bench/tuning/tune_eighth.py): the question's
best passage cosines, its mean cosine over every passage, its cosine with each of its five best
documents' mean passage vector, its word count, its five best passages' hubness and a probe of
its terms no visible passage holds (embedded alone, so the dump needs the model).

Adopted (search._floor, seventh round): the grid's question-level form with the evidence of
the dense top 3, cosine + 0.03 × evidence_3 − 2.5 × spread ≥ 0.81364; leave-one-set-out at a
97.5% keep 31 of 196 off-topic tuning questions answered against 53 for the rule before
(docs/history/searching-rounds.md, "Floor, seventh round").
"""
from __future__ import annotations

import itertools
import math
import pickle
import re
import sys
from pathlib import Path
from typing import Callable

import numpy as np

from bench.tuning import command, tune_floor

Question = tuple[bool, dict]
Score = Callable[[dict], float]
KS = (1, 2, 3, 4, 5)


NEAR_DOMAIN = Path(__file__).resolve().parent / "data" / "floor_near_domain_nl.txt"


def near_domain(path: Path = NEAR_DOMAIN) -> list[str]:
    return [line.strip() for line in path.read_text(encoding="utf-8").splitlines()
            if line.strip() and not line.startswith("#")]


def dump(sets: list[Path], data_dir: Path, out: Path, extra: bool = False) -> None:
    """Per set and tuning question: the raw material of every feature, pickled. With `extra`,
    the near-domain questions of bench/tuning/data/floor_near_domain_nl.txt are added as off-topic
    tuning questions of every care set (not of the Rijksoverheid FAQ), marked `extra`."""
    import models
    from bench.evaluate import CachedQueries, load_dataset
    from bench.tuning.tune import (
        DEFAULT,
        Lexical,
        _terms,
        floor_features,
        judged_head,
        lexical_rankings,
        prepare,
        spread,
    )
    from search._fusion import by_document
    from search._retrieve import FUSION

    embedder = CachedQueries(models.get_embedder(models.DEFAULT_MODEL, data_dir / "models"))
    out.mkdir(parents=True, exist_ok=True)
    for directory in sets:
        dataset = load_dataset(directory)
        if extra and dataset.name != "rijksoverheid-faq":
            dataset.offtopic += [{"id": f"near-{i}", "text": text, "half": "tune", "extra": True}
                                 for i, text in enumerate(near_domain())]
        p = prepare(dataset, embedder, data_dir / "cache" / "eval")
        lexical = lexical_rankings(p, Lexical(DEFAULT))
        _, _, query_terms = _terms(p, DEFAULT)
        product = floor_features(p, lexical, FUSION)
        chunk_terms = {int(pk): set(p.bodies.get(int(pk), "").split()) for pk in p.chunk_pks}
        doc_terms: dict[int, set[str]] = {}
        for pk, terms in chunk_terms.items():
            doc_terms.setdefault(p.document_of[pk], set()).update(terms)
        frequency: dict[str, int] = {}
        for terms in chunk_terms.values():
            for term in terms:
                frequency[term] = frequency.get(term, 0) + 1
        from text import stem as stem_of

        stems_of = {t: stem_of(t) for terms in chunk_terms.values() for t in terms}
        doc_stems = {pk: {stems_of[t] for t in terms} for pk, terms in doc_terms.items()}
        stem_frequency: dict[str, int] = {}
        for terms in chunk_terms.values():
            for stem in {stems_of[t] for t in terms}:
                stem_frequency[stem] = stem_frequency.get(stem, 0) + 1
        rows = []
        assert p.matrix is not None and p.query_vectors is not None
        centroid = p.matrix.mean(axis=0)
        rows_of: dict[int, list[int]] = {}
        for row, pk in enumerate(p.chunk_pks):
            rows_of.setdefault(p.document_of[int(pk)], []).append(row)
        row_of = {int(pk): row for row, pk in enumerate(p.chunk_pks)}
        documents = np.array([p.document_of[int(pk)] for pk in p.chunk_pks])
        for i, query in enumerate(p.queries):
            dense_docs = by_document(p.dense[i], p.document_of)
            lex_docs = by_document(lexical[i], p.document_of)
            terms = query_terms[i]
            off, docs, spread_of = product[i]
            head = judged_head(p, i, lexical[i], p.dense[i], FUSION, 50)
            candidates = {d.document_pk for d in head.documents} | {d.document_pk for d in dense_docs[:20]}
            rows.append({
                "off": bool(query.get("offtopic")), "extra": bool(query.get("extra")), "text": query["text"], "terms": terms,
                "df": {t: frequency.get(t, 0) for t in terms}, "passages": len(chunk_terms),
                "dense": [(d.document_pk, max(s for _, s in d.chunks)) for d in dense_docs[:20]],
                "lexical": [d.document_pk for d in lex_docs[:20]],
                "held": [[t for t in terms if t in doc_terms.get(d.document_pk, set())] for d in dense_docs[:5]],
"head": [d.document_pk for d in head.documents], "low": head.low,
                "cosine": {d.document_pk: max(s for _, s in d.chunks) for d in dense_docs},
                "held_all": {pk: [t for t in terms if t in doc_terms.get(pk, set())] for pk in candidates},
"held_stem": {pk: [t for t in terms if stem_of(t) in doc_stems.get(pk, set())]
                              for pk, _ in [(d.document_pk, 0) for d in dense_docs[:5]]},
                "df_stem": {t: stem_frequency.get(stem_of(t), 0) for t in terms},
                "held_best": [t for t in terms if t in chunk_terms.get(p.dense[i][0][0], set())],
                "passage_cos": [s for _, s in p.dense[i]], "mean_all": float(centroid @ p.query_vectors[i]),
                "doc_mean_cos": [float(p.query_vectors[i] @ _unit(p.matrix[rows_of[d.document_pk]].mean(axis=0)))
                                 for d in dense_docs[:5]],
                "words": len(_WORD.findall(query["text"])),
                "hub": [_hub(p.matrix, documents, row_of[pk]) for pk, _ in p.dense[i][:5]],
                "probe": _probe(embedder, p.matrix[[row_of[pk] for pk, _ in p.dense[i][:20]]],
                                [t for t in terms if not frequency.get(t, 0)]),
                "spread": spread(p, i), "product": max((c + 0.03 * v for c, v in docs), default=0.0) - 2 * spread_of,
            })
        (out / f"{p.name}.pkl").write_bytes(pickle.dumps(rows))
        print("dumped", p.name, len(rows), "questions", flush=True)


_WORD = re.compile(r"[^\W_]+")


def _unit(vector):
    return vector / max(float((vector @ vector) ** 0.5), 1e-12)


def _hub(matrix, documents, row: int, k: int = 10) -> float:
    """A passage's hubness: the mean cosine of its `k` nearest passages of other documents."""
    cosines = matrix @ matrix[row]
    return float(np.sort(cosines[documents != documents[row]])[-k:].mean())


def _probe(embedder, passages, absent: list[str]) -> dict:
    """How well the question's best passages hold, in other words, its terms that no visible
    passage holds: the best cosine of those terms embedded together (`all`), and of each alone
    (`each`), with the given passage vectors."""
    if not absent:
        return {"all": None, "each": []}
    vectors = embedder.embed_queries([" ".join(absent)] + absent)
    cosines = (passages @ vectors.T).max(axis=0)
    return {"all": float(cosines[0]), "each": [float(c) for c in cosines[1:]]}


def idf(row: dict, term: str) -> float:
    """Lucene's idf over the visible passages (search._floor.evidence)."""
    n, df = row["passages"], row["df"][term]
    return math.log(1 + (n - df + 0.5) / (df + 0.5))


def features(row: dict) -> dict:
    weights = {t: idf(row, t) for t in row["terms"]}
    total = sum(weights.values())
    cosines = [c for _, c in row["dense"]]
    f = {"cos": cosines[0], "spread": row["spread"], "product": row["product"], "extra": row.get("extra", False),
         "gap5": cosines[0] - cosines[min(4, len(cosines) - 1)], "gap10": cosines[0] - cosines[min(9, len(cosines) - 1)],
         "terms": float(len(row["terms"]))}
    for k in KS:
        held = row["held"][:k]
        f[f"evidence_{k}"] = max((sum(weights[t] for t in h) / total for h in held), default=0.0) if total else 0.0
        f[f"plain_{k}"] = max((len(h) / len(row["terms"]) for h in held), default=0.0) if row["terms"] else 0.0
        dense_top = {pk for pk, _ in row["dense"][:k]}
        f[f"agree_{k}"] = len(dense_top & set(row["lexical"][:k])) / k
    if "held_stem" in row:   # a term held when any form of its Snowball stem is (df counted alike)
        n = row["passages"]
        stem_weights = {t: math.log(1 + (n - df + 0.5) / (df + 0.5)) for t, df in row["df_stem"].items()}
        stem_total = sum(stem_weights.values())
        held_stem = [row["held_stem"][pk] for pk, _ in row["dense"][:5]]
        for k in KS:
            f[f"stem_{k}"] = (max((sum(stem_weights[t] for t in h) / stem_total for h in held_stem[:k]), default=0.0)
                              if stem_total else 0.0)
    f["evidence_best"] = sum(weights[t] for t in row["held_best"]) / total if total else 0.0
    if "head" in row:   # each judged document's (cosine, evidence), as search._floor.judge reads them
        share = {pk: (sum(weights[t] for t in held) / total if total else 0.0) for pk, held in row["held_all"].items()}
        f["docs"] = [(row["cosine"].get(pk, row["low"]), share[pk]) for pk in row["head"]]
        f["dense_docs"] = [(c, share.get(pk, 0.0)) for pk, c in row["dense"][:20]]
    return f


def per_document(f: dict, a: float, b: float, of: str = "docs") -> float:
    """The best judged document's cosine + a × its evidence, less b × the spread."""
    return max((c + a * e for c, e in f[of]), default=0.0) - b * f["spread"]


def question_level(f: dict, a: float, b: float, k: int = 3) -> float:
    """The best cosine + a × the best evidence of the dense top k, less b × the spread."""
    return f["cos"] + a * f[f"evidence_{k}"] - b * f["spread"]


EVIDENCE = (0.0, 0.01, 0.015, 0.02, 0.025, 0.03, 0.04, 0.05, 0.06, 0.08)
SPREADS = (0.0, 1.0, 2.0, 2.5, 3.0, 4.0)


def grid(score: Callable[..., float], label: str) -> Callable:
    """`score(f, a, b)` with (a, b) from the grid answering the fewest off-topic training questions
    (ties: the smaller weights)."""
    def fit(train: list[list[Question]], keep: float) -> tuple[Score, str]:
        def scored(a: float, b: float) -> Score:
            return lambda f: score(f, a, b)
        a, b = min(itertools.product(EVIDENCE, SPREADS),
                   key=lambda ab: (tune_floor.answered(train, scored(*ab), keep), ab))
        return scored(a, b), f"{label} a={a} b={b}"
    return fit


def logistic(names: tuple[str, ...], strength: float = 1.0) -> Callable:
    """Logistic regression (balanced classes) over `names`; the score is its linear part."""
    def fit(train: list[list[Question]], keep: float) -> tuple[Score, str]:
        coefficients, intercept = tune_floor.fit_logistic(train, names, strength, 2000)
        return ((lambda f: intercept + float(sum(c * f[n] for c, n in zip(coefficients, names)))),
                f"intercept={intercept:+.4f} " + " ".join(f"{n}={c:+.4f}" for n, c in zip(names, coefficients)))
    return fit


def fixed(name: str) -> Callable:
    return lambda train, keep: ((lambda f: f[name]), "")


def decisions(heads: bool) -> list[tuple[str, Callable]]:
    out: list[tuple[str, Callable]] = [("product: cos+0.03cov-2spread (hybrid head)", fixed("product")),
                                       ("cos alone", fixed("cos"))]
    base = ("cos", "spread")
    out.append(("logistic cos+spread", logistic(base)))
    for extra in (("evidence_1",), ("evidence_3",), ("evidence_5",), ("plain_1",), ("plain_3",), ("evidence_best",),
                  ("agree_3",), ("agree_5",), ("gap5",), ("gap10",), ("evidence_3", "agree_5"),
                  ("evidence_3", "gap10"), ("evidence_1", "evidence_5"), ("evidence_3", "terms")):
        out.append((f"logistic cos+spread+{'+'.join(extra)}", logistic(base + extra)))
    out.append(("logistic cos+evidence_3", logistic(("cos", "evidence_3"))))
    if heads:
        out.append(("product at its threshold 0.8225", at(fixed("product"), 0.8225)))
        out.append(("grid per document (judged head)", grid(per_document, "per-document")))
        out.append(("grid per document (dense top 20)", grid(lambda f, a, b: per_document(f, a, b, "dense_docs"), "dense20")))
        for k in KS:
            out.append((f"grid question-level stem_{k}", grid(lambda f, a, b, k=k: f["cos"] + a * f[f"stem_{k}"]
                                                               - b * f["spread"], f"s{k}")))
        for k in KS:
            out.append((f"grid question-level evidence_{k}", grid(lambda f, a, b, k=k: question_level(f, a, b, k), f"q{k}")))
    return out


def at(fit: Callable, line: float) -> Callable:
    """A decision at a fixed threshold (marked by `line` in its constants)."""
    def fitted(train: list[list[Question]], keep: float) -> tuple[Score, str]:
        score, _ = fit(train, keep)
        return score, f"fixed threshold {line}"
    fitted.line = line  # type: ignore[attr-defined]
    return fitted


def loso_rates(sets: list[list[Question]], fit: Callable, keep: float,
               verbose: bool = False) -> list[tuple[int, int, int, int]]:
    """Per held-back set: (on-topic kept, on-topic, off-topic answered, off-topic)."""
    out = []
    for i, questions in enumerate(sets):
        train = sets[:i] + sets[i + 1:]
        score, constants = fit(train, keep)
        line = getattr(fit, "line", None) or tune_floor.threshold(train, score, keep)
        if verbose:
            print(f"   fold without set {i}: {constants} threshold {line:.4f}", flush=True)
        on = [score(f) >= line for off, f in questions if not off]
        offs = [score(f) >= line for off, f in questions if off]
        out.append((sum(on), len(on), sum(offs), len(offs)))
    return out


def pooled(sets: list[list[Question]], fit: Callable, keep: float) -> tuple[list[tuple[int, int, int, int]], str, float]:
    score, constants = fit(sets, keep)
    line = getattr(fit, "line", None) or tune_floor.threshold(sets, score, keep)
    out = []
    for questions in sets:
        on = [score(f) >= line for off, f in questions if not off]
        offs = [score(f) >= line for off, f in questions if off]
        out.append((sum(on), len(on), sum(offs), len(offs)))
    return out, constants, line


def _cells(rates: list[tuple[int, int, int, int]]) -> str:
    answered = sum(a for *_, a, _ in rates)
    total = sum(n for *_, n in rates)
    worst = max(a / n for *_, a, n in rates)
    return (" ".join(f"{k}/{n},{a}/{m}" for k, n, a, m in rates)
            + f" | off {answered}/{total}={answered / total:.3f} worst {worst:.3f}"
            + f" minkeep {min(k / n for k, n, *_ in rates):.3f}")


def score_all(names: list[str], sets: list[list[Question]], keeps: tuple[float, ...] = (0.975, 0.95)) -> None:
    print("sets:", " ".join(names), flush=True)
    for keep, (label, fit) in itertools.product(keeps, decisions("docs" in sets[0][0][1])):
        rates, constants, line = pooled(sets, fit, keep)
        print(f"keep={keep:.3f} {label:48s} pooled  {_cells(rates)} | {constants} threshold {line:.4f}", flush=True)
        print(f"keep={keep:.3f} {label:48s} loso    {_cells(loso_rates(sets, fit, keep, 'grid' in label))}",
              flush=True)


def print_decisions(sets: list[list[Question]], decided: list[tuple[str, Callable]], keeps: tuple[float, ...],
                    verbose: bool = False) -> None:
    """Each decision at each keep, pooled (fitted on every set) and leave-one-set-out, one line each
    (bench.tuning.tune_ninth and bench.tuning.tune_tenth)."""
    for keep, (label, fit) in itertools.product(keeps, decided):
        rates, constants, line = pooled(sets, fit, keep)
        print(f"keep={keep:.3f} {label:44s} pooled {_cells(rates)} | {constants} threshold {line:.5f}", flush=True)
        print(f"keep={keep:.3f} {label:44s} loso   {_cells(loso_rates(sets, fit, keep, verbose))}", flush=True)


ADOPTED = (0.03, 2.5, 0.81364)  # search._floor's evidence weight, spread weight and threshold


def score_extra(names: list[str], sets: list[list[Question]], keep: float = 0.975) -> None:
    """The near-domain questions of bench/tuning/data (`--extra`): how many the adopted rule answers per
    care corpus, and the grid refitted with them as off-topic training questions (pooled, and
    leave-one-set-out scored on each held-back set's own questions and its near-domain ones)."""
    a, b, line = ADOPTED

    def counted(questions: list[Question], score: Score, at: float) -> str:
        on = [score(f) >= at for off, f in questions if not off]
        offs = [score(f) >= at for off, f in questions if off and not f["extra"]]
        near = [score(f) >= at for off, f in questions if f["extra"]]
        return f"{sum(on)}/{len(on)},{sum(offs)}/{len(offs)},near {sum(near)}/{len(near)}"

    adopted: Score = lambda f: question_level(f, a, b, 3)  # noqa: E731
    print("adopted rule:", " ".join(f"{n}={counted(q, adopted, line)}" for n, q in zip(names, sets)), flush=True)
    fit = grid(lambda f, a, b: question_level(f, a, b, 3), "q3+near")
    score, constants = fit(sets, keep)
    at = tune_floor.threshold(sets, score, keep)
    print(f"refitted with the near-domain questions: {constants} threshold {at:.4f}:",
          " ".join(f"{n}={counted(q, score, at)}" for n, q in zip(names, sets)), flush=True)
    folds = []
    for i, questions in enumerate(sets):
        train = sets[:i] + sets[i + 1:]
        score, constants = fit(train, keep)
        at = tune_floor.threshold(train, score, keep)
        folds.append(f"{names[i]}={counted(questions, score, at)} ({constants} {at:.4f})")
    print("refitted, leave-one-set-out:", " | ".join(folds), flush=True)


def load(out: Path, names: list[str]) -> list[list[Question]]:
    return [[(row["off"], features(row)) for row in pickle.loads((out / f"{name}.pkl").read_bytes())]
            for name in names]


def main(argv: list[str]) -> int:
    parser = command.arguments()
    parser.add_argument("--stage", choices=("dump", "score", "all"), default="all")
    parser.add_argument("--extra", action="store_true",
                        help="add bench/tuning/data/floor_near_domain_nl.txt as off-topic questions of the care sets")
    args = parser.parse_args(argv)
    out = args.data_dir / "cache" / ("floor-rule-extra" if args.extra else "floor-rule")
    if args.stage in ("dump", "all"):
        dump(args.sets, args.data_dir, out, args.extra)
    if args.stage in ("score", "all"):
        from bench.evaluate import load_dataset

        names = [load_dataset(d).name for d in args.sets]
        (score_extra if args.extra else score_all)(names, load(out, names))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
