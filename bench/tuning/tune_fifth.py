"""Fifth round: the lexical mode by its WORST margin over BM25+Snowball, tuning halves only.

`python -m bench.tuning.tune_fifth [hybrid] SET... --data-dir DIR` reads bench.tuning.tune_documents'
per-set caches (`analysed`, as bench.tuning.tune_fourth does: tuning halves only) and, once per set,
the documents of the ingested tuning corpus (title and text, analysed as the index analyses
them; cached as tune_fifth-<set>.pickle). Every variant of the whole-document lexical ranking
is scored per tuning question and compared with BM25+Snowball (`praktijkgeheugen eval`'s
baseline) on every set; variants are ranked by the worst margin, the macro breaking ties. The
one adopted variant has no parameter, so no choice needs bench.tuning.tune_fourth's cross-validation.

Variants: k1 x b; each document's title and text once instead of the sum of its passage
rows (`once`); query terms no row holds replaced by the commonest row term of their Snowball
stem (`known-forms`, store._bm25_documents.known_forms: adopted for the lexical mode); every
query term conflated with all forms of its stem (`stem-groups`); unknown terms matched within
one or two edits (`typos`) or by their compound parts (`parts`). `hybrid` scores bench.
tune_fourth's blend grid with the query's own terms and with known forms.

Measured (docs/history/searching-rounds.md, "Lexical, fifth round"): known forms raise the lexical mode's worst margin
over BM25+Snowball from -0.46 to -0.23 points and lower no set; `once`, stem groups, typos
and parts each lower one set by 1-2.6 points; in hybrid known forms lower the worst margin
over naive RRF (through the eval code, with the floor), so hybrid keeps the query's terms.
"""
from __future__ import annotations

import itertools
import math
import pickle
import sys
from collections import Counter
from pathlib import Path

import numpy as np

from bench.evaluate import CachedQueries, ingested, load_dataset, naive_rrf
from bench.metrics import ndcg_at
from bench.tuning import command
from bench.tuning.tune_documents import Documents, analysed
from search._fusion import by_document
from store._bm25 import Postings
from store._bm25_documents import known_forms
from text import stem, terms_of

CANDIDATES = 100


def document_terms(directory: Path, cache: Path) -> dict[int, list[str]]:
    """Each document's analysed title and text, once each (document pk -> terms)."""
    if cache.exists():
        return pickle.loads(cache.read_bytes())
    import models
    from models import get_nlp

    embedder = CachedQueries(models.get_embedder(models.DEFAULT_MODEL, cache.parent / "models"))
    with ingested(load_dataset(directory), embedder, cache.parent / "cache" / "eval") as (store, _):
        documents = store.catalogue.list_documents()
        texts = [f"{d.meta.title or ''}\n{d.text}" for d in documents]
        pks = [d.pk for d in documents]
    nlp = get_nlp()
    out = {pk: terms_of(doc, False) for pk, doc in zip(pks, nlp.pipe(texts, batch_size=16))}
    cache.write_bytes(pickle.dumps(out))
    return out


class Whole:
    """Whole-document BM25 (Lucene idf) over given document terms, with a few extras."""

    def __init__(self, terms_of_document: dict[int, list[str]]) -> None:
        self.tf = {d: Counter(t) for d, t in terms_of_document.items()}
        self.length = {d: sum(c.values()) for d, c in self.tf.items()}
        self.avg = sum(self.length.values()) / max(len(self.length), 1)
        self.postings: dict[str, list[tuple[int, int]]] = {}
        for d, c in self.tf.items():
            for w, n in c.items():
                self.postings.setdefault(w, []).append((d, n))

    def scores(self, terms: list, k1: float, b: float) -> dict[int, float]:
        """A term may be a set of index terms counted as one (their tf summed, df of the union)."""
        n = len(self.tf)
        out: dict[int, float] = {}
        for w in terms:
            if isinstance(w, str):
                hits = self.postings.get(w, [])
            else:
                joined: Counter = Counter()
                for x in w:
                    joined.update(dict(self.postings.get(x, [])))
                hits = sorted(joined.items())
            if not hits:
                continue
            weight = math.log(1 + (n - len(hits) + 0.5) / (len(hits) + 0.5))
            for d, tf in hits:
                norm = k1 * (1 - b + b * self.length[d] / self.avg)
                out[d] = out.get(d, 0.0) + weight * tf * (k1 + 1) / (tf + norm)
        return out


