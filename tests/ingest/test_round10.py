"""Round ten of the pseudonymiser (issue #16): the leaks the privacy probe of round nine found
in both versions it compared, each as a class (docs/history/pseudonymisation-rounds.md, "Round ten"). Every
sentence here is made up for these tests and appears in no evaluation set. Each class has
sentences where its rule must not reach too: a member, a place or a professional that stays."""
from __future__ import annotations

import pytest

from pseudo_rules import full, needs_deduce, rules

# --- d. a given name after "van" and a job or role word: whose mentor, not a surname ----------
# "de mentor van Yara" was read as the mentor "van Yara" (a professional's surname), so "Yara"
# stayed there and everywhere else in the note.

WHOSE_JOB = [
    ("de mentor van Yara belde, Yara wil naar school.", "Yara"),
    ("Ik sprak de begeleider van Yara over de stage.", "Yara"),
    ("De huisarts van Karim belt terug.", "Karim"),
    ("de juf van Noor zegt dat het goed gaat.", "Noor"),
    ("Gesprek met de advocaat van Mohammed over de zitting.", "Mohammed"),
    ("de bewindvoerder van Sanne heeft de huur betaald.", "Sanne"),
    ("de voogd van Amir komt dinsdag.", "Amir"),
    ("de leerkracht van Yara is ziek.", "Yara"),
    ("de buddy van Bilal gaat mee naar de rechtbank.", "Bilal"),
    ("de casemanager van Rosa belde.", "Rosa"),
]


@pytest.mark.parametrize("text, name", WHOSE_JOB)
def test_a_given_name_after_a_job_and_van_is_the_clients(text, name):
    assert name not in rules(text)


@needs_deduce
@pytest.mark.deduce
@pytest.mark.parametrize("text, name", WHOSE_JOB[:3])
def test_a_given_name_after_a_job_and_van_is_the_clients_with_deduce(text, name):
    assert name not in full(text)


@pytest.mark.parametrize("text, name", [
    ("de zus van Karim komt morgen.", "Karim"),
    ("De zus van Karim belde.", "Karim"),
    ("de tante van Yara zorgt voor haar.", "Yara"),
    ("de moeder van Yara belde.", "Yara"),
    ("het zusje van Yara huilt.", "Yara"),
])
def test_a_given_name_after_a_kinship_word_and_van_is_replaced_with_its_van_kept(text, name):
    out = rules(text)
    assert name not in out and " van " + name[0] + "." in out


# attacks on the rule: the professional named after the "van" clause, a surname after "van",
# and a member after "van" keep their names
def test_the_mentor_named_after_whose_mentor_stays():
    out = rules("de mentor van Yara, Ingrid, belde.")
    assert "Yara" not in out and "Ingrid" in out


def test_a_surname_after_a_job_and_van_stays_a_professionals():
    assert rules("de huisarts van Dam belde terug.") == "de huisarts van Dam belde terug."
    assert rules("huisarts van der Meer belde terug.") == "huisarts van der Meer belde terug."


def test_a_member_after_a_job_and_van_keeps_the_name():
    assert rules("de mentor van Hilde is ziek.") == "de mentor van Hilde is ziek."


# --- a. a surname that is an article place, after a cue, a role word or a label ---------------
# "De Haan", "Den Haag", "Den Bosch", "De Panne", "De Bilt" are places; the gazetteer kept them
# wherever a name rule found them, also right after "Cliënt" or "Kind:".

ARTICLE_SURNAMES = [
    ("Cliënt De Haan belde vanmorgen.", "Haan"),
    ("Bewoner Den Haag belde over de huur.", "Haag"),
    ("Bewoonster De Panne had koorts.", "Panne"),
    ("Patiënt Den Bosch is opgenomen.", "Bosch"),
    ("Cliënte Den Hollander belde.", "Hollander"),
    ("cliënt de haan belde.", "haan"),
    ("Bewoner Van Dam wil naar huis.", "Dam"),
    ("Cliënt El Amrani komt om 10u.", "Amrani"),
    ("Bewoner: Den Bosch", "Bosch"),
    ("Leerling: De Panne, Jonas", "Panne"),
]


