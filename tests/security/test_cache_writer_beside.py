"""Attack on the caches kept per allowed set with a second writer (helper late9): a writer
that is another Store on the same data (as the owner's CLI beside the server) closes a
shared document, deletes one and ingests a new shared one while the server's caches are
warm (allowed sets shared by two members, the BM25 copy, the whole-document View). The
server's next answers are those of cold caches: nothing closed or deleted is found or
listed, the new document is. On either backend."""
from __future__ import annotations

from test_cache_changes import _answers, _check, _found, warm_world

import ingest
from access_world import BY_ID
from fakes import FakeEmbedder
from store import open_store


def test_a_second_writer_changes_what_warm_caches_answer(world, tmp_path):
    server = world.store
    clients = warm_world(world, ("west-a", "west-b", "mod-oost"))
    for client in clients.values():
        _answers(client)   # warm
    writer = open_store(server.settings)
    try:
        writer.accounts.set_document_sharing("noord/gedeeld.md", "closed")
        assert writer.catalogue.delete_document("zuid/open.md")
        folder = tmp_path / "nieuw"
        folder.mkdir()
        text = BY_ID["zuid/open.md"].text().replace("zandloper", "rietzanger").replace("Zeno Openhart", "Zeno Nieuw")
        (folder / "nieuw.md").write_text(text, "utf-8")
        report = ingest.ingest_paths(writer, FakeEmbedder(), [folder])
        [new_id] = [o.doc_id for o in report.outcomes]
    finally:
        writer.close()
    after = _check(world, clients)
    for name in ("west-a", "west-b"):
        assert after[name]["list"] == [new_id], after[name]["list"]
        assert _found(after[name]) <= {new_id}
    assert "noord/gedeeld.md" not in _found(after["mod-oost"]) and "zuid/open.md" not in _found(after["mod-oost"])
    assert new_id in after["mod-oost"]["list"]
