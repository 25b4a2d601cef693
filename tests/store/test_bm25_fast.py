"""The fast whole-document and passage BM25 (a View per allowed set, only the ranked
documents' rows scored, only the best scores sorted) returns exactly what the plain
computation returns: the same documents, order, scores and passages, bit for bit.
The plain computation below is the code before the View (commit c78d888), kept as
the reference; the corpus is generated, with masks and a delta part."""
import random

import numpy as np
import pytest

from store._bm25 import _TOKEN, Parts, Postings, best_within, view_of
from store._bm25 import K1 as PK1
from store._bm25 import B as PB
from store._bm25 import _idf as passage_idf
from store._bm25_documents import K1, B, _idf, _stem_groups, documents_within, terms_held

WORDS = ("huur huren huurder zomer zomers zomeren woning wonen woningen buurt buurten koffie brief brieven"
         " schuld schulden mantelzorg moeder vrijwilliger vrijwilligers wijk wijken zorg zorgen").split()


def _plain_scores(parts, terms):
    parts = [(p, m) for p, m in parts if m.any()]
    rows = sum(int(m.sum()) for _, m in parts)
    if not rows:
        return np.zeros(0, np.int64), np.zeros(0), np.zeros(0, np.int64)
    average = sum(float(p.lengths[m].sum()) for p, m in parts) / rows
    words = sorted({t for term in terms for t in _TOKEN.findall(term)})
    slices = [[p._slice(w) for w in words] for p, _ in parts]
    df = [sum(int(m[s[i][0]].sum()) for (_, m), s in zip(parts, slices)) for i in range(len(words))]
    pks, scores, documents = [], [], []
    for (postings, mask), part_slices in zip(parts, slices):
        score = np.zeros(len(postings.pks))
        for (hit_rows, tf), with_term in zip(part_slices, df):
            keep = mask[hit_rows]
            hit_rows, tf = hit_rows[keep], tf[keep]
            norm = PK1 * (1 - PB + PB * postings.lengths[hit_rows] / max(average, 1e-9))
            score[hit_rows] += passage_idf(rows, with_term) * tf * (PK1 + 1) / (tf + norm)
        matched = np.flatnonzero(score)
        pks.append(postings.pks[matched])
        scores.append(score[matched])
        documents.append(postings.doc_pks[matched])
    return np.concatenate(pks), np.concatenate(scores), np.concatenate(documents)


def _plain_bm25(parts, groups, documents, lengths):
    average = max(float(lengths.mean()), 1e-9)
    scores = np.zeros(len(documents))
    for group in groups:
        hits = [(p, rows[m[rows]], tf[m[rows]]) for word in group for (p, m) in parts for rows, tf in [p._slice(word)]]
        if not hits:
            continue
        where = np.concatenate([np.searchsorted(documents, p.doc_pks[rows]) for p, rows, _ in hits])
        if not len(where):
            continue
        tf = np.bincount(where, weights=np.concatenate([t for _, _, t in hits]), minlength=len(documents))
        held = np.flatnonzero(tf)
        norm = K1 * (1 - B + B * lengths[held] / average)
        scores[held] += _idf(len(documents), len(held)) * tf[held] * (K1 + 1) / (tf[held] + norm)
    return scores


def _plain_documents(parts, terms, limit, lemmas=1.0, stems=0.0):
    parts = [(p, m) for p, m in parts if m.any()]
    words = sorted({t for term in terms for t in _TOKEN.findall(term)})
    if not parts or not words or limit <= 0:
        return []
    documents, inverse = np.unique(np.concatenate([p.doc_pks[m] for p, m in parts]), return_inverse=True)
    lengths = np.bincount(inverse, weights=np.concatenate([p.lengths[m] for p, m in parts]), minlength=len(documents))
    scores = np.zeros(len(documents))
    groups = _stem_groups(parts, words) if stems else []
    for weight, counted in ((lemmas, [[word] for word in words]), (stems, groups)):
        if weight:
            scores += weight * _plain_bm25(parts, counted, documents, lengths)
    matched = np.flatnonzero(scores)
    order = matched[np.lexsort((documents[matched], -scores[matched]))][:limit]
    ranked = [(int(documents[i]), float(scores[i])) for i in order]
    passage_words = sorted({word for group in groups for word in group} | (set(words) if lemmas else set()))
    pks, chunk_scores, owners = _plain_scores(parts, passage_words)
    keep = np.flatnonzero(np.isin(owners, np.array([pk for pk, _ in ranked], dtype=np.int64)))
    keep = keep[np.lexsort((pks[keep], -chunk_scores[keep]))]
    passages: dict[int, list] = {}
    for i in keep:
        chunks = passages.setdefault(int(owners[i]), [])
        if len(chunks) < 3:
            chunks.append((int(pks[i]), float(chunk_scores[i])))
    return [(pk, score, passages.get(pk, [])) for pk, score in ranked]


def _corpus(seed):
    """About 600 rows of 120 documents, some words common, some rare, some rows repeated
    (tied scores), then a copy, a random mask over it and a delta of 40 more rows."""
    rng = random.Random(seed)
    rows, pk = [], 0
    for document in range(1, 121):
        for _ in range(rng.randint(1, 9)):
            pk += 1
            body = " ".join(rng.choices(WORDS, weights=range(len(WORDS), 0, -1), k=rng.randint(3, 30)))
            rows.append((pk, body if pk % 17 else "huur huur buurt", f"v{pk}", document))
    copy = Postings("copy", rows)
    mask = np.array([rng.random() < 0.7 for _ in rows])
    delta = Postings("delta", [(pk + i, " ".join(rng.choices(WORDS, k=12)), f"v{pk + i}", 200 + i % 7)
                               for i in range(1, 41)])
    return copy, mask, delta


