"""Attendance lists and page furniture are not put forward as a document's best
passage or snippet (issue 18); the documents' order is not touched."""
import pytest

import ingest
import search
from search._boilerplate import is_boilerplate, is_boilerplate_sentence

REPORT = """---
title: "Sessie 4: eenzaamheid"
type: sessieverslag
community: "PG West"
cycle: "2023-2024"
---
# Sessie 4: eenzaamheid

## Aanwezig

Wouter De Smet (OCMW Gent, moderator), Griet Van Hecke (LDC De Vlasbloem), Lieve Van de Velde (WZC Ter Meersen),
Marc Blommaert (WZC Het Hoveke), Annelies De Wilde (Ziekenfonds), Jonas Verstraete (CAW regio Gent) en Hilde Mortier
(LDC De Kring). Verontschuldigd: Nadia El Khattabi. Gasten: een huisarts van het wijkgezondheidscentrum.

## Bespreking

Het wijkgezondheidscentrum ziet veel oudere bewoners die zich terugtrekken. De huisarts schrijft soms geen pil voor
maar een doorverwijzing naar een wandelgroep of het dienstencentrum. Een welzijnscoach begeleidt de bewoner de
eerste keer, want alleen een folder geven werkt zelden. In het dienstencentrum kent men de bewoner dan al bij naam.
De groep vond dat de huisarts een sleutelrol heeft omdat die bewoners ziet die verder niemand meer zien.
"""


@pytest.mark.parametrize("line, expected", [
    ("Aanwezig: Els, Marc en Griet", True), ("Verontschuldigd: Nadia El Khattabi.", True),
    ("Marc Peeters was verontschuldigd.", True), ("Datum: 12 maart 2024", True),
    ("invoorzorg.nl gebruikt cookies om het gebruik van de website te analyseren.", True),
    ("Zijn dochter was afwezig op de verjaardag.", False), ("De bewoner was niet aanwezig.", False),
    ("Ze bakte cookies voor de buren.", False), ("De huisarts schrijft een wandelgroep voor.", False),
])
def test_which_lines_are_boilerplate(line, expected):
    assert is_boilerplate_sentence(line) is expected


def test_a_passage_under_an_attendance_heading_is_boilerplate_and_content_is_not():
    attendance, discussion = REPORT.split("---", 2)[2].split("## Bespreking")
    assert is_boilerplate(attendance)
    assert is_boilerplate("Wouter De Smet (OCMW Gent), Griet Van Hecke (LDC De Vlasbloem).", heading="Aanwezig")
    assert not is_boilerplate("## Bespreking" + discussion)
    assert not is_boilerplate(attendance + "## Bespreking" + discussion)  # mostly content


def test_the_attendance_list_is_not_the_best_passage(store, fake_embedder, tmp_path, monkeypatch):
    """The query names the guests' organisation, which both passages mention; the
    list may even score higher, but the discussion is shown first and its snippet
    has no attendance sentence."""
    monkeypatch.setattr("text._chunking.MIN_WORDS_AT_HEADING", 10)  # one passage per section, whatever the chunker's tuning
    (tmp_path / "sessie-4.md").write_text(REPORT, encoding="utf-8")
    ingest.ingest_paths(store, fake_embedder, [tmp_path / "sessie-4.md"])
    hit = search.search(store, fake_embedder, "huisarts wijkgezondheidscentrum Gent", mode="lexical").hits[0]
    assert len(hit.passages) == 2
    assert "Bespreking" in (hit.passages[0].heading or "") or "wandelgroep" in hit.passages[0].text
    assert "Verontschuldigd" not in hit.passages[0].snippet.text and "Verontschuldigd" in hit.passages[1].text


def test_a_snippet_skips_the_attendance_sentences_of_a_mixed_passage(monkeypatch):
    from search._snippet import snippet

    text = ("Aanwezig: Griet Van Hecke (LDC De Kring), Marc (WZC Ter Meersen).\n\n"
            "Marc vertelde over een bewoner die de post niet meer opent. De buren maakten zich zorgen.")
    shown = snippet(text, {"marc"}, sentences=1).text
    assert "post" in shown and "Aanwezig" not in shown
    assert "Aanwezig" in snippet("Aanwezig: Griet, Marc.", {"marc"}).text  # nothing else: still shown


def test_a_heading_glued_to_the_attendance_line_does_not_hide_it():
    """spaCy may make '# Sessie 4' and 'Aanwezig: ...' one sentence (as in demo/eval-cases)."""
    from search._snippet import snippet

    text = ("# Sessie 4: medicatie thuis\n\nAanwezig: Wim Goossens (moderator), Koen Jacobs, Hanne Wouters.\n"
            "verslag: Griet\n\n## Casus (Koen)\n\nKoen vond vier pillendozen op de keukentafel van meneer.")
    shown = snippet(text, {"koen"}, sentences=1).text
    assert "pillendozen" in shown and "Aanwezig" not in shown


def test_the_split_pattern_answers_as_the_one_it_replaced():
    """is_boilerplate_sentence matches its line starts at the start only and looks for the
    cookie notice only where "cookie" occurs (a speed change): the same answers as the one
    pattern searched before, also for case-folded and non-ASCII text."""
    import re

    from search._boilerplate import _ATTENDANCE_WORDS, _NAME

    before = re.compile(
        rf"^\W*(?i:{_ATTENDANCE_WORDS}|notulist|verslaggever|datum|tijdstip|locatie)\s*:"
        rf"|^(?:{_NAME}\s+){{1,4}}(?:(?i:en)\s+(?:{_NAME}\s+){{1,4}})?(?i:was|waren)\s+(?i:verontschuldigd|afwezig)\b"
        r"|(?i:\b(?:gebruikt|gebruiken|uses?)\s+cookies\b|\bcookie(?:beleid|verklaring|-?instellingen)\b)"
        r"|^\W*(?i:top of page|skip to (?:main )?content|naar (?:de )?inhoud)\b")
    lines = ["Deze site gebruikt cookies.", "Wij GEBRUIKEN  Cookies", "COOKİEBELEID", "cooKie-instellingen",
             "lees ons cookiebeleid", "cookie", "The site uses cookies", "Aanwezig: Jan", "  Datum : 3",
             "x Datum: 3", "Marc Peeters was verontschuldigd.", "Jan en Piet Klaas waren afwezig",
             "Volgens Jan was verontschuldigd", "x Top of page", "Top of page x", "--naar de inhoud",
             "Skip to main content", "Wij bespraken de cookies van oma.", "É Aanwezig: niet", ""]
    for line in lines:
        assert is_boilerplate_sentence(line) is bool(before.search(line.strip())), line
