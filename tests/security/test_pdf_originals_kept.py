"""A PDF's original in a group that pseudonymises (the default): kept when no part of it
names a client, not kept when one does.

The check of a PDF's other parts gave the name rules its structure names ('/Root',
'/Link', '/Type'), its fonts and the tools that made it ('pdfTeX-1.40', 'TeX Live'),
which they took for names: no PDF's original was ever kept in such a group, also a
clean one (docs/access.md called it a known limit). Those marks are now checked against
the group's list of clients only (ingest._read.LIST_ONLY); what a person wrote (page
text, annotations, the properties Title, Author, Subject, Keywords, XMP's text, an XFA
form's data) and the Producer and Creator properties (a printer driver may write the
printed file's name there) are read by the rules as before. Failed before: the clean PDFs were not kept."""
from __future__ import annotations

import io
from pathlib import Path

import pytest
from test_unread_parts import _pdf

from access_world import SOUTH
from ingest._read import LIST_ONLY, every_part

CLEAN = "De buurtwerker sprak met de mantelzorger over eenzaamheid en de thuiszorg."
NAME = "Yilmaz"
# made with pdfTeX (TeX Live), with bookmarks, links and named destinations. Not libtasn1.pdf:
# the rules take its bookmarks 'Copying Information' and a link's 'mailto' for names.
REAL = [path for path in [Path("/usr/share/doc/shared-mime-info/shared-mime-info-spec.pdf")] if path.is_file()]


def _with_author(data: bytes, author: str, producer: str = "pdfTeX-1.40.22") -> bytes:
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(data)))
    writer.add_metadata({"/Author": author, "/Producer": producer, "/Creator": "LaTeX with hyperref"})
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def _kept(world, name: str, data: bytes) -> bool:
    moderator = world.client("mod-zuid")
    [row] = world.upload(moderator, [(name, data)], SOUTH)["files"]
    assert row["status"] == "ingested", row
    return moderator.get(f"/api/documents/{row['doc_id']}").json()["has_original"]


@pytest.fixture
def rules(world):
    world.store.accounts.set_community(SOUTH, pseudonymise=True)
    return world


@pytest.mark.deduce
def test_a_clean_pdf_keeps_its_original_where_the_rules_run(rules):
    assert _kept(rules, "verslag.pdf", _with_author(_pdf(CLEAN, "Nog nakijken", _xmp("thuiszorg")), "De buurtwerker"))


@pytest.mark.deduce
@pytest.mark.parametrize("path", REAL, ids=[path.name for path in REAL])
def test_a_real_pdfs_other_parts_name_no_one_for_the_rules(rules, path):
    """Its pages name their authors ('Thomas Leonard'), so its original is not kept; what
    the check of its other parts gives the rules (its bookmarks, destinations, properties)
    names no one. Before, '/Root' and 'TeX Live' were names there."""
    from ingest._document import names_elsewhere
    from ingest._privacy import Privacy
    from store import DocumentMeta

    whole = every_part(path, ".pdf")
    assert whole is not None and LIST_ONLY in whole
    assert not names_elsewhere(Privacy(rules.store), whole, DocumentMeta(community=SOUTH))


def _xmp(keywords: str):
    """XMP metadata with its properties written as attributes (as XMP may), as `_pdf`'s `extra`."""
    from pypdf.generic import DecodedStreamObject, NameObject

    def add(writer) -> None:
        xmp = DecodedStreamObject()
        xmp.set_data(('<x:xmpmeta xmlns:x="adobe:ns:meta/" x:xmptk="Adobe XMP Core 5.1"><rdf:RDF xmlns:rdf='
                      '"http://www.w3.org/1999/02/22-rdf-syntax-ns#"><rdf:Description rdf:about=""'
                      ' xmlns:pdf="http://ns.adobe.com/pdf/1.3/" pdf:Producer="pdfTeX-1.40.22"'
                      f' pdf:Keywords="{keywords}"/></rdf:RDF></x:xmpmeta>').encode())
        xmp.update({NameObject("/Type"): NameObject("/Metadata"), NameObject("/Subtype"): NameObject("/XML")})
        writer._root_object[NameObject("/Metadata")] = writer._add_object(xmp)
    return add


NAMED = {   # each its own text: one text uploaded twice is one document's
    "author": lambda: _with_author(_pdf("Gesprek over de dagbesteding in de wijk"), f"mevrouw F. {NAME}"),
    "annotation": lambda: _pdf("Gesprek over de mantelzorg in de wijk", f"Dossier mevrouw {NAME}"),
    "page": lambda: _pdf(f"Gesprek met mevrouw {NAME} over de buurtzorg"),
    "xmp-attribute": lambda: _pdf("Gesprek over de thuiszorg in de wijk", extra=_xmp(f"dossier mevrouw {NAME}")),
    # a printer driver may write the printed file's name as the PDF's producer or creator
    "producer": lambda: _with_author(_pdf("Gesprek over de schuldhulp in de wijk"), "De buurtwerker",
                                     f"Microsoft Word - casus mevrouw {NAME}.docx"),
}


@pytest.mark.deduce
@pytest.mark.parametrize("where", list(NAMED))
def test_a_pdf_naming_a_client_keeps_no_original_where_the_rules_run(rules, where):
    assert not _kept(rules, "verslag.pdf", NAMED[where]())
    assert not any(NAME.encode() in raw for raw in rules.files().values())


def test_a_listed_name_in_a_pdfs_marks_still_keeps_its_original_out(world):
    """A name in what the rules no longer read (the tool's property, a PDF name) is still
    checked against the list, in a group with rules and in one without."""
    world.store.clients.add_client_names(SOUTH, [NAME])
    assert not _kept(world, "verslag.pdf", _with_author(_pdf(CLEAN), "De buurtwerker", f"{NAME} PDF 1.0"))
    assert not any(NAME.encode() in raw for raw in world.files().values())
