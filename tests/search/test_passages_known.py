"""Hybrid's whole-document legs leave out the passages of documents an earlier leg found
(store.Lexical.documents_and_stems, `passages_known`): hybrid takes a document's passages
from the passage leg, then the lemmas' leg, then the stems', so nothing it returns may
change. Compared with the legs scoring every ranked document's passages, over several
candidate limits (small ones make the legs find different documents) and callers."""
import pytest

import ingest
import search
import store._bm25_documents as documents_module
from dutch_docs import DOCS, write_docs
from search._retrieve import retrieve
from store import Access, Filters

_SECTION = ("## {n}. De huurachterstand\nDe huurachterstand liep op; over de huurachterstand kwamen brieven van de"
            " verhuurder, en de huurachterstand bleef groeien tot de budgetbegeleiding de huurachterstand met"
            " de verhuurder regelde. Deel {n} van het verslag over de huurachterstand van dit gezin.\n\n")
# One report whose every passage is about rent arrears (it fills the passage leg's few candidates),
# and one that mentions them once: the whole-document legs find it where the passage leg does not.
EXTRA = {
    "pg-noord/2023-2024/verslag-huur.md": "---\ntitle: \"Verslag: huurachterstand\"\ntype: verslag\ncommunity: \"PG Noord\""
    "\ncycle: \"2023-2024\"\nsession: 4\ndate: 2024-01-16\n---\n# Verslag: huurachterstand\n\n"
    + "".join(_SECTION.format(n=n) for n in range(1, 6)),
    "wt-zuid/2023-2024/casus-post.md": "---\ntitle: \"Casus: de post blijft liggen\"\ntype: casus\ncommunity: \"Wijkteam Zuid\""
    "\ncycle: \"2023-2024\"\nsession: 2\ndate: 2023-10-03\n---\n# Casus: de post blijft liggen\n\n## Situatie\n"
    "Mevrouw K. opent haar brieven niet meer. Tussen de reclame zat een aanmaning over een kleine huurachterstand,"
    " die de buurvrouw vond toen ze hielp opruimen. Samen belden ze de verhuurder.\n",
}

QUERIES = ["huurachterstand en brieven", "aanmaning huurachterstand", "mantelzorg moeder", "schulden wijkteam", "zomer buurt koffie",
           "appeltaart met kaneel"]
CALLERS = [Filters(), Filters(communities=("PG Noord",)),
           Filters(access=Access(member_of=("PG Noord",), shared=True)),
           Filters(access=Access(member_of=("Wijkteam Zuid",), shared=False))]


def _everything(store, embedder):
    out = []
    for query in QUERIES:
        for filters in CALLERS:
            for limit in (1, 2, 3, 100):
                r = retrieve(store, embedder, query, filters, "hybrid", limit=limit)
                out.append(([(d.document_pk, d.score, d.chunks) for d in r.documents], r.lexical_chunks,
                            r.cosine, r.terms))
            result = search.search(store, embedder, query, 10, filters=filters, snippets=False)
            out.append([(h.doc_id, h.score, [(p.chunk_id, p.score) for p in h.passages])
                        for h in result.hits + result.weaker])
    return out


@pytest.mark.parametrize("copy", [True, False])
def test_hybrid_returns_the_same_when_the_whole_document_legs_skip_known_passages(store, fake_embedder, tmp_path,
                                                                               monkeypatch, copy):
    ingest.ingest_paths(store, fake_embedder, [write_docs(tmp_path / "docs", {**DOCS, **EXTRA})])
    filled = store
    if copy:
        search.warm_up(filled, fake_embedder)   # the server's in-memory lexical copy
    skipped, needed = [], []
    original = documents_module.documents_within

    def spy(*args, **kwargs):
        hits = original(*args, **kwargs)
        known = kwargs.get("without_passages", ())
        skipped.extend(pk for pk, _, _ in hits if pk in known)
        needed.extend(pk for pk, _, passages in hits if pk not in known and passages)
        return hits

    monkeypatch.setattr("store._lexical.documents_within", spy)
    fast = _everything(filled, fake_embedder)
    # Both cases happen: passages left out, and passages a leg alone gives (which must stay).
    assert skipped and needed

    def every_passage(*args, **kwargs):
        kwargs.pop("without_passages", None)
        return original(*args, **kwargs)

    monkeypatch.setattr("store._lexical.documents_within", every_passage)
    assert _everything(filled, fake_embedder) == fast
