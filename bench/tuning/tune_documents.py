"""Document-level lexical evidence, measured on the tuning halves only.

`python -m bench.tuning.tune_documents SET_DIR ... --data-dir DIR [--stage S] [--hybrid]`
scores lexical document rankings from whole-document BM25 (a document's chunk
terms together, as the BM25+Snowball baseline ranks whole documents) against
the passage ranking (best passage plus 0.3 of the next two: hybrid's lexical
leg), alone and mixed, and with `--hybrid` the hybrid fused from each. Tuning
halves only (bench.tuning.tune's `prepare`); the analysed terms are cached in the data
dir as tune_documents.pickle. Stages: `all` (analyses x k1 x b x idf, mixtures),
`fine` (k1, b around the best), `fields` (a Snowball-stem field added),
`hybrid` (the chosen leg, its neighbours and mixtures, for --hybrid).

Measured (docs/history/searching-rounds.md, "Retrieval quality"): whole-document BM25 over the
lemma rows, k1 2.0, b 0.6, Lucene's idf, is the lexical mode's ranking
(store._bm25_documents); a stem field moved demo/eval and Rijksoverheid up by
under half a point and eval-cases down, so the index keeps lemmas only; in
hybrid, the passage leg stays (no mixture raised the macro tuning nDCG@10 by
more than 0.1 point).
"""
from __future__ import annotations

import itertools
import math
import pickle
import sys
from collections import Counter
from pathlib import Path

from bench.evaluate import CachedQueries, load_dataset, naive_rrf
from bench.metrics import ndcg_at
from bench.tuning import command
from bench.tuning.tune import prepare
from search._fusion import Fusion, RankedDocument, by_document, fuse, fuse_legs
from search._retrieve import FUSION
from store._bm25 import Postings
from text import Analysis, terms_of

CANDIDATES = 100
ANALYSES = {"lemma": Analysis(), "stem": Analysis(lemmas=False), "both": Analysis(stems=True)}


def analysed(sets: list, cache: Path, load=load_dataset) -> list[dict]:
    """Per set: the fields the variants need, with chunk and query terms per analysis (of the
    questions `load`'s dataset gives as its tuning half: bench.tuning.tune_nineteenth's both halves).
    The cache is reused only for the same sets, and only if it holds the vectors
    bench.tuning.tune_third reads (caches written before it lack them) and its questions were
    embedded one at a time, as a search embeds them (bench.evaluate.CachedQueries; older
    caches embedded them in batches, whose vectors differ slightly)."""
    if cache.exists():
        kept = pickle.loads(cache.read_bytes())
        if [s["name"] for s in kept] == [Path(d).resolve().name for d in sets] \
                and all("matrix" in s and s.get("queries_alone") for s in kept):
            return kept
    import models

    embedder = CachedQueries(models.get_embedder(models.DEFAULT_MODEL, cache.parent / "models"))
    out = []
    for directory in sets:
        p = prepare(load(directory), embedder, cache.parent / "cache" / "eval")
        terms = {name: ([terms_of(d, False, a) for d in p.chunk_docs],
                        [sorted(set(terms_of(d, True, a))) for d in p.query_docs]) for name, a in ANALYSES.items()}
        out.append({"name": p.name, "queries": p.queries, "qrels": p.qrels, "doc_ids": p.doc_ids,
                    "document_of": p.document_of, "chunk_pks": p.chunk_pks, "dense": p.dense, "bm25": p.bm25,
                    "terms": terms, "matrix": p.matrix, "query_vectors": p.query_vectors, "bodies": p.bodies,
                    "queries_alone": True})
    cache.write_bytes(pickle.dumps(out))
    return out


class Documents:
    """BM25 over whole documents (their chunks' terms together), with k1, b and idf chosen."""

    def __init__(self, chunk_pks, chunk_terms, document_of) -> None:
        self.tf: dict[int, Counter] = {}
        for pk, words in zip(chunk_pks, chunk_terms):
            self.tf.setdefault(document_of[int(pk)], Counter()).update(words)
        self.length = {d: sum(c.values()) for d, c in self.tf.items()}
        self.avg = sum(self.length.values()) / len(self.length)
        self.postings: dict[str, list[tuple[int, int]]] = {}
        for d, c in self.tf.items():
            for w, n in c.items():
                self.postings.setdefault(w, []).append((d, n))

    def scores(self, terms: list[str], k1: float, b: float, idf: str = "fts5") -> dict[int, float]:
        n = len(self.tf)
        out: dict[int, float] = {}
        for w in terms:
            hits = self.postings.get(w, [])
            if not hits:
                continue
            df = len(hits)
            if idf == "fts5":
                weight = max(math.log((n - df + 0.5) / (df + 0.5)), 1e-6)
            else:
                weight = math.log(1 + (n - df + 0.5) / (df + 0.5))
            for d, tf in hits:
                norm = k1 * (1 - b + b * self.length[d] / self.avg)
                out[d] = out.get(d, 0.0) + weight * tf * (k1 + 1) / (tf + norm)
        return out


