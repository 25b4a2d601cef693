"""Floor, ninth round: evidence of new kinds, chosen leave-one-set-out on tuning halves only
(`python -m bench.tuning.tune_ninth SET... --data-dir DIR`; docs/history/searching-rounds.md, "Floor, ninth round").

Reads bench.tuning.tune_floor_rule's per-set dumps of the tuning questions (on-topic and off-topic of
split `tune`; `python -m bench.tuning.tune_floor_rule SET... --data-dir DIR --stage dump`) and, with
`--stage dump`, writes a second dump per set under DIR/cache/floor-ninth with the raw material
of this round's features (held-out questions are never loaded: bench.tuning.tune.prepare):

- coherence of what the dense leg found: `coh_k` (k = 5, 10, 20), the mean pairwise cosine of
  the question's best k passages; `doc_coh_k` (k = 3, 5, 10), the same over the best passage
  of each of its best k documents (an on-topic question finds passages about one subject;
  a near-domain one may find passages each matching another of its words);
- `drift_k` (k = 5, 10): the cosine of the question with the normalised mean of its best k
  passages, less the best cosine (how well the neighbourhood as a whole matches);
- the legs' agreement in meaning rather than identity: `lexcos_k` (k = 1, 3), the best cosine
  of the lexical leg's best k documents (their best passage by cosine, any passage), mean
  over the k, less the best cosine; `legvec`, the cosine between the dense leg's best passage
  and the lexical leg's best passage;
- `strip_*`: the question's content terms (its lemmas, stop words out) embedded alone: their
  best cosine less the question's (`strip_gap`), and whether their best document is the
  question's (`strip_same`): a question whose closeness comes from its phrasing ("Hoe vraag
  ik ... aan als verpleegkundige?") rather than its subject loses more;
- `term_*`: each content term embedded alone, its best cosine among the passages of the
  question's three best-cosine documents, less its best cosine over every passage: the
  idf-weighted mean (`term_mean`) and the worst (`term_min`): does the best document speak
  of each of the question's subjects as well as the corpus can;
- from the first dump: `z` = (best cosine − mean cosine) / spread, the margin over the corpus's
  own distribution for that question; `miss_idf`, the largest idf of a term the document of
  the best evidence lacks (normalised by the largest idf of any term of the question);
  `lexev_1`, the evidence of the lexical leg's best document;
- insertion: the best passage embedded as a passage alone and with the question appended
  (a bi-encoder's stand-in for reading the two together): `ins_drop`, 1 − the cosine between the
  two (how much the question adds to what the passage says), `ins_gain`, how much closer to the
  question the passage moves.

Decisions (bench.tuning.tune_eighth): the seventh round's rule plus c × one feature, c from a grid,
and logistic regression over cos, spread, evidence_3 and the feature, each thresholded at the
highest value keeping 97.5% (`--keep`) of every training set's on-topic questions, scored
leave-one-set-out (fitted on eight sets, scored on the ninth).

Measured (6 December; the nine sets' tuning halves, 550 on-topic and 248 off-topic questions;
keep 97.5%, leave-one-set-out, off-topic answered): the rule 34 (13.7%); +ins_gain 31 (better on
three held-back sets, worse on eval-cases-2), +strip_gap 32, logistic with z 31 (better on two),
the eighth round's +stand_50 30 (better on two, worse on none); every other feature 34-37 with c
and 35-54 by logistic, some with a held-back set keeping under 97%. Nothing wins across the
folds; the floor is unchanged (docs/history/searching-rounds.md, "Floor, ninth round").

`--stage retrieval` (the round's second priority) chooses hybrid's fusion among the seventh
round's grid (bench.tuning.tune_seventh, by the worst or the mean margin over naive RRF) and the lexical
mode among its variants (over BM25+Snowball) on eight sets' tuning halves and scores the ninth:
the choice is worse than the product's on the held-back set in 7 of 9 folds (fusion, both
criteria) and in 5-7 (lexical), so neither changes.
"""
from __future__ import annotations

import argparse
import pickle
import sys
from pathlib import Path
from typing import Callable

import numpy as np

from bench.tuning import command, tune_eighth, tune_floor_rule

Question = tuple[bool, dict]
Score = Callable[[dict], float]
COH = (5, 10, 20)
DOC_COH = (3, 5, 10)
DRIFT = (5, 10)
NEW = tuple(f"coh_{k}" for k in COH) + tuple(f"doc_coh_{k}" for k in DOC_COH) + tuple(
    f"drift_{k}" for k in DRIFT) + ("lexcos_1", "lexcos_3", "legvec", "strip_gap", "strip_same", "term_mean",
                                    "term_min", "z", "miss_idf", "lexev_1", "ins_drop", "ins_gain")
