"""A client's own message pasted into a note keeps no name (attack on 8f7fa41).

Greetings, signatures and chat speakers say only that someone wrote or was addressed;
a client writes text messages, letters and chats to their worker too, and a note writer
often pastes them in. Before, the signature or speaker name of such a message was kept
as a professional's ("Groetjes, Sanne Verbeek" stored as written). Now such a name stays
only when a job word, an organisation or a work mail header names the same person in
the document too. The notes are written for this test and appear in no evaluation set.
Rules only (no deduce), so they stay fast; the model only adds names."""
from __future__ import annotations

import pytest

from ingest._pseudonymise import pseudonymise

MESSAGES = [
    ("Cliënte stuurde vanavond een sms, die ik hier overneem:\n\n"
     "Hoi Marieke, ik kom morgen niet naar de afspraak want mijn vriend is weer boos. Sorry.\n"
     "Groetjes,\nSanne Verbeek\n\nIk heb haar teruggebeld.", ("Sanne", "Verbeek")),
    ("Appjes met cliënt, overgenomen:\n"
     "[3/12 18:05] Youssef Amrani: ik ben mijn sleutel kwijt en de huisbaas doet niet open\n"
     "[3/12 18:07] Marieke: bel morgen om 9 uur\n[3/12 18:09] Youssef Amrani: ok dank je\n",
     ("Youssef", "Amrani")),
    ("Brief van cliënt aan de wijkcoach, met toestemming overgenomen:\n\nBeste mevrouw,\n"
     "Ik wil u bedanken voor de hulp met mijn papieren.\n\nHartelijke groet,\nDewi Pranoto\n\n"
     "Dewi heeft inmiddels werk gevonden.", ("Dewi", "Pranoto")),
    ("Mail van de moeder aan mij:\n\nBeste Marieke,\nTim slaapt slecht sinds de verhuizing.\n"
     "Groeten,\nIngrid Wolters", ("Ingrid", "Wolters")),
]


@pytest.mark.parametrize("text, client", MESSAGES)
def test_a_clients_signature_or_chat_name_is_replaced(text, client):
    out = pseudonymise(text, ["Marieke Smit"], use_model=False)
    assert not any(word in out.text for word in client), out.text
    assert not any(any(word in kept for word in client) for kept, _ in out.kept)


def test_a_greeting_and_signature_of_a_named_colleague_still_stay():
    """The structure the rule was for: the correspondents' employer names them."""
    text = ("Van: Brecht Ooms, Kinderopvang Zonnebloem\nAan: Marieke Smit\n\n"
            "dag Marieke, mevr. Okafor kan vanaf maart komen.\nGroeten, Brecht\n")
    out = pseudonymise(text, ["Marieke Smit"], use_model=False)
    assert out.text.count("Brecht") == 2 and "Ooms" in out.text and "Okafor" not in out.text


def test_a_members_name_in_a_chat_head_stays_but_a_namesakes_surname_does_not():
    """A member's first name with a label ("Yvonne Planning") is hers; a client who shares
    a member's first name keeps nothing of her own surname."""
    chat = "[4/3 07:02] Yvonne Planning: mw. Okafor vandaag om 10 uur\n"
    out = pseudonymise(chat, ["Yvonne Schipper"], use_model=False)
    assert "Yvonne" in out.text and "Okafor" not in out.text
    sms = "sms van cliënte:\nHoi, ik ben ziek.\nGroetjes,\nSanne Verbeek\n\nteruggebeld."
    assert "Verbeek" not in pseudonymise(sms, ["Sanne de Vries"], use_model=False).text


@pytest.mark.parametrize("text, client", [
    ("cliënte Leyla, verpleegkundige van beroep, kan door haar burn-out niet werken. "
     "Verpleegkundige Leyla Haddad voelt zich schuldig.", ("Leyla", "Haddad")),
    ("Deelnemer Ruud Koster (oud-docent) vertelt over zijn eenzaamheid sinds zijn vrouw overleed.",
     ("Ruud", "Koster")),
    ("Bewoner: Gerrit Smeets. Chauffeur Gerrit Smeets reed 30 jaar op de bus en mist zijn werk.",
     ("Gerrit", "Smeets")),
])
def test_a_client_named_by_a_job_word_too_stays_a_client(text, client):
    """A client-role word ("cliënte Leyla") says whom the note is about; the job the
    client had ("Verpleegkundige Leyla Haddad") makes her no professional."""
    out = pseudonymise(text, ["Marieke Smit"], use_model=False)
    assert not any(word in out.text for word in client), out.text


@pytest.mark.parametrize("text, client", [
    ("Intervisie #mevrouwdevries #schuldhulp\nMevrouw De Vries heeft weer een aanmaning.", "vries"),
    ("#casusyilmaz\nWe bespraken mevrouw Yilmaz en haar zoon.", "yilmaz"),
])
def test_a_hashtag_gluing_a_clients_name_to_a_word_is_replaced(text, client):
    """"#mevrouwdevries" is a compound by its shape, so no hashtag rule took it for a
    name; it spelled the client's name that the text replaced."""
    out = pseudonymise(text, ["Marieke Smit"], use_model=False).text
    assert client not in out.casefold(), out
    assert out.count("#") == text.count("#") and ("#schuldhulp" in out) == ("#schuldhulp" in text)


def test_a_relative_writing_from_a_work_address_stays_family():
    """A mail header with a work address names a professional, unless the sender writes
    about "mijn moeder": then it is the client's son, and his family's domain spells his
    surname too."""
    text = ("Van: Kevin de Groot <kevin@degrootbouw.nl>\nAan: Anke Wuyts\n\nBeste Anke,\n"
            "Mijn moeder valt steeds vaker. Wat kunnen we doen?\nGroet,\nKevin\n")
    out = pseudonymise(text, ["Anke Wuyts"], use_model=False).text
    assert "Kevin" not in out and "groot" not in out.casefold(), out
    assert "Beste Anke," in out
