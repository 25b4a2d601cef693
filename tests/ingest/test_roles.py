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
    for bad in ("Leen (OCMW), kok", "(Alleen organisatie)", "Naam\x07", "mevrouw Amalberga Decock, deelnemer"):
        assert "authors" in form(bad)[1]
        with pytest.raises(IngestError):
            checked_overrides(authors=[bad])
        with pytest.raises(IngestError):
            parse_authors([bad])


def test_a_form_of_address_before_an_author_is_refused_in_every_form():
    """Privacy attack 37: 'mevrouw Amalberga Decock' as an author was dropped without a word.
    Refused with a message that names the form of address, as a line, a mapping and a flag;
    a professional's title ('Mr.', a lawyer) and a name that only begins like one stay."""
    for bad in ("mevrouw Amalberga Decock, deelnemer", "Dhr. Jan Wouters", "de heer Wouters (CAW)", "MEVR Decock"):
        with pytest.raises(IngestError) as refused:
            parse_authors([bad])
        assert "aanspreekvorm" in refused.value.user and refused.value.field == "authors"
        assert "Decock" not in str(refused.value) and "Wouters" not in str(refused.value)   # logged: no name
    with pytest.raises(IngestError):
        resolve_meta({"authors": [{"naam": "Mevr. Decock", "rol": "verslag"}]}, Overrides(), "a.md", "")
    assert [a.name for a in parse_authors(["Mr. Jan Wouters", "Mevrouwke Decock", "De Smet"])] == [
        "Mr. Jan Wouters", "Mevrouwke Decock", "De Smet"]


def test_a_stated_author_is_never_dropped_by_the_text_rules():
    """'De Smet' (surname first) starts with a word the text's rules take for no name ('de');
    it was dropped from the authors silently. Only people the text names are screened so."""
    meta = DocumentMeta(type="sessieverslag", authors=[Author("De Smet", None, "verslag"), Author("An")])
    assert _roles(with_roles(meta, "Aanwezig: De Smet, An en Mevrouw.")) == {"De Smet": "verslag", "An": "deelnemer"}


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


# A moderator walkthrough: "Nadia, verslag" given in the upload form was stored as "inbreng"
# because the text says "Nadia bracht ... in". A stated role is what the uploader said.
BROUGHT_IN = ("---\ntitle: Sessie 5\ntype: sessieverslag\nauthors:\n"
              "  - {name: Nadia El Khattabi, organisation: CAW, role: verslag}\n  - Bram Claes\n---\n"
              "Aanwezig: Nadia El Khattabi en Bram Claes.\n\n"
              "Nadia bracht de situatie van mevrouw L. in. Bram bracht de vraag over het buurthuis in.\n")


def test_a_stated_role_is_never_overridden_by_the_text():
    text = "Nadia bracht de situatie van mevrouw L. in.\nInbreng Tom: de wachtlijst.\nverslag: Griet\n"
    meta = with_roles(DocumentMeta(type="casus", authors=[
        Author("Nadia El Khattabi", role="verslag"), Author("Tom", role="presentatie"), Author("Griet")]), text)
    # stated roles stay; Griet stated none: the text's "verslag" and the case's "inbreng" fill it (strongest)
    assert _roles(meta) == {"Nadia El Khattabi": "verslag", "Tom": "presentatie", "Griet": "inbreng"}


def test_ingest_keeps_the_front_matter_role_and_the_text_fills_the_rest(store, fake_embedder, tmp_path):
    import ingest

    (tmp_path / "sessie-5.md").write_text(BROUGHT_IN, "utf-8")
    ingest.ingest_paths(store, fake_embedder, [tmp_path / "sessie-5.md"])
    [document] = store.catalogue.list_documents()
    # Bram stated none: of the type's "verslag", the list's "deelnemer" and "bracht ... in", the strongest
    assert _roles(document.meta) == {"Nadia El Khattabi": "verslag", "Bram Claes": "inbreng"}


def test_a_role_set_in_a_metadata_edit_sticks(store, fake_embedder, tmp_path):
    import ingest

    (tmp_path / "sessie-5.md").write_text(BROUGHT_IN, "utf-8")
    ingest.ingest_paths(store, fake_embedder, [tmp_path / "sessie-5.md"])
    [document] = store.catalogue.list_documents()
    authors = [Author("Nadia El Khattabi", "CAW", "verslag"), Author("Bram Claes", None, "deelnemer")]
    report = ingest.edit_metadata(store, lambda: fake_embedder, document.doc_id, {"authors": authors}, "mod")
    assert report is not None and [c.field for c in report.changes] == ["authors"]
    after = store.catalogue.get_document(document.doc_id)
    assert _roles(after.meta) == {"Nadia El Khattabi": "verslag", "Bram Claes": "deelnemer"}
    # and an edit that states no role lets the text fill it in again
    ingest.edit_metadata(store, lambda: fake_embedder, document.doc_id,
                         {"authors": [Author("Nadia El Khattabi", "CAW"), Author("Bram Claes")]}, "mod")
    assert _roles(store.catalogue.get_document(document.doc_id).meta)["Nadia El Khattabi"] == "inbreng"
