"""A kept original is served as it was uploaded (/bron/<id>), so it must not hold a
client name in a part the reader never reads, and so never pseudonymised: a Word
file's page header ("Dossier mevrouw Yilmaz"), footer, comments or properties, a
Markdown file's front-matter field ingest does not know (`client: ...`), an e-mail's
headers. The text was clean, no name was replaced, and the original was kept whole.
Now every part of the file is read for this decision: a name the community's rules or
list find anywhere in it means the original is not kept, as when the text named one.
That check first read a Word package's text nodes of its `.xml` parts only, the first
MAX_TEXT_CHARS of all parts, and HTML with its character references undecoded: a name
stayed in a hyperlink's target (a `.rels` part), a tooltip or alt text (attributes), a
part's file name, an embedded (compressed) object, a header after a long text, or as
`Y&#105;lmaz` in an attribute a browser shows as `Yilmaz` (ATTRIBUTE_FILES)."""
from __future__ import annotations

import base64
import io
import zipfile

import pytest

from access_world import SOUTH, form_csrf

NAME = "Yilmaz"
CLEAN = "De buurtwerker sprak met de mantelzorger over eenzaamheid en de thuiszorg."


def _docx(where: str) -> bytes:
    import docx

    document = docx.Document()
    document.add_paragraph(CLEAN)
    if where == "header":
        document.sections[0].header.paragraphs[0].text = f"Dossier mevrouw {NAME}"
    elif where == "footer":
        document.sections[0].footer.paragraphs[0].text = f"Casus {NAME}, vertrouwelijk"
    elif where == "properties":
        document.core_properties.subject = f"Gesprek met mevrouw {NAME}"
    elif where == "style":   # a style part is read for its names only (ingest._office._style_words)
        from docx.enum.style import WD_STYLE_TYPE

        document.paragraphs[0].style = document.styles.add_style(f"Dossier {NAME}", WD_STYLE_TYPE.PARAGRAPH)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


FILES = {
    "docx-header": ("verslag.docx", lambda: _docx("header")),
    "docx-footer": ("verslag.docx", lambda: _docx("footer")),
    "docx-properties": ("verslag.docx", lambda: _docx("properties")),
    "docx-style-name": ("verslag.docx", lambda: _docx("style")),
    "md-front-matter": ("verslag.md", lambda: f"---\nclient: mevrouw {NAME}\n---\n{CLEAN}\n".encode()),
}


HIDDEN = "Y&#105;lmaz"   # the name as a character reference: a browser shows 'Yilmaz'


def _word(long_text: bool = False, header: bool = False, link: bool = False) -> bytes:
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


def _tooltip_word() -> bytes:
    """A paragraph with a tooltip (an attribute: never a text node)."""
    data = _word()
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


ATTRIBUTE_FILES = {  # outside text nodes, or where a check stopped reading
    "docx-hyperlink-target": ("verslag.docx", lambda: _word(link=True)),
    "docx-tooltip": ("verslag.docx", _tooltip_word),
    "docx-part-name": ("verslag.docx", lambda: _with_part(_word(), f"word/media/{NAME}.png", b"\x89PNG\r\n\x1a\n")),
    "docx-embedded-object": ("verslag.docx", lambda: _with_part(
        _word(), "word/embeddings/Microsoft_Word_Document.docx", _word(header=True))),
    "docx-printer-settings": ("verslag.docx", lambda: _with_part(
        _word(), "word/printerSettings/printerSettings1.bin", f"Printer mevrouw {NAME}\0".encode("utf-16-le"))),
    "docx-header-after-long-text": ("verslag.docx", lambda: _word(long_text=True, header=True)),
    "html-alt-reference": ("verslag.html", lambda: (
        f'<html><body><p>{CLEAN}</p><img src="foto.png" alt="Foto van mevrouw {HIDDEN}"></body></html>').encode()),
    "eml-html-alternative": ("notulen.eml", _eml_alternative),
    "html-data-uri-frame": ("verslag.html", lambda: (f'<p>{CLEAN}</p><iframe src="data:text/html;base64,'
                                                     + base64.b64encode(f"<p>Mevrouw {NAME}</p>".encode()).decode()
                                                     + '"></iframe>').encode()),
    "html-data-uri-zip": ("verslag.html", lambda: (f'<p>{CLEAN}</p><a href="data:application/zip;base64,'
                                                   + base64.b64encode(_word(header=True)).decode()
                                                   + '">bijlage</a>').encode()),
    "html-svg-split-by-markup": ("verslag.html", lambda: (
        f'<p>{CLEAN}</p><svg><text>Mevrouw Yil<tspan>maz</tspan></text></svg>').encode()),
    "html-noscript-split-by-comment": ("verslag.html", lambda: (
        f'<p>{CLEAN}</p><noscript>Mevrouw Yil<!-- -->maz</noscript>').encode()),
    "html-percent-escaped-link": ("verslag.html", lambda: (
        f'<p>{CLEAN} <a href="mailto:mevrouw.%59ilmaz@example.org">mail</a></p>').encode()),
}
FILES.update(ATTRIBUTE_FILES)


