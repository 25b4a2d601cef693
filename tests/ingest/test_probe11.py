"""The privacy probe of round eleven: members' names that both main and round eleven replaced,
and a client's surname both kept, on about 300 made-up notes. Every sentence here is made up for these tests and appears in no
evaluation set (nor in the probe's notes)."""
from __future__ import annotations

import pytest

from pseudo_rules import full, needs_deduce, rules

MEMBERS = ["Hilde Goossens", "Koen Verstraete", "Sofie Aerts-De Wilde", "Bart Peeters-van den Broeck"]

# --- a heading's Dutch word before a member's bare name ----------------------------------------
# deduce read "Nachtronde Verstraete:" and "Huisbezoek Goossens" as one person's name, and the
# pair was replaced, the member's name with it.

HEADINGS = [
    ("Nachtronde Verstraete: alles rustig bij Jef Mertens.", "Verstraete", "Jef Mertens"),
    ("Huisbezoek Goossens bij Marcel Dierckx op de Kerkstraat.", "Goossens", "Marcel Dierckx"),
    ("Leiding Hilde, verder Jelle Maes en Ruth Bogaerts aanwezig.", "Hilde", "Jelle Maes"),
]


@needs_deduce
@pytest.mark.deduce
@pytest.mark.parametrize("text, member, client", HEADINGS)
def test_a_heading_word_before_a_member_keeps_the_member(text, member, client):
    out = full(text, MEMBERS)
    assert member in out
    assert client not in out


@pytest.mark.parametrize("text, member, client", HEADINGS)
def test_a_heading_word_before_a_member_keeps_the_member_by_the_rules(text, member, client):
    out = rules(text, MEMBERS)
    assert member in out
    assert client not in out


# attack on the fix: a surname before a member's given name is a client listed surname first
@needs_deduce
@pytest.mark.deduce
def test_a_surname_before_a_members_given_name_is_still_a_client():
    out = full("Visser Hilde en Jansen Tom staan op de lijst van vandaag.", MEMBERS)
    assert "Visser" not in out and "Jansen" not in out


# --- a member's double surname whose second surname opens with a particle -------------------
# "Aerts-De Wilde" was split as given name "Aerts-De" and surname "Wilde", so the member's
# surname as written was no member's part and was replaced.

@pytest.mark.parametrize("text, member", [
    ("Overdracht aan Aerts-De Wilde: de sleutel ligt bij mevrouw Jacobs.", "Aerts-De Wilde"),
    ("Vraag voor Peeters-van den Broeck: wil jij Wendy Claes bellen?", "Peeters-van den Broeck"),
])
def test_a_members_double_surname_with_a_particle_stays(text, member):
    assert member in rules(text, MEMBERS)


@needs_deduce
@pytest.mark.deduce
def test_a_members_double_surname_with_a_particle_stays_with_deduce():
    out = full("Overdracht aan Aerts-De Wilde: de sleutel ligt bij mevrouw Jacobs.", MEMBERS)
    assert "Aerts-De Wilde" in out and "Jacobs" not in out


# attack on the fix: a client's double surname of the same shape is still replaced
@pytest.mark.parametrize("text, name", [
    ("Cliënte Lotte Janssens-De Coster heeft een nieuwe rolstoel.", "Coster"),
    ("Mevrouw Van Damme-De Smet belde over haar kleinzoon Robbe.", "Smet"),
])
def test_a_clients_double_surname_with_a_particle_is_replaced(text, name):
    out = rules(text, MEMBERS)
    assert name not in out and "Janssens" not in out and "Damme" not in out


# --- a kinship word, a given name, "van" and another's full name ---------------------------
# "nonkel Walter van Kenny Lambrechts" was read as the name "Walter van Kenny" (a "van"
# surname), which left the nephew's surname out of every name, in main and round eleven.

WHOSE = [
    ("Later belde nonkel Marcel van Dylan Peeters over de verhuis.", ["Marcel", "Dylan", "Peeters"]),
    ("Oom Hans van Robin Claessens wil hem opvangen.", ["Hans", "Robin", "Claessens"]),
    ("Tante Gerda van Jarno Wuyts haalt hem op vrijdag.", ["Gerda", "Jarno", "Wuyts"]),
]


@pytest.mark.parametrize("text, names", WHOSE)
def test_whose_relative_before_a_full_name(text, names):
    out = rules(text, MEMBERS)
    assert not any(name in out for name in names)


@needs_deduce
@pytest.mark.deduce
@pytest.mark.parametrize("text, names", WHOSE)
def test_whose_relative_before_a_full_name_with_deduce(text, names):
    out = full(text, MEMBERS)
    assert not any(name in out for name in names)


# attacks on the fix: a real "van" surname stays one name, and a member after "van" stays
@pytest.mark.parametrize("text, gone, kept", [
    ("Meneer Jan van Dam belde over zijn rekening.", ["Dam"], []),
    ("Mevrouw Lies van Gorp kwam met haar dochter Ellen.", ["Gorp", "Ellen"], []),
    ("Tante Gerda van Hilde Goossens belde over de sleutel.", ["Gerda"], ["Hilde Goossens"]),
])
def test_a_van_surname_and_a_member_after_van(text, gone, kept):
    out = rules(text, MEMBERS)
    assert not any(name in out for name in gone)
    assert all(name in out for name in kept)



# --- a given name, "van" and a venue's name opening with "Het" --------------------------------
# "leerling Sem van Het Wereldkind" was read as the surname "van Het Wereldkind": the venue
# was replaced with the pupil's name. A surname writes "het" in lower case ("van het Reve").

@pytest.mark.parametrize("text, venue, name", [
    ("Pupil Noah van Het Baken heeft vandaag zijn zwemdiploma gehaald.", "Het Baken", "Noah"),
    ("Rapportage: leerling Sem van Het Wereldkind heeft een prijs gewonnen.", "Het Wereldkind", "Sem"),
])
def test_a_venue_after_van_het_stays(text, venue, name):
    out = rules(text, MEMBERS)
    assert venue in out and name not in out


@needs_deduce
@pytest.mark.deduce
def test_a_venue_after_van_het_stays_with_deduce():
    out = full("Vandaag kwam Noah van Het Baken langs.", MEMBERS)
    assert "Het Baken" in out and "Noah" not in out


def test_a_van_het_surname_is_still_replaced():
    out = rules("Meneer Karel van het Reve belde over zijn dochter Ellen.", MEMBERS)
    assert "Reve" not in out and "Karel" not in out
