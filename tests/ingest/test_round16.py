"""Round sixteen of the pseudonymiser (issue #16; docs/history/pseudonymisation-rounds.md, "Round sixteen"):
places, organisations and professionals kept by class (companies and services in the
organisation gazetteer, venues named after a person, a name "van" a public service, a mail
correspondent with an employer in brackets), each with made-up sentences where the rule must
reach and where a client's name must still go.
Every sentence here is made up for these tests and appears in no evaluation set or probe."""
from __future__ import annotations

import pytest

from pseudo_rules import full, needs_deduce, none_left

FULL = pytest.param(full, marks=[needs_deduce, pytest.mark.deduce])
TEAM = ["Hilde Goossens", "Koen Verstraete"]

KEPT = [
    # banks, health funds, apps and suppliers named like a person (the organisation gazetteer)
    ("Argenta stortte het geld pas vrijdag terug, zegt mevrouw Baert.", "Argenta", ["Baert"]),
    ("Revolut heeft de rekening van dhr. Jacobs gesloten.", "Revolut", ["Jacobs"]),
    ("Mediq had geen postoel meer, zegt zoon Pieter.", "Mediq", ["Pieter"]),
    ("Doccle stuurde drie herinneringen naar meneer Lambrechts.", "Doccle", ["Lambrechts"]),
    # venues named after a person, the head a word of its own
    ("Meneer Wiersma wil nog eens naar het Johan Cruijff Stadion.", "Johan Cruijff Stadion", ["Wiersma"]),
    ("Uitstap met de groep naar het Jan Wolkers Huis, Gerda gaat mee.", "Jan Wolkers Huis", ["Gerda"]),
    ("Dhr. Postma vertelde over het Vincent van Gogh Museum.", "Vincent van Gogh Museum", ["Postma"]),
    # a professional: a name "van" a public service or department
    ("Doorgegeven aan Marieke van de dienst, zij belt mevrouw Lenaerts terug.", "Marieke", ["Lenaerts"]),
    ("Met Jolien van de gemeente op huisbezoek bij dhr. Verbiest.", "Jolien", ["Verbiest"]),
    ("Thomas Verhoeven van de verkeerspolitie sprak met zoon Kevin.", "Thomas Verhoeven", ["Kevin"]),
    ("Melding aan Dennis van security, meneer Aerts wilde niet weg.", "Dennis", ["Aerts"]),
    ("Frank van personeelszaken belt over het contract van mevrouw Popa.", "Frank", ["Popa"]),
    ("Afspraak met Wouter van Reclassering Nederland voor dhr. Bulut.", "Wouter", ["Bulut"]),
    # a mail correspondent with an employer in brackets after the name
    ("Van: Wim Peeters (Woonhaven Antwerpen)\nAan: Hilde Goossens\nOnderwerp: herstelling\n\n"
     "Hilde, de lekkage bij mevrouw Baert is hersteld. Wim", "Wim Peeters", ["Baert"]),
    ("Van: Joke Aerts\nAan: Hilde Goossens; Peter Wouters (dienst wonen Stad Genk)\n\n"
     "Peter, kan jij mevrouw Baert bellen? Joke", "Peter Wouters", ["Baert"]),
]

GONE = [
    ("Ria Huis belde over haar kleinzoon.", ["Ria", "Huis"]),                  # "Huis" is a surname too
    ("Mevrouw Tineke Huis wil geen bezoek meer.", ["Tineke", "Huis"]),
    ("Kevin van de dagbesteding had een slechte dag.", ["Kevin"]),             # a place one attends
    ("Zijn zoon Bram van de gemeente komt ook.", ["Bram"]),                    # a kinship word: family
    ("Ik ken Sofie van de gemeente al jaren, ze is zelf cliënt.", ["Sofie"]),  # known from there
    ("Van: Kevin Mertens (Zoon)\nAan: Hilde Goossens\n\n"                       # a son writes, not a worker
     "Beste Hilde, mijn moeder valt steeds vaker. Groeten, Kevin", ["Kevin", "Mertens"]),
]


@pytest.mark.parametrize("run", [FULL])
@pytest.mark.parametrize("text, kept, gone", KEPT)
def test_a_place_organisation_or_professional_keeps_its_name(run, text, kept, gone):
    out = run(text, TEAM)
    assert kept in out, out
    none_left(out, gone)


@pytest.mark.parametrize("run", [FULL])
@pytest.mark.parametrize("text, gone", GONE)
def test_a_client_beside_such_a_rule_still_goes(run, text, gone):
    none_left(run(text, TEAM), gone)