C_GRID = {name: tuple(step * x for x in (-4, -3, -2, -1.5, -1, -0.5, -0.25, 0.25, 0.5, 1, 1.5, 2, 3, 4))
          for name, step in (("coh", 0.05), ("doc_coh", 0.05), ("drift", 0.25), ("lexcos", 0.1), ("legvec", 0.05),
                             ("strip_gap", 0.1), ("strip_same", 0.005), ("term_mean", 0.1), ("term_min", 0.05),
                             ("z", 0.002), ("miss_idf", 0.01), ("lexev", 0.01), ("ins", 0.1))}


def _pairwise(vectors: np.ndarray) -> float:
    """The mean cosine between distinct rows (unit vectors)."""
    n = len(vectors)
    if n < 2:
        return 1.0
    gram = vectors @ vectors.T
    return float((gram.sum() - np.trace(gram)) / (n * (n - 1)))


def _unit(vector: np.ndarray) -> np.ndarray:
    return vector / max(float(np.linalg.norm(vector)), 1e-12)


def _insertion(embedder, passage: str, question: str, vector: np.ndarray) -> tuple[float, float, float]:
    """The best passage embedded alone and with the question appended (each alone, as the
    bundled model's int8 scales are per batch): (cosine between the two, the question's cosine
    with the first, with the second)."""
    alone = embedder.embed_passages([passage])[0]
    joined = embedder.embed_passages([passage + "\n" + question])[0]
    return float(alone @ joined), float(alone @ vector), float(joined @ vector)


def dump(sets: list[Path], data_dir: Path, out: Path) -> None:
    import models
    from bench.evaluate import CachedQueries, load_dataset
    from bench.tuning.tune import DEFAULT, Lexical, _terms, lexical_rankings, prepare
    from search._fusion import by_document

    embedder = CachedQueries(models.get_embedder(models.DEFAULT_MODEL, data_dir / "models"))
    out.mkdir(parents=True, exist_ok=True)
    for directory in sets:
        p = prepare(load_dataset(directory), embedder, data_dir / "cache" / "eval")
        assert p.matrix is not None and p.query_vectors is not None
        matrix = np.asarray(p.matrix, dtype=np.float32)
        lexical = lexical_rankings(p, Lexical(DEFAULT))
        _, _, query_terms = _terms(p, DEFAULT)
        row_of = {int(pk): row for row, pk in enumerate(p.chunk_pks)}
        rows_of: dict[int, list[int]] = {}
        for row, pk in enumerate(p.chunk_pks):
            rows_of.setdefault(p.document_of[int(pk)], []).append(row)
        stripped = embedder.embed_queries([" ".join(t) if t else q["text"] for q, t in zip(p.queries, query_terms)])
        rows = []
        for i, query in enumerate(p.queries):
            vector = p.query_vectors[i]
            cosines = matrix @ vector
            dense_docs = by_document(p.dense[i], p.document_of)
            lex_docs = by_document(lexical[i], p.document_of)
            top = [row_of[pk] for pk, _ in p.dense[i][:20]]
            doc_best = [row_of[d.chunks[0][0]] for d in dense_docs[:10]]
            lex_best = [float(cosines[rows_of[d.document_pk]].max()) for d in lex_docs[:3]]
            strip_cos = matrix @ stripped[i]
            terms = query_terms[i]
            best3 = [r for d in dense_docs[:3] for r in rows_of[d.document_pk]]
            term_rows = []
            if terms:
                term_vectors = embedder.embed_queries(terms)
                every = matrix @ term_vectors.T
                term_rows = [(t, float(every[best3, j].max()), float(every[:, j].max())) for j, t in enumerate(terms)]
            rows.append({
                "off": bool(query.get("offtopic")), "text": query["text"],
                "coh": {k: _pairwise(matrix[top[:k]]) for k in COH},
                "doc_coh": {k: _pairwise(matrix[doc_best[:k]]) for k in DOC_COH},
                "drift": {k: float(vector @ _unit(matrix[top[:k]].mean(axis=0))) for k in DRIFT},
                "lexcos": lex_best,
                "legvec": (float(matrix[top[0]] @ matrix[row_of[lex_docs[0].chunks[0][0]]]) if lex_docs else 0.0),
                "strip_best": float(strip_cos.max()),
                "strip_same": bool(dense_docs) and (
                    p.document_of[int(p.chunk_pks[int(strip_cos.argmax())])] == dense_docs[0].document_pk),
                "terms": term_rows,
                "insert": _insertion(embedder, p.chunk_docs[top[0]].text, query["text"], vector),
            })
        (out / f"{p.name}.pkl").write_bytes(pickle.dumps(rows))
        print("dumped", p.name, len(rows), "questions", flush=True)