def distance(a: str, b: str, most: int) -> int:
    """Optimal string alignment distance (edits and adjacent swaps), or most + 1 beyond `most`."""
    if abs(len(a) - len(b)) > most:
        return most + 1
    previous2, previous = None, list(range(len(b) + 1))
    for i in range(1, len(a) + 1):
        row = [i] + [0] * len(b)
        for j in range(1, len(b) + 1):
            row[j] = min(previous[j] + 1, row[j - 1] + 1, previous[j - 1] + (a[i - 1] != b[j - 1]))
            if previous2 is not None and i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                row[j] = min(row[j], previous2[j - 2] + 1)
        if min(row) > most:
            return most + 1
        previous2, previous = previous, row
    return previous[-1]


class Fallback:
    """Index terms for a query term the index does not hold: (`stems`) those with its
    Snowball stem, else (`typos`) those within one edit (two from 8 letters), else
    (`parts`) its compound parts the index holds; each found term counts on its own."""

    def __init__(self, vocabulary: dict[str, list], stems: bool = True, typos: bool = False,
                 parts: bool = False) -> None:
        import Stemmer

        self.vocabulary, self.stems, self.typos, self.parts = vocabulary, stems, typos, parts
        self.stemmer = Stemmer.Stemmer("dutch")
        self.by_stem: dict[str, list[str]] = {}
        for word in vocabulary:
            self.by_stem.setdefault(self.stemmer.stemWord(word), []).append(word)

    def expand(self, terms: list[str]) -> list[str]:
        out = []
        for t in terms:
            if t in self.vocabulary:
                out.append(t)
                continue
            found = self.by_stem.get(self.stemmer.stemWord(t), []) if self.stems else []
            if not found and self.typos and len(t) >= 5:
                most = 2 if len(t) >= 8 else 1
                near = [(distance(t, w, most), w) for w in self.vocabulary if abs(len(w) - len(t)) <= most]
                best = min((d for d, _ in near), default=most + 1)
                found = sorted(w for d, w in near if d == best <= most)
            if not found and self.parts:
                from text import split_compound

                found = [p for p in split_compound(t) if p in self.vocabulary]
            out.extend(found)
        return sorted(set(out))


def ranked(scores: dict[int, float]) -> list[int]:
    return [d for d, _ in sorted(scores.items(), key=lambda x: (-x[1], x[0]))[:CANDIDATES]]


