"""Choosing retrieval parameters on the tuning halves only.

`python -m bench.tuning.tune SET_DIR [SET_DIR ...] --data-dir DIR` loads each set's
*tuning* half (bench.evaluate's split; held-out queries are dropped on load and
never scored here), reuses the ingested corpus of `praktijkgeheugen eval`, and
scores variants of the lexical analysis, BM25 constants, document evidence and
fusion in memory (the same functions the product runs: text.terms_of,
store._bm25.Postings, search._fusion). It prints the tuning-half nDCG@10 of each
variant, per set and as the macro average, next to the naive baselines; the
defaults in text._analysis and search._retrieve are the winners printed here.
"""
from __future__ import annotations

import itertools
import sys
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from bench.evaluate import Bm25Snowball, CachedQueries, Dataset, ingested, load_dataset, naive_rrf
from bench.metrics import ndcg_at
from bench.tuning import command
from search._floor import coverage
from search._fusion import Fusion, RankedDocument, by_document, fuse_hybrid
from search._retrieve import FUSION
from store._bm25 import Postings
from text import DEFAULT, Analysis, terms_of

CANDIDATES = 100


@dataclass
class Prepared:
    """One set's tuning half, with everything a variant needs precomputed."""

    name: str
    queries: list[dict]
    qrels: dict
    doc_ids: dict[int, str]          # document pk -> doc id
    document_of: dict[int, int]      # chunk pk -> document pk
    chunk_pks: np.ndarray
    chunk_docs: list                 # spaCy docs of each chunk's lexical text
    title_docs: list                 # spaCy docs of each chunk's document title
    query_docs: list
    dense: list                      # per query: [(chunk pk, cosine)] best first
    bm25: list                       # per query: baseline doc ids
    bodies: dict[int, str]           # chunk pk -> its lexical row as ingested (for coverage)
    matrix: np.ndarray | None = None         # every chunk's vector, in `chunk_pks` order
    query_vectors: np.ndarray | None = None  # every query's vector, in `queries` order


def prepare(dataset: Dataset, embedder, cache_root: Path) -> Prepared:
    from models import get_nlp

    nlp = get_nlp()
    queries = dataset.half("tune") + [dict(q, offtopic=True) for q in dataset.offtopic if q["half"] == "tune"]
    with ingested(dataset, embedder, cache_root) as (store, _):
        documents = store.catalogue.list_documents()
        chunks = [(d, c) for d in documents for c in store.catalogue.chunks_of(d.pk)]
        matrix = store.vectors.get([c.vector_id for _, c in chunks])
        baseline = Bm25Snowball(store)
        bm25 = [baseline.rank(q["text"]) for q in queries]
        lexical_bodies = dict(store.db.conn().execute("SELECT rowid, body FROM chunks_fts"))
    pks = np.array([c.pk for _, c in chunks])
    vectors = embedder.embed_queries([q["text"] for q in queries])
    dense = []
    for vector in vectors:
        scores = matrix @ vector
        top = np.argsort(-scores)[:CANDIDATES]
        dense.append([(int(pks[i]), float(scores[i])) for i in top])
    bodies = [f"{d.meta.title or ''}\n{c.heading or ''}\n{c.text}" for d, c in chunks]
    return Prepared(dataset.name, queries, dataset.qrels, {d.pk: d.doc_id for d in documents},
                    {c.pk: d.pk for d, c in chunks}, pks, list(nlp.pipe(bodies, batch_size=64)),
                    list(nlp.pipe([d.meta.title or "" for d, _ in chunks], batch_size=64)),
                    list(nlp.pipe([q["text"] for q in queries])), dense, bm25, lexical_bodies,
                    np.asarray(matrix), np.asarray(vectors))


@dataclass(frozen=True)
class Lexical:
    """A lexical variant. BM25's k1 and b are FTS5's (1.2, 0.75): FTS5's bm25() takes
    no others, and k1 1.2-1.6, b 0.5-0.9 moved tuning nDCG@10 by under a point."""

    analysis: Analysis = Analysis()
    title_repeat: int = 0   # extra copies of the title's terms in every chunk


_TERMS: dict = {}


def _terms(p: Prepared, analysis: Analysis) -> tuple[list, list, list]:
    """(chunk terms, title terms, query terms), analysed once per set and analysis."""
    key = (p.name, analysis)
    if key not in _TERMS:
        _TERMS[key] = ([terms_of(d, False, analysis) for d in p.chunk_docs],
                       [terms_of(d, False, analysis) for d in p.title_docs],
                       [sorted(set(terms_of(d, True, analysis))) for d in p.query_docs])
    return _TERMS[key]