def features(row: dict, extra: dict) -> dict:
    f = tune_eighth.features(row)
    best = f["cos"]
    for k in COH:
        f[f"coh_{k}"] = extra["coh"][k]
    for k in DOC_COH:
        f[f"doc_coh_{k}"] = extra["doc_coh"][k]
    for k in DRIFT:
        f[f"drift_{k}"] = extra["drift"][k] - best
    lexcos = extra["lexcos"] or [row["low"]]
    f["lexcos_1"] = lexcos[0] - best
    f["lexcos_3"] = float(np.mean(lexcos)) - best
    f["legvec"] = extra["legvec"]
    f["strip_gap"] = extra["strip_best"] - best
    f["strip_same"] = float(extra["strip_same"])
    weights = {t: tune_floor_rule.idf(row, t) for t in row["terms"]}
    total = sum(weights.values())
    gaps = {t: inside - anywhere for t, inside, anywhere in extra["terms"]}
    f["term_mean"] = sum(weights[t] * gaps[t] for t in gaps) / total if total and gaps else 0.0
    f["term_min"] = min(gaps.values(), default=0.0)
    f["z"] = (best - row["mean_all"]) / row["spread"]
    top = max(weights.values(), default=0.0)
    held: list[str] = max(row["held"][:3], key=lambda h: sum(weights[t] for t in h), default=[])
    f["miss_idf"] = max((weights[t] for t in row["terms"] if t not in held), default=0.0) / top if top else 0.0
    lexical_best = row["lexical"][0] if row["lexical"] else None
    held_lex = row["held_all"].get(lexical_best, []) if lexical_best is not None else []
    f["lexev_1"] = sum(weights[t] for t in held_lex) / total if total else 0.0
    together, alone, joined = extra["insert"]
    f["ins_drop"] = 1 - together
    f["ins_gain"] = joined - alone
    return f


def load(data_dir: Path, names: list[str]) -> list[list[Question]]:
    first, second = data_dir / "cache" / "floor-rule", data_dir / "cache" / "floor-ninth"
    out = []
    for name in names:
        rows = pickle.loads((first / f"{name}.pkl").read_bytes())
        extras = pickle.loads((second / f"{name}.pkl").read_bytes())
        assert [r["text"] for r in rows] == [e["text"] for e in extras], name
        out.append([(row["off"], features(row, extra)) for row, extra in zip(rows, extras)])
    return out


def plus(name: str) -> Callable:
    """The seventh round's rule plus c × `name`, c from this round's grid for its family."""
    family = next(key for key in sorted(C_GRID, key=len, reverse=True) if name.startswith(key))
    return tune_eighth.plus(name, C_GRID[family])


def decisions(only: tuple[str, ...]) -> list[tuple[str, Callable]]:
    out: list[tuple[str, Callable]] = [
        ("rule at 0.81364", tune_floor_rule.at(tune_floor_rule.fixed("q"), tune_eighth.RULE[2])),
        ("rule, threshold fitted", tune_floor_rule.fixed("q")),
        ("+stand_50 (eighth round)", tune_eighth.plus("stand_50"))]
    return selected(out + each_feature(NEW, plus), only)


def each_feature(names: tuple[str, ...], plus: Callable) -> list[tuple[str, Callable]]:
    """Per feature: the rule + c x it (`plus(name)`), and logistic regression over cos, spread,
    evidence_3 and it (also bench.tuning.tune_tenth)."""
    return [(f"+{name}", plus(name)) for name in names] + [
        (f"logistic cos+spread+evidence_3+{name}", tune_floor_rule.logistic(("cos", "spread", "evidence_3", name)))
        for name in names]


def selected(decided: list[tuple[str, Callable]], only: tuple[str, ...]) -> list[tuple[str, Callable]]:
    """The rule's own decisions and those whose label holds one of `only` (all without it)."""
    return [(label, fit) for label, fit in decided if not only or label.startswith("rule") or any(o in label for o in only)]


