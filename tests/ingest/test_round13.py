"""Round thirteen of the pseudonymiser (issue #16; docs/history/pseudonymisation-rounds.md, "Round thirteen"):
leak classes that a privacy probe of made-up notes found after round twelve, fixed by class, with
made-up sentences where the rule must reach and where a client's name must still go. Every
sentence here is made up for these tests and appears in no evaluation set or probe."""
from __future__ import annotations

import pytest

from pseudo_rules import full, needs_deduce, rules

BOTH = [rules, pytest.param(full, marks=[needs_deduce, pytest.mark.deduce])]
TEAM = ["Wies Van Hoof", "Gijs Brouwers", "Lotte Maas"]


def _none_left(out: str, names) -> None:
    assert not [name for name in names if name in out], out


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
    _none_left(rules(text, TEAM), gone)


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
    _none_left(run(text, TEAM), gone)


# --- 3. clients: a full name in capitals ---------------------------------------------------------
# "DOSSIER ANOUK MERTENS" replaced the given name only; "BERT SMIT staat" read the surname in
# capitals as an organisation's acronym and kept both. After a name in capitals, a surname in
# capitals goes with it: a listed surname, also after a particle ("VAN DER MEER"), or a word no
# list knows; a Dutch word in capitals is emphasis ("NIET"), an acronym an organisation's.

@pytest.mark.parametrize("run", BOTH)
@pytest.mark.parametrize("text, gone", [
    ("DOSSIER MILAN VERHOEVEN\nMentor: Gijs", ["MILAN", "VERHOEVEN"]),
    ("SOFIE JANSSENS staat weer aan de deur van het buurthuis.", ["SOFIE", "JANSSENS"]),
    ("AANMELDING: KAROLINA WIŚNIEWSKA (34)", ["KAROLINA", "WIŚNIEWSKA"]),
    ("DOSSIER FENNA VAN DER BERG\nbegeleider: Lotte", ["FENNA", "BERG"]),
    ("HAMZA EL-KHATIB staat op de lijst", ["HAMZA", "KHATIB"]),
])
def test_a_full_name_in_capitals_goes_whole(run, text, gone):
    _none_left(run(text, TEAM), gone)


@pytest.mark.parametrize("text, kept", [
    ("MILAN NIET bellen voor tien uur", "NIET bellen"),
    ("DOSSIER MILAN OCMW\nMentor: Gijs", "OCMW"),
])
def test_a_word_or_acronym_in_capitals_after_a_name_stays(text, kept):
    assert kept in rules(text, TEAM)


# --- 4. clients: a double surname joined by a lower-case particle --------------------------------
# "dhr. Bakker-de Vries": "Vries" is a village too, so the pair was no double surname and "-de"
# was left between two replacements. No place is written with "-de " or "-van "; two listed
# surnames joined so are one person's.

@pytest.mark.parametrize("run", BOTH)
@pytest.mark.parametrize("text, gone", [
    ("mevrouw Bakker-van Beek belde over de thuiszorg.", ["Bakker", "Beek"]),
    ("Onderwerp: huisbezoek dhr. Mulder-de Graaf\n\nDag Gijs,", ["Mulder", "Graaf"]),
])
def test_a_double_surname_with_a_lower_case_particle_goes_whole(run, text, gone):
    out = run(text, TEAM)
    assert not [name for name in gone if name in out] and "-de " not in out and "-van " not in out, out


# --- 5. clients: a given name in a person's slot, in lower case ----------------------------------
# Chat and text messages write names in lower case, and many are Dutch words or places too
# ("jet", "bas", "roos", "ans", "brecht"): the word lists keep them. A possessive "z'n" / "d'r"
# after the word, or a clause's start before a verb only a person does, is a person's slot: Dutch
# puts no bare noun there. A name that is also a place counts only before a verb no place does.

@pytest.mark.parametrize("run", BOTH)
@pytest.mark.parametrize("text, gone", [
    ("[20:14] Gijs: wist je dat roos z'n kleinzoon nu bij haar slaapt?", "roos"),
    ("Lotte: bas d'r broer stond weer voor de deur", "bas"),
    ("Bilal z'n moeder komt morgen de sleutel halen.", "Bilal"),
    ("Gijs: jet huilde de hele avond", "jet"),
    ("ik bel morgen terug. staf vertelde dat de huur weer te laat is", "staf"),
    ("Lotte: sep hoestte vannacht veel, morgen naar de huisarts", "sep"),
    ("ans belde twee keer over haar pillen", "ans"),
    ("de poets is gedaan en brecht wandelde mee naar de markt", "brecht"),
])
def test_a_lower_case_given_name_in_a_persons_slot_goes(run, text, gone):
    assert gone not in run(text, TEAM).split()


@pytest.mark.parametrize("text", [
    "de bakker z'n zoon brengt het brood",
    "ans ligt vlak bij Luik",              # a place before a verb a place does
    "water is op, koffie ook",
    "Ge betaalt te veel en ge zit in de kou.",
])
def test_a_word_or_place_outside_a_persons_slot_stays(text):
    assert rules(text, TEAM) == text


