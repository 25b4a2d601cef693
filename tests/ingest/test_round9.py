"""Round nine of the pseudonymiser (issue #16): classes derived on the tuning and seen files
only, each kept because it also lowered no class on the validation counts (docs/history/pseudonymisation-rounds.md,
"Round nine"). Every sentence here is made up for these tests and appears in no evaluation set."""
from __future__ import annotations

import pytest

from ingest import _names as nm
from ingest._pseudonymise import pseudonymise

MEMBERS = ["Hilde Goossens", "Koen Verstraete"]


def rules(text: str, members=MEMBERS) -> str:
    return pseudonymise(text, list(members), use_model=False).text


# --- 1. a table's column of remarks is still a column that names people ----------------------
# Round nine left such a column out of the spread (b230d07) to keep unlisted organisations
# ("kwam via Tactus"); no list tells them from a client ("vraagt via Lindqvist", "met Ortega
# ruzie"), so the spread is back (probe9): a known place and a member still stay.

REMARKS_TABLE = (
    "| naam | kamer | opmerking |\n"
    "| Dewaele | 12 | kwam binnen via Tactus, vraagt naar Gerda |\n"
    "| Rosalie | 14 | zus Gerda belt morgen, leent een rolator via Vegro |\n"
    "| Schoofs | 15 | wil terug naar Wezep, Hilde bespreekt het |\n"
)


def test_a_column_of_remarks_keeps_a_known_place_and_a_member():
    out = rules(REMARKS_TABLE)
    for kept in ("Wezep", "Hilde"):
        assert kept in out
    for replaced in ("Dewaele", "Rosalie", "Schoofs", "Gerda"):
        assert replaced not in out


def test_a_short_column_of_names_still_spreads():
    table = ("| naam | kamer | contact |\n| Dewaele | 12 | zus Gerda |\n"
             "| Rosalie | 14 | Anke |\n| Schoofs | 15 | Zomer |\n")
    out = rules(table)
    assert "Zomer" not in out and "Gerda" not in out and "Anke" not in out


# --- 2. "(Name, X)": an unknown word closing the brackets after a name and a comma --------
# Round nine first read it as where the person lives ("(oma Mia, Kattebeke)"), which kept an
# unlisted surname there: "(tante Mia, Vandamme)". A client's name outranks a village's, so
# it is a second person again; a known place there stays (the gazetteer decides).

@pytest.mark.parametrize("text, name", [
    ("de zus (tante Mia, Vandamme) belde over de huur.", "Vandamme"),
    ("gesprek met Staf (fam. Celik, Ghebremedhin) en mw. Peeters.", "Ghebremedhin"),
])
def test_an_unknown_word_closing_the_brackets_after_a_name_is_a_second_person(text, name):
    assert name not in rules(text)


def test_a_known_place_closing_the_brackets_after_a_name_stays():
    assert rules("mvr Demir (fam. Demir, Wilrijk) belt.") == "mvr D. (fam. D., Wilrijk) belt."


def test_a_given_name_closing_the_brackets_is_still_a_second_person():
    assert "Piet" not in rules("zijn zonen (zoon Jan, Piet) komen zondag.")


# --- 3. the former municipalities of the mergers of 2019 and 2025 are places ----------------

def test_former_municipalities_are_places():
    table = ("kamer\tbewoner\tnaar\topgehaald door\n3\tPEETERS Mia\tHoeselt\tzoon Ward\n"
             "4\tClaes Jef\tNevele\tdochter Els\n5\tVos Rik\tPuurs\tbroer Stan\n")
    out = rules(table)
    for kept in ("Hoeselt", "Nevele", "Puurs"):
        assert kept in out
    for replaced in ("PEETERS", "Mia", "Claes", "Ward", "Stan"):
        assert replaced not in out


# --- 4. a known place that opens with a capitalised article ---------------------------------

@pytest.mark.parametrize("text", [
    "Meneer Demir logeert in de nachtopvang Kwadraat Den Helder.",
    "- Ali (Ali Demir, Den Helder): slaapt slecht.",
])
def test_a_place_opening_with_an_article_is_kept(text):
    out = rules(text)
    assert "Den Helder" in out and "Demir" not in out


