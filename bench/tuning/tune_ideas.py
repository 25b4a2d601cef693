"""Mechanisms measured on the tuning halves and not adopted (`python -m bench.tuning.tune ... --stage ideas`).

Each idea is scored on the same precomputed tuning halves as bench/tuning/tune.py, next
to the product's fusion and naive RRF, so the decision can be re-checked:

- a whole-document lexical leg: BM25 over each document's analysed chunk terms
  together (what the BM25+Snowball baseline ranks), fused as a third leg;
- dense pseudo-relevance feedback (Rocchio): the query vector plus `alpha` times
  the mean of its `k` best passages' vectors, searched again;
- query-length dependent weights: another dense weight for queries with more
  than `long_terms` terms (situation descriptions against short questions);
- weighted RRF of the two legs with and without the whole-document leg, and
  the passage aggregation of the lexical leg (max against max plus a share of
  the next passages);
- for the relevance floor: the cosine relative to the query's background (its
  100th dense candidate, the mean of its candidates, or the corpus centroid)
  and the agreement of both legs (the document is among the lexical leg's first ten).

Measured (docs/history/searching-rounds.md, "Retrieval quality"): none raised the macro tuning
nDCG@10 by more than 0.2 points or beat naive RRF on every tuning half in a
region of its grid rather than at one point, and none lowered the off-topic
rate at the floor's on-topic target by more than one question of 92, so the
product keeps its two legs and its floor.
"""
from __future__ import annotations

import itertools

import numpy as np

from bench.metrics import ndcg_at
from search._floor import coverage
from search._fusion import Fusion, RankedDocument, Ranking, by_document, fuse_legs
from store._bm25 import Postings

CANDIDATES = 100


def document_postings(chunk_pks, chunk_terms: list[list[str]], document_of: dict[int, int]) -> Postings:
    """BM25 postings with one row per document: its chunks' terms together, so a
    query whose words are spread over a report's passages still meets all of them."""
    terms: dict[int, list[str]] = {}
    for pk, words in zip(chunk_pks, chunk_terms):
        terms.setdefault(document_of[int(pk)], []).extend(words)
    return Postings("documents", [(pk, " ".join(words), "") for pk, words in terms.items()])


def whole_documents(postings: Postings, terms: list[str], limit: int = CANDIDATES) -> list[RankedDocument]:
    """A document ranking from whole-document postings (higher is better)."""
    if not terms:
        return []
    return [RankedDocument(pk, -score) for pk, score in postings.best(terms, limit)]


def dense_feedback(matrix: np.ndarray, pks: np.ndarray, vector: np.ndarray, ranking: Ranking,
                   k: int, alpha: float, limit: int = CANDIDATES) -> Ranking:
    """Rocchio feedback for the dense leg: search again with the query vector moved
    towards the mean of its `k` best passages (`ranking`, best first)."""
    row_of = {int(pk): i for i, pk in enumerate(pks)}
    rows = [row_of[pk] for pk, _ in ranking[:k] if pk in row_of]
    if not rows or alpha == 0:
        return ranking[:limit]
    moved = vector + alpha * matrix[rows].mean(axis=0)
    moved = moved / np.linalg.norm(moved)
    scores = matrix @ moved
    top = np.argsort(-scores)[:limit]
    return [(int(pks[i]), float(scores[i])) for i in top]


def dense_weight_for(terms: list[str], fusion: Fusion, long_weight: float | None, long_terms: int) -> float:
    """The dense weight for a query: `long_weight` for queries of more than `long_terms` terms."""
    return long_weight if long_weight is not None and len(terms) > long_terms else fusion.dense_weight


def agrees(document_pk: int, lexical: list[RankedDocument], within: int = 10) -> float:
    """1.0 when the lexical leg also ranks the document among its first `within`."""
    return float(any(d.document_pk == document_pk for d in lexical[:within]))


def _hybrid(p, documents: Postings, i: int, terms: list[str], lexical: Ranking, fusion: Fusion,
            idea: dict) -> list[RankedDocument]:
    fusion = idea.get("fusion", fusion)
    dense = p.dense[i]
    if idea.get("alpha"):
        dense = dense_feedback(p.matrix, p.chunk_pks, p.query_vectors[i], dense, idea.get("k", 3), idea["alpha"])
    weight = dense_weight_for(terms, fusion, idea.get("long_weight"), idea.get("long_terms", 8))
    legs = [(by_document(dense, p.document_of, fusion.dense_more), weight),
            (by_document(lexical, p.document_of, fusion.lexical_more, fusion.passages_counted), fusion.lexical_weight)]
    if idea.get("documents"):
        legs.append((whole_documents(documents, terms), idea["documents"]))
    return fuse_legs(legs, fusion)