# --- 6. places: a shop or venue named by its trade and a first name ------------------------------
# "solliciteren bij Wasserette Kim", "Fietsenmaker Kees", "Theehuis Nour": Dutch capitalises a
# noun in mid-sentence only inside a name, so a capitalised Dutch noun or compound right before a
# given name, on the same line and not opening a sentence, names a venue. Not a listed surname
# ("Bakker Bart" may be a client written surname first), a cue, role, job or label word, nor a
# meeting or record about someone ("zie Huisbezoek Kees").

@pytest.mark.parametrize("run", BOTH)
@pytest.mark.parametrize("text, kept", [
    ("Ze heeft een proefdag bij Strijkerij Anja in de Dorpsstraat.", "Strijkerij Anja"),
    ("boodschappen gedaan, daarna koffie in Theesalon Noor met haar zus", "Theesalon Noor"),
    ("meneer Okafor wil werken bij Fietsenmaker Ruud, Gijs vraagt het na", "Fietsenmaker Ruud"),
    ("zijn jas ligt nog bij Wasserette Sofie", "Wasserette Sofie"),
])
def test_a_venue_named_by_its_trade_and_a_first_name_stays(run, text, kept):
    assert kept in run(text, TEAM)


@pytest.mark.parametrize("run", BOTH)
@pytest.mark.parametrize("text, gone", [
    ("Strijkerij Anja belde: ze is ziek.", None),           # a sentence's first word proves nothing ...
    ("zie Huisbezoek Anja van gisteren", "Anja"),            # a record about her
    ("Zuster Hilde en mevrouw Anja Peeters kwamen samen", "Peeters"),
    ("gisteren kwam Anja langs met haar dochter", "Anja"),
])
def test_a_person_after_a_capitalised_word_still_goes(run, text, gone):
    out = run(text, TEAM)
    if gone:
        assert gone not in out, out


# --- 7. clients: a given name and the street they live on ------------------------------------------
# "Hasan van de Hoogstraat", "de kleine Sep van de Kerkstraat": the street after "van de" made the
# name part of a street named after a person ("Jan van Eyckstraat") and kept it. An article before
# the street makes the street a thing; the person before "van" is who lives there. Known streets
# and streets named after a surname with "van de" ("Adriaan van de Veldestraat") stay.

@pytest.mark.parametrize("run", BOTH)
@pytest.mark.parametrize("text, gone", [
    ("vergeten te melden: Yusuf van de Molenstraat heeft weer geen stroom", "Yusuf"),
    ("Gijs: de kleine Mats van de Kerkweg was weer alleen thuis", "Mats"),
    ("Lotte: bedoel je de Amira van de Anne Frankstraat?", "Amira"),
])
def test_a_given_name_before_van_de_and_a_street_goes(run, text, gone):
    out = run(text, TEAM)
    assert gone not in out and ("straat" in out or "weg" in out), out


@pytest.mark.parametrize("text, kept", [
    ("Ze woont aan de Adriaan van de Veldestraat 4.", "Adriaan van de Veldestraat"),
    ("afspraak in de Jan van Eyckstraat om tien uur", "Jan van Eyckstraat"),
])
def test_a_street_named_after_a_person_stays(text, kept):
    assert kept in rules(text, TEAM)


# --- 8. clients: a lower-case given name beside one found in lower case --------------------------
# "job en maria hebben geholpen", "emine en jun": a given name that is also a Dutch word, joined
# by "en", "of", "+" or a comma to a given name found in lower case, is one too (a name that is
# also a place only when it is a common given name: "ans", not "brecht").

@pytest.mark.parametrize("run", BOTH)
@pytest.mark.parametrize("text, gone", [
    ("Gijs: foto van de taart, bas en fatima hebben mee gebakken 🎂", ["bas", "fatima"]),
    ("wie brengt yasmina en roos naar de zwemles?", ["yasmina", "roos"]),
])
def test_a_word_name_beside_a_lower_case_name_goes(run, text, gone):
    words = run(text, TEAM).split()
    assert not [name for name in gone if name in words], words


@pytest.mark.parametrize("text", [
    "brood en kaas voor de soep, koffie en thee voor na",
    "we rijden via gent en brecht naar huis",
])
def test_words_joined_without_a_found_name_stay(text):
    assert rules(text, TEAM) == text


# --- 9. clients: a lower-case full name in a person's slot ------------------------------------------
# "griet hermans had ...", "bas kok zorgt ...": a listed surname (also one that is a Dutch noun)
# between the given name and a verb only a person does goes with the name; a verb or an adjective
# there is no surname ("jet boos huilde").

@pytest.mark.parametrize("run", BOTH)
@pytest.mark.parametrize("text, gone", [
    ("Gijs: roos smit zorgt al jaren voor haar broer", ["roos", "smit"]),
    ("daarna koffie. staf peeters vertelde over zijn zoon", ["staf", "peeters"]),
])
def test_a_lower_case_full_name_in_a_persons_slot_goes(run, text, gone):
    words = run(text, TEAM).split()
    assert not [name for name in gone if name in words], words


def test_an_adjective_after_a_word_name_is_no_surname():
    assert rules("jet boos huilde niet", TEAM) == "jet boos huilde niet"