def test_the_surname_after_an_address_stays_replaced():
    assert rules("mevrouw De Haan belde, De Haan wil een gesprek.") == "mevrouw D. belde, D. wil een gesprek."


# --- 5. a town joined to a station, district or part by a hyphen -----------------------------

@pytest.mark.parametrize("text, place", [
    ("Haar zoon Noah stapt over in Gent-Sint-Pieters.", "Gent-Sint-Pieters"),
    ("Meneer Demir wacht aan Antwerpen-Centraal.", "Antwerpen-Centraal"),
    ("partner Bennie (woonwagenkamp Den Bosch-Rosmalen)", "Den Bosch-Rosmalen"),
])
def test_a_town_with_its_station_or_district_is_no_name(text, place):
    start = text.index(place)
    assert not nm.plausible(text, start, start + len(place))


def test_a_double_surname_that_opens_with_a_town_is_still_a_name():
    text = "mw Mol-Peeters belde."
    assert nm.plausible(text, 3, 14)
    assert rules(text) == "mw M.-P. belde."


# --- 6. two capitalised words in a row that no list knows are a person's full name ----------

def test_an_unknown_full_name_is_replaced():
    assert rules("11:40 Mahlet Habteab op kantoor, wil een tolk.") == "11:40 M. H. op kantoor, wil een tolk."


@pytest.mark.parametrize("text", [
    "afspraak met dr. Mulugeta Abraha om 10u.",   # a professional, named by a title
    "Ze eet graag in Ristorante Bellavista.",      # words that other languages use
    "We gaan naar De Vlaskouter.",                 # a venue after an article
])
def test_unknown_pairs_that_name_no_client_stay(text):
    assert rules(text) == text


# --- 7. the other heads of a list whose items open with found names -------------------------

def test_a_nickname_heading_an_item_beside_found_names_is_a_name():
    text = ("ronde di:\n1. Marieke - Molenweg 3, steunkousen\n2. Driekske - Kerkpad 9, ogen druppelen\n"
            "3. Jozef - Dorpsstraat 1, medicatie\n")
    out = rules(text)
    assert "Driekske" not in out and "Marieke" not in out and "Molenweg" in out and "Kerkpad" in out


def test_a_topic_heading_an_agenda_item_stays():
    text = "agenda:\n1. Marieke: steunkousen\n2. Jozef: medicatie\n3. Rooster: kerstperiode\n"
    assert "Rooster" in rules(text)


def test_a_listed_surname_closing_the_brackets_is_still_a_name():
    assert rules("Ze logeert bij haar tante (tante Mia, Mertens).") == "Ze logeert bij haar tante (tante M., M.)."


# --- 8. "familie van" + a given name says whose family; a member keeps the name -------------

def test_a_member_after_familie_van_keeps_the_name():
    text = "nr 4 heet Goossens-Dewulf, geen familie van Hilde (nagevraagd)."
    # round ten: the double surname of the client "nr 4" is replaced too (shapes.double_surnames)
    assert rules(text) == "nr 4 heet G.-D., geen familie van Hilde (nagevraagd)."


def test_a_surname_with_van_after_familie_is_still_replaced():
    assert rules("familie Van Roy komt, mevrouw van Dam belde.") == "familie V. komt, mevrouw V. belde."


# --- 9. what an attacker found round nine kept (probe9) --------------------------------------
# Each sentence is made up; each name was replaced before round nine and stored after it.

def test_a_client_named_in_a_remark_after_met_or_naar_is_still_spread():
    # the remarks rule stopped the spread for the whole column: an unlisted surname that only
    # the column found ("met Ortega", "naar Tremblay") was stored; venues after 'via'/'van' stay
    table = ("| cliënt | bijzonderheden |\n|---|---|\n"
             "| mw. Bakker | valt vaak, heeft gisteren met Ortega ruzie gehad over de tv |\n"
             "| dhr. Smits | Nguyen kwam op bezoek, koffie gedronken, kwam via Tactus |\n"
             "| mw. Peters | onrustig na telefoontje van dochter Ilse, rolator via Vegro |\n")
    out = rules(table)
    assert "Ortega" not in out and "Nguyen" not in out
    table = ("| kamer | naam | opmerking |\n| 1 | Haddou | wilde niet opstaan, later met Haddou junior gebeld |\n"
             "| 2 | Öztürk | Öztürk had een goede nacht en at alles op |\n"
             "| 3 | Szymańska | Szymańska vraagt naar Tremblay van kamer 5 |\n")
    assert "Tremblay" not in rules(table)