def chunk_rankings(s: dict, analysis: str) -> list:
    chunk_terms, queries = s["terms"][analysis]
    postings = Postings("tune", [(int(pk), " ".join(t)) for pk, t in zip(s["chunk_pks"], chunk_terms)])
    return [[(pk, -score) for pk, score in postings.best(q, CANDIDATES)] if q else [] for q in queries]


def _norm(scores: dict[int, float]) -> dict[int, float]:
    top = max(scores.values(), default=0.0)
    return {d: v / top for d, v in scores.items()} if top > 0 else {}


def lexical_documents(s: dict, chunks: list, docs: dict[str, Documents], i: int, idea: dict) -> list[RankedDocument]:
    """One query's lexical document ranking under an idea ({}: passages, best + 0.3 of the next two)."""
    passages = by_document(chunks[i], s["document_of"], idea.get("more", 0.3))
    if not idea:
        return passages
    whole = docs[idea["analysis"]].scores(s["terms"][idea["analysis"]][1][i], idea["k1"], idea["b"],
                                          idea.get("idf", "fts5"))
    if idea.get("plus_stem"):  # a second field: whole-document BM25 over Snowball stems, added
        stems = docs["stem"].scores(s["terms"]["stem"][1][i], idea["k1"], idea["b"], idea.get("idf", "fts5"))
        whole = {d: whole.get(d, 0.0) + idea["plus_stem"] * stems.get(d, 0.0) for d in set(whole) | set(stems)}
    lam = idea.get("lam")
    if lam is None:  # the whole-document score alone
        combined = whole
    elif idea.get("normalised"):
        p = _norm({d.document_pk: d.score for d in passages})
        w = _norm(whole)
        combined = {d: p.get(d, 0.0) + lam * w.get(d, 0.0) for d in set(p) | set(w)}
    else:
        combined = {d.document_pk: d.score for d in passages}
        for d, v in whole.items():
            combined[d] = combined.get(d, 0.0) + lam * v
    chunks_of = {d.document_pk: d.chunks for d in passages}
    ranked = sorted(combined.items(), key=lambda x: (-x[1], x[0]))[:CANDIDATES]
    return [RankedDocument(d, v, chunks_of.get(d, [])) for d, v in ranked]


def evaluate(s: dict, lexical: list, fusion: Fusion | None) -> float:
    values = []
    for i, q in enumerate(s["queries"]):
        if q.get("offtopic"):
            continue
        if fusion is None:
            docs = lexical[i]
        else:
            docs = fuse(by_document(s["dense"][i], s["document_of"], fusion.dense_more), lexical[i], fusion)
        values.append(ndcg_at([s["doc_ids"][d.document_pk] for d in docs], s["qrels"][q["id"]]))
    return sum(values) / len(values)


def three_legs(s: dict, passages: list, whole: list, fusion: Fusion, weight: float) -> float:
    """Hybrid of dense, the passage leg and the whole-document leg (`weight`) as a third."""
    values = []
    for i, q in enumerate(s["queries"]):
        if q.get("offtopic"):
            continue
        dense = by_document(s["dense"][i], s["document_of"], fusion.dense_more)
        docs = fuse_legs([(dense, fusion.dense_weight), (passages[i], fusion.lexical_weight), (whole[i], weight)], fusion)
        values.append(ndcg_at([s["doc_ids"][d.document_pk] for d in docs], s["qrels"][q["id"]]))
    return sum(values) / len(values)


def baseline(s: dict, which: str) -> float:
    values = []
    for i, q in enumerate(s["queries"]):
        if q.get("offtopic"):
            continue
        dense = [s["doc_ids"][d.document_pk] for d in by_document(s["dense"][i], s["document_of"])]
        ranked = s["bm25"][i] if which == "bm25" else naive_rrf([s["bm25"][i], dense])
        values.append(ndcg_at(ranked, s["qrels"][q["id"]]))
    return sum(values) / len(values)


def row(label: str, figures: list[float]) -> str:
    return f"{label:80s} " + " ".join(f"{f:.4f}" for f in figures) + f"  macro {sum(figures) / len(figures):.4f}"


