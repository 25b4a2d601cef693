"""Documents that name professionals (issue #16): `openbaar: ja` is stored with the
document, so pseudonymising it again keeps its speakers; places, projects and
organisations keep their names in every document. The texts are made up in the style of
a programme, a masterclass report and a learning-network plan (no seed file is read)."""

import pytest

import ingest
from ingest._pseudonymise import pseudonymise

COMMUNITY = "Lerend Netwerk Kempen"
PROGRAMME = f"""---
title: "Wijkconferentie Zorgzame Buurt Geel-Centrum"
type: sessieverslag
community: "{COMMUNITY}"
openbaar: ja
---
Programma van de wijkconferentie in Geel.
10u00 Welkom door Katrien Goossens (Stad Geel).
10u30 Lezing: buurtzorg die werkt, door Pieter Laenen (Thomas More Kempen).
11u30 Workshop met Sofie Daems van Zorgzame Buurt Geel-Centrum en OCMW Geel.
"""


@pytest.mark.deduce
def test_the_public_switch_is_stored_and_a_correction_keeps_the_speakers(store, fake_embedder, tmp_path):
    store.accounts.add_community(COMMUNITY)
    path = tmp_path / "programma.md"
    path.write_text(PROGRAMME + "Vraag uit de zaal van mevrouw Verbist.\n", encoding="utf-8")
    ingest.ingest_paths(store, fake_embedder, [path])
    stored = store.catalogue.get_document("programma.md")
    assert stored.meta.public
    assert "Katrien Goossens" in stored.text and "Pieter Laenen" in stored.text and "mevrouw V." in stored.text
    ingest.correct_names(store, fake_embedder, COMMUNITY, ["Daems"])
    again = store.catalogue.get_document("programma.md")
    assert again.meta.public and "Daems" not in again.text
    assert "Katrien Goossens" in again.text and "Pieter Laenen" in again.text
    assert "Zorgzame Buurt Geel-Centrum" in again.text and "Stad Geel" in again.text


def test_a_document_without_the_switch_is_stored_as_not_public(store, fake_embedder, tmp_path):
    store.accounts.add_community(COMMUNITY)
    store.accounts.set_pseudonymise(COMMUNITY, False)
    path = tmp_path / "verslag.md"
    path.write_text(PROGRAMME.replace("openbaar: ja\n", ""), encoding="utf-8")
    ingest.ingest_paths(store, fake_embedder, [path])
    assert store.catalogue.get_document("verslag.md").meta.public is False


SEED_LIKE = [
    ("Praktijkgemeenschappen in de regio Turnhout: wat zijn ze? In Zorgzame Buurt Turnhout-Centrum"
     " leren medewerkers van CAW De Kempen, het Sociaal Huis Turnhout en Thuiszorg Kempen van elkaar;"
     " Turnhout en Oud-Turnhout trekken samen.",
     ["Zorgzame Buurt Turnhout-Centrum", "CAW De Kempen", "Sociaal Huis Turnhout", "Oud-Turnhout"]),
    ("Masterclass Zorgzame Buurt Mol-Rauw: verslag. De deelnemers van Stad Mol, Welzijnsschakel Rauw"
     " en het Sociaal Huis Mol bespraken met Helix Mol hoe de buurt Rauw samen zorgt.",
     ["Zorgzame Buurt Mol-Rauw", "Stad Mol", "Welzijnsschakel Rauw", "Sociaal Huis Mol", "Rauw"]),
    ("Lerend netwerk Warme Wijk Lier-Noord: plan 2027. Partners: Stad Lier, OCMW Lier, Dina Wonen,"
     " CAW De Kempen en wijkcentrum De Mol. Trekker: Warme Wijk Lier-Noord.",
     ["Warme Wijk Lier-Noord", "Stad Lier", "OCMW Lier", "CAW De Kempen", "wijkcentrum De Mol"]),
]


@pytest.mark.deduce
@pytest.mark.parametrize("text, places", SEED_LIKE)
def test_places_projects_and_organisations_keep_their_names_in_any_document(text, places):
    out = pseudonymise(text, [], keep=["Dina Wonen"]).text
    assert [p for p in places if p not in out] == []


@pytest.mark.deduce
def test_a_programme_typed_public_keeps_its_speakers_and_places():
    text = ("Opleiding buurtgericht werken, Leuven. Trainers: Elke Vandenberghe (UCLL) en Jan"
            " Wouters (Sivari Leuven). Praktijkvoorbeeld van Buurtzorg Kessel-Lo.")
    out = pseudonymise(text, [], public=True).text
    assert out == text


@pytest.mark.deduce
def test_a_programme_ingested_without_a_type_stays_findable_by_its_places(store, fake_embedder, tmp_path):
    """Its speakers become initials, but the project and the places keep their names, so a
    lexical search for them finds the document."""
    import search

    store.accounts.add_community(COMMUNITY)
    path = tmp_path / "programma.md"
    path.write_text(PROGRAMME.replace("openbaar: ja\n", ""), encoding="utf-8")
    ingest.ingest_paths(store, fake_embedder, [path])
    stored = store.catalogue.get_document("programma.md")
    assert not stored.meta.public and "Katrien Goossens" not in stored.text
    hits = search.search(store, fake_embedder, "zorgzame buurt Geel-Centrum", k=5, mode="lexical").hits
    assert [h.doc_id for h in hits][:1] == ["programma.md"]
