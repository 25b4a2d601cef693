"""Round nineteen of the pseudonymiser (issue #16; docs/history/pseudonymisation-rounds.md, "Round nineteen"):
classes chosen on the tuning and seen files only. Every sentence here is made up for these tests
and appears in no evaluation set."""
from __future__ import annotations

import pytest

from ingest import _columns as columns
from pseudo_rules import BOTH, none_left, rules

TEAM = ["Hilde Goossens", "Koen Verstraete"]


# --- 1. Sarnami Hindustani, Spanish and Portuguese kinship words of address ------------------------

@pytest.mark.parametrize("run", BOTH)
@pytest.mark.parametrize("text, gone", [
    ("Bezoek gedaan: ajie Bhagmani had weer last van haar knie.", ["Bhagmani"]),
    ("mausi sukhdei wil niet naar het verzorgingshuis", ["sukhdei"]),
    ("chacha ramnarain belde of iemand hem naar de mandir brengt", ["ramnarain"]),
    ("nani Rajwantie kookt nog zelf, aja Baldew niet meer.", ["Rajwantie", "Baldew"]),
    ("De buren zeggen dat abuela Dolores alleen woont.", ["Dolores"]),
])
def test_a_name_after_a_sarnami_or_iberian_kinship_word_is_replaced(run, text, gone):
    none_left(run(text, TEAM), gone)


def test_a_kinship_word_alone_names_nobody():
    text = "is bhaiya ook thuis? Hilde zegt dat mausi vandaag belt."
    out = rules(text, TEAM)
    assert "Hilde" in out and "bhaiya" in out and "mausi" in out, out


# --- 2. a person saying what they are called: the quoted name before "heet", "genoemd worden" ----

@pytest.mark.parametrize("run", BOTH)
@pytest.mark.parametrize("text, gone", [
    ('Hij noemt zichzelf tegenwoordig "Jaxx". Jaxx wil geen hulp.', ["Jaxx"]),
    ('Ze vertelde over een vrouw die "Mama Tolani" heet, die haar onderdak gaf.', ["Tolani"]),
    ('De jongen zegt dat hij "Bilou" heet, maar op zijn kaart staat iets anders.', ["Bilou"]),
    ('Zij wil liever "Nesrin" genoemd worden.', ["Nesrin"]),
])
def test_a_name_someone_says_they_go_by_is_replaced(run, text, gone):
    none_left(run(text, TEAM), gone)


def test_a_shop_a_group_or_a_venue_that_is_called_so_keeps_its_name():
    text = ('Het café dat "De Kroon" heet gaat dicht. De groep die "Vrienden" heet komt op dinsdag. '
            'We eten bij een zaak die "Bij Ans" heet.')
    out = rules(text, TEAM)
    for kept in ('"De Kroon"', '"Vrienden"', '"Bij Ans"'):
        assert kept in out, out


# --- 3. a language word that is a common given name, right after a kinship word or address --------

@pytest.mark.parametrize("run", BOTH)
@pytest.mark.parametrize("text, gone", [
    ("Sinds haar broer Frans in het rusthuis zit, is ze veel alleen.", ["Frans"]),
    ("Buurman Frans brengt elke dag de krant.", ["Frans"]),
])
def test_frans_after_a_kinship_word_is_a_name(run, text, gone):
    none_left(run(text, TEAM), gone)


def test_a_language_after_a_kinship_word_stays_when_speaking_follows():
    text = "Het kind Frans spreekt beter dan Nederlands. Moeder Frans sprekend, vader Duits."
    out = rules(text, TEAM)
    assert "kind Frans spreekt" in out and "Moeder Frans sprekend" in out, out


# --- 4. a column headed "wijk", "gemeente" or "woont" holds places ------------------------------------

TABLE = ("nr\tnaam\twijk\tvraag\n"
         "1\tDijkstra, Aaltje\tKrommelanden\teenzaam\n"
         "2\tBouali, Samir\tTwijzelhorn\tschulden\n"
         "3\tPostma, Geeske\tKrommelanden\tvervoer\n")


def test_the_cells_of_a_place_column_are_found():
    cells = [TABLE[a:b] for a, b in columns.place_cells(TABLE)]
    assert cells == ["Krommelanden", "Twijzelhorn", "Krommelanden"]


@pytest.mark.parametrize("run", BOTH)
def test_neighbourhoods_in_a_place_column_keep_their_names(run):
    out = run(TABLE, TEAM)
    assert out.count("Krommelanden") == 2 and "Twijzelhorn" in out, out
    none_left(out, ["Dijkstra", "Aaltje", "Bouali", "Samir", "Postma", "Geeske"])


def test_a_cued_name_in_a_place_column_is_still_replaced():
    text = ("naam | woont | opm\n"
            "Claes, Maria | bij dochter Veronique | valt vaak\n"
            "Peeters, Jan | Wijgmaal | slecht ter been\n")
    out = rules(text, TEAM)
    assert "Wijgmaal" in out, out
    none_left(out, ["Veronique", "Claes", "Peeters"])


def test_a_column_headed_by_name_and_place_is_no_place_column():
    text = ("naam + woonplaats\tvraag\n"
            "Brecht Wauters, Leuven\tvervoer\n"
            "Ilse Mortier, Gent\tboodschappen\n")
    assert columns.place_cells(text) == []
