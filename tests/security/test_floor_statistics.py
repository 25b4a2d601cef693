"""The relevance floor's lexical evidence (search._floor.question_evidence, store
Lexical.terms_held) and hybrid's stem leg (Lexical.documents_and_stems) count only the
passages the caller may see: a closed group's words change none of an outsider's
figures, so an outsider cannot learn from how her question is answered whether a
closed document holds a rare word."""
from __future__ import annotations

from search._floor import question_evidence
from search._retrieve import Retrieval
from search.access import restrict
from security_world import add_closed_document
from store import Filters

TERMS = ["zandloper", "geheimwoordx", "wijk"]


def _figures(world, filters):
    store = world.store
    lemmas, stems = store.lexical.documents_and_stems(TERMS, filters, 50)
    pks = sorted({pk for pk, _, _ in lemmas + stems})
    held = store.lexical.terms_held(TERMS, pks, filters)
    retrieval = Retrieval([], TERMS, cosine={pk: 0.9 for pk in pks}, filters=filters)
    return lemmas, stems, held, question_evidence(store, retrieval, 3)


def test_a_closed_documents_rare_word_changes_nothing_an_outsider_is_counted_on(world, tmp_path):
    filters = restrict(Filters(), world.store.accounts.user("mod-zuid"), local_mode=False)
    before = _figures(world, filters)
    assert before[0] and before[3] > 0   # the outsider has something to be judged on
    body = " ".join(["geheimwoordx zandlopers zandloper wijk"] * 40)
    for i in range(3):
        add_closed_document(world, tmp_path, f"noord/extra-{i}.md", body)
    assert _figures(world, filters) == before
    insider = restrict(Filters(), world.store.accounts.user("lid-noord"), local_mode=False)
    assert _figures(world, insider)[2][1]["geheimwoordx"] > 0   # it is counted for a member
