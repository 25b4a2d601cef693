"""Round twenty-one of the pseudonymiser (issue #16; docs/pseudonymisation.md, "Round twenty-one"):
classes chosen on the tuning and seen files only. Every sentence here is made up for these tests
and appears in no evaluation set."""
from __future__ import annotations

import pytest

from ingest._pseudonymise import pseudonymise
from pseudo_rules import BOTH, full, needs_deduce, none_left

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


def test_pseudonymise_reports_a_kept_member_addressed_by_surname():
    result = pseudonymise("Van: Hilde Goossens\n\nmevrouw Goossens neemt dit op.", TEAM, use_model=False)
    assert "mevrouw Goossens" in result.text and result.count == 0, result
