"""Round thirteen of the pseudonymiser (issue #16; docs/pseudonymisation.md, "Round thirteen"):
leak classes that a privacy probe of made-up notes found after round twelve, fixed by class, with
made-up sentences where the rule must reach and where a client's name must still go. Every
sentence here is made up for these tests and appears in no evaluation set or probe."""
from __future__ import annotations

import pytest

from pseudo_rules import full, needs_deduce, rules

BOTH = [rules, pytest.param(full, marks=[needs_deduce, pytest.mark.deduce])]
TEAM = ["Wies Van Hoof", "Gijs Brouwers", "Lotte Maas"]


# --- 1. members: a kiss after a sign-off is no initial ---------------------------------------------
# "beterschap wies x" read "wies x" as a register's surname and initial ("vandaele r"), so the
# member's first name went with the kiss. An "x" without a full stop is a kiss.

@pytest.mark.parametrize("run", BOTH)
@pytest.mark.parametrize("text, kept", [
    ("[07:12] Gijs: beterschap wies x", "wies x"),
    ("Lotte: dank je gijs x\nGijs: graag gedaan", "gijs x"),
    ("sterkte lotte x 🙏", "lotte x"),
])
def test_a_members_name_before_a_kiss_stays(run, text, kept):
    assert kept in run(text, TEAM)


@pytest.mark.parametrize("text, gone", [
    ("lijst ophalen: verhaegen r, dewachter m en kowalczyk x.", ["verhaegen", "dewachter", "kowalczyk"]),
    ("Gijs: beterschap aan meneer stroobants x", ["stroobants"]),
])
def test_a_registers_initial_and_a_cued_name_still_go(text, gone):
    out = rules(text, TEAM)
    assert not [name for name in gone if name in out], out


# --- 2. members: a first name and "van" + one word that names an organisation ----------------------
# "Wies van Kompaan", "Lotte van Mantelzorgpunt": a person and where they work. A Dutch word or
# compound that no list holds as a surname, place or given name, after "van", is no surname; the
# member keeps her first name (as round twelve did for two words and for long compounds).

@pytest.mark.parametrize("run", BOTH)
@pytest.mark.parametrize("text, kept", [
    ("Mevrouw Okafor geeft toestemming om Wies van Wegwijzer te informeren.", "Wies van Wegwijzer"),
    ("Met collegiale groet,\nLotte van Buurtzorgpunt", "Lotte van Buurtzorgpunt"),
    ("Gijs van Schuldmaatjes belt de bewindvoerder.", "Gijs van Schuldmaatjes"),
    ("doorgestuurd naar Wies van Woonbron", "Wies van Woonbron"),
])
def test_a_members_first_name_before_van_and_an_organisation_stays(run, text, kept):
    assert kept in run(text, TEAM)


@pytest.mark.parametrize("run", BOTH)
@pytest.mark.parametrize("text, gone", [
    ("mevrouw Anja van Beek kwam langs.", ["Anja", "Beek"]),
    ("haar zoon Kevin van Kessel zit in Gent.", ["Kevin", "Kessel"]),
])
def test_a_van_surname_still_goes(run, text, gone):
    out = run(text, TEAM)
    assert not [name for name in gone if name in out], out
