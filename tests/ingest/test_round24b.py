"""Round twenty-four (b) of the pseudonymiser (issue #16; docs/history/pseudonymisation-rounds.md, "Round twenty-four
(b)"): an organisation the project's list knows keeps its name whatever rule found it, and so does a
branch written after it. Every sentence here is made up for these tests and appears in no evaluation
set."""
from __future__ import annotations

import pytest

from pseudo_rules import BOTH, full, needs_deduce, none_left

# --- A. a listed organisation found by a rule that trusts no gazetteer (a table's column) ---------

@pytest.mark.parametrize("run", BOTH)
def test_a_listed_organisation_in_a_tables_person_column_keeps_its_name(run):
    text = ("| datum | wie | wat |\n"
            "| 3/2 | Tadeusz (achternaam?) via Leger des Heils | jas en schoenen |\n"
            "| 4/2 | Wanda Kowalik | deken |\n")
    out = run(text)
    assert "Leger des Heils" in out, out
    none_left(out, ["Tadeusz", "Wanda", "Kowalik"])


@needs_deduce
def test_a_web_shop_deduce_takes_for_a_name_keeps_its_name():
    out = full("materiaal: 3 ballen kapot. Joost bestelt nieuwe bij Bol.com.\n")
    assert "bij Bol.com" in out, out
    none_left(out, ["Joost"])


# --- B. a branch after a listed organisation ------------------------------------------------------

@pytest.mark.parametrize("run", BOTH)
def test_a_branch_after_a_listed_organisation_keeps_its_name(run):
    text = "beoordeeld door crisisdienst GGZ Oost-Brabant (Maarten Hulshof). Geen opname. Zus Annelies komt logeren.\n"
    out = run(text)
    assert "GGZ Oost-Brabant" in out, out
    none_left(out, ["Maarten", "Hulshof", "Annelies"])


@pytest.mark.parametrize("run", BOTH)
def test_a_name_in_the_next_cell_is_no_branch(run):
    # a tab ends the cell a branch is written in: the client in the next column stays a name
    out = run("hulp\twie\nFamiliehulp\tHarmsen Rosa\n")
    assert "Familiehulp" in out, out
    none_left(out, ["Harmsen", "Rosa"])


# --- the person beside an organisation is still replaced -----------------------------------------

@pytest.mark.parametrize("run", BOTH)
def test_a_client_addressed_by_a_listed_shops_name_is_replaced(run):
    # "Zeeman" is a shop in the list and a surname: after a form of address it is the client's
    out = run("mevrouw Zeeman belde: ze werkt niet meer bij de winkel.\n")
    none_left(out, ["Zeeman"])


@pytest.mark.parametrize("run", BOTH)
def test_a_client_beside_a_listed_organisation_is_replaced(run):
    text = ("| datum | wie | wat |\n"
            "| 5/2 | Bogdan Wierzbicki via Leger des Heils | slaapzak |\n")
    out = run(text)
    assert "Leger des Heils" in out, out
    none_left(out, ["Bogdan", "Wierzbicki"])


@pytest.mark.parametrize("run", BOTH)
def test_a_firm_bearing_a_clients_surname_stays_replaced(run):
    # keeping the firm's name would store the client's surname (round twenty-three's "Huis Van Vliet")
    text = "Verhuizingen Lambrix komt dinsdag.\n| 14/11 | Lambrix Gerda | Verhuizingen Lambrix | Bart |\n"
    out = run(text)
    none_left(out, ["Lambrix", "Gerda"])


# --- C. a person "van" a service, typed in lower case ---------------------------------------------

@pytest.mark.parametrize("run", BOTH)
@pytest.mark.parametrize("text, service, names", [
    ("volgens ilse van de vdab mag hij pas in maart starten.\n", "van de vdab", ["ilse"]),
    ("de huisbaas meneer wouters van woonbegeleiding wil praten over de tuin.\n", "van woonbegeleiding", ["wouters"]),
    ("doorverwezen naar mevr. de clercq van het gezinsteam, zij belt.\n", "van het gezinsteam", ["clercq"]),
])
def test_a_service_after_van_keeps_its_name(run, text, service, names):
    out = run(text)
    assert service in out, out
    none_left(out, names)


@pytest.mark.parametrize("run", BOTH)
def test_a_lower_case_van_surname_is_still_replaced(run):
    out = run("mevrouw van de velde belde, en meneer van den broek ook.\n")
    none_left(out, ["velde", "broek"])


# --- D. a venue named after a person, found by its given name alone -------------------------------

@needs_deduce
def test_a_house_named_after_a_person_keeps_its_name_when_only_the_given_name_was_found():
    out = full("Maarten: Ronald McDonald Huis Leuven gevraagd voor de ouders. Moeder Hawa Diallo blijft bij Issa.\n")
    assert "Ronald McDonald Huis Leuven" in out, out
    none_left(out, ["Hawa", "Diallo", "Issa"])
