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


def _programme(folder, community: str = "PG Noord") -> None:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "programma.md").write_text(
        f"---\ntitle: Programma\ntype: other\ncommunity: \"{community}\"\nauthors:\n"
        '  - {name: "Maud Frijns", organisation: "Wijkteam", role: deelnemer}\n---\n'
        "# Programma\n\n1. Oktober: casus (Karin) uit de huisartsenpraktijk.\n2. December: open casusbespreking.\n",
        encoding="utf-8")


def _people_of(store, doc_id: str) -> list[tuple[str, str | None, str | None]]:
    documents = {d.doc_id: d for d in store.catalogue.list_documents()}
    return sorted((a.name, a.organisation, a.role) for a in documents[doc_id].meta.authors)


def test_a_bare_given_name_is_the_one_person_of_the_community_whose_name_opens_with_it(settings, fake_embedder,
                                                                                          tmp_path):
    """A programme's "casus (Karin)" is Karin Vroomen, whom the community's case names
    with her organisation: "wie nog?" counted "Karin" as a person of her own beside her
    (demo/eval-cases-5's programmes: "Karin", "Wendy", "Mieke" in the panel's five)."""
    store = open_store(settings)
    try:
        _doc(tmp_path / "docs", "casus.md", "PG Noord", '  - name: "Karin Vroomen"\n    organisation: "Huisartsenpraktijk"',
             "Een casus over pijnstillers.")
        assert not ingest.ingest_paths(store, fake_embedder, [tmp_path / "docs"]).failed
        _programme(tmp_path / "programme")
        assert not ingest.ingest_paths(store, fake_embedder, [tmp_path / "programme"]).failed
        programme = _people_of(store, "programma.md")
        assert ("Karin Vroomen", "Huisartsenpraktijk", "inbreng") in programme
        assert not any(name == "Karin" for name, _, _ in programme)
        karin = {a.person_id for d in store.catalogue.list_documents() for a in d.meta.authors if a.name.startswith("Karin")}
        assert len(karin) == 1   # one person: her case and the programme
    finally:
        store.close()


def test_a_bare_given_name_two_people_open_with_stays_its_own(settings, fake_embedder, tmp_path):
    store = open_store(settings)
    try:
        _doc(tmp_path / "docs", "casus.md", "PG Noord", '  - name: "Karin Vroomen"\n    organisation: "Huisartsenpraktijk"',
             "Een casus over pijnstillers.")
        _doc(tmp_path / "docs", "casus-2.md", "PG Noord", '  - name: "Karin Peeters"\n    organisation: "OCMW"',
             "Een casus over de buurtkamer.")
        _doc(tmp_path / "docs", "casus-3.md", "PG Zuid", '  - name: "Karina Smit"\n    organisation: "LDC"',
             "Een casus over de wijk.")
        assert not ingest.ingest_paths(store, fake_embedder, [tmp_path / "docs"]).failed
        _programme(tmp_path / "programme")
        assert not ingest.ingest_paths(store, fake_embedder, [tmp_path / "programme"]).failed
        assert ("Karin", None, "inbreng") in _people_of(store, "programma.md")
    finally:
        store.close()