def load(s: dict, doc_terms: dict[int, list[str]]) -> tuple[str, dict[str, np.ndarray], np.ndarray, np.ndarray]:
    """(set, label -> per question nDCG@10 of a lexical variant, BM25+Snowball's, naive RRF's)."""
    chunk_terms, query_terms = s["terms"]["lemma"]
    rows = Documents(s["chunk_pks"], chunk_terms, s["document_of"])
    rows_whole = Whole({d: list(c.elements()) for d, c in rows.tf.items()})
    once = Whole(doc_terms)
    postings = Postings("tune", [(int(pk), " ".join(t)) for pk, t in zip(s["chunk_pks"], chunk_terms)])
    everything = [(postings, np.ones(len(postings.pks), dtype=bool))]
    fallbacks = {"typos": Fallback(rows.postings, stems=False, typos=True),
                 "stems+typos": Fallback(rows.postings, typos=True),
                 "parts": Fallback(rows.postings, stems=False, parts=True),
                 "stems+typos+parts": Fallback(rows.postings, typos=True, parts=True)}
    variants: dict[str, list[float]] = {}
    ids = s["doc_ids"]
    for i, q in enumerate(s["queries"]):
        if q.get("offtopic"):
            continue
        qrels = s["qrels"][q["id"]]
        terms = query_terms[i]
        for k1, b in itertools.product((1.2, 1.5, 2.0, 2.5), (0.45, 0.6, 0.75)):
            for name, index in (("rows", rows_whole), ("once", once)):
                label = f"{name} k1={k1} b={b}"
                variants.setdefault(label, []).append(ndcg_at([ids[d] for d in ranked(index.scores(terms, k1, b))], qrels))
            if (k1, b) in ((2.0, 0.6), (2.5, 0.6), (1.5, 0.6), (2.0, 0.75), (2.0, 0.45)):
                for name, fb in fallbacks.items():
                    label = f"rows+{name} k1={k1} b={b}"
                    scores = rows_whole.scores(fb.expand(terms), k1, b)
                    variants.setdefault(label, []).append(ndcg_at([ids[d] for d in ranked(scores)], qrels))
                variants.setdefault(f"rows+known-forms k1={k1} b={b}", []).append(ndcg_at(
                    [ids[d] for d in ranked(rows_whole.scores(known_forms(everything, terms), k1, b))], qrels))
                groups = [frozenset(postings.forms(stem(t))) | {t} for t in terms]
                variants.setdefault(f"rows+stem-groups k1={k1} b={b}", []).append(
                    ndcg_at([ids[d] for d in ranked(rows_whole.scores(groups, k1, b))], qrels))
    bm25, naive = baselines(s)
    return s["name"], {k: np.array(v) for k, v in variants.items()}, bm25, naive


def baselines(s: dict) -> tuple[np.ndarray, np.ndarray]:
    """Per on-topic tuning question: nDCG@10 of BM25+Snowball and of naive RRF."""
    bm25, naive = [], []
    for i, q in enumerate(s["queries"]):
        if q.get("offtopic"):
            continue
        qrels = s["qrels"][q["id"]]
        dense = [s["doc_ids"][d.document_pk] for d in by_document(s["dense"][i], s["document_of"])]
        bm25.append(ndcg_at(s["bm25"][i], qrels))
        naive.append(ndcg_at(naive_rrf([s["bm25"][i], dense]), qrels))
    return np.array(bm25), np.array(naive)


def figures(values: np.ndarray, base: np.ndarray) -> str:
    m = values - base
    return (" ".join(f"{v:.4f}" for v in values) + f"  macro {values.mean():.4f}  margins "
            + " ".join(f"{x:+.4f}" for x in m) + f"  worst {m.min():+.4f}")


def main(argv: list[str]) -> int:
    parser = command.arguments()
    args = parser.parse_args(argv)
    loaded = []
    for d in args.sets:
        name = d.resolve().name
        s = analysed([d], args.data_dir / f"tune_fourth-{name}.pickle")[0]
        loaded.append(load(s, document_terms(d, args.data_dir / f"tune_fifth-{name}.pickle")))
    print("sets:", " ".join(f"{n}({len(b)})" for n, _, b, _ in loaded))
    bm25 = np.array([b.mean() for _, _, b, _ in loaded])
    print("bm25+snowball", " ".join(f"{v:.4f}" for v in bm25))
    print("naive rrf    ", " ".join(f"{n.mean():.4f}" for _, _, _, n in loaded))
    labels = list(loaded[0][1])
    values = np.array([[v[label].mean() for _, v, _, _ in loaded] for label in labels])
    margins = values - bm25
    order = np.lexsort((-margins.mean(axis=1), -margins.min(axis=1)))
    product = labels.index("rows k1=2.0 b=0.6")
    print("product      ", figures(values[product], bm25))
    for i in order:
        print(f"  {labels[i]:40s} {figures(values[i], bm25)}")
    for (name, v, b, _) in loaded:
        for label in ("rows k1=2.0 b=0.6", "once k1=2.0 b=0.6"):
            d = v[label] - b
            print(f"noise {name} {label}: - bm25 per question {d.mean():+.4f} +- {d.std(ddof=1) / np.sqrt(len(d)):.4f}")
    return 0


