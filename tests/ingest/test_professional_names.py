"""Professionals a note names by its structure keep their names (issue #16, round five):
a job word before or after the name, the contact person of an organisation, the writer and
reader of an e-mail with an employer, greetings, signatures and chat speakers; a bare use of
such a name elsewhere in the document stays too. A name that a kinship word or form of
address gives a client stays a client's. Sentences are made up for these tests and appear
in no evaluation set. Rules and word lists only (no deduce), so they stay fast."""
from __future__ import annotations

import pytest

from ingest._professionals import find, job_word
from ingest._pseudonymise import KEPT_PROFESSIONAL, pseudonymise


def rules(text: str, members=("Anke Wuyts",)):
    return pseudonymise(text, list(members), use_model=False)


@pytest.mark.parametrize("text, name", [
    ("mevr. Okafor belde; haar bewindvoerder Machteld Rombouts komt dinsdag.", "Machteld Rombouts"),
    ("dhr. Okafor zijn advocaat is mr. Verschaeve, die belt morgen.", "Verschaeve"),
    ("mevr. Okafor ging naar de tandarts dhr. Vleminckx.", "Vleminckx"),
    ("mevr. Okafor wil de schuldbemiddelaar in Geel, Roeland, nog eens spreken.", "Roeland"),
    ("mevr. Okafor kreeg bezoek van de wijkverpleegkundige Grietje.", "Grietje"),
    ("mevr. Okafor gaat langs de GGD-verpleegkundige Marjolein.", "Marjolein"),  # "de" + acronym: no surname
    ("formulier - mentor: Hannelore Claus - bewoner: mevr. Okafor", "Hannelore Claus"),
    ("mevr. Okafor sprak met Jozefien, de maatschappelijk werker van het ziekenhuis.", "Jozefien"),
    ("mevr. Okafor werd doorverwezen naar de Gemeente Beerse, mevr. Baeyens.", "Baeyens"),
])
def test_a_job_word_or_an_organisation_names_a_professional(text, name):
    out = rules(text)
    assert name in out.text and "Okafor" not in out.text
    assert any(why == KEPT_PROFESSIONAL and kept in name for kept, why in out.kept)


@pytest.mark.parametrize("text, name", [
    ("mevr. Okafor was boos; Koenraad van OCMW Mortsel kwam kalmeren.", "Koenraad"),
    ("dhr. Okafor is doorgestuurd door Hilde van het Sociaal Huis Boom.", "Hilde"),
    ("mevr. Okafor krijgt hulp van Bavo Lemmens van Atelier De Vonk.", "Bavo Lemmens"),
])
def test_a_name_with_van_and_an_employer_names_a_professional(text, name):
    """Round six: "Hans van JOC" works at JOC; a venue one visits names no employer."""
    out = rules(text)
    assert name in out.text and "Okafor" not in out.text


@pytest.mark.parametrize("text, gone", [
    ("Ruzie op straat: Wardell van Café De Ster roept weer.", "Wardell"),
    ("mevr. Okafor en haar zoon Jef van Dam komen samen.", "Jef"),
    ("Haar zoon Koenraad van OCMW Mortsel belt elke dag.", "Koenraad"),
])
def test_a_venue_a_surname_or_a_cued_client_after_van_is_no_employer(text, gone):
    assert not any(gone in p.name for p in find(text))


def test_a_name_with_its_organisation_in_an_attendance_line_is_a_professional():
    text = ("aanwezig: mevr. Okafor, haar zoon Bert (OCMW), Wies; Gitte Moens (Gemeente Lint), "
            "Stan Boone (CAW Antwerpen, onthaal)\nBert belt de bank.")
    out = rules(text).text
    assert "Gitte Moens (Gemeente Lint)" in out and "Stan Boone (CAW" in out
    assert "Okafor" not in out and "Bert" not in out


def test_a_name_with_an_organisation_in_brackets_outside_an_attendance_line_is_no_professional():
    assert not find("mevr. Okafor (WZC Hof ter Linde) valt vaak.")


def test_someone_known_from_an_association_is_no_professional_there():
    """"ken X van": known from there, not working there."""
    text = "- mevr. Baert (Godelieve): alleen thuis.\nIk ken Godelieve van de KAV, zei Fien."
    assert not find(text)
    assert "Godelieve" not in rules(text).text


def test_a_professional_keeps_the_bare_name_everywhere_in_the_document():
    text = ("overleg: mevr. Okafor met de trajectbegeleider Wannes Dierickx.\n"
            "Wannes belt de huisbaas. Dierickx vraagt een verslag.")
    out = rules(text).text
    assert "mevr. O." in out and out.count("Wannes") == 2 and out.count("Dierickx") == 2


def test_the_correspondents_of_an_e_mail_with_an_employer_keep_their_names():
    text = ("Van: Anke Wuyts <anke.wuyts@wijkwerking.be>\n"
            "Aan: Brecht Ooms, Kinderopvang Zonnebloem\n"
            "Onderwerp: plaats voor mevr. Okafor\n\n"
            "Beste Brecht,\nmevr. Okafor zoekt opvang voor haar dochter Precious. kan dat?\nGroeten, Anke\n\n"
            "> Van: Brecht Ooms, Kinderopvang Zonnebloem\n> dag Anke, ja, vanaf maart.\n> Brecht\n")
    out = rules(text).text
    assert out.count("Brecht") == 4 and "Ooms" in out
    assert "mevr. O." in out and "dochter P." in out and "Precious" not in out


def test_a_family_member_who_writes_stays_a_client():
    """The son of a client writes the e-mail and is greeted: the kinship word elsewhere
    says he is family, so his name is replaced everywhere."""
    text = ("Van: Anke Wuyts, OCMW Mol\nAan: Wendelien Claes, CAW\nOnderwerp: dhr. Okafor\n\n"
            "dag Wendelien,\ndhr. Okafor wil niet verhuizen. zijn zoon Chidi belde me.\nAnke\n\n"
            "> Van: Chidi Okafor\n> beste mevrouw Wuyts, ik ben de zoon.\n> Chidi\n\n"
            "> Van: Anke Wuyts\n> dag Chidi, ik bel Wendelien.\n")
    out = rules(text).text
    assert "Chidi" not in out and "Wendelien" in out


def test_chat_speakers_keep_their_names_but_a_handover_by_hour_does_not_name_speakers():
    """A chat speaker stays when a job word names her too (a client chats as well:
    tests/security/test_client_messages.py)."""
    chat = ("teamapp, nachtverpleegkundige Roosmarijn:\n"
            "[4/3 09:12] Roosmarijn: mevr. Okafor is gevallen\n[4/3 09:15] Anke Wuyts: ik ga, Roosmarijn\n")
    assert rules(chat).text.count("Roosmarijn") == 3
    handover = "03:10 Roosmarijn: onrustig, riep om haar man\n"
    assert "Roosmarijn" not in rules(handover).text


@pytest.mark.parametrize("text", [
    "een vrouwelijke tolk, Roosmarijn zou dan vrijer spreken",   # the name opens the next clause
    "alles loopt via de huisarts. Mevrouw Okafor belt zelf.",     # a full stop ends the job's sentence
])
def test_a_job_word_across_a_clause_or_sentence_names_no_professional(text):
    assert not [p for p in find(text) if p.strong]


def test_job_words():
    assert all(job_word(w) for w in ("GZA-verpleegkundige", "CLB-medewerker", "buurtwerker", "voogd", "buddy"))
    assert not any(job_word(w) for w in ("zoon", "Smeets", "mevrouw", "bewoner"))