def lexical_rankings(p: Prepared, lex: Lexical) -> list:
    chunk_terms, title_terms, query_terms = _terms(p, lex.analysis)
    rows = [(int(pk), " ".join(body + title * lex.title_repeat))
            for pk, body, title in zip(p.chunk_pks, chunk_terms, title_terms)]
    postings = Postings("tune", rows)
    out = []
    for terms in query_terms:
        out.append([(pk, -score) for pk, score in postings.best(terms, CANDIDATES)] if terms else [])
    return out


_WHOLE: dict = {}


def whole_rankings(p: Prepared) -> list[list[RankedDocument]]:
    """Per question: whole-document BM25 over the lemma rows (the lexical mode's ranking,
    with store._bm25_documents' constants), each document with its best passages; hybrid
    blends it in by rank (search._fusion.fuse_hybrid)."""
    from bench.tuning.tune_documents import Documents
    from store._bm25_documents import K1, PASSAGES, B

    if p.name not in _WHOLE:
        chunk_terms, _, query_terms = _terms(p, DEFAULT)
        documents = Documents(p.chunk_pks, chunk_terms, p.document_of)
        postings = Postings("tune", [(int(pk), " ".join(t)) for pk, t in zip(p.chunk_pks, chunk_terms)])
        out = []
        for terms in query_terms:
            ranked = sorted(documents.scores(terms, K1, B, "lucene").items(), key=lambda x: (-x[1], x[0]))
            every = [(pk, -value) for pk, value in postings.best(terms, len(p.chunk_pks))] if terms else []
            best = {d.document_pk: d.chunks[:PASSAGES] for d in by_document(every, p.document_of)}
            out.append([RankedDocument(d, v, best.get(d, [])) for d, v in ranked[:CANDIDATES]])
        _WHOLE[p.name] = out
    return _WHOLE[p.name]


_STEMS: dict = {}


def stem_rankings(p: Prepared) -> list[list[RankedDocument]]:
    """Per question: whole-document BM25 over the Snowball stems of the same rows, with each
    document's best passages (store.Lexical.documents_and_stems' second ranking, computed by
    the product's own store._bm25_documents over the rows in memory)."""
    from store._bm25_documents import documents_within

    if p.name not in _STEMS:
        chunk_terms, _, query_terms = _terms(p, DEFAULT)
        postings = Postings("tune", [(int(pk), " ".join(t), "", int(p.document_of[int(pk)]))
                                     for pk, t in zip(p.chunk_pks, chunk_terms)])
        postings.index_forms()
        parts = [(postings, np.ones(len(postings.pks), dtype=bool))]
        _STEMS[p.name] = [[RankedDocument(d, v, chunks) for d, v, chunks in
                           documents_within(parts, terms, CANDIDATES, lemmas=0.0, stems=1.0)]
                          for terms in query_terms]
    return _STEMS[p.name]


def hybrid(p: Prepared, i: int, dense_docs: list, lex_docs: list, fusion: Fusion) -> list[RankedDocument]:
    """The product's hybrid ranking of question `i` (search._retrieve.retrieve)."""
    whole = whole_rankings(p)[i] if fusion.rank_share else []
    stems = stem_rankings(p)[i] if fusion.rank_share and fusion.rank_stems else []
    return fuse_hybrid(dense_docs, lex_docs, whole, fusion, stems)


def score(p: Prepared, lexical: list, fusion: Fusion, which: str = "hybrid") -> float:
    values = []
    for i, (query, lex, dense, bm25) in enumerate(zip(p.queries, lexical, p.dense, p.bm25)):
        if query.get("offtopic"):
            continue
        dense_docs = by_document(dense, p.document_of, fusion.dense_more)
        lex_docs = by_document(lex, p.document_of, fusion.lexical_more)
        if which == "lexical":
            ranked = [p.doc_ids[d.document_pk] for d in lex_docs]
        elif which == "dense":
            ranked = [p.doc_ids[d.document_pk] for d in dense_docs]
        elif which == "bm25":
            ranked = bm25
        elif which == "naive":
            ranked = naive_rrf([bm25, [p.doc_ids[d.document_pk] for d in by_document(dense, p.document_of)]])
        else:
            ranked = [p.doc_ids[d.document_pk] for d in hybrid(p, i, dense_docs, lex_docs, fusion)]
        values.append(ndcg_at(ranked, p.qrels[query["id"]]))
    return sum(values) / len(values)