def hybrid(s: dict, fallback: bool, grid: list) -> np.ndarray:
    """configs x questions: nDCG@10 of hybrid (bench.tuning.tune_fourth's configs) with the query's
    terms as they are, or with the stem fallback for the terms the index lacks."""
    from bench.tuning.tune_fourth import Query
    from search._retrieve import FUSION

    chunk_terms, query_terms = s["terms"]["lemma"]
    postings = Postings("tune", [(int(pk), " ".join(t)) for pk, t in zip(s["chunk_pks"], chunk_terms)])
    docs = Documents(s["chunk_pks"], chunk_terms, s["document_of"])
    whole_index = Whole({d: list(c.elements()) for d, c in docs.tf.items()})
    everything = np.ones(len(postings.pks), dtype=bool)
    pk_of = {v: k for k, v in s["doc_ids"].items()}
    rows = []
    for i, q in enumerate(s["queries"]):
        if q.get("offtopic"):
            continue
        terms = known_forms([(postings, everything)], query_terms[i]) if fallback else query_terms[i]
        qrels = s["qrels"][q["id"]]
        gains = {pk_of[d]: 2.0 ** g - 1 for d, g in qrels.items() if d in pk_of and g > 0}
        ideal = sorted((g for g in qrels.values() if g > 0), reverse=True)[:10]
        idcg = sum((2 ** g - 1) / math.log2(r + 2) for r, g in enumerate(ideal))
        dense = [(d.document_pk, d.score) for d in by_document(s["dense"][i], s["document_of"])]
        chunks = [(pk, -score) for pk, score in postings.best(terms, CANDIDATES)] if terms else []
        passages = [(d.document_pk, d.score) for d in by_document(chunks, s["document_of"], FUSION.lexical_more)]
        whole = sorted(whole_index.scores(terms, 2.0, 0.6).items(), key=lambda x: (-x[1], x[0]))[:CANDIDATES]
        query = Query([dense, passages, whole], gains, idcg, {})
        rows.append([query.ndcg(c) for c in grid])
    return np.array(rows).T


def hybrid_main(argv: list[str]) -> int:
    from bench.tuning.tune_fourth import Config
    from search._retrieve import FUSION

    parser = command.arguments()
    args = parser.parse_args(argv)
    grid = [Config("mix", FUSION.rrf_k, FUSION.dense_weight, FUSION.lexical_weight, 0.0, FUSION.rank_share, (1.0, 0.0, 1.0))]
    for k, wd, share in itertools.product((30, 60, 100), (0.5, 0.55, 0.6, 0.65), (0.3, 0.4, 0.5, 0.6, 0.7, 0.8)):
        c = Config("mix", k, wd, round(1 - wd, 2), 0.0, share, (1.0, 0.0, 1.0))
        if c not in grid:
            grid.append(c)
    sets = [analysed([d], args.data_dir / f"tune_fourth-{d.resolve().name}.pickle")[0] for d in args.sets]
    naive_mean = np.array([baselines(s)[1].mean() for s in sets])
    tables = {fb: [hybrid(s, fb, grid) for s in sets] for fb in (False, True)}
    print("naive rrf", " ".join(f"{v:.4f}" for v in naive_mean))
    for fb, tabs in tables.items():
        values = np.array([[t[j].mean() for t in tabs] for j in range(len(grid))])
        margins = values - naive_mean
        print(f"\n== fallback {fb}: product {figures(values[0], naive_mean)}")
        for j in np.lexsort((-margins.mean(axis=1), -margins.min(axis=1)))[:15]:
            print(f"  {grid[j].label():60s} {figures(values[j], naive_mean)}")
        print(f"  {int((margins.min(axis=1) > 0).sum())} of {len(grid)} above naive RRF on every tuning half")
    return 0


if __name__ == "__main__":
    sys.exit(hybrid_main(sys.argv[2:]) if sys.argv[1:2] == ["hybrid"] else main(sys.argv[1:]))
