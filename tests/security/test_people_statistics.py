"""A person the outsider may see (the author of a shared document) also writes in a
closed group: nothing the outsider gets about that person (the people beside a search,
"wie nog?", the person page, the document's authors) may change when the closed
group's document with that person's name is added."""
from __future__ import annotations

from access_world import BY_ID
from security_world import add_document

OUTSIDER = "mod-oost"
SHARED = BY_ID["zuid/open.md"]
QUERIES = [SHARED.phrase, "thuiszorg buren wijk", "zandloper thuiszorg"]


def _seen(client, person_id: int) -> list:
    out = []
    for query in QUERIES:
        for mode in ("lexical", "hybrid", "dense"):
            search = client.get("/api/search", params={"q": query, "mode": mode, "k": 50}).json()
            who = client.get("/api/who", params={"q": query, "mode": mode}).json()
            out.append((query, mode, search["people"], search["total"], who))
    person = client.get(f"/api/mensen/{person_id}")
    out.append((person.status_code, person.text))
    out.append(client.get(f"/api/documents/{SHARED.doc_id}").json()["authors"])
    return out


def test_a_closed_documents_author_changes_nothing_an_outsider_sees(world, tmp_path):
    outsider = world.client(OUTSIDER)
    [author] = outsider.get(f"/api/documents/{SHARED.doc_id}").json()["authors"]
    before = _seen(outsider, author["person_id"])
    assert any(people for *_, people, _, _ in before[:-2])   # the probe sees the person
    add_document(world, tmp_path / "geheim", "noord/geheim-3.md",
                 "Zeno sprak in de wijk over de thuiszorg, de buren en de zandloper. " * 20, "PG Noord",
                 {"authors": [{"name": SHARED.author, "organisation": f"Organisatie {SHARED.title_word}",
                               "role": "inbreng"}]})
    insider = world.client("lid-noord")
    assert "geheim-3.md" in insider.get(f"/api/mensen/{author['person_id']}").text   # the same person
    assert _seen(outsider, author["person_id"]) == before