@dataclass
class JudgedHead:
    """One question's judged head as the product ranks it, with what the floor reads of it:
    each document's best dense cosine (`low` for one the dense leg did not rank) and the
    best lexical passages coverage is counted over."""
    documents: list[RankedDocument]
    dense: list[RankedDocument]
    lexical: list[RankedDocument]
    cosine: dict[int, float]
    low: float
    passages: dict[int, list[int]]

    def cosines(self) -> list[float]:
        return [self.cosine.get(d.document_pk, self.low) for d in self.documents]

    def bodies(self, p: Prepared, document_pk: int) -> list[str]:
        return [p.bodies[pk] for pk in self.passages.get(document_pk, []) if pk in p.bodies]


def judged_head(p: Prepared, i: int, lex: list, dense: list, fusion: Fusion, judged: int) -> JudgedHead:
    """Question `i`'s first `judged` hybrid documents (search._floor.judge's input)."""
    dense_docs = by_document(dense, p.document_of, fusion.dense_more)
    lex_docs = by_document(lex, p.document_of, fusion.lexical_more)
    cosine = {d.document_pk: max(s for _, s in d.chunks) for d in dense_docs}
    whole = whole_rankings(p)[i] if fusion.rank_share else []
    stems = stem_rankings(p)[i] if fusion.rank_share and fusion.rank_stems else []
    passages = {d.document_pk: [pk for pk, _ in d.chunks[:2]] for d in stems + whole + lex_docs}
    return JudgedHead(hybrid(p, i, dense_docs, lex_docs, fusion)[:judged], dense_docs, lex_docs,
                      cosine, min(cosine.values()), passages)


def spread(p: Prepared, i: int) -> float:
    """The standard deviation of question `i`'s cosines over every passage of the set's
    corpus (store._dense.Vectors.search_spread, unfiltered)."""
    assert p.matrix is not None and p.query_vectors is not None
    return float(np.std(p.matrix @ p.query_vectors[i]))


def floor_features(p: Prepared, lexical: list, fusion: Fusion, judged: int = 50) -> list:
    """Per question: (off-topic?, [(cosine, coverage) of each judged document], spread), as
    search._floor.judge computes them from a hybrid ranking."""
    out = []
    for i, (query, lex, dense, terms) in enumerate(zip(p.queries, lexical, p.dense, _terms(p, DEFAULT)[2])):
        head = judged_head(p, i, lex, dense, fusion, judged)
        out.append((bool(query.get("offtopic")),
                    [(cosine, coverage(terms, head.bodies(p, d.document_pk)))
                     for d, cosine in zip(head.documents, head.cosines())], spread(p, i)))
    return out


def _best(docs: list, weight: float, relative: float) -> float:
    """The best judged document's confidence, less `relative` times the head's mean
    cosine (a query-normalised variant: a question whose whole head scores high is
    not thereby answered)."""
    if not docs:
        return 0.0
    head_mean = sum(c for c, _ in docs) / len(docs)
    return max(c + weight * v for c, v in docs) - relative * head_mean


def calibrate(features: list[list], keep: float = 0.975) -> None:
    """For each coverage weight (and head-mean subtraction, or spread weight): the highest
    threshold that keeps an answer for `keep` of every set's on-topic tuning questions, and
    the off-topic rate it leaves. The head-mean variants were tried for the floor and
    not adopted: at best 8.7% of the off-topic tuning questions against 9.8%, one
    question of 92, short of the 7% decided beforehand. The spread weight (search._floor,
    6 December) is the one adopted."""
    grid = [(w, r, 0.0) for w, r in itertools.product((0.0, 0.01, 0.02, 0.03, 0.04, 0.06), (0.0, 0.25, 0.5))]
    grid += [(w, 0.0, s) for w, s in itertools.product((0.02, 0.03, 0.04), (1.0, 1.5, 2.0, 2.5, 3.0))]
    for weight, relative, spread_weight in grid:
        best = [[(off, _best(docs, weight, relative) - spread_weight * spread_of) for off, docs, spread_of in per_set]
                for per_set in features]
        threshold = min(float(np.quantile([b for off, b in per_set if not off], 1 - keep)) for per_set in best)
        kept = [np.mean([b >= threshold for off, b in per_set if not off]) for per_set in best]
        offtopic = [b >= threshold for per_set in best for off, b in per_set if off]
        print(f"floor weight={weight:.2f} head-mean={relative:.2f} spread={spread_weight:.1f} "
              f"threshold={threshold:.4f} on-topic kept "
              + " ".join(f"{k:.3f}" for k in kept)
              + f"  off-topic answered {np.mean(offtopic) if offtopic else float('nan'):.3f} of {len(offtopic)}",
              flush=True)


