"""Places, organisations and professionals of round seven (issue #16): businesses named by a
compound that ends in a business word, companies named after people, a known organisation
with its branch, and more. Every sentence here is made up for these tests and appears in no
evaluation set. Most classes are about what deduce takes for a person, so those tests run
with deduce when it is installed; the rest use the rules and word lists only."""
from __future__ import annotations

import pytest

from pseudo_rules import full, needs_deduce, rules

# --- 1. a business named by a compound that ends in a business word -----------------------

@needs_deduce
@pytest.mark.parametrize("text", [
    "De taart komt van Banketbakkerij Vermeulen, morgen om tien uur.",
    "Hij deed klusjes voor Verhuisbedrijf Desmet en daarna bij Glasfabriek Koenraad.",
    "Ze gaat elke dinsdag naar Strijkatelier Josiane.",
    "Stage bij Fotostudio Lambrecht, drie dagen per week.",
    "Post gaat voortaan via Peeters Bewindvoering.",
    "Hij werkte dertig jaar bij Philips, later bij Tata Steel en Damen Shipyards.",
    "Ze kan kiezen: Albert Heijn Oosterhout of de Jumbo.",   # a known organisation and its branch
])
def test_a_business_named_after_a_person_keeps_its_name(text):
    assert full(text) == text


@needs_deduce
@pytest.mark.parametrize("before, after", [
    ("De taart komt van Banketbakkerij Vermeulen, dhr Mertens betaalt.",
     "De taart komt van Banketbakkerij Vermeulen, dhr M. betaalt."),
    ("meneer Winkel belde over zijn zoon Handel", "meneer W. belde over zijn zoon H."),  # surnames, no shops
    ("Tata Hanna komt morgen.", "Tata H. komt morgen."),  # "tata" is a family word of address
])
def test_the_clients_around_a_business_are_still_replaced(before, after):
    assert full(before) == after


# --- 2. brackets after a full name that say where the person works --------------------------

@needs_deduce
@pytest.mark.parametrize("text, organisation", [
    ("Aanwezig: Hilde, Koen; Bart Claessens (Wonnebo).", "Wonnebo"),
    ("Doorverwijzing besproken met Sanne Declercq (Orbitaal).", "Orbitaal"),
    ("Sessie 3 met Annick Bols (Zorg Anders) en Dirk Hendrickx (Samen Sterk).", "Zorg Anders"),
])
def test_an_unknown_organisation_in_brackets_after_a_full_name_stays(text, organisation):
    assert organisation in full(text)


@needs_deduce
def test_a_nickname_in_brackets_after_a_full_name_is_still_a_name():
    out = full("Marcel Peeters (Bolleke) zat weer aan de toog.")  # a pet form, no organisation
    assert "Bolleke" not in out and "Peeters" not in out


# --- 3. a venue named with a capitalised article -------------------------------------------

@needs_deduce
@pytest.mark.parametrize("text", [
    "Sem verzuimde twaalf dagen op Het Steenhuis, zegt de mentor.",   # no surname opens with "Het"
    "met zijn mama naar Het Oosterhuis, de mentor wil praten",
])
def test_het_and_a_surname_shaped_compound_is_a_venue(text):
    assert "Het " + text.split("Het ")[1].split(",")[0] in full(text)


def test_de_and_a_dutch_word_that_is_no_surname_is_a_venue_after_any_preposition():
    out = rules("Brief aan familie Zonnebloem: kerstmarkt in de tuin van De Zonnebloem.")
    assert out == "Brief aan familie Z.: kerstmarkt in de tuin van De Zonnebloem."
    out = rules("Brief aan familie Lindeboom: kerstmarkt in de tuin van De Lindeboom.")  # a surname
    assert "Lindeboom" not in out


# --- 4. an organisation named with a region after it ---------------------------------------

@needs_deduce
@pytest.mark.parametrize("text", [
    "Hij kan stage doen via Syntra West-Vlaanderen, zegt zijn mentor.",
    "samira's buurman belt Brandweer Hollands Midden voor een rookmelder",
    "Melding gedaan bij Veilig Thuis Zuid-Holland Zuid en Reclassering Nederland.",
])
def test_a_word_before_a_region_names_an_organisation(text):
    out = full(text)
    for organisation in ("Syntra West-Vlaanderen", "Brandweer Hollands Midden", "Reclassering Nederland"):
        if organisation in text:
            assert organisation in out