def means(sets: list[list[Question]]) -> None:
    print("feature: mean on-topic / off-topic answered by the rule / other off-topic (pooled)")
    for name in ("cos", "spread", "evidence_3", "stand_50") + NEW:
        on, near, slip, rest = tune_eighth.by_class(sets, name)
        print(f"  {name:14s} {np.mean(on):+.4f} (hard on-topic {np.mean(near):+.4f}, {len(near)}) / "
              f"{np.mean(slip):+.4f} ({len(slip)}) / {np.mean(rest):+.4f}")


def loso_choice(labels: list[str], margins: np.ndarray, kept: int, names: list[str]) -> list[tuple[str, np.ndarray]]:
    """Leave-one-set-out choice among options (`margins`: option x set, points over a baseline):
    per held-back set, the option with the best worst margin (or macro) over the other sets,
    and its margin on the held-back set beside the kept option's (`kept`, the product's)."""
    out = []
    for criterion in ("worst", "macro"):
        held = []
        for i, name in enumerate(names):
            train = [j for j in range(len(names)) if j != i]
            key = margins[:, train].min(axis=1) if criterion == "worst" else margins[:, train].mean(axis=1)
            j = int(np.argmax(key + 1e-9 * margins[:, train].mean(axis=1)))
            held.append(margins[j, i])
            print(f"  by the {criterion} margin, without {name:18s} {labels[j]:84s} held back {margins[j, i]:+.2f}"
                  f"  the product {margins[kept, i]:+.2f}", flush=True)
        chosen, product = np.array(held), margins[kept]
        print(f"by the {criterion} margin: held-back margins mean {chosen.mean():+.2f}, worst {chosen.min():+.2f}, "
              f"above the baseline on {int((chosen > 0).sum())}/{len(names)}; the product {product.mean():+.2f}, "
              f"{product.min():+.2f}, {int((product > 0).sum())}/{len(names)}; the choice better on "
              f"{int((chosen > product + 1e-9).sum())} held-back sets, worse on {int((chosen < product - 1e-9).sum())}",
              flush=True)
        out.append((criterion, chosen))
    return out


def retrieval(paths: list[Path], data_dir: Path) -> None:
    """The second priority: hybrid's fusion (the seventh round's grid, against naive RRF) and the
    lexical mode (its variants, against BM25+Snowball) chosen leave-one-set-out on the tuning halves."""
    from bench.tuning import tune_seventh
    from bench.tuning.tune_sixth import loaded_sets, scored

    sets, naive = loaded_sets(paths, data_dir, tune_seventh.load)
    names = [t.name for t in sets]
    families = tune_seventh.grid()
    families["the product"] = [tune_seventh.ADOPTED]
    configs, tables = scored(families, sets)
    values = np.stack([table.mean(axis=1) for table in tables], axis=1)
    print(f"hybrid: {len(configs)} fusions, against naive RRF", flush=True)
    loso_choice([c.label() for c in configs], (values - naive[None, :]) * 100, configs.index(tune_seventh.ADOPTED),
                names)
    labels = list(sets[0].lexical)
    lexical = np.array([[t.lexical[label].mean() for t in sets] for label in labels])
    bm25 = np.array([t.bm25.mean() for t in sets])
    print(f"lexical mode: {len(labels)} variants, against BM25+Snowball", flush=True)
    loso_choice(labels, (lexical - bm25[None, :]) * 100, labels.index("lexical mode (known forms + 0.5 x stems)"), names)


def report(names: list[str], sets: list[list[Question]], described: Callable, decided: list[tuple[str, Callable]],
           keeps: tuple[float, ...], verbose: bool) -> None:
    """Each question's score under the seventh round's rule (`q`), the features' means
    (`described(sets)`), then every decision pooled and leave-one-set-out (also bench.tuning.tune_tenth)."""
    for questions in sets:
        for _, f in questions:
            f["q"] = tune_eighth.rule(f)
    described(sets)
    print("sets:", " ".join(names), flush=True)
    tune_floor_rule.print_decisions(sets, decided, keeps, verbose)


def main(argv: list[str]) -> int:
    def score(args: argparse.Namespace, names: list[str]) -> None:
        report(names, load(args.data_dir, names), means, decisions(tuple(args.only)), tuple(args.keep), args.verbose)

    return command.floor_round(argv, "retrieval: hybrid's fusion and the lexical mode chosen leave-one-set-out",
                               "floor-ninth", {"dump": dump}, {"retrieval": retrieval}, score)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