@pytest.mark.parametrize("text, surname", ARTICLE_SURNAMES)
def test_an_article_place_after_a_cue_or_label_is_a_surname(text, surname):
    assert surname not in rules(text)


@needs_deduce
@pytest.mark.deduce
@pytest.mark.parametrize("text, surname", ARTICLE_SURNAMES + [
    ("Kind: Den Bosch, Lieke", "Bosch"),
    ("Deelnemer De Haan was afwezig.", "Haan"),
    ("Zorgvrager De Bilt heeft een afspraak.", "Bilt"),
    ("Aanwezig: De Haan, Verhoeven, Koen", "Haan"),
    ("- De Haan (k12): onrustig", "Haan"),
    ("Client Den Haag: wil verhuizen", "Haag"),
    ("mevr. Den Hollander kwam langs, Den Hollander wil verhuizen.", "Hollander"),
])
def test_an_article_place_after_a_cue_or_label_is_a_surname_with_deduce(text, surname):
    assert surname not in full(text)


# attacks: the places stay where nothing says person, and "van" after a weak cue stays "of"
@needs_deduce
@pytest.mark.deduce
@pytest.mark.parametrize("text", [
    "Ze verhuist naar Den Haag.",
    "Gemeente Den Haag belde.",
    "We gingen met de bus naar De Panne.",
    "Team Den Bosch vergadert.",
    "Den Bosch, 3 december",
    "Ze woont in De Haan, vlak bij zee.",
    "Woonplaats: Den Haag",
    "Een bewoner uit Den Haag belde.",
    "Elke cliënt in Den Bosch krijgt een brief.",
])
def test_an_article_place_with_nothing_that_says_person_stays(text):
    assert full(text) == text


@pytest.mark.parametrize("text", [
    "bewoner van De Heidebloem wil een gesprek.",
    "De bewoner de hele nacht onrustig.",
    "cliënt te Hasselt, geen vervoer.",
    "patiënt de stad uit gestuurd.",
])
def test_a_preposition_after_a_weak_cue_opens_no_surname(text):
    assert rules(text) == text


# --- b. a double surname with no given name -------------------------------------------------
# "Gesprek met Aalst-Verbeke": deduce takes "Aalst" for a place and finds no person, and no rule
# read a hyphenated pair of surnames without a given name or a cue before it.

@pytest.mark.parametrize("text, surname", [
    ("Gesprek met Aalst-Verbeke over de schulden.", "Verbeke"),
    ("Aalst-Verbeke belde om 10u.", "Verbeke"),
    ("- Aalst-Verbeke: onrustig", "Verbeke"),
    ("Gesprek met Verbeke-Van Acker over de huur.", "Acker"),
    ("Gesprek met Zwalm-Van Acker.", "Acker"),
    ("Huisbezoek bij Ninove-De Smet, alles in orde.", "Smet"),
    ("Gesprek met Peeters-Verbeke over de schulden.", "Verbeke"),
    ("Gesprek met Vandamme-Claes over de huur.", "Claes"),
    ("Afspraak met Hasselt-Wuyts gemaakt.", "Wuyts"),
    ("mevr. Peeters-van Dyck belde.", "Dyck"),
])
def test_a_double_surname_without_a_given_name_is_replaced(text, surname):
    assert surname not in rules(text)


@needs_deduce
@pytest.mark.deduce
@pytest.mark.parametrize("text, surname", [
    ("Gesprek met Aalst-Verbeke over de schulden.", "Verbeke"),
    ("Gesprek met Zwalm-Van Acker.", "Acker"),
    ("Huisbezoek bij Ninove-De Smet, alles in orde.", "Smet"),
])
def test_a_double_surname_without_a_given_name_is_replaced_with_deduce(text, surname):
    assert surname not in full(text)