@needs_deduce
@pytest.mark.parametrize("before, after", [
    ("Kevin Limburg komt morgen langs.", "K. L. komt morgen langs."),  # a given name first: a person
    ("Haar zus Anouk Limburg komt op bezoek.", "Haar zus A. L. komt op bezoek."),
])
def test_a_person_whose_surname_is_a_region_is_still_replaced(before, after):
    assert full(before) == after


def test_regions_are_places():
    from ingest import _lexicon as lx
    assert lx.is_place("Zuidwest-Nederland") and lx.is_place("Haaglanden")


# --- 5. employers, schools and hospitals named after people ---------------------------------

@needs_deduce
@pytest.mark.parametrize("text", [
    "Haar man werkte twintig jaar bij Stella Artois in Leuven.",
    "Ze volgt een opleiding verpleegkunde aan Thomas More.",
    "Hij rijdt vrachtwagen voor Katoen Natie.",
    "Opname in het Antoni van Leeuwenhoek, daarna thuis.",
])
def test_a_known_employer_named_like_a_person_keeps_its_name(text):
    assert full(text) == text


# --- 6. professionals: a name opening a line with its job, plural and compound job labels ----

@needs_deduce
@pytest.mark.parametrize("text, name", [
    ("Reacties na de studiedag\n\nJolien Verhaeghe, teamcoach thuiszorg bij Zorgpunt\n'Heel leerrijk.'",
     "Jolien Verhaeghe"),
    ("Bert Schoofs, zorgmanager bij een woonzorgcentrum\n'Ik neem veel mee.'", "Bert Schoofs"),
    ("> Groet, Wannes Desmedt, lector sociaal werk, campus Aalst", "Wannes Desmedt"),
    ("Begeleiders: Griet Claus\nDag 2 gaat over netwerken.", "Griet Claus"),
])
def test_a_professional_named_by_a_job_at_the_line_start_keeps_the_name(text, name):
    assert name in full(text)


@needs_deduce
def test_a_client_cued_elsewhere_is_replaced_even_with_a_job_after_the_name():
    text = "Haar zoon Wout Claeys belde.\nWout Claeys, vrijwilliger bij de Kringwinkel, komt langs."
    assert "Claeys" not in full(text)


def test_plural_and_compound_job_words():
    from ingest._professionals import job_word
    assert job_word("trainers") and job_word("zorgmanager") and job_word("lector")
    assert not job_word("Peeters") and not job_word("Meesters") and not job_word("kinderen")


# --- 7. a table's header words are labels, also on a line under the table -----------------

TABLE = ("naam\turen\twerkplek\topm.\n"
         "Peeters Kobe\t10/40\tKringwinkel Hasselt\tloopt goed\n"
         "Vandenberghe Lotte\t5/20\tStad Genk\tte laat\n"
         "Mertens Sander\t0/30\tSporthal De Ark\tniet gestart\n\n")


@needs_deduce
def test_a_header_word_before_a_members_name_is_no_name():
    out = full(TABLE + "opm Koen:\n- Kobe wil meer uren, Lotte vraagt attest.\n")
    assert "opm Koen:" in out and "opm." in out
    assert "Kobe" not in out and "Lotte" not in out


@needs_deduce
def test_a_header_word_before_a_clients_name_leaves_the_name_replaced():
    out = full(TABLE + "opm Sander: belt morgen terug.\n")
    assert "opm S.:" in out and "Sander" not in out


def test_header_labels_come_from_short_header_cells_only():
    from ingest._columns import header_labels
    assert "opm" in header_labels(TABLE) and "naam" in header_labels(TABLE)
    prose = ("Hij kwam via Ter Apel; zij heeft contact met een neef in Zürich.\n"
             "cc: huisarts; team Zuid\nGGZ; intake\n")
    assert not header_labels(prose) & {"zurich", "apel"}


# --- 8. an organisation named with a lead word and a person's full name --------------------

@needs_deduce
@pytest.mark.parametrize("text", [
    "Haar zaak loopt via Advocatenkantoor Els Peeters in Lier.",
    "De opleiding komt van Bureau Wim Sels, zegt de coördinator.",
])
def test_a_lead_word_before_a_full_name_makes_it_an_organisation(text):
    assert full(text) == text


@needs_deduce
def test_a_lead_word_that_is_a_surname_opens_no_organisation():
    assert "Smit" not in full("Bakker Jan Smit en zijn zoon Tim kwamen.")


# --- 9. public text: the names a job label lists, and the authors of a reference ---------

