"""Round twenty-three of the pseudonymiser (issue #16; docs/history/pseudonymisation-rounds.md, "Round twenty-three"):
a greeting that opens a message is no part of a name, and a member greeted keeps her name. Every
sentence here is made up for these tests and appears in no evaluation set."""
from __future__ import annotations

import pytest

from ingest import _names as nm
from pseudo_rules import BOTH, none_left

TEAM = ["Wietske Algra", "Maarten Claeys", "Noor Haddouchi", "Lieve Verbist"]


# --- A. a greeting before a member's given name, at a message's head -----------------------------

@pytest.mark.parametrize("run", BOTH)
@pytest.mark.parametrize("greeting, member", [
    ("Goeie", "Wietske"), ("Dear", "Maarten"), ("Merhaba", "Noor"), ("Bonjour", "Maarten"),
    ("Hello", "Wietske"), ("Goeiedag", "Noor"), ("Lieve", "Noor"), ("Selam", "Wietske"),
])
def test_a_member_greeted_at_a_messages_head_keeps_her_name(run, greeting, member):
    text = (f"Van: familie\nOnderwerp: papa kamer 3\n\n{greeting} {member},\n\n"
            "Papa (Hendrik Bouma) slaapt slecht sinds de verhuizing. Kan de radio aan blijven?\n")
    out = run(text, TEAM)
    assert f"{greeting} {member}," in out, out
    none_left(out, ["Hendrik", "Bouma"])


@pytest.mark.parametrize("run", BOTH)
def test_a_member_greeted_after_a_chat_speaker_keeps_her_name(run):
    text = "[02/11 21:40] Ilse Wagemans: Salut Maarten!! mama Rosa Lemmens slaapt al\n"
    out = run(text, TEAM)
    assert "Salut Maarten" in out, out
    none_left(out, ["Ilse", "Wagemans", "Rosa", "Lemmens"])


@pytest.mark.parametrize("run", BOTH)
def test_a_client_greeted_is_still_replaced(run):
    out = run("Goeie Tjitske,\n\nIk kom dinsdag langs met de formulieren.\n", TEAM)
    none_left(out, ["Tjitske"])


@pytest.mark.parametrize("run", BOTH)
def test_a_name_like_greeting_is_a_name_outside_a_greeting(run):
    # "Lieve" and "Selam" are given names too: before a surname, or mid-sentence, they stay names
    out = run("Gisteren belde Lieve Maertens over de huur. Selam Tesfay kwam niet.\n", TEAM)
    none_left(out, ["Maertens", "Tesfay"])
    assert "Lieve M" not in out and "Selam T" not in out, out


@pytest.mark.parametrize("run", BOTH[1:])  # the rules alone find no "Noor Bakker" (before this round too)
def test_a_member_before_a_surname_is_someone_else(run):
    out = run("Noor Bakker (72) woont alleen sinds maart.\n", TEAM)
    none_left(out, ["Bakker"])


def test_greetings_hold_no_given_name():
    from ingest import _lexicon as lx

    assert not [g for g in nm.GREETINGS if lx.is_known_name(g.capitalize()) or lx.is_surname(g.capitalize())]


# --- C. a care home or residence named after a person ---------------------------------------------

@pytest.mark.parametrize("run", BOTH[1:])
@pytest.mark.parametrize("home", ["WZC Arthur Vandekerckhove", "Woonzorgcentrum Emiel Claus"])
def test_a_care_home_named_after_a_person_keeps_its_name(run, home):
    text = f"Mevrouw Gerarda Wuytack (88) verhuist volgende maand naar {home}; haar zoon Pieter regelt het.\n"
    out = run(text, TEAM)
    assert home in out, out
    none_left(out, ["Gerarda", "Wuytack", "Pieter"])


@pytest.mark.parametrize("run", BOTH)
def test_a_home_named_after_a_clients_family_is_replaced(run):
    # the building bears the surname of a client named in the same note: keeping it would store it
    text = ("Onderwerp: Huis Verhelst\n\nDe eigenaar, dhr. R. Verhelst, verhuurt de kamers. "
            "Zijn zoon Bram Verhelst int de huur.\n")
    out = run(text, TEAM)
    none_left(out, ["Verhelst", "Bram"])
