"""BM25 over whole documents: the lexical mode's document ranking.

The lexical index holds passages (chunks); a report answers a question across
its passages, and plain BM25 over whole documents (the BM25+Snowball baseline
of `praktijkgeheugen eval`) ranked long reports better than a document's best
passages did. So a document's lexical score is BM25 over all its passages'
analysed terms together: its term frequencies and length are the sums over its
chunks, read from the same rows (store._bm25.Postings) the passage ranking uses,
so no second index exists to keep consistent or to erase.

Constants, chosen on the tuning halves only (bench/tuning/tune_documents.py), lexical
nDCG@10 demo/eval / Rijksoverheid / eval-cases:
passages (best + 0.3 of the next two)      0.697 / 0.866 / 0.651
whole documents, k1 2.0, b 0.6, Lucene idf 0.702 / 0.905 / 0.685
(BM25+Snowball baseline                    0.702 / 0.900 / 0.664)
with k1 1.5-3.0 and b 0.5-0.6 all within 0.7 points of that; FTS5's idf
(log((N-df+0.5)/(df+0.5)), floored) measured 1-3 points lower on demo/eval than
Lucene's log(1 + (N-df+0.5)/(df+0.5)), and Snowball stems instead of lemmas lower
on eval-cases. Stems *beside* the lemmas, as a second BM25 over the same rows added at
half weight (`documents_within(..., stems=0.5)`), raised the lexical mode's worst margin
over BM25+Snowball across six tuning halves from -3.14 to -1.83 points (sixth round,
bench/tuning/tune_sixth.py); the lexical mode uses them, hybrid does not. The lexical mode passes its own
k1 1.2, b 0.3 and stems 0.75 (search._retrieve.LEXICAL_K1, LEXICAL_B, LEXICAL_STEMS; eighteenth round,
bench/tuning/tune_eighteenth_lexical.py: over seventeen tuning halves, chosen leave-one-set-out, its
worst margin over BM25+Snowball -2.38 -> +0.01 points); K1 and B here stay hybrid's.
In hybrid, passage evidence fused better with the dense leg than
this score (tuning macro nDCG@10 0.835 against at most 0.830), so hybrid keeps
the passage ranking (search._retrieve).

Statistics come only from what the caller may see (as store._bm25 explains):
N is the number of documents with an allowed row, avgdl their mean length, each
df the number of those documents holding the term; masked rows never count.
"""
from __future__ import annotations

import math
from collections.abc import Collection

import numpy as np

from store._bm25 import _TOKEN, Part, View, documents_scores, view_of
from text import stem as stem_of

K1, B = 2.0, 0.6
PASSAGES = 3  # a document's best matching passages returned with it (snippets, the floor)
DocumentHit = tuple[int, float, list[tuple[int, float]]]  # (document pk, score, [(chunk pk, chunk score)])


def _idf(documents: int, with_term: int) -> float:
    """Lucene's (bm25s' default) idf: never negative, so common words still count a little."""
    return math.log(1 + (documents - with_term + 0.5) / (with_term + 0.5))


def known_forms(parts: list[Part], terms: list[str]) -> list[str]:
    """The query's terms, each one that no masked row holds replaced by the commonest
    term of the masked rows with the same Snowball stem (kept as it is when none has).

    spaCy does not lemmatise a word alike everywhere, and the parts of mixed tokens
    are not lemmatised at all: a question's "zorgmijders", "zomers" or
    "oud-vrijwilligers" meets rows that hold "zorgmijder", "zomer", "vrijwilliger", and
    such a term matched nothing. Only terms that match nothing change: conflating
    every term with its stem's other forms (Snowball puts "wonen" and "woning"
    together) cost eval-cases 2.4 points on its tuning half (bench/tuning/tune_fifth.py).
    "Commonest" and "holds" count the masked rows only, as every statistic here."""
    parts = [(p, m) for p, m in parts if m.any()]
    out = []
    for term in terms:
        if _rows_holding(parts, term) or not parts:
            out.append(term)
            continue
        stem = stem_of(term)
        counted = [(_rows_holding(parts, form), form) for form in sorted({f for p, _ in parts for f in p.forms(stem)})]
        held = [(rows, form) for rows, form in counted if rows]
        out.append(max(held)[1] if held else term)   # the most rows, ties by the form
    return sorted(set(out))


