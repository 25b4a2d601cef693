"""Layout classes of round six (issue #16): a telephone or triage log keyed by times, a
surname in capitals that is also a word before a given name in a person column, and a
whiteboard line of items split by spaced slashes. Sentences are made up for these tests
and appear in no evaluation set. Rules and word lists only (no deduce), so they stay fast."""
from __future__ import annotations

from ingest._columns import name_spans, spread_items
from ingest._pseudonymise import pseudonymise

MEMBERS = ["Hilde Goossens", "Koen Verstraete", "Naima Bouzid"]


def rules(text: str, members=MEMBERS):
    return pseudonymise(text, list(members), use_model=False).text


def _names(text: str) -> list[str]:
    return [text[a:b] for a, b in name_spans(text)]


# --- 1. a log keyed by times: the first field is who called or came --------------------

def test_the_first_field_of_a_timed_log_line_is_a_name():
    text = ("telefoonlijst vr 4/12\n"
            "07:40 Oyelaran Funmilayo (kamer 4) – vraagt nieuwe afspraak, spreekt Engels\n"
            "11:20 Dzhabrailov: wil weten of de brief al verstuurd is\n"
            "14u05 Tsomaia – dochter belt terug\n")
    found = _names(text)
    assert "Oyelaran Funmilayo" in found and "Dzhabrailov" in found and "Tsomaia" in found
    out = rules(text)
    for name in ("Oyelaran", "Funmilayo", "Dzhabrailov", "Tsomaia"):
        assert name not in out, out


def test_a_timed_line_about_a_meeting_a_place_or_a_chat_writer_keeps_its_words():
    text = ("09:00 Teamoverleg – agenda bij Koen\n"
            "10:30 Marktplein: twee jongeren op de bank\n"
            "21:00 Hoornbeekplas, de steiger: niemand\n"
            "12:15 school De Regenboog (juf belt)\n"
            "03-12-2026 08:12 - Hilde Goossens: ik neem de late\n"
            "13:00 Koen Verstraete – huisbezoek\n")
    assert set(_names(text)) <= {"Koen Verstraete"}  # a member: the caller keeps it
    out = rules(text)
    for stays in ("Teamoverleg", "Marktplein", "Hoornbeekplas", "De Regenboog", "Hilde Goossens", "Koen Verstraete"):
        assert stays in out, out


# --- 2. a surname in capitals that is also a word ---------------------------------------

def test_a_capitals_surname_that_is_a_word_stays_a_name_before_a_given_name():
    text = ("kamer\tbewoner\tcontact\n"
            "1.02\tKOK Herman\tdochter (Gent)\n"
            "1.03\tVISSER Anton\tzoon\n"
            "1.04\tNIEUW De Haas\t-\n")
    out = rules(text)
    for name in ("KOK", "Herman", "VISSER", "Anton", "Haas"):
        assert name not in out, out
    assert "NIEUW" in out and "Gent" in out and "bewoner" in out


# --- 3. a whiteboard line of items split by slashes -------------------------------------

def test_the_other_items_of_a_slash_list_with_found_names_are_names():
    text = "griepprik do: Oyelaran x2 / Dzhabrailov / Tsomaia / Kristof Huyghe (ochtend)\n"
    line = text
    named = [(line.index("Kristof"), line.index("Kristof") + len("Kristof Huyghe")),
             (line.index("Dzhabrailov"), line.index("Dzhabrailov") + len("Dzhabrailov"))]
    spread = [text[a:b] for a, b in spread_items(text, named)]
    assert "Oyelaran" in spread and "Tsomaia" in spread


def test_a_slash_list_without_two_found_names_or_of_places_spreads_nothing():
    text = "vervoer: Gent / Brugge / Kortrijk / Oyelaran\n"
    named = [(text.index("Oyelaran"), text.index("Oyelaran") + len("Oyelaran"))]
    assert spread_items(text, named) == []
    both = [*named, (text.index("Gent"), text.index("Gent") + 4)]
    assert "Brugge" not in [text[a:b] for a, b in spread_items(text, both)]


# --- 4. a form's field whose label names one person -------------------------------------

def test_a_form_field_labelled_with_a_person_word_holds_a_name_and_its_address_stays():
    text = ("AANMELDING BUDGETBEHEER\n"
            "Naam cliënt: DZHABRAILOVA, Madina\n"
            "Adres: Kastanjedreef 12, Heverlee\n"
            "Aanvrager: mevr. Funmilayo Oyelaran, 58, woont in Kessel-Lo\n"
            "Naam school: Sint-Jozefcollege\n")
    found = _names(text)
    assert "DZHABRAILOVA" in found and "Madina" in found and "Funmilayo Oyelaran" in found
    for stays in ("Kastanjedreef", "Heverlee", "Kessel-Lo", "Sint-Jozefcollege"):
        assert not any(stays in name for name in found), found
    out = rules(text)
    assert "DZHABRAILOVA" not in out and "Oyelaran" not in out and "Heverlee" in out


# --- 5. a register's lower-case surname and an initial ----------------------------------

def test_a_lower_case_surname_with_one_initial_is_a_name_and_word_letter_pairs_stay():
    text = ("opvolging: dzhabrailova m. belt terug, van oyelaran f wil een brief.\n"
            "diabetes type b, blok c op de derde, bijlage a bij het verslag, vitamine d.\n")
    found = _names(text)
    assert "dzhabrailova m" in found and "van oyelaran f" in found
    assert not any(w in " ".join(found) for w in ("type", "blok", "bijlage", "vitamine"))


# --- 6. a timeline's prose is no header; an age in brackets is no other name ------------

def test_a_timeline_row_mentioning_children_is_no_person_header():
    text = ("03-02  Aanmelding via CLB: kinderen Funmilayo (8) en Tsomaia (5) missen vaak school.\n"
            "10-02  Huisbezoek met Koen, moeder is vriendelijk.\n"
            "17-02  Teamoverleg, besluit A3.\n"
            "24-02  Gesprek met de directie van Basisschool De Linde.\n")
    found = _names(text)
    assert not any(w in " ".join(found) for w in ("Huisbezoek", "Teamoverleg", "Gesprek", "Linde")), found
    out = rules(text)
    assert "Teamoverleg" in out and "Huisbezoek" in out and "De Linde" in out


def test_an_age_with_its_unit_in_brackets_after_a_name_stays():
    text = "dochter Funmilayo (4 mnd) slaapt slecht, broer Tsomaia (6 jr) gaat naar school.\n"
    out = rules(text)
    assert "Funmilayo" not in out and "Tsomaia" not in out
    assert "(4 mnd)" in out and "(6 jr)" in out, out


# --- 7. an arrow in a rota or list field: where someone goes is no part of the name -----

def test_the_school_or_service_after_an_arrow_in_a_rota_field_stays():
    text = ("planning\n"
            "di: inschrijvingen: Yusuf → Atheneum Redingenhof\n"
            "wo: Dzhabrailova => Sint-Pieterscollege\n")
    found = " ".join(_names(text))
    for stays in ("Atheneum", "Redingenhof", "Sint-Pieterscollege"):
        assert stays not in found, found
    out = rules(text)
    assert "Yusuf" not in out and "Dzhabrailova" not in out, out
    assert "Atheneum Redingenhof" in out and "Sint-Pieterscollege" in out, out
