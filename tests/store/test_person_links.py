"""Schemas 14 and 15 on both backends: people stored before them get their public
ids (store._person_ids), and an author linked before schema 15 from a text's name
("Inbreng Sien:") to a person with an organisation becomes the name's own person
with the link beside it (store._person_links), shown only while it may be."""
from __future__ import annotations

import ingest
from store import open_store


def _doc(folder, name: str, community: str, authors: str, text: str) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / name).write_text(f"---\ntitle: {name}\ntype: casus\ncommunity: \"{community}\"\n"
                               f"authors:\n{authors}\n---\n{text}\n", encoding="utf-8")


def _as_before_schema_15(store) -> None:
    """The link of the text's "Sien" as the old code stored it: the authorship itself;
    and no public ids (schema 13; the deployment's key stays, so the ids come back the same)."""
    with store.db.transaction() as conn:
        [(own, linked)] = conn.execute("SELECT person_id, linked_person_id FROM authorship"
                                       " WHERE linked_person_id IS NOT NULL").fetchall()
        conn.execute("UPDATE authorship SET person_id = ?, linked_person_id = NULL, source = 'text'"
                     " WHERE person_id = ?", (linked, own))
        conn.execute("DELETE FROM people WHERE id = ?", (own,))
        conn.execute("UPDATE people SET public_id = NULL")


def test_people_and_links_from_before_are_brought_up_to_date(settings, fake_embedder, tmp_path):
    store = open_store(settings)
    try:
        _doc(tmp_path / "docs", "casus.md", "PG Noord", '  - name: "Sien Maes"\n    organisation: "WZC Linde"',
             "Een casus over de buurtkamer.")
        assert not ingest.ingest_paths(store, fake_embedder, [tmp_path / "docs"]).failed
        _doc(tmp_path / "more", "verslag.md", "PG Noord", '  - name: "Sien Maes"', "Een verslag over de buurt.")
        assert not ingest.ingest_paths(store, fake_embedder, [tmp_path / "more"]).failed
        before = {d.doc_id: d.meta.authors for d in store.catalogue.list_documents()}
        assert before["verslag.md"][0].organisation == "WZC Linde"   # linked: shared like the first
        _as_before_schema_15(store)
        assert store.catalogue.list_documents()[0].meta.authors[0].person_id is None
    finally:
        store.close()
    store = open_store(settings)
    try:
        after = {d.doc_id: d.meta.authors for d in store.catalogue.list_documents()}
        assert [(a.name, a.organisation, a.person_id) for a in after["verslag.md"]] == \
            [(a.name, a.organisation, a.person_id) for a in before["verslag.md"]]
        assert after["casus.md"][0].person_id == before["casus.md"][0].person_id != None  # noqa: E711
        rows = store.db.conn().execute("SELECT p.organisation, a.linked_person_id IS NOT NULL FROM authorship a"
                                       " JOIN people p ON p.id = a.person_id ORDER BY a.document_id").fetchall()
        assert [tuple(r) for r in rows] == [("WZC Linde", False), ("", True)]
    finally:
        store.close()