def _row(label: str, figures: list[float]) -> str:
    return f"{label:70s} " + " ".join(f"{f:.4f}" for f in figures) + f"  macro {sum(figures) / len(figures):.4f}"


def main(argv: list[str]) -> int:
    parser = command.arguments()
    parser.add_argument("--stage", choices=("lexical", "fusion", "floor", "floor-loso", "fusion+floor", "ideas", "all"), default="all")
    args = parser.parse_args(argv)
    import models

    embedder = CachedQueries(models.get_embedder(models.DEFAULT_MODEL, args.data_dir / "models"))
    sets = [prepare(load_dataset(d), embedder, args.data_dir / "cache" / "eval") for d in args.sets]
    print("sets:", " ".join(f"{p.name}({len(p.queries)})" for p in sets))
    plain = [lexical_rankings(p, Lexical()) for p in sets]
    print(_row("baseline bm25+snowball", [score(p, plain[i], Fusion(), "bm25") for i, p in enumerate(sets)]))
    print(_row("baseline dense", [score(p, plain[i], Fusion(), "dense") for i, p in enumerate(sets)]))
    print(_row("baseline naive rrf", [score(p, plain[i], Fusion(), "naive") for i, p in enumerate(sets)]))
    best_lex, best_value = Lexical(), -1.0
    if args.stage in ("lexical", "all"):
        analyses = [Analysis(stems, lemmas, compounds, stop, True, parts)
                    for stems, lemmas in ((False, True), (True, True), (True, False))
                    for compounds in (False, True) for stop in (False, True) for parts in (False, True)]
        for analysis, title, more in itertools.product(analyses, (0, 1), (0.0, 0.2, 0.5)):
            lex = Lexical(analysis, title)
            rankings = [lexical_rankings(p, lex) for p in sets]
            figures = [score(p, rankings[i], Fusion(lexical_more=more), "lexical") for i, p in enumerate(sets)]
            print(_row(f"lexical {lex} more={more}", figures), flush=True)
            if sum(figures) > best_value:
                best_lex, best_value = lex, sum(figures)
        print("best lexical:", best_lex)
    if args.stage in ("floor", "floor-loso", "fusion", "fusion+floor", "ideas"):
        best_lex = Lexical(DEFAULT)
    lexical = [lexical_rankings(p, best_lex) for p in sets]
    if args.stage in ("floor", "fusion+floor", "all"):
        calibrate([floor_features(p, lexical[i], FUSION) for i, p in enumerate(sets)])
    if args.stage in ("floor-loso", "all"):
        from bench.tuning import tune_floor

        analysed = [_terms(p, DEFAULT) for p in sets]
        tune_floor.run([tune_floor.question_features(p, lexical[i], analysed[i][0], analysed[i][2], FUSION)
                        for i, p in enumerate(sets)], [p.name for p in sets])
    if args.stage in ("ideas", "all"):
        from bench.tuning import tune_ideas

        analysed = [_terms(p, best_lex.analysis) for p in sets]
        tune_ideas.run(sets, lexical, [(chunks, queries) for chunks, _, queries in analysed], FUSION, _row)
    if args.stage in ("fusion", "fusion+floor", "all"):
        grid = [Fusion("rrf", k, wd, 1.0, 0.0, lm) for k, wd, lm in
                itertools.product((10, 30, 60), (1.0, 1.5, 2.0), (0.0, 0.2))]
        grid += [Fusion("score", 60, wd, round(1 - wd, 2), 0.0, lm) for wd, lm in
                 itertools.product((0.5, 0.55, 0.6, 0.65, 0.7), (0.0, 0.1, 0.2, 0.3, 0.5))]
        for fusion in grid:
            print(_row(f"hybrid {fusion}", [score(p, lexical[i], fusion) for i, p in enumerate(sets)]), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