@pytest.fixture
def listed(world):
    world.store.clients.add_client_names(SOUTH, [NAME])
    return world


@pytest.mark.parametrize("case", list(FILES))
def test_an_original_naming_a_client_where_the_reader_does_not_look_is_not_kept(listed, case):
    name, body = FILES[case]
    moderator = listed.client("mod-zuid")
    [row] = listed.upload(moderator, [(name, body())], SOUTH)["files"]
    assert row["status"] == "ingested", row
    assert NAME not in moderator.get(f"/api/documents/{row['doc_id']}").text
    assert moderator.get(f"/bron/{row['doc_id']}").status_code == 404
    assert not any(NAME.encode() in raw for raw in listed.files().values())


def test_a_clean_original_is_still_kept(listed):
    moderator = listed.client("mod-zuid")
    [row] = listed.upload(moderator, [("verslag.docx", _docx("none"))], SOUTH)["files"]
    assert moderator.get(f"/bron/{row['doc_id']}").status_code == 200


@pytest.mark.deduce
def test_a_name_the_rules_find_in_a_header_keeps_the_original_out_too(world):
    """Not listed: found by the community's pseudonymisation rules ("mevrouw Yilmaz")."""
    world.store.accounts.set_community(SOUTH, pseudonymise=True)
    moderator = world.client("mod-zuid")
    [row] = world.upload(moderator, [("verslag.docx", _docx("header"))], SOUTH)["files"]
    assert row["status"] == "ingested", row
    assert moderator.get(f"/bron/{row['doc_id']}").status_code == 404


def _split_header_docx() -> bytes:
    """A page header whose name Word wrote over two runs ("Dossier Bos" + "mans")."""
    import docx

    document = docx.Document()
    document.add_paragraph(CLEAN)
    header = document.sections[0].header.paragraphs[0]
    header.add_run("Dossier Bos")
    header.add_run("mans")
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def test_a_correction_drops_an_original_naming_the_client_only_in_a_header(world):
    """Kept at upload (nothing was listed, the community does not pseudonymise), then the
    name is listed: the stored text never named her, the original's header does."""
    moderator = world.client("mod-zuid")
    [kept] = world.upload(moderator, [("verslag.docx", _split_header_docx())], SOUTH)["files"]
    [named] = world.upload(moderator, [("gesprek.md", b"Bosmans vertelde over de buren.\n")], SOUTH)["files"]
    assert moderator.get(f"/bron/{kept['doc_id']}").status_code == 200   # kept, as nothing was known
    csrf = form_csrf(moderator, f"/documenten/{named['doc_id']}")
    assert moderator.post(f"/api/documents/{named['doc_id']}/client-names",
                          data={"namen": "Bosmans", "csrf": csrf}).status_code == 200
    assert moderator.get(f"/bron/{kept['doc_id']}").status_code == 404
    assert world.files() == {}   # both originals named her: the text file too
    # and the document keeps no path to the erased original (late8: it kept it, pointing at
    # nothing, which a restore into another data dir took for a file ingested where it lies)
    assert world.store.catalogue.get_document(kept["doc_id"]).source_path is None


