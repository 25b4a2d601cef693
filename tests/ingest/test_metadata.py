import datetime as dt

import pytest

from ingest import IngestError
from ingest._metadata import Overrides, resolve_meta
from store import Author


def test_front_matter_wins_over_flags_and_folders():
    fields = {"title": "Casus X", "type": "casus", "community": "PG Noord", "cycle": "2022/2023",
              "session": "3", "date": dt.date(2022, 11, 8),
              "authors": [{"name": "Griet", "organisatie": "LDC"}, "Tom (WZC)"]}
    meta = resolve_meta(fields, Overrides(community="Andere", cycle="2023-2024"), "x/2021-2022/a.md", "")
    assert (meta.title, meta.type, meta.community, meta.cycle, meta.session, meta.date) == (
        "Casus X", "casus", "PG Noord", "2022-2023", 3, "2022-11-08")
    assert meta.authors == [Author("Griet", "LDC"), Author("Tom", "WZC")]


def test_flags_then_folder_convention():
    meta = resolve_meta({}, Overrides(type="reflectie"), "pg-noord/2023-2024/notes/a.md", "tekst")
    assert (meta.type, meta.community, meta.cycle) == ("reflectie", "pg-noord", "2023-2024")


def test_missing_metadata_stays_unknown():
    meta = resolve_meta({}, Overrides(), "losse-notitie.txt", "Gewoon wat tekst.")
    assert meta.type is None and meta.community is None and meta.cycle is None
    assert meta.authors == [] and meta.date is None
    assert meta.title == "Losse notitie"


def test_title_from_first_heading():
    assert resolve_meta({}, Overrides(), "a.md", "intro\n\n## Mijn titel\n").title == "Mijn titel"


def test_dutch_keys_and_date_format():
    meta = resolve_meta({"titel": "T", "soort": "verslag", "datum": "14-11-2023", "auteurs": "An"},
                        Overrides(), "a.md", "")
    assert (meta.type, meta.date, meta.authors) == ("sessieverslag", "2023-11-14", [Author("An")])


@pytest.mark.parametrize("fields, words", [
    ({"type": "notulen"}, "unknown type"),
    ({"cycle": "vorig jaar"}, "working year"),
    ({"session": "drie"}, "not a number"),
    ({"date": "gisteren"}, "not a date"),
    ({"authors": [{"organisation": "X"}]}, "no name"),
])
def test_malformed_values_are_clear_errors(fields, words):
    with pytest.raises(IngestError) as error:
        resolve_meta(fields, Overrides(), "a.md", "")
    assert words in error.value.detail and error.value.code == "bad_metadata"


# --- titles from the document itself (issue 18) ---

@pytest.mark.parametrize("name, body, title", [
    ("6b4732cc770291a4.txt", "top of page\nDe wij[k]conferentie voor welzijn\n\nCo-creatie en inspiratie.",
     "De wij[k]conferentie voor welzijn"),
    ("93ec49440f0ee05e.txt", "site.nl gebruikt cookies om het gebruik te analyseren.\n\nOndersteuning bij"
     " veranderingen in de zorg.\n\nVerslag Masterclass Wijkgericht werken\n\nTekst.",
     "Verslag Masterclass Wijkgericht werken"),
    ("a.txt", "\n\n  Training:   Samenwerken en zelfregie  \nDoelgroep: wijkteams", "Training: Samenwerken en zelfregie"),
    ("a.txt", "Datum: 12 maart 2024\nAanwezig: Els, Marc\nIntervisie over eenzaamheid\n\nWe bespraken.",
     "Intervisie over eenzaamheid"),
    ("a.html", "Wat werkt bij eenzame ouderen?\n\nEen lange alinea.", "Wat werkt bij eenzame ouderen?"),
    ("verslag_sessie-3.txt", "Dit is meteen een gewone zin die met een punt eindigt.\n\nNog een zin.",
     "Verslag sessie 3"),
    ("verslag.txt", "Een eerste regel die veel te lang is om een titel te zijn, want hij loopt maar door en"
     " door zonder ophouden tot ver voorbij honderd tekens\n", "Verslag"),
    ("scan.pdf", "Pagina 1 van 4\n\nVerslag.", "Scan"),  # a PDF's first line is often a running header
    ("a.md", "Korte titel\n\n# Kop verderop\n", "Kop verderop"),  # a marked heading still comes first
])
def test_a_plain_document_takes_its_title_from_its_first_short_line(name, body, title):
    assert resolve_meta({}, Overrides(), name, body).title == title


def test_front_matter_title_still_wins_over_the_first_line():
    assert resolve_meta({"title": "Uit de kop"}, Overrides(), "a.txt", "Eerste regel\n\nTekst").title == "Uit de kop"


def test_an_ingested_txt_shows_its_first_line_as_title(store, fake_embedder, tmp_path):
    import ingest

    (tmp_path / "6b4732cc770291a4.txt").write_text(
        "top of page\n\nSessie over buurtgericht werken\n\nDe groep besprak hoe buren elkaar helpen.\n",
        encoding="utf-8")
    report = ingest.ingest_paths(store, fake_embedder, [tmp_path / "6b4732cc770291a4.txt"])
    assert report.outcomes[0].status == "ingested"
    assert store.catalogue.get_document("6b4732cc770291a4.txt").meta.title == "Sessie over buurtgericht werken"
