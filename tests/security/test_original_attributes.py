"""A kept original is served as uploaded (/bron/<id>); the check that it names no client
read a Word package's text nodes of its `.xml` parts only, and the first MAX_TEXT_CHARS
of all parts, and an HTML file's (or an e-mail's HTML part's) bytes with their character
references undecoded. So a name stayed in the served file: in a hyperlink's target (a
`.rels` part), a tooltip or alt text (an attribute), a part's file name, an embedded
(compressed) object, a header after a long text, or written `Y&#105;lmaz` in an
attribute a browser shows as `Yilmaz`."""
from __future__ import annotations

import io
import zipfile

import pytest

from access_world import SOUTH

NAME = "Yilmaz"
CLEAN = "De buurtwerker sprak met de mantelzorger over eenzaamheid en de thuiszorg."
HIDDEN = "Y&#105;lmaz"   # the name as a character reference: a browser shows 'Yilmaz'


def _docx(long_text: bool = False, header: bool = False, link: bool = False) -> bytes:
    import docx
    from docx.opc.constants import RELATIONSHIP_TYPE
    from docx.oxml import parse_xml

    document = docx.Document()
    document.add_paragraph(CLEAN)
    if long_text:   # a long report: its text read twice filled the checked characters
        document.add_paragraph(" ".join([CLEAN] * 8000))
    if header:
        document.sections[0].header.paragraphs[0].text = f"Dossier mevrouw {NAME}"
    if link:
        rid = document.part.relate_to(f"https://dossiers.example.org/{NAME}", RELATIONSHIP_TYPE.HYPERLINK,
                                      is_external=True)
        document.paragraphs[0]._p.append(parse_xml(
            '<w:hyperlink xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
            ' xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"'
            f' r:id="{rid}"><w:r><w:t>het dossier</w:t></w:r></w:hyperlink>'))
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def _with_part(data: bytes, name: str, body: bytes) -> bytes:
    """The package with one more part (as Word writes embedded objects and media)."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            target.writestr(info, source.read(info))
        target.writestr(name, body)
    return out.getvalue()


def _tooltip_docx() -> bytes:
    """A paragraph with a tooltip (an attribute: never a text node)."""
    data = _docx()
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        xml = package.read("word/document.xml").decode()
    xml = xml.replace("<w:p>", f'<w:p><w:hyperlink w:anchor="a" w:tooltip="Dossier mevrouw {NAME}">'
                               "<w:r><w:t>zie</w:t></w:r></w:hyperlink>", 1)
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            target.writestr(info, xml if info.filename == "word/document.xml" else source.read(info))
    return out.getvalue()


def _eml_alternative() -> bytes:
    from email.message import EmailMessage

    message = EmailMessage()
    message["From"], message["To"], message["Subject"] = "notulist@example.org", "team@example.org", "Verslag"
    message["Date"] = "Tue, 03 Nov 2026 10:00:00 +0100"
    message.set_content(CLEAN)
    message.add_alternative(f'<p title="mevrouw {HIDDEN}">{CLEAN}</p>', subtype="html")
    return bytes(message)


FILES = {
    "docx-hyperlink-target": ("verslag.docx", lambda: _docx(link=True)),
    "docx-tooltip": ("verslag.docx", _tooltip_docx),
    "docx-part-name": ("verslag.docx", lambda: _with_part(_docx(), f"word/media/{NAME}.png", b"\x89PNG\r\n\x1a\n")),
    "docx-embedded-object": ("verslag.docx", lambda: _with_part(
        _docx(), "word/embeddings/Microsoft_Word_Document.docx", _docx(header=True))),
    "docx-header-after-long-text": ("verslag.docx", lambda: _docx(long_text=True, header=True)),
    "html-alt-reference": ("verslag.html", lambda: (
        f'<html><body><p>{CLEAN}</p><img src="foto.png" alt="Foto van mevrouw {HIDDEN}"></body></html>').encode()),
    "eml-html-alternative": ("notulen.eml", _eml_alternative),
}


@pytest.fixture
def listed(world):
    world.store.clients.add_client_names(SOUTH, [NAME])
    return world


@pytest.mark.parametrize("case", list(FILES))
def test_an_original_naming_a_client_outside_the_text_nodes_is_not_kept(listed, case):
    name, body = FILES[case]
    moderator = listed.client("mod-zuid")
    [row] = listed.upload(moderator, [(name, body())], SOUTH)["files"]
    assert row["status"] == "ingested", row
    assert NAME not in moderator.get(f"/api/documents/{row['doc_id']}").text
    assert moderator.get(f"/bron/{row['doc_id']}").status_code == 404


@pytest.mark.parametrize("name, body", [
    ("verslag.docx", lambda: _with_part(_docx(), "word/media/image1.png", b"\x89PNG\r\n\x1a\n")),
    ("verslag.html", lambda: f'<p title="caf&eacute;">{CLEAN}</p>'.encode())], ids=["docx-image", "html-reference"])
def test_a_clean_original_with_media_or_references_is_still_kept(listed, name, body):
    moderator = listed.client("mod-zuid")
    [row] = listed.upload(moderator, [(name, body())], SOUTH)["files"]
    assert moderator.get(f"/bron/{row['doc_id']}").status_code == 200
