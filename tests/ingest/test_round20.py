"""Round twenty of the pseudonymiser (issue #16; docs/history/pseudonymisation-rounds.md, "Round twenty"):
classes chosen on the tuning and seen files only. Every sentence here is made up for these tests
and appears in no evaluation set."""
from __future__ import annotations

import pytest

from ingest import _columns as columns
from pseudo_rules import BOTH, none_left, rules

TEAM = ["Hilde Goossens", "Koen Verstraete"]


# --- 1. a member's double given name made of names found elsewhere in the note ---------------------

@pytest.mark.parametrize("run", BOTH)
def test_a_members_double_given_name_stays_when_its_parts_are_clients_names(run):
    text = ("(verslag Jan-Willem, ingesproken)\n"
            "zijn oom jan kwam mee, en zijn broer willem wacht nog op een plek.")
    out = run(text, ["Jan-Willem Hofstede", "Hilde Goossens"])
    assert "Jan-Willem" in out, out
    none_left(out, ["oom jan", "broer willem"])


def test_a_found_name_glued_to_a_word_is_still_replaced():
    text = "Zijn zus Ilse Vandamme belde. Het Vandamme-dossier gaat naar Koen."
    out = rules(text, TEAM)
    none_left(out, ["Vandamme"])
    assert "Koen" in out, out


# --- 2. a home visit's heading names the family it visits -------------------------------------------

@pytest.mark.parametrize("run", BOTH)
@pytest.mark.parametrize("text, gone, kept", [
    ("hb kaźmierczak, kessel-lo - Hilde\nkinderen thuis, moeder moe.", ["kaźmierczak"], ["Hilde"]),
    ("huisbezoek Oyelaran gehad, de kachel doet het weer.", ["Oyelaran"], []),
    ("hb dirk vanhaverbeke morgen om 10u", ["dirk", "vanhaverbeke"], []),
])
def test_the_family_after_a_home_visits_heading_is_replaced(run, text, gone, kept):
    out = run(text, TEAM)
    none_left(out, gone)
    assert all(k in out for k in kept), out


def test_where_the_visited_family_lives_stays_after_its_name():
    out = rules("huisbezoek kaźmierczak wilsele-dorp, 14u", TEAM)
    assert "wilsele-dorp" in out and "kaźmierczak" not in out, out


def test_a_place_after_a_home_visits_heading_stays():
    out = rules("hb Tremelo 3/2, Koen rijdt", TEAM)
    assert "Tremelo" in out and "Koen" in out, out


# --- 3. trade words and French street words open an organisation's or a street's name --------------

@pytest.mark.parametrize("run", BOTH)
@pytest.mark.parametrize("text, kept", [
    ("Hij werkt in de zaak van zijn tante Sevim, Kebab Bosporus op de Markt.", "Kebab Bosporus"),
    ("Verhuizingen Claessens komt vrijdag de kasten halen.", "Verhuizingen Claessens"),
    ("De rit gaat via Zorgvervoer Mertens, die belt een uur vooraf.", "Zorgvervoer Mertens"),
    ("Ze woont nu aan de Place Eugène Flagey, derde verdieping.", "Place Eugène Flagey"),
    ("Sinds de zomer huurt hij een kamer in de Rue Joseph Dupont.", "Rue Joseph Dupont"),
])
def test_a_trade_or_a_french_street_word_keeps_the_name_after_it(run, text, kept):
    assert kept in run(text, TEAM)


# --- 4. "in de", "op de", "uit de" before one capitalised word say where ------------------------------

@pytest.mark.parametrize("run", BOTH)
@pytest.mark.parametrize("text, kept", [
    ("Zijn moeder ligt sinds maandag in de Elisabeth, zegt Koen.", "Elisabeth"),
    ("Noor zit in het derde jaar in de Rozendaal en wil stoppen.", "Rozendaal"),
    ("Opgenomen in de Lucas, zegt Koen: bezoek pas na het weekend.", "Lucas"),
])
def test_one_capitalised_word_after_in_de_is_a_place(run, text, kept):
    assert kept in run(text, TEAM)


def test_a_person_after_naar_de_or_bij_de_is_still_replaced():
    out = rules("mevr. de Smet belde. Morgen ga ik naar de Smet, zegt Koen.", TEAM)
    none_left(out, ["Smet"])


# --- 5. a column headed "school" holds schools --------------------------------------------------------

TABLE = ("dag\tnaam\tschool\topm\n"
         "ma\tYasmina\tRozendaal\texamens\n"
         "di\tKobe\tSint-Victor\tpest\n"
         "wo\tElif\tRozendaal\tspijbelt\n")


def test_the_cells_of_a_school_column_are_places():
    cells = [TABLE[a:b] for a, b in columns.place_cells(TABLE)]
    assert cells == ["Rozendaal", "Sint-Victor", "Rozendaal"]


@pytest.mark.parametrize("run", BOTH)
def test_schools_in_a_school_column_keep_their_names(run):
    out = run(TABLE, TEAM)
    assert out.count("Rozendaal") == 2, out
    none_left(out, ["Yasmina", "Elif"])


# --- 6. a word no list holds but the gazetteer, before a verb only a person does ----------------------
# (a given name of an origin the lexicon lacks that a Walloon village also bears, as "Avin" is: the
# names here are villages, used as made-up given names)

@pytest.mark.parametrize("run", BOTH)
@pytest.mark.parametrize("text, gone", [
    ("de kinderen speelden buiten. olne huilde toen haar moeder wegging.", ["olne"]),
    ("de jongens speelden buiten, tinlot bleef binnen bij Hilde.", ["tinlot"]),
    ("op de gang bleef het stil. esneux lachte pas toen Koen binnenkwam.", ["esneux"]),
])
def test_an_unlisted_lower_case_name_before_a_persons_verb_is_replaced(run, text, gone):
    out = run(text, TEAM)
    none_left(out, gone)
    assert "Koen" in out or "Koen" not in text, out


def test_a_place_a_thing_or_an_organisation_before_another_verb_stays():
    text = "in esneux is het rustig. de tillift bleef hangen. de infuuspomp weigert weer. Koen belt de leverancier."
    out = rules(text, TEAM)
    assert "esneux" in out and "tillift" in out and "infuuspomp" in out and "Koen" in out, out