# attacks: towns joined to a district, a station or another town, and double given names, stay
# what they are; a member's double surname stays
@pytest.mark.parametrize("text", [
    "Ze stapt over in Gent-Sint-Pieters.",
    "Ze woont in Kessel-Lo sinds mei.",
    "De bus naar Etten-Leur was laat.",
    "Verhuisd van Baarle-Nassau naar Zwolle.",
    "Haar ouders komen uit Heist-op-den-Berg.",
    "De trein naar Brussel-Zuid had vertraging.",
    "Een Marokkaans-Nederlandse vrouw belde.",
    "Ze verhuist van Hoeselt-Bilzen naar Genk.",
    "Een rit Kapellen-Kerrebroek met de bus.",
])
def test_towns_joined_by_a_hyphen_stay(text):
    assert rules(text) == text


def test_a_members_double_surname_stays():
    text = "Peeters-Claes belde over het rooster."
    assert rules(text, ["Els Peeters-Claes"]) == text


# --- c. a name in a column of remarks, whatever the rest of the table holds ------------------
# A column was spread once two of its cells held a found name; a remark naming the one client
# no rule knew ("ging met Deprez naar de markt") stayed where the column held fewer.

@pytest.mark.parametrize("table, name", [
    ("| naam | opmerking |\n| Bakker | ging met Deprez naar de markt |\n| Vos | slecht geslapen |\n", "Deprez"),
    ("| kamer | opmerkingen |\n| 12 | ging met Deprez naar de markt |\n| 14 | slecht geslapen |\n", "Deprez"),
    ("| datum | bijzonderheden |\n| 3/12 | zat de hele middag bij Lindqvist |\n| 4/12 | rustig |\n", "Lindqvist"),
    ("kamer;opmerking\n12;at samen met Okafor in het restaurant\n14;zat bij het raam\n", "Okafor"),
    ("| datum | activiteit | notitie |\n| 3/12 | markt | ging met Deprez, was blij |\n| 4/12 | wandeling | niet mee |\n",
     "Deprez"),
    # no remarks header: cells of more than four words on average
    ("| 3/12 | zat lang te praten met Azoulay uit de gang |\n| 4/12 | at goed en sliep daarna de hele middag |\n"
     "| 5/12 | wou niet douchen |\n", "Azoulay"),
])
def test_a_name_in_a_column_of_remarks_is_replaced(table, name):
    assert name not in rules(table)


# attacks: a known place, a listed organisation and a member in a remarks column stay, and a
# column of short cells with no found names is not spread
def test_a_known_place_an_organisation_and_a_member_in_remarks_stay():
    table = ("| datum | opmerking |\n| 3/12 | wil terug naar Wezep, Hilde belt |\n"
             "| 4/12 | storing gemeld bij Fluvius, Deprez was boos |\n| 5/12 | attest van dr. Lemmens mee |\n")
    out = rules(table)
    for kept in ("Wezep", "Hilde", "Fluvius", "Lemmens"):
        assert kept in out
    assert "Deprez" not in out


def test_a_sender_after_van_or_via_in_a_column_with_few_names_stays():
    # no list tells an unlisted housing corporation from a client there ("brieven van Ardesto");
    # with two found names in the column it is spread as before (round nine)
    table = ("| datum | opmerking |\n| 3/12 | post doornemen, brieven van Ardesto |\n"
             "| 4/12 | kwam via Vitalto, gesprek gepland |\n| 5/12 | rustig |\n")
    out = rules(table)
    assert "Ardesto" in out and "Vitalto" in out


def test_an_employer_after_werk_bij_in_remarks_stays():
    table = ("| naam | opm |\n| Tesfay | zoekt werk bij Vandenbossche, zus Sara helpt |\n"
             "| Haile | wil examen doen |\n| Ruslan | rustig |\n")
    out = rules(table)
    assert "Vandenbossche" in out and "Sara" not in out and "Tesfay" not in out


def test_a_column_of_short_cells_is_not_spread():
    table = "| datum | activiteit |\n| 3/12 | Markt |\n| 4/12 | Petanque |\n| 5/12 | Zwemmen |\n"
    assert rules(table) == table
