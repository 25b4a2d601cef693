"""The in-memory BM25 copy: FTS5's scores, and never an answer for an older catalogue
(fake embedder, temp data dir)."""
import time

import pytest

from store import Filters
from store._bm25 import Postings
from text import analyze

QUERIES = ["huurachterstand en brieven van de woningcorporatie", "eenzaamheid na het overlijden van zijn vrouw",
           "mantelzorger overbelast door de zorg voor haar moeder", "schulden buurt", "kaartnamiddag"]


def _fts5(store, terms, limit):
    match = " OR ".join(f'"{t}"' for t in terms)
    return store.db.conn().execute("SELECT rowid, bm25(chunks_fts) AS rank FROM chunks_fts"
                                   " WHERE chunks_fts MATCH ? ORDER BY rank LIMIT ?", [match, limit]).fetchall()


@pytest.mark.parametrize("backend", ["sqlite"])  # FTS5; test_postgres.py compares PostgreSQL's with it
@pytest.mark.parametrize("query", QUERIES)
def test_the_copy_scores_every_hit_as_fts5_does(filled, query):
    postings = Postings("x", filled.lexical._rows()[1])
    terms = sorted(set(analyze(query, for_query=True)))
    ours, theirs = postings.best(terms, -1), _fts5(filled, terms, -1)
    assert len(ours) == len(theirs) > 0
    assert dict(ours) == pytest.approx({pk: rank for pk, rank in theirs}, rel=1e-9)
    assert [s for _, s in postings.best(terms, 3)] == pytest.approx([r for _, r in theirs[:3]], rel=1e-9)


def test_a_limit_of_zero_or_unknown_terms_give_nothing(filled):
    postings = Postings("x", filled.lexical._rows()[1])
    assert postings.best(["huurachterstand"], 0) == []
    assert postings.best(["qwxzyv"], 10) == []


def test_without_a_kept_copy_fts5_answers(filled):
    assert filled.lexical.copy.best(filled.catalogue.snapshot(), ["betalingsregeling"], 5) is None
    assert filled.lexical.search(["betalingsregeling"], Filters(), 5)


def test_a_changed_catalogue_is_answered_at_once_and_the_copy_catches_up(filled, fake_embedder, tmp_path):
    filled.lexical.keep_copy()
    terms = sorted(set(analyze(QUERIES[0], for_query=True)))
    doc = filled.catalogue.get_document("wt-zuid/2023-2024/casus-schulden.md")
    gone = {c.pk for c in filled.catalogue.chunks_of(doc.pk)}
    assert gone & {pk for pk, _ in filled.lexical.search(terms, Filters(), 100)}
    filled.catalogue.delete_document(doc.doc_id)
    assert not gone & {pk for pk, _ in filled.lexical.search(terms, Filters(), 100)}
    snapshot = filled.catalogue.snapshot()
    deadline = time.monotonic() + 600   # the background rebuild takes well under a second; a busy machine, longer
    while filled.lexical.copy.best(snapshot, terms, 100) is None and time.monotonic() < deadline:
        time.sleep(0.2)
    copied = filled.lexical.copy.best(snapshot, terms, 100)
    assert copied is not None and not gone & {pk for pk, _ in copied}