def test_a_client_named_in_a_remark_after_van_in_voor_or_via_is_still_spread():
    # after "van", "in", "voor", "via" a remark names a client as often as a venue
    table = ("| naam | opmerking |\n| Mulder | kreeg een kaart van Azoulay uit kamer 3, blij mee |\n"
             "| Bakker | Bakker gaf de krant aan Ferreira en ging slapen |\n"
             "| Vos | kocht bloemen voor Okafor in de winkel beneden |\n"
             "| Lindeman | Lindeman belde 3x, zat daarna in Jansen zijn kamer |\n")
    out = rules(table)
    for name in ("Azoulay", "Okafor", "Jansen"):
        assert name not in out
    table = ("| naam | opmerking |\n| Mulder | Mulder vraagt via Lindqvist of ze mag bellen met haar zus |\n"
             "| Bakker | Bakker kreeg een kaart en was blij |\n"
             "| Vos | Vos zat de hele middag bij de deur te wachten |\n")
    assert "Lindqvist" not in rules(table)


@pytest.mark.parametrize("text, surname", [
    ("Gesprek met Anke Venlo-Coenen over haar zoon.", "Coenen"),
    ("Leen Temse-Mertens heeft een afspraak.", "Mertens"),
    ("Gesprek met Ria Genk-Yilmaz.", "Yilmaz"),
    ("Gesprek met Mieke Zele-Van Acker.", "Acker"),
    ("Marleen Hoorn-Westerveld had koorts.", "Westerveld"),   # a place that is a surname too
    ("Gesprek met Ilse Den Bosch-Oosterhout.", "Oosterhout"),  # an article after a given name
])
def test_a_double_surname_that_opens_with_a_town_that_is_no_surname_is_a_name(text, surname):
    # the hyphen rule kept any part after a town that is no surname or given name itself
    assert surname not in rules(text)


@pytest.mark.parametrize("text", [
    "Cliënt Den Helder wil verhuizen.", "Patiënt Den Helder heeft koorts.",
    "Zorgvrager Den Helder had een goede dag.", "Aanwezig: Den Helder, Verhoeven, Koen",
    "- Piet Jansen\n- Den Helder\n- Marieke Smit\n", "Bij Den Helder thuis was het koud.",
])
def test_an_article_place_outside_a_place_context_is_a_name(text):
    # kept only after a locative, a comma in brackets or an organisation's name
    assert "Helder" not in rules(text)


@pytest.mark.parametrize("text", [
    "Ze verhuist naar Den Helder.", "Het station van Den Helder is dicht.",
    "Het Leger des Heils Den Helder belde.", "(Reza Karimi, Den Helder) kwam via de huisarts.",
])
def test_an_article_place_in_a_place_context_stays(text):
    assert "Den Helder" in rules(text)


# --- found by the privacy probe in both versions: a surname that is a one-word street ---------
# "Rijp" and "Koog" are streets of the list; after a given name and an article alone they are
# her surname, not where she lives (after "van", "uit de", "op de" they stay an address).

@pytest.mark.parametrize("text, surname", [
    ("Bij Nina De Rijp thuis was het koud.", "Rijp"),
    ("Sven De Koog belde vanmorgen over de huur.", "Koog"),
])
@pytest.mark.deduce
def test_a_street_word_after_a_given_name_and_an_article_is_a_surname(text, surname):
    assert surname not in rules(text) and surname not in pseudonymise(text, [], use_model=True).text


def test_a_street_after_van_stays_an_address():
    assert rules("mw smulders van het Wagnerplein belde.") == "mw S. van het Wagnerplein belde."