def lexical_ideas(stage: str = "all") -> list[dict]:
    ideas: list[dict] = [{}]
    if stage == "hybrid":  # with --hybrid: the chosen whole-document leg, neighbours, and mixtures
        ideas += [{"analysis": "lemma", "k1": k1, "b": b, "idf": "lucene"} for k1, b in ((2.0, 0.6), (1.5, 0.5), (2.5, 0.75))]
        return ideas + [{"analysis": "lemma", "k1": 2.0, "b": 0.6, "idf": "lucene", "lam": lam, "normalised": True}
                        for lam in (0.1, 0.25, 0.5, 1.0)]
    if stage == "three":  # passages, and the whole-document leg as a third fused leg
        return [{}, {"analysis": "lemma", "k1": 2.0, "b": 0.6, "idf": "lucene"}]
    if stage == "fields":
        return [{}] + [{"analysis": "lemma", "k1": k1, "b": b, "idf": "lucene", "plus_stem": w}
                       for k1, b, w in itertools.product((1.5, 2.0, 2.5), (0.5, 0.6, 0.75), (0.0, 0.25, 0.5, 1.0))]
    if stage == "fine":
        for analysis, k1, b in itertools.product(("lemma", "stem"), (1.5, 2.0, 2.5, 3.0), (0.5, 0.6, 0.75)):
            ideas.append({"analysis": analysis, "k1": k1, "b": b, "idf": "lucene"})
        for analysis, k1, b, lam in itertools.product(("lemma", "stem"), (2.0, 2.5), (0.6, 0.75), (1.0, 2.0, 4.0, 8.0)):
            ideas.append({"analysis": analysis, "k1": k1, "b": b, "idf": "lucene", "lam": lam, "normalised": True})
        return ideas
    for analysis, k1, b, idf in itertools.product(("lemma", "stem", "both"), (0.9, 1.2, 1.5, 2.0),
                                                  (0.5, 0.75, 0.9), ("fts5", "lucene")):
        ideas.append({"analysis": analysis, "k1": k1, "b": b, "idf": idf})
    for analysis, k1, b, lam in itertools.product(("lemma", "stem"), (1.2, 1.5), (0.75,), (0.25, 0.5, 1.0, 2.0)):
        ideas.append({"analysis": analysis, "k1": k1, "b": b, "lam": lam})
        ideas.append({"analysis": analysis, "k1": k1, "b": b, "lam": lam, "normalised": True})
    return ideas


def main(argv: list[str]) -> int:
    parser = command.arguments()
    parser.add_argument("--hybrid", action="store_true", help="also fuse each lexical idea with dense")
    parser.add_argument("--stage", choices=("all", "fine", "hybrid", "fields", "three"), default="all")
    args = parser.parse_args(argv)
    sets = analysed(args.sets, args.data_dir / "tune_documents.pickle")
    print("sets:", " ".join(f"{s['name']}({len(s['queries'])})" for s in sets))
    print(row("baseline bm25+snowball", [baseline(s, "bm25") for s in sets]))
    print(row("baseline naive rrf", [baseline(s, "naive") for s in sets]))
    chunks = {"lemma": [chunk_rankings(s, "lemma") for s in sets]}  # the passages as the index holds them
    docs = {a: [Documents(s["chunk_pks"], s["terms"][a][0], s["document_of"]) for s in sets] for a in ANALYSES}
    results = []
    for idea in lexical_ideas(args.stage):
        lexical = [[lexical_documents(s, chunks["lemma"][j], {a: docs[a][j] for a in ANALYSES}, i, idea)
                    for i in range(len(s["queries"]))] for j, s in enumerate(sets)]
        print(row(f"lexical {idea or 'product'}", [evaluate(s, lexical[j], None) for j, s in enumerate(sets)]),
              flush=True)
        results.append((idea, lexical))
    if args.stage == "three":
        passages, whole = results[0][1], results[1][1]
        legs = [(Fusion("score", 60, wd, wl, 0.0, 0.3), w3) for wd, wl, w3 in
                itertools.product((0.5, 0.55, 0.6, 0.7), (0.3, 0.45), (0.0, 0.1, 0.2, 0.3))]
        legs += [(Fusion("rrf", k, wd, wl, 0.0, 0.3), w3) for k, wd, wl, w3 in
                 itertools.product((30, 60), (1.0, 1.5), (0.5, 1.0), (0.0, 0.5, 1.0))]
        for fusion, w3 in legs:
            print(row(f"three legs {fusion.method} k={fusion.rrf_k} dense={fusion.dense_weight}"
                      f" passages={fusion.lexical_weight} documents={w3}",
                      [three_legs(s, passages[j], whole[j], fusion, w3) for j, s in enumerate(sets)]), flush=True)
    if args.hybrid:
        grid = [Fusion("score", 60, wd, round(1 - wd, 2), 0.0, 0.3) for wd in (0.4, 0.45, 0.5, 0.55, 0.6, 0.65, 0.7)]
        grid += [Fusion("rrf", k, wd, 1.0, 0.0, 0.3) for k, wd in itertools.product((10, 30, 60), (0.8, 1.0, 1.25, 1.5))]
        for idea, lexical in results:
            for fusion in grid if idea else [FUSION] + grid:
                print(row(f"hybrid {idea or 'product'} {fusion.method} k={fusion.rrf_k} d={fusion.dense_weight}"
                          f" l={fusion.lexical_weight}",
                          [evaluate(s, lexical[j], fusion) for j, s in enumerate(sets)]), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