def _rows_holding(parts: list[Part], term: str) -> int:
    return sum(int(m[p._slice(term)[0]].sum()) for p, m in parts)


def documents_within(parts: list[Part], terms: list[str], limit: int, k1: float = K1, b: float = B,
                     lemmas: float = 1.0, stems: float = 0.0, rows: dict | None = None,
                     without_passages: Collection[int] = ()) -> list[DocumentHit]:
    """The `limit` best documents by whole-document BM25 over the masked rows, best
    first (ties by document pk), each with its best matching passages scored by
    passage BM25 over the same rows.

    A document's score is `lemmas` x BM25 of the rows' terms (the index's lemmas) plus
    `stems` x BM25 of their Snowball stems: there a query term counts as its stem, whose
    frequency in a document is the sum of those of all the rows' terms with that stem
    and whose df is the number of documents holding any of them. Both are counted over
    the masked rows only, as every statistic here. What does not depend on the query
    (the documents, their lengths, each row's document) comes from the parts' View,
    made once per allowed set (store._bm25.view_of). `rows` (empty at first) keeps each
    word's documents and counts for a next call over the same `parts` (hybrid ranks the
    lemmas and then the stems, whose groups hold the same words again). Documents in
    `without_passages` come back ranked as the others, with no passages: hybrid takes a
    document's lexical passages from the passage leg first, then from the lemmas' leg, so
    it does not need these legs' passages of the documents an earlier leg found (scoring
    them was over half of these legs' time); every other document's passages are the same."""
    view = view_of(parts)
    words = sorted({t for term in terms for t in _TOKEN.findall(term)})
    if not view.parts or not words or limit <= 0:
        return []
    scores = np.zeros(len(view.documents))
    groups = _stem_groups(view.parts, words) if stems else []
    for weight, counted in ((lemmas, [[word] for word in words]), (stems, groups)):
        if weight:
            scores += weight * _bm25(view, counted, k1, b, {} if rows is None else rows)
    order = _best(scores, view.documents, limit)
    passage_words = sorted({word for group in groups for word in group} | (set(words) if lemmas else set()))
    ranked = [(int(view.documents[i]), float(scores[i])) for i in order]
    if without_passages:
        wanted = [(pk, score) for pk, score in ranked if pk not in without_passages]
        found = {pk: passages for pk, _, passages in _with_passages(view, passage_words, wanted)} if wanted else {}
        return [(pk, score, found.get(pk, [])) for pk, score in ranked]
    return _with_passages(view, passage_words, ranked)


def _best(scores: np.ndarray, documents: np.ndarray, limit: int) -> np.ndarray:
    """The positions of the `limit` best nonzero scores, best first, ties by document pk.
    Only the scores at least the `limit`-th best (ties included) are sorted: the same
    order as sorting every match, without sorting thousands of them."""
    matched = np.flatnonzero(scores)
    if len(matched) > limit:
        kth = np.partition(scores[matched], len(matched) - limit)[len(matched) - limit]
        matched = matched[scores[matched] >= kth]
    return matched[np.lexsort((documents[matched], -scores[matched]))][:limit]


def _bm25(view: View, groups: list[list[str]], k1: float, b: float,
          rows: dict[str, tuple[np.ndarray, np.ndarray]]) -> np.ndarray:
    """Whole-document BM25 per document of `view.documents`, each group of terms counted
    as one term (frequencies summed, df the documents holding any); `rows` keeps each
    word's masked rows (`_masked_rows`) for the next group or call that counts it."""
    documents, lengths = view.documents, view.lengths
    average = max(float(lengths.mean()), 1e-9)
    scores = np.zeros(len(documents))
    for group in groups:
        hits = [rows[word] if word in rows else rows.setdefault(word, _masked_rows(view, word)) for word in group]
        where = np.concatenate([at for at, _ in hits]) if hits else np.zeros(0, np.int32)
        if not len(where):
            continue
        tf = np.bincount(where, weights=np.concatenate([t for _, t in hits]), minlength=len(documents))
        held = np.flatnonzero(tf)
        norm = k1 * (1 - b + b * lengths[held] / average)
        scores[held] += _idf(len(documents), len(held)) * tf[held] * (k1 + 1) / (tf[held] + norm)
    return scores


