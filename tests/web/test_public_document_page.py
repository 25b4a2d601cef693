"""The document page says when a document is public (`openbaar: ja` or a public type),
so a reader knows why its speakers keep their names; an ordinary one says nothing."""
from __future__ import annotations

from access_world import SOUTH, app_for, log_in

PUBLIC = f"""---
title: "Programma buurtdag"
type: sessieverslag
community: "{SOUTH}"
openbaar: ja
---
Welkom door Griet Mols (Stad Herentals). Workshop door Jan Verlinden.
"""


def test_the_document_page_shows_the_public_switch(access_store, fake_embedder, tmp_path):
    import ingest

    store = access_store
    path = tmp_path / "programma.md"
    path.write_text(PUBLIC, encoding="utf-8")
    ingest.ingest_paths(store, fake_embedder, [path])
    assert store.catalogue.get_document("programma.md").meta.public
    reader = log_in(app_for(store, fake_embedder), "mod-zuid")
    assert "Openbaar document (openbaar: ja)" in reader.get("/documenten/programma.md").text
    assert reader.get("/api/documents/programma.md").json()["public"] is True
    other = next(d for d in store.catalogue.list_documents() if d.doc_id != "programma.md" and d.meta.community == SOUTH)
    assert "Openbaar document" not in reader.get(f"/documenten/{other.doc_id}").text