QUERIES = [["huur"], ["huur", "buurt"], ["zomer", "woning", "onbekend"], ["koffie", "mantelzorg", "moeder", "wijk"],
           WORDS[::3], ["onbekendwoord"]]


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_fast_documents_equal_the_plain_computation_bit_for_bit(seed):
    copy, mask, delta = _corpus(seed)
    for parts in ([(copy, np.ones(len(copy.pks), dtype=bool))], [(copy, mask)],
                  [(copy, mask), (delta, np.ones(len(delta.pks), dtype=bool))],
                  [(copy, np.zeros(len(copy.pks), dtype=bool)), (delta, np.ones(len(delta.pks), dtype=bool))]):
        kept = Parts(parts)  # as LexicalCopy keeps them: the View is made once and reused
        for terms in QUERIES:
            for limit in (1, 5, 10, 100):
                for lemmas, stems in ((1.0, 0.0), (0.0, 1.0), (1.0, 0.5)):
                    plain = _plain_documents(parts, terms, limit, lemmas, stems)
                    assert documents_within(parts, terms, limit, lemmas=lemmas, stems=stems) == plain
                    assert documents_within(kept, terms, limit, lemmas=lemmas, stems=stems) == plain
                # as hybrid ranks: the lemmas, then the stems, sharing each word's gathered rows
                rows: dict = {}
                assert documents_within(kept, terms, limit, rows=rows) == _plain_documents(parts, terms, limit)
                assert documents_within(kept, terms, limit, lemmas=0.0, stems=1.0, rows=rows) == \
                    _plain_documents(parts, terms, limit, 0.0, 1.0)
            wanted = sorted({int(pk) for p, _ in parts for pk in p.doc_pks[::7]})
            assert terms_held(kept, terms, wanted) == _plain_terms_held(parts, terms, wanted)
            pks, scores, _ = _plain_scores(parts, terms)
            order = np.lexsort((pks, -scores))
            assert best_within(kept, terms, -1) == [(int(pks[i]), -float(scores[i])) for i in order]
        assert kept.view is view_of(kept)


def _plain_terms_held(parts, terms, document_pks):
    """store._bm25_documents.terms_held before it found the documents' rows through the View."""
    wanted = np.array(sorted(set(document_pks)), dtype=np.int64)
    held: dict[int, set[str]] = {pk: set() for pk in wanted.tolist()}
    theirs = [np.flatnonzero(np.isin(p.doc_pks, wanted) & m) for p, m in parts]
    frequency = {}
    for term in sorted(set(terms)):
        rows_holding = 0
        for (p, m), mine in zip(parts, theirs):
            rows, _ = p._slice(term)
            rows_holding += int(np.count_nonzero(m[rows]))
            at = np.searchsorted(rows, mine)
            found = mine[(at < len(rows)) & (rows[np.minimum(at, len(rows) - 1)] == mine)] if len(rows) else mine[:0]
            for pk in set(p.doc_pks[found].tolist()):
                held[pk].add(term)
        frequency[term] = rows_holding
    return held, frequency, sum(int(m.sum()) for _, m in parts)


def test_ties_at_the_limit_are_broken_by_document_pk():
    """Documents with the same score around the limit: the best `limit` by score, then pk."""
    rows = [(i, "huur buurt", f"v{i}", 100 - i) for i in range(1, 31)] + [(31, "huur huur", "v31", 500)]
    parts = [(Postings("x", rows), np.ones(len(rows), dtype=bool))]
    for limit in (1, 2, 7, 30, 31, 40):
        assert documents_within(parts, ["huur", "buurt"], limit) == _plain_documents(parts, ["huur", "buurt"], limit)


@pytest.mark.parametrize("seed", [4, 5])
def test_documents_without_passages_rank_the_same_and_keep_the_others_passages(seed):
    """`without_passages` (hybrid's documents an earlier leg found) changes no document,
    score or order, and no other document's passages; those come back with none. Over
    the whole copy, a random row mask, a member's allowed documents (whole documents,
    as an access filter allows them) and that set with a delta."""
    copy, mask, delta = _corpus(seed)
    rng = random.Random(seed)
    allowed = {d for d in range(1, 121) if rng.random() < 0.4}
    member = np.isin(copy.doc_pks, sorted(allowed))
    for parts in ([(copy, np.ones(len(copy.pks), dtype=bool))], [(copy, mask)], [(copy, member)],
                  [(copy, member), (delta, np.ones(len(delta.pks), dtype=bool))]):
        kept = Parts(parts)
        for terms in QUERIES:
            for limit in (3, 10, 100):
                for lemmas, stems in ((1.0, 0.0), (0.0, 1.0)):
                    plain = _plain_documents(parts, terms, limit, lemmas, stems)
                    skip = {pk for pk, _, _ in plain[::2]} | {10_000}
                    fast = documents_within(kept, terms, limit, lemmas=lemmas, stems=stems, without_passages=skip)
                    assert [(pk, score) for pk, score, _ in fast] == [(pk, score) for pk, score, _ in plain]
                    for (pk, _, passages), (_, _, theirs) in zip(fast, plain):
                        assert passages == ([] if pk in skip else theirs)
                    assert documents_within(kept, terms, limit, lemmas=lemmas, stems=stems,
                                            without_passages={pk for pk, _, _ in plain}) == \
                        [(pk, score, []) for pk, score, _ in plain]