def score_idea(p, documents: Postings, lexical: list, terms: list[list[str]], fusion: Fusion, idea: dict) -> float:
    """Tuning-half nDCG@10 of the hybrid ranking with one idea switched on."""
    values = [ndcg_at([p.doc_ids[d.document_pk] for d in _hybrid(p, documents, i, terms[i], lexical[i], fusion, idea)],
                      p.qrels[q["id"]])
              for i, q in enumerate(p.queries) if not q.get("offtopic")]
    return sum(values) / len(values)


def backgrounds(dense: Ranking, vector: np.ndarray, centroid: np.ndarray) -> dict[str, float]:
    """How similar a query is to the corpus at large: its 100th dense candidate, the
    mean of its candidates, and the mean of every passage vector."""
    return {"100th": dense[-1][1], "mean": float(np.mean([s for _, s in dense])), "centroid": float(vector @ centroid)}


def floor_ideas(p, lexical: list, terms: list[list[str]], fusion: Fusion, judged: int = 50) -> list:
    """Per question: (off-topic?, backgrounds, [(cosine, coverage, agreement)] of the judged head)."""
    out = []
    centroid = p.matrix.mean(axis=0)
    for i, query in enumerate(p.queries):
        dense_docs = by_document(p.dense[i], p.document_of, fusion.dense_more)
        lex_docs = by_document(lexical[i], p.document_of, fusion.lexical_more)
        cosine = {d.document_pk: max(s for _, s in d.chunks) for d in dense_docs}
        low = min(cosine.values())
        passages = {d.document_pk: [pk for pk, _ in d.chunks[:2]] for d in lex_docs}
        head = fuse_legs([(dense_docs, fusion.dense_weight), (lex_docs, fusion.lexical_weight)], fusion)[:judged]
        out.append((bool(query.get("offtopic")), backgrounds(p.dense[i], p.query_vectors[i], centroid),
                    [(cosine.get(d.document_pk, low),
                      coverage(terms[i], [p.bodies[pk] for pk in passages.get(d.document_pk, []) if pk in p.bodies]),
                      agrees(d.document_pk, lex_docs)) for d in head]))
    return out


def calibrate_ideas(features: list[list], keep: float = 0.975) -> None:
    """Like bench.tuning.tune.calibrate, with a background share `lam` and an agreement bonus."""
    grid = [(w, "100th", 0.0, b) for w, b in itertools.product((0.02, 0.03), (0.0, 0.005, 0.01))]
    grid += [(w, key, lam, 0.0) for w, key, lam in
             itertools.product((0.02, 0.03), ("100th", "mean", "centroid"), (0.25, 0.5, 1.0))]
    for weight, key, lam, bonus in grid:
        best = [[(off, max((c + weight * v + bonus * a for c, v, a in docs), default=0.0) - lam * background[key])
                 for off, background, docs in per_set] for per_set in features]
        threshold = min(float(np.quantile([b for off, b in per_set if not off], 1 - keep)) for per_set in best)
        kept = [np.mean([b >= threshold for off, b in per_set if not off]) for per_set in best]
        answered = [[b >= threshold for off, b in per_set if off] for per_set in best]
        print(f"floor weight={weight:.2f} background={lam:.2f}x{key} agreement={bonus:.3f} on-topic kept "
              + " ".join(f"{k:.3f}" for k in kept) + "  off-topic answered "
              + " ".join(f"{np.mean(a):.3f}" if a else "-" for a in answered)
              + f"  all {np.mean([x for a in answered for x in a]):.3f}", flush=True)


def run(sets: list, lexical: list, terms: list[tuple[list, list]], fusion: Fusion, row) -> None:
    """Print every idea's tuning-half figures; `terms` holds each set's (chunk terms,
    query terms), `row` formats one line as bench.tuning.tune does."""
    documents = [document_postings(p.chunk_pks, chunk_terms, p.document_of)
                 for p, (chunk_terms, _) in zip(sets, terms)]
    queries = [query_terms for _, query_terms in terms]
    ideas: list[dict] = [{}] + [{"documents": w} for w in (0.15, 0.3, 0.45)]
    ideas += [{"alpha": a, "k": k} for a, k in itertools.product((0.3, 0.6, 1.0), (3, 5, 10))]
    ideas += [{"long_weight": w, "long_terms": n} for w, n in itertools.product((0.5, 0.65, 0.8), (6, 12))]
    ideas += [{"fusion": Fusion("rrf", k, dense, 0.45, 0.0, 0.3), "documents": whole}
              for k, dense, whole in itertools.product((10, 60), (0.5, 0.6, 0.7), (0.0, 0.15, 0.3))]
    ideas += [{"fusion": Fusion("score", 60, 0.55, 0.45, 0.0, more, counted)}
              for more, counted in itertools.product((0.0, 0.3, 0.5, 1.0), (2, 3, 5))]
    for idea in ideas:
        print(row(f"idea {idea or 'none (the product)'}",
                  [score_idea(p, documents[i], lexical[i], queries[i], fusion, idea) for i, p in enumerate(sets)]), flush=True)
    calibrate_ideas([floor_ideas(p, lexical[i], queries[i], fusion) for i, p in enumerate(sets)])