def _masked_rows(view: View, word: str) -> tuple[np.ndarray, np.ndarray]:
    """A word's masked rows as their documents' positions in `view.documents`, with its
    count in each, part after part (in the order the rows are stored)."""
    hits = [(index[rows], tf) for (p, _), index in zip(view.parts, view.index) for rows, tf in [p._slice(word)]]
    where = np.concatenate([at for at, _ in hits])
    keep = where < len(view.documents)  # the masked rows
    return where[keep], np.concatenate([t for _, t in hits])[keep]


def _stem_groups(parts: list[Part], words: list[str]) -> list[list[str]]:
    """One group per Snowball stem of `words`: the terms of the rows with that stem
    (store._bm25.Postings.forms; a form only masked-out rows hold adds nothing)."""
    stems = sorted({stem_of(word) for word in words})
    return [sorted({form for p, _ in parts for form in p.forms(stem)}) for stem in stems]


def _with_passages(view: View, words: list[str], ranked: list[tuple[int, float]]) -> list[DocumentHit]:
    """Each ranked document with its best matching passages (passage BM25 with the
    masked rows' statistics, as the passage ranking scores them), scoring only the
    rows of the ranked documents."""
    wanted = np.searchsorted(view.documents, np.array([pk for pk, _ in ranked], dtype=np.int64))
    pks, scores, documents = documents_scores(view, words, wanted)
    order = np.lexsort((pks, -scores, documents))  # by document, each best first (ties by chunk pk)
    first = np.flatnonzero(np.r_[True, documents[order][1:] != documents[order][:-1]]) if len(order) else order
    place = np.arange(len(order)) - np.repeat(first, np.diff(np.r_[first, len(order)]))
    passages: dict[int, list[tuple[int, float]]] = {}
    for i in order[place < PASSAGES].tolist():
        passages.setdefault(int(documents[i]), []).append((int(pks[i]), float(scores[i])))
    return [(pk, score, passages.get(pk, [])) for pk, score in ranked]


def terms_held(parts: list[Part], terms: list[str], document_pks: list[int]) -> tuple[dict[int, set[str]], dict[str, int], int]:
    """Which of `terms` each of `document_pks` holds in any masked row, each term's
    number of masked rows holding it (its df) and the number of masked rows (N): the
    relevance floor's lexical evidence (search._floor.evidence), counted, like every
    statistic here, over the rows the caller may see only."""
    wanted = np.array(sorted(set(document_pks)), dtype=np.int64)
    held: dict[int, set[str]] = {pk: set() for pk in wanted.tolist()}
    # The wanted documents' masked rows, once per part (a term's rows are sorted, so each
    # is then found by bisection, whatever the number of rows holding the term), from the
    # rows grouped by document (View.rows_of): a part without a masked row adds nothing.
    view = view_of(parts)
    at = np.searchsorted(view.documents, wanted)
    known = at < len(view.documents)
    known[known] = view.documents[at[known]] == wanted[known]
    theirs = view.rows_of(at[known])
    frequency = {}
    for term in sorted(set(terms)):
        rows_holding = 0
        for (p, m), mine in zip(view.parts, theirs):
            rows, _ = p._slice(term)
            rows_holding += int(np.count_nonzero(m[rows]))
            at = np.searchsorted(rows, mine)
            found = mine[(at < len(rows)) & (rows[np.minimum(at, len(rows) - 1)] == mine)] if len(rows) else mine[:0]
            for pk in set(p.doc_pks[found].tolist()):
                held[pk].add(term)
        frequency[term] = rows_holding
    return held, frequency, view.rows
