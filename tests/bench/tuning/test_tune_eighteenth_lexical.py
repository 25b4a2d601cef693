"""The eighteenth lexical round's bench (bench/tuning/tune_eighteenth_lexical.py): a variant ranks as
the product's store._bm25_documents ranks with the same constants, dropping common query terms drops
them, and leave-one-set-out scores each set with a choice made on the others only."""
import numpy as np

from bench.metrics import ndcg_at
from bench.tuning.tune_eighteenth_lexical import BEFORE, PRODUCT, Variant, loso, score_set
from bench.tuning.tune_sixth import rows_in_memory
from search._retrieve import CANDIDATES
from store._bm25_documents import documents_within, known_forms

BODIES = {1: "schuld huur brief", 2: "huur huur buurt schuld", 3: "buurt koffie", 4: "schulden koffie koffie moeder",
          5: "mantelzorg moeder", 6: "schuld"}
DOCUMENT_OF = {1: 10, 2: 10, 3: 20, 4: 30, 5: 40, 6: 50}


def _set() -> dict:
    queries = [{"id": "q1"}, {"id": "q2"}, {"id": "off", "offtopic": True}]
    return {"name": "klein", "chunk_pks": np.array(sorted(BODIES)), "bodies": BODIES, "document_of": DOCUMENT_OF,
            "doc_ids": {10: "a", 20: "b", 30: "c", 40: "d", 50: "e"}, "queries": queries,
            "qrels": {"q1": {"c": 2, "a": 1}, "q2": {"b": 1}},
            "terms": {"lemma": (None, [["schuld", "koffie"], ["buurt", "huur"], ["taart"]])},
            "bm25": [["a", "c"], ["b"], []]}


def test_a_variant_ranks_as_the_product_ranks_with_the_same_constants():
    s = _set()
    scored = score_set(s, [BEFORE, PRODUCT, Variant(1.5, 0.75, 0.0)])
    everything = rows_in_memory(s)
    for row, (k1, b, stems) in enumerate([(2.0, 0.6, 0.5), (PRODUCT.k1, PRODUCT.b, PRODUCT.stems), (1.5, 0.75, 0.0)]):
        for i, q in enumerate(("q1", "q2")):
            known = known_forms(everything, s["terms"]["lemma"][1][i])
            ranked = [s["doc_ids"][pk] for pk, _, _ in documents_within(everything, known, CANDIDATES, k1, b,
                                                                        stems=stems)]
            assert scored.values[row, i] == ndcg_at(ranked, s["qrels"][q])
    assert list(scored.bm25) == [ndcg_at(["a", "c"], s["qrels"]["q1"]), 1.0]  # off-topic questions are left out
    assert scored.ids == ["q1", "q2"]


def test_dropping_common_query_terms_ranks_by_the_rest():
    s = _set()
    # "huur" is in 1 of 5 documents, "buurt" in 2: above 0.3 of them "buurt" goes, leaving "huur"
    scored = score_set(s, [Variant(2.0, 0.6, 0.0, None, 0.3)])
    assert scored.values[0, 1] == ndcg_at(["a"], s["qrels"]["q2"]) == 0.0
    kept = score_set(s, [Variant(2.0, 0.6, 0.0)])
    assert kept.values[0, 1] > 0


def test_leave_one_set_out_chooses_on_the_other_sets_only():
    base = np.array([0.5, 0.5, 0.5])
    values = np.array([[0.50, 0.50, 0.50], [0.60, 0.60, 0.10], [0.55, 0.55, 0.55]])
    margins, chosen = loso(values, base, [0, 1, 2])
    assert chosen == [2, 2, 1]
    assert np.allclose(margins, [0.05, 0.05, -0.4])
