"""A search ranks the passages the caller may read at one moment (its snapshot), then
reads the ranked passages' rows, their lexical text (the relevance floor's coverage)
and their documents by row number. SQLite gives a deleted row's number to the next row
inserted, so a document of the caller deleted in between, and a closed group's
document stored then, lent the closed passage's text to the floor's judgement of a
result: the page's count ("total") said whether the closed text held the query's
words, though the result itself was no longer shown. A count holds only documents the
caller may read when it is made."""
from __future__ import annotations

import search
from search import access
from security_world import add_document
from store import Filters

QUERY = "zeppelinbouwer luchtschip"


def test_a_result_deleted_while_judged_is_not_counted_whatever_took_its_rows(world, tmp_path, monkeypatch):
    store = world.store
    add_document(world, tmp_path / "zuid", "laatste.md", "De zeppelinbouwer sprak over het luchtschip.",
                 "Wijkteam Zuid")
    document = store.catalogue.get_document("laatste.md")
    rows = ([document.pk], [c.pk for c in store.catalogue.chunks_of(document.pk)])
    caller = access.restrict(Filters(), store.accounts.user("mod-oost"), False)
    embedder = world.app.state.runtime.embedder
    judged = search.judge
    taken: list = []

    def meanwhile(*args, **kwargs):
        if not taken:
            with store.writer():
                store.catalogue.delete_document("laatste.md")
            add_document(world, tmp_path / "noord", "geheim-4.md", "De zeppelinbouwer en het luchtschip, geheim.",
                         "PG Noord")
            closed = store.catalogue.get_document("geheim-4.md")
            taken.append(([closed.pk], [c.pk for c in store.catalogue.chunks_of(closed.pk)]))
        return judged(*args, **kwargs)

    with monkeypatch.context() as patch:
        patch.setattr(search, "judge", meanwhile)
        result, total, _ = search.search_page(store, embedder, QUERY, 1, 10, caller, "hybrid")
    if store.db.dialect == "sqlite":
        assert set(taken[0][1]) & set(rows[1]), "the closed passage took the deleted passage's row (the premise)"
    now, total_now, _ = search.search_page(store, embedder, QUERY, 1, 10, caller, "hybrid")
    assert "laatste.md" not in {h.doc_id for h in now.hits} | {h.doc_id for h in result.hits}
    assert total == total_now   # counted: what the caller may read, not a row another group took


def test_a_document_page_shows_no_passages_of_a_document_that_took_its_row(world, tmp_path, monkeypatch):
    """The document page reads the document under the caller's access, then its passages
    by the document's row number: a closed group's document stored in between on the
    number of the one just deleted gave the page (and the pack, and related cases) its
    passages: headings, vector ids, text."""
    store = world.store
    add_document(world, tmp_path / "zuid", "laatste.md", "# Open kopje\n\nDe zeppelinbouwer sprak.", "Wijkteam Zuid")
    number = store.catalogue.get_document("laatste.md").pk
    outsider = world.client("mod-oost")
    read = search.get_document
    taken: list[int] = []

    def meanwhile(*args, **kwargs):
        document = read(*args, **kwargs)
        if not taken and document.doc_id == "laatste.md":
            with store.writer():
                store.catalogue.delete_document("laatste.md")
            add_document(world, tmp_path / "noord", "geheim-5.md", "# Geheim kopje kanariekoekoek\n\nHet luchtschip.",
                         "PG Noord")
            taken.append(store.catalogue.get_document("geheim-5.md").pk)
        return document

    with monkeypatch.context() as patch:
        patch.setattr(search, "get_document", meanwhile)
        answer = outsider.get("/api/documents/laatste.md")
    if store.db.dialect == "sqlite":
        assert taken == [number], "the closed document took the deleted document's row (the premise)"
    assert "kanariekoekoek" not in answer.text
