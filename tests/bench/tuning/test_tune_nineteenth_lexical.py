"""The nineteenth lexical round's bench (bench/tuning/tune_nineteenth_lexical.py): the sets being written are
refused, the product's variant ranks as store._bm25_documents ranks with the product's constants, a common
Dutch word weighed 0 ranks by the rest, each question keeps the half it came from, and (twentieth round) the lead
every row of a document repeats is kept in its first rows only."""
import json

import numpy as np
import pytest

from bench.metrics import ndcg_at
from bench.tuning.tune_nineteenth_lexical import PRODUCT, Ranker, Variant, form, lead_capped, score_set, seen
from bench.tuning.tune_sixth import rows_in_memory
from search._retrieve import CANDIDATES, LEXICAL_B, LEXICAL_K1, LEXICAL_STEMS
from store._bm25_documents import documents_within, known_forms

BODIES = {1: "schuld huur brief", 2: "huur huur buurt schuld", 3: "buurt koffie gaan", 4: "schulden koffie koffie moeder",
          5: "mantelzorg moeder gaan gaan", 6: "schuld"}
DOCUMENT_OF = {1: 10, 2: 10, 3: 20, 4: 30, 5: 40, 6: 50}


def _set() -> dict:
    queries = [{"id": "q1", "text": "schuld en koffie", "was": "tune"},
               {"id": "q2", "text": "buurt, huur", "was": "heldout"},
               {"id": "q3", "text": "moeder gaan", "was": "tune"},
               {"id": "off", "text": "taart", "offtopic": True, "was": "tune"}]
    return {"name": "klein", "chunk_pks": np.array(sorted(BODIES)), "bodies": BODIES, "document_of": DOCUMENT_OF,
            "doc_ids": {10: "a", 20: "b", 30: "c", 40: "d", 50: "e"}, "queries": queries,
            "qrels": {"q1": {"c": 2, "a": 1}, "q2": {"b": 1}, "q3": {"b": 1}},
            "terms": {"lemma": (None, [["koffie", "schuld"], ["buurt", "huur"], ["gaan", "moeder"], ["taart"]])},
            "bm25": [["a", "c"], ["b"], ["b"], []]}


def _directory(root, name):
    directory = root / name
    directory.mkdir()
    (directory / "queries.jsonl").write_text(json.dumps({"id": "q0", "text": "vraag"}) + "\n", encoding="utf-8")
    (directory / "qrels.tsv").write_text("q0\td0\t1\n", encoding="utf-8")
    (directory / "corpus.jsonl").write_text(json.dumps({"_id": "d0", "text": "tekst"}) + "\n", encoding="utf-8")
    return directory


def test_the_sets_being_written_are_refused_and_a_judged_one_is_not(tmp_path):
    for name in ("eval-notes-23", "eval-cases-18"):
        with pytest.raises(SystemExit):
            seen(_directory(tmp_path, name))
    assert seen(_directory(tmp_path, "eval-cases-17")).name == "eval-cases-17"


def test_the_product_variant_ranks_as_the_product():
    assert (PRODUCT.k1, PRODUCT.b, PRODUCT.stems) == (LEXICAL_K1, LEXICAL_B, LEXICAL_STEMS)
    s = _set()
    scored = score_set(s, [PRODUCT, Variant(2.0, 0.6, 0.5)])
    everything = rows_in_memory(s)
    for row, (k1, b, stems) in enumerate([(LEXICAL_K1, LEXICAL_B, LEXICAL_STEMS), (2.0, 0.6, 0.5)]):
        for i, q in enumerate(("q1", "q2", "q3")):
            known = known_forms(everything, s["terms"]["lemma"][1][i])
            ranked = [s["doc_ids"][pk] for pk, _, _ in documents_within(everything, known, CANDIDATES, k1, b,
                                                                        stems=stems)]
            assert scored.values[row, i] == ndcg_at(ranked, s["qrels"][q])
    assert list(scored.half) == ["tune", "heldout", "tune"]  # off-topic questions left out, halves kept
    assert scored.ids == ["q1", "q2", "q3"]


def test_a_common_dutch_word_weighed_zero_ranks_by_the_rest():
    ranker = Ranker(rows_in_memory(_set()))
    documents = list(ranker.view.documents)
    plain = ranker.scores(["gaan", "moeder"], PRODUCT)
    common = ranker.scores(["gaan", "moeder"], Variant(zipf=6.0, zipf_weight=0.0))  # "gaan": Zipf 6.2
    assert plain[documents.index(20)] > 0  # "gaan" alone finds document 20 ...
    assert common[documents.index(20)] == 0  # ... not when it weighs nothing
    assert common[documents.index(40)] > 0 and common[documents.index(30)] > 0  # "moeder" still finds them
    half = ranker.scores(["gaan", "moeder"], Variant(zipf=6.0, zipf_weight=0.5))
    assert 0 < half[documents.index(20)] < plain[documents.index(20)]


def test_a_question_s_form():
    assert form("schuld sportweddenschappen student") == "terms"
    assert form("Welke rol speelt de huisartsenpraktijk in de wijk?") == "one sentence"
    assert form("Mijn moeder is 83. Ze eet nauwelijks. Wat kan ik doen?") == "situation"


def test_the_lead_every_row_repeats_is_kept_in_the_first_rows_only():
    bodies = {1: "zorg thuis huur brief", 2: "zorg thuis buurt", 3: "zorg thuis zorg koffie", 4: "zorg thuis", 5: "huur"}
    s = {"chunk_pks": np.array([3, 1, 2, 4, 5]), "bodies": bodies, "document_of": {1: 10, 2: 10, 3: 10, 4: 20, 5: 30}}
    def held(keep):
        postings, mask = lead_capped(s, keep)[0]
        assert mask.all()
        return {int(pk): sum(int(postings._slice(w)[1][postings._slice(w)[0] == i].sum()) for w in ("zorg", "thuis"))
                for i, pk in enumerate(postings.pks)}
    # document 10's rows (1, 2, 3 in pk order) share "zorg thuis"; row 3's second "zorg" is its own
    assert held(1) == {1: 2, 2: 0, 3: 1, 4: 2, 5: 0}
    assert held(2) == {1: 2, 2: 2, 3: 1, 4: 2, 5: 0}
    assert held(3) == {1: 2, 2: 2, 3: 3, 4: 2, 5: 0}   # no more rows than that: as the index holds them
