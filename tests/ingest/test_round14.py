"""Round fourteen of the pseudonymiser, clients and members (issue #16; docs/history/pseudonymisation-rounds.md,
"Round fourteen"): classes an independent probe found after round thirteen, fixed by class, with
made-up sentences where the rule must reach and where a member's name must stay.
Every sentence here is made up for these tests and appears in no evaluation set or probe."""
from __future__ import annotations

import pytest

from pseudo_rules import BOTH, none_left, rules

TEAM = ["Femke Aarts", "Joris Claessens", "Ilse Wuyts"]


# --- clients: surnames in capitals written first ----------------------------------------------------

@pytest.mark.parametrize("run", BOTH)
@pytest.mark.parametrize("text, gone", [
    ("Aanmelding HEYLEN JOZEF: woont alleen, geen mantelzorg.", ["HEYLEN", "JOZEF"]),
    ("Bewoonster VAN HOOF MARIA is gisteren gevallen.", ["HOOF", "MARIA"]),
])
def test_a_surname_in_capitals_before_a_given_name_goes(run, text, gone):
    none_left(run(text, TEAM), gone)


# --- clients: an uncommon given name at a list item, a word as a child's name ----------------------

def test_an_unknown_name_at_a_bullet_before_a_status_goes():
    text = "Huiswerkklas dinsdag\n- Semhar: tafels van 7 lukken\n- Yordanos (10): moe, weinig gegeten\n"
    none_left(rules(text, TEAM), ["Semhar", "Yordanos"])


def test_a_heading_at_a_bullet_stays():
    text = "Agenda\n- Roosterwissels: zie mail\n- Jaarplanning: volgende keer\n"
    out = rules(text, TEAM)
    assert "Roosterwissels" in out and "Jaarplanning" in out


@pytest.mark.parametrize("text, gone", [
    ("Gezin in beeld: Geluk (7 jr) en haar broer zitten op dezelfde school.", ["Geluk"]),
    ("Kinderen thuis: Vrede (11), Elias (8) en Mira (4).", ["Vrede", "Elias", "Mira"]),
])
def test_a_dutch_word_as_a_childs_name_with_an_age_goes(text, gone):
    none_left(rules(text, TEAM), gone)


def test_a_count_per_group_stays():
    out = rules("Aanwezig: Vrijwilligers (6), Deelnemers (14).", TEAM)
    assert "Vrijwilligers (6)" in out and "Deelnemers (14)" in out


def test_a_given_name_that_is_a_word_beside_a_found_one_goes():
    none_left(rules("Storm en Jayden hebben weer gevochten op de speelplaats.", TEAM), ["Storm", "Jayden"])


# --- clients: lower-case full names, nicknames, double surnames -------------------------------------

@pytest.mark.parametrize("text, gone", [
    ("vanmorgen sita bhagwandin gebeld over de huurachterstand", ["sita", "bhagwandin"]),
    ("gesprek met roos lemmens, zij wil verhuizen", ["roos", "lemmens"]),
])
def test_a_lower_case_given_name_that_is_a_word_before_a_rare_surname_goes(text, gone):
    none_left(rules(text, TEAM), gone)


def test_a_nicknames_adjective_goes_with_the_name():
    none_left(rules("Lange Ludo stond weer voor de deur van het inloophuis.", TEAM), ["Lange", "Ludo"])


@pytest.mark.parametrize("run", BOTH)
@pytest.mark.parametrize("text, gone", [
    ("Wendelien van der Wal-Smits heeft haar afspraak afgezegd.", ["Wendelien", "Wal", "Smits"]),
    ("marieke de groot-verbeek belde over de thuiszorg", ["marieke", "groot", "verbeek"]),
])
def test_a_double_surname_after_a_particle_goes_whole(run, text, gone):
    none_left(run(text, TEAM), gone)


# --- members --------------------------------------------------------------------------------------

@pytest.mark.parametrize("run", BOTH)
@pytest.mark.parametrize("text, kept", [
    ("Nota Joris: de sleutel van de berging ligt bij het onthaal.", "Joris"),
    ("Femke de sleutelbewaarder heeft de kast weer op slot gedaan.", "Femke"),
])
def test_a_members_first_name_after_a_note_label_or_before_a_nickname_stays(run, text, kept):
    out = run(text, TEAM)
    assert kept in out, out


def test_a_capitalised_given_name_before_de_and_a_listed_surname_still_goes():
    none_left(rules("Gisteren belde Ruud de Bruijn over de verhuizing.", TEAM), ["Ruud", "Bruijn"])