@needs_deduce
@pytest.mark.parametrize("text", [
    "Sprekers: Lien Wouters, Tom Maes en Ann Gys.",
    "Begeleiding: trainers Kees Bakels en Jo Verlinden.",
    "Zo beschrijven het ook (Henri & Pudelko, 2003) en Lave en Wenger (1991).",
    "Zie (Wenger et al., 2002, p. 4) voor de drie kenmerken.",
])
def test_listed_speakers_and_cited_authors_keep_their_names(text):
    assert full(text) == text


@needs_deduce
@pytest.mark.parametrize("before, after", [
    ("haar kinderen Noa en Liam (2015) wonen bij oma Rita", "haar kinderen N. en L. (2015) wonen bij oma R."),
    ("De kinderen (Noa & Liam, 2015) wonen bij oma.", "De kinderen (N. & L., 2015) wonen bij oma."),
    ("buddy: Greet Sels en haar zoon Pieter", "buddy: Greet Sels en haar zoon P."),
])
def test_children_with_a_birth_year_and_kin_after_a_list_are_still_replaced(before, after):
    assert full(before) == after


# --- 10. cities abroad where people come from ---------------------------------------------

def test_cities_abroad_are_places_and_none_is_a_common_given_name():
    from pathlib import Path

    from ingest import _lexicon as lx
    assert all(lx.is_place(c) for c in ("Kumasi", "Mazar-e-Sharif", "Bujumbura", "Mekelle", "Belo Horizonte"))
    data = Path(__file__).resolve().parents[2] / "ingest" / "data" / "cities.txt"
    cities = [line.strip() for line in data.read_text("utf-8").splitlines() if line.strip() and not line.startswith("#")]
    assert not [c for c in cities if lx.first_name_frequency(c) >= 3]


def test_a_client_named_like_a_city_that_is_a_given_name_is_still_replaced():
    assert rules("haar dochter Medina (12) en zoon Salvador belden") == "haar dochter M. (12) en zoon S. belden"


# --- 11. institutions as lead words, and a shop's English "X by Name" ----------------------

@needs_deduce
@pytest.mark.parametrize("before, after", [
    ("mevr. Leuven belde; haar man zit in gevangenis Leuven", "mevr. L. belde; haar man zit in gevangenis Leuven"),
    ("De oudste werkt in de kapsalon Hair by Samira in Genk.", "De oudste werkt in de kapsalon Hair by Samira in Genk."),
])
def test_an_institution_or_shop_keeps_its_name_beside_a_client_of_that_name(before, after):
    assert full(before) == after


def test_a_client_after_by_in_lower_case_prose_is_still_replaced():
    assert "Samira" not in rules("de tekening is gemaakt by Samira, zegt haar zus Samira")


# --- 12. "Ter" and a Dutch noun alone is a venue -------------------------------------------

@needs_deduce
def test_ter_and_a_noun_alone_is_a_venue():
    text = "medicatielijst Ter Beuken opvragen bij de hoofdverpleegkundige"
    assert full(text) == text


@needs_deduce
@pytest.mark.parametrize("before, after", [
    ("mevrouw Ter Haar belde; Ter Haar wil een huisbezoek.", "mevrouw T. belde; T. wil een huisbezoek."),
    ("Sanne ter Horst komt morgen", "S. T. komt morgen"),
])
def test_a_ter_surname_once_cued_or_after_a_given_name_is_still_replaced(before, after):
    assert full(before) == after


# --- 13. a lower-case business compound before a name -------------------------------------

@needs_deduce
def test_a_lower_case_business_compound_names_the_business_after_it():
    text = "De uitvaart regelt begrafenisonderneming Al-Noor, de imam komt ook."
    assert full(text) == text


def test_a_case_named_after_a_client_is_no_business():
    assert rules("De rechtszaak Peeters loopt nog, mevrouw Peeters is bang.") == \
        "De rechtszaak P. loopt nog, mevrouw P. is bang."


# --- 14. a note's field label "opm" and a town's district ----------------------------------

def test_the_remark_label_is_no_name():
    text = "ma | vroeg Koen | laat Hilde\n  opm: Bram om 8u naar school\ndi | vroeg Hilde\n  opm: bezoek mama\n"
    assert "opm:" in rules(text) and rules(text).count("opm:") == 2


@needs_deduce
def test_a_town_and_its_district_is_a_place():
    out = full("09.10 Ilse Claes - Hasselt-Oost, nieuw, haar zoon Jef komt mee")
    assert "Hasselt-Oost" in out and "Claes" not in out
