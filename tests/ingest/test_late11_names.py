"""Late attack 11 on the pseudonymiser's round fourteen (branch pseudo14): made-up sentences,
written for this attack without reading any evaluation set, where a new "keep this place"
rule might keep a client's name, or a new client rule replace a member.

Two holes (ingest as it runs, with deduce, and by the rules alone), fixed in ingest/_names.py
(a listed surname is never wares; "Don" stays only before an Italian word, DON_ZIPF):

- "Don" before any word that is no listed surname was kept as "Don Bosco": a client "Don"
  with a surname no list holds ("Don Kwabena", "Don Oduya") kept his whole name, and a
  later "D. Quilmaro" his surname.
- a shop named by its wares and its owner ("bij Fietsen Van Rooy") took a client written
  surname first after "bij" or "naar" for a shop when the surname is a plural noun the
  surname list holds ("bij Bloemen Tineke, zij is 84", "bij Bakkers Sanne, ze is gevallen").
"""
from __future__ import annotations

import pytest

from pseudo_rules import BOTH, full, needs_deduce, none_left

STAFF = ["Femke Aarts", "Joris Claessens", "Ilse Wuyts"]
FULL = pytest.param(full, marks=[needs_deduce, pytest.mark.deduce])


@pytest.mark.parametrize("run", BOTH)
@pytest.mark.parametrize("text, gone", [
    ("Ik sprak Don Quilmaro op de gang, hij was boos.", ["Quilmaro"]),
    ("Gesprek met Don Oduya over zijn schulden.", ["Oduya"]),
    ("Met Don Kwabena naar de huisarts geweest.", ["Kwabena"]),
])
def test_don_before_an_unknown_surname_is_a_client(run, text, gone):
    none_left(run(text, STAFF), gone)


@pytest.mark.parametrize("run", BOTH)
@pytest.mark.parametrize("text, gone", [
    ("Volgende week op huisbezoek bij Bloemen Tineke, zij is 84.", ["Tineke"]),
    ("Ik ga langs bij Bakkers Sanne, ze is gevallen.", ["Sanne"]),
    ("Ik bracht de sleutels naar Bakkers Sanne.", ["Sanne"]),
    ("Gesprek bij Bloemen Els thuis over haar schulden.", ["Els"]),
])
def test_a_client_written_surname_first_after_bij_is_no_shop(run, text, gone):
    none_left(run(text, STAFF), gone)


# Held: the attacks round fourteen withstood (ingest's way, with deduce).
@pytest.mark.parametrize("run", [FULL])
@pytest.mark.parametrize("text, gone", [
    ("Koffie bij Jansen thuis, meneer was somber.", ["Jansen"]),
    ("We rijden naar Ahmed om de sleutels te brengen.", ["Ahmed"]),
    ("Mevrouw Antonius ligt in het ziekenhuis.", ["Antonius"]),       # a saint's name as a surname
    ("Meneer Franciscus is gevallen.", ["Franciscus"]),
    ("Vandaag sprak ik met Kees M over zijn schulden.", ["Kees"]),     # an initial that is a numeral
    ("Gesprek met Marco VI over zijn werk.", ["Marco"]),
    ("Afspraak met Keizer Marco over zijn schulden bij de bank.", ["Marco"]),
    ("Op huisbezoek bij Prins Johan, hij is 84 en valt vaak.", ["Johan"]),
    ("Bij Koning Willem zijn de gordijnen altijd dicht.", ["Willem"]),
    ("tel Ahmed Quilbakri: 0612345678", ["Ahmed", "Quilbakri"]),       # note labels before a client
    ("Tel. moeder Fatima Quilzahra: 06-12345678", ["Fatima", "Quilzahra"]),
    ("Nota Mohammed Quiltari: wil geen hulp", ["Mohammed", "Quiltari"]),
    ("Gesprek met Sanne de jong over haar schulden.", ["Sanne"]),
    ("Sanne de nieuwe bewoonster wil niet eten.", ["Sanne"]),
    ("Mohammed de bakker heeft schulden.", ["Mohammed"]),
    ("Van Bloemen Tineke kreeg ik een kaart, ze is verhuisd.", ["Tineke"]),
    ("Koffie gedronken bij Kuipers Mieke, haar man is overleden.", ["Mieke"]),
    ("Ik was bij Fietsen Ahmed thuis, hij heeft schulden.", ["Ahmed"]),
    ("Sinds maart woont mevrouw Lelie bij haar dochter.", ["Lelie"]),  # care organisations' names
    ("Mevrouw Laurens kwam op gesprek.", ["Laurens"]),
    ("Meneer Cordaan belde over zijn zoon.", ["Cordaan"]),
    ("Mevrouw Amarant is 82 en woont alleen.", ["Amarant"]),
    ("mevrouw van der Wal-Quilsmit belde over de huur.", ["Quilsmit"]),
    ("Opa van der Linden haalt haar op van school.", ["Linden"]),
    ("Bewoner KEIZER MARCO weigert de medicatie.", ["MARCO"]),
])
def test_a_client_beside_round_fourteen_still_goes(run, text, gone):
    none_left(run(text, STAFF), gone)


@pytest.mark.parametrize("run", BOTH)
@pytest.mark.parametrize("text, kept", [
    ("Femke de sleutelbewaarder opende de deur.", "Femke"),      # a member with a phrase
    ("Nota Joris: de sleutel ligt bij de receptie.", "Joris"),
    ("Tel. Ilse: 06-12345678 (bereikbaar na 17 uur)", "Ilse"),
    ("Zijn zus zit op Don Bosco, richting hout.", "Don Bosco"),
    ("Hij heeft een tweedehands fiets gekocht bij Fietsen Van Rooy.", "Fietsen Van Rooy"),
    ("Aanwezig: CLAESSENS JORIS, AARTS FEMKE en WUYTS ILSE.", "CLAESSENS JORIS, AARTS FEMKE en WUYTS ILSE"),
    ("Lange Joris bracht koffie mee naar de intervisie.", "Lange Joris"),   # a member's nickname
    ("- Femke: neemt de notulen", "Femke"),                                # a member at a bullet
    ("Ze woont aan de Koning Willem I-laan, vlakbij het station.", "Koning Willem I-laan"),
    ("De bus stopt aan de Willem II-straat.", "Willem II-straat"),
    ("Het kantoor zit aan de Prinses Beatrixlaan 12 in Den Haag.", "Prinses Beatrixlaan 12"),
])
def test_members_and_places_stay(run, text, kept):
    out = run(text, STAFF)
    assert kept in out, out


# A precision loss of round fourteen (no privacy hole): "a Dutch word as a child's name before an
# age with its unit" takes a period for an age, and replaces the word before it: "Opname (3 mnd)"
# -> "O. (3 mnd)", "Detentie (2 jr)", "Bewind (2 jaar)" (main kept them). Fixed in round fifteen
# (ingest/_informal._word_name_aged): before a unit, only a word a name list holds as a given name
# or surname is a child ("Hoop", "Geluk", "Vrede" are listed surnames; "opname" is in no list).
@pytest.mark.parametrize("run", BOTH)
@pytest.mark.parametrize("text, kept", [
    ("Opname (3 mnd) in de kliniek.", "Opname"),
    ("Detentie (2 jr), daarna begeleid wonen.", "Detentie"),
    ("Bewind (2 jaar) aangevraagd.", "Bewind"),
])
def test_a_period_with_its_length_is_no_child(run, text, kept):
    out = run(text, STAFF)
    assert kept in out, out
