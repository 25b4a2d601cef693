"""Round twenty-one of the pseudonymiser (issue #16; docs/history/pseudonymisation-rounds.md, "Round twenty-one"):
classes chosen on the tuning and seen files only. Every sentence here is made up for these tests
and appears in no evaluation set."""
from __future__ import annotations

import pytest

from ingest._pseudonymise import pseudonymise
from pseudo_rules import BOTH, full, needs_deduce, none_left, rules

TEAM = ["Hilde Goossens", "Koen Verstraete"]


# --- 1. members: a role word, a verb, a venue after "van De", a form of address ---------------------

@pytest.mark.parametrize("run", BOTH)
def test_a_members_given_name_after_caseload_stays(run):
    out = run("Caseload Koen – aanvragen januari\n\nmevrouw Kaplan wacht op haar toeslag.", TEAM)
    assert "Caseload Koen" in out, out
    none_left(out, ["Kaplan"])


@needs_deduce
def test_a_members_given_name_after_a_verb_that_opens_the_sentence_stays():
    out = full("De printer in de gang hapert weer. Fikst Hilde morgen. Meneer Aydemir wacht.", TEAM)
    assert "Fikst Hilde" in out, out
    none_left(out, ["Aydemir"])


@pytest.mark.parametrize("run", BOTH)
def test_a_member_and_the_venue_after_van_de_stay(run):
    out = run("Haar zoon Jonas gaat in maart naar een ander huis. Hilde van De Speelvogel vindt dat jammer.", TEAM)
    assert "Hilde van De Speelvogel" in out, out
    none_left(out, ["Jonas"])


@pytest.mark.parametrize("run", BOTH)
@pytest.mark.parametrize("text, kept", [
    ("Van: Hilde Goossens\nAan: wijkteam\n\nIk heb mevrouw Goossens in cc gezet voor de huiswerkklas."
     " Meneer Oztürk belt morgen.", "mevrouw Goossens"),
    ("Cc: Koen Verstraete\n\nKan meneer Verstraete mee naar het gesprek? Mevrouw Oztürk wil dat graag.",
     "meneer Verstraete"),
    ("De: Hilde Goossens\nObjet: inscription\n\nMadame Goossens, votre demande pour Madame Oztürk est notée.",
     "Madame Goossens"),
])
def test_a_member_addressed_by_surname_in_a_text_that_names_her_in_full_stays(run, text, kept):
    out = run(text, TEAM)
    assert kept in out, out
    none_left(out, ["Oztürk"])


@pytest.mark.parametrize("run", BOTH)
@pytest.mark.parametrize("text", [
    "Mevrouw Verstraete (geen familie van onze Koen Verstraete) woont sinds mei in de flat.",
    "mevrouw Goossens belde over haar huur; Koen gaat langs.",  # no member named in full
])
def test_someone_else_with_a_members_surname_is_still_replaced(run, text):
    out = run(text, TEAM)
    assert "evrouw Goossens" not in out and "Mevrouw Verstraete" not in out, out


@pytest.mark.parametrize("run", BOTH)
def test_a_members_possessive_that_is_also_a_surname_stays(run):
    out = run("Koens verslag over meneer Aydemir ligt klaar; Hildes idee was om te bellen.", TEAM)
    assert "Koens verslag" in out and "Hildes idee" in out, out
    none_left(out, ["Aydemir"])


@pytest.mark.parametrize("run", BOTH)
def test_the_surname_a_members_possessive_looks_like_is_still_replaced(run):
    out = run("Mevrouw Koens belde gisteren; Koen gaat langs.", TEAM)
    assert "Koens" not in out and "Koen gaat" in out, out


# --- 2. lower-case given names that are Dutch words, before a verb only a person does ---------------

@pytest.mark.parametrize("run", BOTH)
@pytest.mark.parametrize("text, gone", [
    ("op het plein was het druk. bram had de bal, ben zei dat het zijn beurt was.", ["ben"]),
    ("bezoek liep goed\nroos vertelde over haar nieuwe juf en lachte veel.", ["roos"]),
])
def test_a_given_name_that_is_a_word_before_a_persons_verb_is_replaced(run, text, gone):
    out = run(text, TEAM)
    none_left(out, [f"{g} " for g in gone])


def test_an_adverb_before_a_verb_and_its_subject_stays():
    out = rules("we spreken één lijn af, anders speelt hij ons uit. Koen belt.", TEAM)
    assert "anders speelt hij" in out, out


# --- 3. French-language notes -------------------------------------------------------------------------

@pytest.mark.parametrize("run", BOTH)
@pytest.mark.parametrize("text, gone", [
    ("visite mardi: nsimbawa ne mange plus depuis lundi, la maman est fatiguée.", ["nsimbawa"]),
    ("tout va bien. kalondji est malade, toux, rdv chez le médecin.", ["kalondji"]),
    ("Elle vit avec sa soeur Tshibola et son frère Mbuyamba à Molenbeek.", ["Tshibola", "Mbuyamba"]),
    ("Mlle Vanderkelen a appelé pour le rendez-vous.", ["Vanderkelen"]),
])
def test_french_family_words_address_and_verbs_mark_a_person(run, text, gone):
    out = run(text, TEAM)
    none_left(out, gone)


def test_a_french_word_before_a_french_verb_stays():
    out = rules("rue de la gare: la maison est grande et le jardin reste vide.", TEAM)
    assert "maison est" in out and "jardin reste" in out, out


# --- 4. a case named after its client ----------------------------------------------------------------

@pytest.mark.parametrize("run", BOTH)
@pytest.mark.parametrize("text, gone, kept", [
    ("casus Wuyts\nDe moeder belt niet terug.", ["Wuyts"], []),
    ("Casus Vandenberghe: de zoon wil niet naar school. Inbreng Hilde.", ["Vandenberghe"], ["Hilde"]),
    ("Casus Koen: een buurman die niet meer buitenkomt.", [], ["Casus Koen"]),
    ("casus thuiszorg besproken met Hilde.", [], ["casus thuiszorg", "Hilde"]),
])
def test_the_name_after_casus_is_the_clients(run, text, gone, kept):
    out = run(text, TEAM)
    none_left(out, gone)
    assert all(k in out for k in kept), out


def test_a_case_titled_by_a_lone_surname_loses_it_in_the_title():
    from ingest._pseudonymise import pseudonymise_document

    title, body = pseudonymise_document("casus Wuyts", "De moeder belt niet terug.", TEAM, use_model=False)
    assert title is not None and "Wuyts" not in title, title
    assert body.text == "De moeder belt niet terug."


def test_pseudonymise_reports_a_kept_member_addressed_by_surname():
    result = pseudonymise("Van: Hilde Goossens\n\nmevrouw Goossens neemt dit op.", TEAM, use_model=False)
    assert "mevrouw Goossens" in result.text and result.count == 0, result
