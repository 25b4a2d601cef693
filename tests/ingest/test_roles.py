"""Who did what in a document: roles from front matter, the upload form and CLI
(one grammar), and from the text where it says so."""
from __future__ import annotations

import pytest

from ingest import IngestError, checked_overrides, parse_authors
from ingest._metadata import Overrides, resolve_meta
from ingest._roles import with_roles
from store import Author, DocumentMeta


def _roles(meta: DocumentMeta) -> dict[str, str | None]:
    return {a.name: a.role for a in meta.authors}


def test_front_matter_roles_in_every_author_form():
    fields = {"type": "sessieverslag", "authors": [
        {"name": "Leen Peeters", "organisation": "OCMW Gent", "role": "inbreng"},
        {"naam": "Sien", "organisatie": "CAW", "rol": "presentator"},
        "Bram Claes (LDC), verslag", "Tom (WZC)", "An, deelnemer"]}
    meta = resolve_meta(fields, Overrides(), "a.md", "")
    assert meta.authors == [Author("Leen Peeters", "OCMW Gent", "inbreng"), Author("Sien", "CAW", "presentatie"),
                            Author("Bram Claes", "LDC", "verslag"), Author("Tom", "WZC"), Author("An", None, "deelnemer")]


def test_upload_lines_cli_flags_and_front_matter_share_one_grammar():
    from starlette.datastructures import FormData

    from web.uploads import parse_form

    def form(text: str):
        _, overrides, errors, _ = parse_form(FormData([("authors", text)]))
        return overrides.authors, errors

    lines = ["Leen Peeters (OCMW Gent), inbreng", "An Peeters"]
    assert form("\n".join(lines)) == (parse_authors(lines), {"files": "Kies minstens één bestand."})
    assert parse_authors(lines) == checked_overrides(authors=lines).authors == resolve_meta(
        {"authors": lines}, Overrides(), "a.md", "").authors
    for bad in ("Leen (OCMW), kok", "(Alleen organisatie)", "Naam\x07"):
        assert "authors" in form(bad)[1]
        with pytest.raises(IngestError):
            checked_overrides(authors=[bad])
        with pytest.raises(IngestError):
            parse_authors([bad])


def test_roles_from_the_text():
    text = ("# Sessie 3\n\nAanwezig: Leen Peeters (OCMW), Sien Wouters, Bram Claes en Karim Aziz.\n\n"
            "## Casus (Leen)\nLeen vertelde over mevrouw J.\n\nInbreng Sien: de buurtkamer.\n\n"
            "Presentatie door Karim Aziz over de wijkscan.\n\nverslag: Bram\n")
    meta = with_roles(DocumentMeta(type="sessieverslag", authors=[Author("Bram Claes", "LDC")]), text)
    assert _roles(meta) == {"Bram Claes": "deelnemer", "Leen Peeters": "inbreng", "Sien Wouters": "inbreng",
                            "Karim Aziz": "presentatie"}
    assert [a.from_text for a in meta.authors] == [False, True, True, True]


def test_explicit_roles_and_type_defaults():
    casus = with_roles(DocumentMeta(type="casus", authors=[Author("Griet"), Author("Tom", role="verslag")]), "")
    assert _roles(casus) == {"Griet": "inbreng", "Tom": "verslag"}
    notulist = with_roles(DocumentMeta(type="other"), "Notulist: Ria Brouwer\n")
    assert _roles(notulist) == {"Ria Brouwer": "verslag"}


def test_initials_topics_and_unknown_subjects_do_not_become_people():
    text = ("## Inbreng: de hitte van begin september\nCasus (mevrouw K.)\nInbreng J.: iets\n"
            "Marieke bracht de situatie van meneer A. in.\n")
    assert with_roles(DocumentMeta(type="other"), text).authors == []
    known = with_roles(DocumentMeta(type="sessieverslag", authors=[Author("Nadia El Khattabi")]),
                       "Nadia bracht de situatie van mevrouw L. in.")
    assert _roles(known) == {"Nadia El Khattabi": "inbreng"}


def test_every_document_type_implies_a_part_or_none():
    from store import DOCUMENT_TYPES

    parts = {t: _roles(with_roles(DocumentMeta(type=t, authors=[Author("Griet")]), ""))["Griet"]
             for t in DOCUMENT_TYPES}
    assert parts == {"sessieverslag": "verslag", "casus": "inbreng", "reflectie": "reflectie",
                     "programma": "verslag", "presentatie": "presentatie", "publicatie": None, "other": None}
