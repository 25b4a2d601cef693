"""The privacy probe of round ten (docs/history/pseudonymisation-rounds.md, "Round ten"): what round ten's rules
reached too far. Every sentence here is made up for these tests and appears in no evaluation set."""
from __future__ import annotations

import pytest

from pseudo_rules import full, needs_deduce, rules

# --- a capitalised article before a home's, school's or venue's name after a role word ---------
# Round ten let a weak cue take a capitalised particle ("Cliënt De Haan"), and a form's person
# field a word after one ("Kind: Den Bosch, Lieke"); that also took the name of a home or school
# after the role word ("Bewoner De Heidebloem", "Kind: De Regenboog, groep 3"), which stayed before.

INSTITUTIONS = [
    ("Bewoner De Heidebloem kamer 3 belde.", "De Heidebloem"),
    ("Bewoner De Zonnebloem heeft post.", "De Zonnebloem"),
    ("Cliënt Het Zand heeft klachten over de verwarming.", "Het Zand"),
    ("Cliënt Het Anker belde over de dagbesteding.", "Het Anker"),
    ("Kind: De Regenboog, groep 3", "De Regenboog"),
    ("Deelnemer De Vlinder gaat mee op uitstap.", "De Vlinder"),
]


@pytest.mark.parametrize("text, kept", INSTITUTIONS)
def test_a_home_or_school_after_a_role_word_stays(text, kept):
    assert kept in rules(text)


@needs_deduce
@pytest.mark.deduce
@pytest.mark.parametrize("text, kept", INSTITUTIONS[:3])
def test_a_home_or_school_after_a_role_word_stays_with_deduce(text, kept):
    assert kept in full(text)


# attacks on the fix: an article place or a listed surname after the role word is still the client's
@pytest.mark.parametrize("text, name", [
    ("Bewoonster De Panne had koorts.", "Panne"),
    ("Bewoner Den Haag belde over de huur.", "Haag"),
    ("Bewoner De Vries wil naar huis.", "Vries"),
    ("Cliënt De Wit belde.", "Wit"),
    ("Bewoner De Boer had bezoek.", "Boer"),
    ("Cliënt De Kock belde.", "Kock"),
    ("Patiënt De Meern is opgenomen.", "Meern"),
    ("Kind: Den Bosch, Lieke", "Bosch"),
    ("Leerling: De Panne, Jonas", "Panne"),
    ("Kind: De Vries, Lotte", "Vries"),
])
def test_an_article_surname_after_a_role_word_is_still_replaced(text, name):
    assert name not in rules(text)


# --- leaks in both versions: an article place after a room written as two words ----------------
# "k12 De Bilt:" was read as a room before the surname, "Kamer 12 De Haan" was not (the room's
# number is a word of its own), so the place kept the client's surname.

@needs_deduce
@pytest.mark.deduce
@pytest.mark.parametrize("text, name", [
    ("Kamer 12 De Haan wil vandaag douchen.", "Haan"),
    ("kamer 3 Den Bosch: rustig geslapen", "Bosch"),
    ("k12 De Bilt: wil niet eten", "Bilt"),
])
def test_an_article_place_after_a_room_of_two_words_is_a_surname(text, name):
    assert name not in full(text)


@needs_deduce
@pytest.mark.deduce
@pytest.mark.parametrize("text, kept", [
    ("Kamer 4 naar Den Haag geweest met familie.", "Den Haag"),
    ("kamer 3 gaat morgen naar Den Helder.", "Den Helder"),
])
def test_a_place_after_a_room_and_a_preposition_stays(text, kept):
    assert kept in full(text)


# --- leaks in both versions: a rarer given name that is also a word or a surname after a job and
# "van" ("de mentor van Storm"): round ten reads it as the mentor's surname "van Storm"; where
# the note also uses it bare ("Storm wil niet"), it is the client's name, as no "van" surname is
# written without its "van".

@needs_deduce
@pytest.mark.deduce
@pytest.mark.parametrize("text, name", [
    ("Afspraak met de mentor van Storm, Storm wil niet.", "Storm"),
    ("de mentor van Mees belt, Mees heeft koorts.", "Mees"),
    ("De voogd van Valentijn belde. Valentijn blijft thuis.", "Valentijn"),
])
def test_a_rarer_given_name_after_a_job_and_van_used_bare_is_the_clients(text, name):
    assert name not in full(text)


@pytest.mark.parametrize("text", [
    "de huisarts van Dam belde. Dam is goed.",
    "De huisarts van Wijk belde, Wijk heeft dienst.",
    "de mentor van Storm belde.",
    "de mentor van Hilde belde. Hilde is ziek.",
])
def test_a_surname_after_a_job_and_van_with_no_bare_given_name_stays(text):
    assert rules(text) == text


# --- a double surname of members' surnames only ---------------------------------------------
# Round ten's double surnames replaced "Deprez-Verbeke" where both parts are members' surnames
# (a bare member's surname stays); d327b6d kept it with deduce and without.

MEMBERS_WITH_DOUBLE = ["Hilde Goossens", "Koen Verstraete", "Ingrid Verbeke", "Bram Deprez"]


def test_a_double_surname_of_members_surnames_stays():
    for text in ("Overleg met Deprez-Verbeke.", "Bram Deprez-Verbeke belde."):
        assert rules(text, MEMBERS_WITH_DOUBLE) == text


@needs_deduce
@pytest.mark.deduce
def test_a_double_surname_of_members_surnames_stays_with_deduce():
    assert full("Overleg met Deprez-Verbeke.", MEMBERS_WITH_DOUBLE) == "Overleg met Deprez-Verbeke."


def test_a_double_surname_with_one_members_surname_is_still_replaced():
    for text in ("Gesprek met Peeters-Verbeke.", "Gesprek met Aalst-Verbeke."):
        assert "Verbeke" not in rules(text, MEMBERS_WITH_DOUBLE)


# --- members lost in both versions: a short column of remarks read as a column of names --------
# "| ma | Ingrid gaf medicatie |": a header-less count found a given name in most cells, so each
# whole cell was replaced as a name, the members' names with it ("I. G. M.").

def test_members_opening_remarks_in_a_short_column_stay():
    text = "| dag | notitie |\n|---|---|\n| ma | Ingrid gaf medicatie |\n| di | Koen had dienst |"
    assert rules(text, MEMBERS_WITH_DOUBLE) == text


def test_clients_opening_remarks_in_a_short_column_are_replaced_alone():
    out = rules("| dag | notitie |\n|---|---|\n| ma | Yara gaf medicatie |\n| di | Daan had dienst |")
    assert "Yara" not in out and "Daan" not in out and "gaf medicatie" in out and "had dienst" in out


def test_a_column_of_names_with_a_lower_case_surname_is_still_replaced():
    assert "bakker" not in rules("ma  Yara\ndi  Daan\nwo  Fatma bakker")
