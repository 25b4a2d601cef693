"""Round fifteen of the pseudonymiser (issue #16; docs/history/pseudonymisation-rounds.md, "Round fifteen"):
classes an independent probe found after round fourteen, fixed by class, with made-up sentences
where the rule must reach and where a member's, place's or period's name must stay.
Every sentence here is made up for these tests and appears in no evaluation set or probe."""
from __future__ import annotations

import pytest

from pseudo_rules import BOTH, full, needs_deduce, none_left

FULL = pytest.param(full, marks=[needs_deduce, pytest.mark.deduce])
TEAM = ["Femke Aarts", "Joris Claessens", "Kwabena Mensah", "Youssef Amrani"]


# --- a period with its length, a child with an age -------------------------------------------------

@pytest.mark.parametrize("run", BOTH)
@pytest.mark.parametrize("text, kept", [
    ("Schorsing (3 mnd) is voorbij, hij mag terug naar de werkplaats.", "Schorsing"),
    ("Proeftijd (2 jaar) loopt tot maart.", "Proeftijd"),
    ("Verblijf (6 mnd) in de crisisopvang verlengd.", "Verblijf"),
])
def test_a_period_before_its_length_stays(run, text, kept):
    out = run(text, TEAM)
    assert kept in out, out


@pytest.mark.parametrize("run", BOTH)
@pytest.mark.parametrize("text, gone", [
    ("Thuis wonen nog Vrede (9 jr) en haar zus, de oudste is het huis uit.", ["Vrede"]),
    ("Hoop (14 jr) spijbelt sinds de herfstvakantie.", ["Hoop"]),
])
def test_a_word_a_name_list_holds_before_an_age_is_still_a_child(run, text, gone):
    none_left(run(text, TEAM), gone)


# --- members: a member's given name, "van" and where they come from -------------------------------

@pytest.mark.parametrize("run", BOTH)
@pytest.mark.parametrize("text, kept", [
    ("De nieuwe vrijwilliger kent Kwabena van Sekondi nog, ze zaten op dezelfde school.", "Kwabena van Sekondi"),
    ("Mevrouw vroeg of Youssef van Tiznit ook Tamazight spreekt.", "Youssef van Tiznit"),
])
def test_a_members_given_name_van_and_a_place_stays(run, text, kept):
    out = run(text, TEAM)
    assert kept in out, out


# with deduce, as ingest runs (by the rules alone "Youssef van Dijk" stayed whole before this round too)
@pytest.mark.parametrize("run", [FULL])
@pytest.mark.parametrize("text, gone", [
    ("Gisteren belde meneer Kwabena van Quilstra over zijn huur.", ["Quilstra"]),
    ("Youssef van Dijk is haar buurman en helpt met boodschappen.", ["Dijk"]),
])
def test_a_listed_surname_or_an_address_after_a_members_given_name_is_someone_else(run, text, gone):
    none_left(run(text, TEAM), gone)


# --- members: a sign-off's abbreviation, "familie van" and a member's given name ------------------

@pytest.mark.parametrize("run", BOTH)
@pytest.mark.parametrize("text, kept", [
    ("Wie kan donderdag de sleutel halen? Grt Youssef", "Youssef"),
    ("Lukt het jou om mee te gaan naar de notaris? Grts Kwabena", "Kwabena"),
    ("De buurman zegt dat hij familie van Youssef is, dat klopt niet.", "Youssef"),
])
def test_a_members_given_name_after_a_sign_off_or_familie_van_stays(run, text, kept):
    out = run(text, TEAM)
    assert kept in out, out


@pytest.mark.parametrize("run", BOTH)
@pytest.mark.parametrize("text, gone", [
    ("De familie van Quilmeren heeft de huur weer niet betaald.", ["Quilmeren"]),
    ("Grt Youssef, ik bel morgen de fam. Vandenquist.", ["Vandenquist"]),
])
def test_a_familys_name_still_goes(run, text, gone):
    none_left(run(text, TEAM), gone)


# --- clients: a route or timetable, a time and a surname with its particle ------------------------

@pytest.mark.parametrize("run", BOTH)
@pytest.mark.parametrize("text, gone", [
    ("Ronde woensdag: 8u45 van der Heijden, 9u30 de Wit, 10u15 ter Horst", ["Heijden", "Wit", "Horst"]),
    ("9.30 van den Bosch (steunkousen)\n10.15 de Smet (ogen druppelen)", ["Bosch", "Smet"]),
])
def test_a_surname_with_its_particle_after_a_time_goes(run, text, gone):
    none_left(run(text, TEAM), gone)


@pytest.mark.parametrize("run", BOTH)
@pytest.mark.parametrize("text, kept", [
    ("14u De Kim: dagbesteding, 16u de Bib voor de taalles", ["De Kim", "Bib"]),
    ("De trein van 9u van Gent naar Brussel had vertraging.", ["Gent"]),
    ("Om 11u de Panne bezocht met de groep.", ["Panne"]),
])
def test_a_venue_or_place_after_a_time_stays(run, text, kept):
    out = run(text, TEAM)
    assert all(k in out for k in kept), out


# --- clients: an uncommon name as a chat speaker or at a line's head ------------------------------

@pytest.mark.parametrize("run", BOTH)
@pytest.mark.parametrize("text, gone", [
    ("[wo 18:02] Femke: wie komt er morgen?\n[wo 18:05] Quilbanu: ik niet, mijn zoon is ziek", ["Quilbanu"]),
    ("Tesfaldet: ik kom pas om 10u, de bus rijdt niet", ["Tesfaldet"]),
])
def test_an_uncommon_name_as_a_chat_speaker_goes(run, text, gone):
    none_left(run(text, TEAM), gone)


@pytest.mark.parametrize("run", BOTH)
@pytest.mark.parametrize("text, kept", [
    ("[wo 18:02] Femke: wie komt er morgen?\n[wo 18:05] Joris: ik, om 10u", ["Femke", "Joris"]),
    ("Opmerking: de deur klemt weer.\nWerkpunten: zie verslag.", ["Opmerking", "Werkpunten"]),
])
def test_a_members_speaker_line_and_a_heading_stay(run, text, kept):
    out = run(text, TEAM)
    assert all(k in out for k in kept), out