def _pdf(text: str, annotation: str | None = None, extra=None) -> bytes:
    """A one-page PDF with a text layer, and a sticky note when `annotation` is given
    (`extra`: more the writer adds, a bookmark, a link or an attachment)."""
    from pypdf import PdfWriter
    from pypdf.annotations import Text
    from pypdf.generic import DecodedStreamObject, DictionaryObject, NameObject

    writer = PdfWriter()
    page = writer.add_blank_page(612, 792)
    font = DictionaryObject({NameObject("/Type"): NameObject("/Font"), NameObject("/Subtype"): NameObject("/Type1"),
                             NameObject("/BaseFont"): NameObject("/Helvetica")})
    page[NameObject("/Resources")] = DictionaryObject({NameObject("/Font"): DictionaryObject(
        {NameObject("/F1"): writer._add_object(font)})})
    stream = DecodedStreamObject()
    stream.set_data(f"BT /F1 12 Tf 72 720 Td ({text}) Tj ET".encode("latin-1"))
    page[NameObject("/Contents")] = writer._add_object(stream)
    if annotation:
        writer.add_annotation(page_number=0, annotation=Text(rect=(50, 550, 200, 650), text=annotation))
    if extra:
        extra(writer)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def _eml(attachment: tuple[str, str, bytes] | None = None, to: str = "team@example.org") -> bytes:
    from email.message import EmailMessage

    message = EmailMessage()
    message["From"], message["To"], message["Subject"] = "notulist@example.org", to, "Verslag intervisie"
    message["Date"] = "Tue, 03 Nov 2026 10:00:00 +0100"
    message.set_content(CLEAN)
    if attachment:
        name, kind, data = attachment
        maintype, subtype = kind.split("/")
        message.add_attachment(data, maintype=maintype, subtype=subtype, filename=name)
    return bytes(message)


def Link(**fields):   # noqa: N802 - pypdf's annotation, imported when a case is built
    from pypdf.annotations import Link as PdfLink

    return PdfLink(**fields)


UNREADABLE_PARTS = {
    # a Word attachment is base64 in the message: a name in it is invisible to a byte search
    "eml-docx-attachment": ("notulen.eml", lambda: _eml(("bijlage.docx", "application/octet-stream", _docx("none")))),
    # a recipient's display name encoded as RFC 2047 ("=?utf-8?b?...?=")
    "eml-encoded-recipient": ("notulen.eml", lambda: _eml().replace(
        b"To: team@example.org", b"To: =?utf-8?b?" + base64.b64encode(f"Mevrouw {NAME}".encode()) + b"?= <m@example.org>")),
    "pdf-sticky-note": ("verslag.pdf", lambda: _pdf(CLEAN, f"Dossier mevrouw {NAME}")),
    # a viewer shows these too: a bookmark's title, a link's target, an attached file
    "pdf-bookmark": ("verslag.pdf", lambda: _pdf(CLEAN, extra=lambda w: w.add_outline_item(title=f"Mevrouw {NAME}", page_number=0))),
    "pdf-link-target": ("verslag.pdf", lambda: _pdf(CLEAN, extra=lambda w: w.add_annotation(0, Link(
        rect=(50, 50, 200, 80), target_page_index=None, url=f"https://dossiers.example.org/{NAME}")))),
    "pdf-attachment": ("verslag.pdf", lambda: _pdf(CLEAN, extra=lambda w: w.add_attachment(
        "bijlage.docx", _docx("header")))),
}


