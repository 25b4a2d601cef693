"""Round seventeen of the pseudonymiser (issue #16): classes derived on the tuning and seen files
only (docs/history/pseudonymisation-rounds.md, "Round seventeen"). Every sentence here is made up for these tests
and appears in no evaluation set."""
from __future__ import annotations

import pytest

from ingest._pseudonymise import find_all, pet_names, pseudonymise

MEMBERS = ["Hilde Goossens", "Koen Verstraete"]


def rules(text: str, members=MEMBERS) -> str:
    return pseudonymise(text, list(members), use_model=False).text


# --- 1. a name no lexicon holds, known by the company it keeps ------------------------------

@pytest.mark.parametrize("text, names", [
    ("De tweeling Hiwet en Nebiat kwam pas om tien uur binnen.", ("Hiwet", "Nebiat")),
    ("op de speelplaats: Adaeze + Chinonso, daarna rustig", ("Adaeze", "Chinonso")),
    ("Koen heeft een uur gepraat met Yitbarek over zijn stage.", ("Yitbarek",)),
    ("We houden een plaats vrij voor Xiuying tot vrijdag.", ("Xiuying",)),
    ("Obiageli of Anna brengt de soep rond.", ("Obiageli",)),  # beside a listed given name
])
def test_an_unknown_name_beside_another_or_after_met_or_voor_is_replaced(text, names):
    out = rules(text)
    for name in names:
        assert name not in out
    assert "Koen" in out or "Koen" not in text  # a member keeps her name


@pytest.mark.parametrize("text, kept", [
    ("Ze slaapt soms in de metro Tombrug of Bavikhove.", ("Tombrug", "Bavikhove")),  # a place noun before the pair
    ("De wijken Tombrug en Hiwetveld krijgen een buurtwerker.", ("Tombrug", "Hiwetveld")),
    ("Het gezin woont in Tombrug en Bavikhove afwisselend.", ("Tombrug",)),  # a preposition of place
    ("Hij reist met Mindermobielencentrale Zwevegem.", ("Mindermobielencentrale",)),  # a compound, a place after it
    ("Vraag het na bij Stuvoplus en Covalent.", ("Stuvoplus",)),  # "bij": a firm as often as a person
])
def test_places_and_firms_in_the_same_shapes_stay(text, kept):
    out = rules(text)
    for word in kept:
        assert word in out


def test_a_pair_at_a_sentences_start_is_replaced_too():
    out = rules("Vandaag: Hiwet en Nebiat.")
    assert "Hiwet" not in out and "Nebiat" not in out


# --- 2. a pet's name stays ----------------------------------------------------------------------

def test_pet_names_after_an_animal_word():
    assert pet_names("Ze heeft een kat Tarzan en hondjes Floefie + Blacky; poes mira ook.") == frozenset(
        {"tarzan", "floefie", "blacky", "mira"})
    assert pet_names("de hond blaft en de kat slaapt") == frozenset()


def test_a_pets_name_stays_and_its_bare_repeats_too():
    text = ("Mevrouw Dierickx heeft een kat Tarzan en een hond Floefie. Tarzan mag mee naar het "
            "WZC, Floefie gaat naar haar dochter Lieve.")
    out = rules(text)
    for kept in ("Tarzan", "Floefie"):
        assert out.count(kept) == 2
    for replaced in ("Dierickx", "Lieve"):
        assert replaced not in out


def test_a_person_with_a_pets_name_is_still_replaced():
    # a form of address or a kinship word makes the same word a person's name
    text = "Meneer Peeters heeft een kat Jan. Zijn zoon Jan belt morgen, ook meneer Jan Claes."
    out = rules(text)
    assert "kat Jan" in out
    assert "zoon Jan" not in out and "Claes" not in out and "Peeters" not in out


def test_find_all_says_why_a_pets_name_was_kept():
    _, kept = find_all("Dhr Wuyts heeft een kater Gerrit. Gerrit slaapt in de wasmand.", [], use_model=False)
    assert ("Gerrit", "huisdier") in kept


# --- 3. the head of a numbered, bulleted or coded item that no list knows ----------------------

@pytest.mark.parametrize("text, name", [
    ("Stand van zaken:\n1. Hiwet: slaapt weer beter\n2. Koen regelt de tolk", "Hiwet"),
    ("k.214 Yitbarek (6) - koorts gezakt", "Yitbarek"),
    ("- Chinonso, 15: wil naar de voetbal", "Chinonso"),
    ("B12 Adaeze? nee, haar zus belde", "Adaeze"),
])
def test_an_unknown_item_head_before_its_status_is_replaced(text, name):
    out = rules(text)
    assert name not in out
    assert "Koen" in out or "Koen" not in text


def test_a_route_of_villages_keeps_them():
    out = rules("Ronde dinsdag:\n1. Tombrug - Bavikhove\n2. Hiwetveld - Tombrug")
    for village in ("Tombrug", "Bavikhove", "Hiwetveld"):
        assert village in out
