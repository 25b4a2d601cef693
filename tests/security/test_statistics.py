"""Item 6: every number an outsider gets (scores, totals, people, facets) comes
only from documents they may see. A closed group's documents full of a word the
outsider also uses must not move any score: the answers with those documents
present and with them erased are identical (FTS5's BM25 over the whole index
gave the word a lower IDF, and the closed group's document lengths moved avgdl)."""
from __future__ import annotations

import pytest

from access_world import DOCS
from security_world import add_closed_document, visible_to

OUTSIDER = "mod-oost"
# Words in every document of the world (the outsider's own too), plus one only the
# closed documents hold: none of them may tell the outsider anything about those.
# "koraalduiker" is the outsider's own document's word: the attack is to watch its score.
QUERIES = ["koraalduiker", "thuiszorg", "buren wijk", "thuiszorg dementie zeldzaamwoord koraalduiker"]
SECRET = ("De thuiszorg kwam drie keer. Zeldzaamwoord, dementie en de koraalduiker: de buren in de wijk"
          " wisten van de thuiszorg. " * 12)


def _answers(client) -> list:
    """Everything the search API and the page's people list answer, per query and mode."""
    out = []
    for query in QUERIES:
        for mode in ("lexical", "hybrid", "dense"):
            response = client.get("/api/search", params={"q": query, "mode": mode, "k": 20})
            assert response.status_code == 200, response.text
            body = response.json()
            out.append((query, mode, body["total"], body["people"],
                        [(r["doc_id"], r["score"], [(p["ordinal"], p["score"]) for p in r["passages"]])
                         for r in body["results"]]))
    return out


@pytest.mark.parametrize("kept_copy", [False, True], ids=["fts-index", "in-memory copy"])
def test_a_closed_groups_words_change_no_score_an_outsider_sees(world, tmp_path, kept_copy):
    add_closed_document(world, tmp_path / "secret", "noord/geheim-2.md", SECRET)
    if kept_copy:
        world.store.lexical.keep_copy()
    outsider = world.client(OUTSIDER)
    with_secrets = _answers(outsider)
    assert any(results for *_, results in with_secrets)
    hidden = [d.doc_id for d in DOCS if d.doc_id not in visible_to(OUTSIDER)] + ["geheim-2.md"]
    for doc_id in hidden:
        assert world.store.catalogue.delete_document(doc_id), doc_id
    assert _answers(outsider) == with_secrets


def test_the_score_of_ones_own_word_does_not_tell_whether_a_closed_group_uses_it(world, tmp_path):
    """The attack of the issue: a moderator watches the score of a word in their own
    document while a closed group writes about it; the score must not move."""
    outsider = world.client(OUTSIDER)
    ask = lambda: [(r["doc_id"], r["score"]) for r in outsider.get(  # noqa: E731
        "/api/search", params={"q": "koraalduiker", "mode": "lexical"}).json()["results"]]
    before = ask()
    assert [doc for doc, _ in before] == ["oost/geheim.md"]
    add_closed_document(world, tmp_path / "secret", "noord/geheim-2.md", SECRET)
    assert ask() == before
    insider = world.client("lid-noord")
    assert "geheim-2.md" in {r["doc_id"] for r in insider.get(
        "/api/search", params={"q": "zeldzaamwoord", "mode": "lexical"}).json()["results"]}