@pytest.mark.parametrize("case", list(UNREADABLE_PARTS))
def test_an_original_with_a_part_that_may_name_a_client_is_not_kept(listed, case):
    """A binary e-mail attachment is never read, so it is never cleared: its original is
    not kept. Encoded headers and a PDF's annotations are read, and here name the client."""
    name, body = UNREADABLE_PARTS[case]
    data = body()
    assert NAME.encode() not in data or case.startswith("pdf")
    moderator = listed.client("mod-zuid")
    [row] = listed.upload(moderator, [(name, data)], SOUTH)["files"]
    assert row["status"] == "ingested", row
    assert moderator.get(f"/bron/{row['doc_id']}").status_code == 404
    assert not any(NAME.encode() in raw for raw in listed.files().values())


@pytest.mark.parametrize("data", [lambda: _eml(("agenda.txt", "text/plain", b"Agenda: eenzaamheid")),
                                  lambda: _pdf(CLEAN, "Nog nakijken")], ids=["eml-text-attachment", "pdf-clean-note"])
def test_a_clean_mail_or_annotated_pdf_is_still_kept(listed, data):
    moderator = listed.client("mod-zuid")
    name = "verslag.pdf" if data().startswith(b"%PDF") else "notulen.eml"
    [row] = listed.upload(moderator, [(name, data())], SOUTH)["files"]
    assert row["status"] == "ingested", row
    assert moderator.get(f"/bron/{row['doc_id']}").status_code == 200


@pytest.mark.parametrize("name, body", [
    ("verslag.docx", lambda: _with_part(_word(), "word/media/image1.png", b"\x89PNG\r\n\x1a\n")),
    ("verslag.docx", lambda: _with_part(_word(), "word/printerSettings/printerSettings1.bin",
                                        "HP LaserJet\0\0\x01".encode("utf-16-le"))),
    ("verslag.html", lambda: f'<p title="caf&eacute;">{CLEAN}</p>'.encode()),
    ("verslag.html", lambda: f'<p>{CLEAN}</p><img src="data:image/png;base64,iVBORw0KGgo=">'.encode())],
    ids=["docx-image", "docx-printer-settings", "html-reference", "html-inline-picture"])
def test_a_clean_original_with_media_or_references_is_still_kept(listed, name, body):
    moderator = listed.client("mod-zuid")
    [row] = listed.upload(moderator, [(name, body())], SOUTH)["files"]
    assert moderator.get(f"/bron/{row['doc_id']}").status_code == 200


def test_a_check_that_fails_costs_the_original_not_the_document(listed, monkeypatch):
    """The check of every part is a second pass of the rules over more text; when it
    fails (too long, the pseudonymiser stopped) the text is stored as usual and the
    original, which could not be cleared, is not kept."""
    from ingest._errors import PSEUDONYMISATION, IngestError
    from ingest._privacy import Privacy

    real = Privacy.apply

    def failing_on_the_whole_file(self, text, meta, *known):
        if "Dossier" in text:   # the header holds it; the text read does not
            raise IngestError(PSEUDONYMISATION, "looking for client names took too long; nothing was stored")
        return real(self, text, meta, *known)

    monkeypatch.setattr(Privacy, "apply", failing_on_the_whole_file)
    moderator = listed.client("mod-zuid")
    data = _docx("header")
    [row] = listed.upload(moderator, [("verslag.docx", data)], SOUTH)["files"]
    assert row["status"] == "ingested", row
    assert moderator.get(f"/bron/{row['doc_id']}").status_code == 404


def test_a_word_style_part_is_read_for_its_names_not_its_formatting(tmp_path):
    """The check reads a style part's names, aliases and ids, not its formatting values nor
    the latent (built-in) style list: python-docx's one-paragraph file gave 170,000 characters
    to the rules (48 s of CPU in an upload), 163,000 of them from its two style parts. A custom
    style's name is still read (the `docx-style-name` case above keeps such an original out)."""
    from ingest._office import package_text

    path = tmp_path / "verslag.docx"
    path.write_bytes(_docx("none"))
    whole = package_text(path)
    assert whole is not None and CLEAN in whole
    assert len(whole) < 40_000
    assert 'w:val="single"' not in whole and " single " not in f" {whole} "   # a formatting value
    path.write_bytes(_docx("style"))
    assert f"Dossier {NAME}" in (package_text(path) or "")
