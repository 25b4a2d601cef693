"""Each supported format, from small files made by the test itself."""
import docx
import pytest

import ingest
from hostile_files import TEXT as _TEXT
from hostile_files import eml_bytes, odt_bytes, pptx_bytes
from ingest import IngestError
from ingest._read import read_file

TEXT = _TEXT.strip()


def _minimal_pdf(text: str) -> bytes:
    """A one-page PDF with a text layer, written by hand (no PDF library needed)."""
    stream = f"BT /F1 12 Tf 72 720 Td ({text}) Tj ET".encode("latin-1")
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
               b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R"
               b" /Resources << /Font << /F1 5 0 R >> >> >>",
               b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
               b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"]
    out, offsets = bytearray(b"%PDF-1.4\n"), []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


def _only(path, doc_id="x"):
    return next(iter(read_file(path, doc_id)))


def test_docx_headings_paragraphs_and_title(tmp_path):
    document = docx.Document()
    document.core_properties.title = "Casus uit Word"
    document.add_heading("Situatie", level=2)
    document.add_paragraph(TEXT)
    document.save(tmp_path / "casus.docx")
    source = _only(tmp_path / "casus.docx")
    assert "## Situatie" in source.text and TEXT in source.text
    assert source.fields == {"title": "Casus uit Word"}


def test_pdf_text_layer(tmp_path):
    (tmp_path / "verslag.pdf").write_bytes(_minimal_pdf("Verslag over mantelzorg in de wijk"))
    assert "mantelzorg in de wijk" in _only(tmp_path / "verslag.pdf").text


def test_pdf_without_text_asks_for_ocr(tmp_path):
    (tmp_path / "scan.pdf").write_bytes(_minimal_pdf(""))
    with pytest.raises(IngestError, match="OCR"):
        _only(tmp_path / "scan.pdf")


def test_html_drops_scripts_and_keeps_structure(tmp_path):
    (tmp_path / "p.html").write_text(
        "<html><head><title>Verslag</title><style>p{}</style></head><body><h2>Bespreking</h2>"
        f"<p>{TEXT}</p><script>alert('x')</script></body></html>", encoding="utf-8")
    source = _only(tmp_path / "p.html")
    assert source.fields == {"title": "Verslag"} and "## Bespreking" in source.text
    assert "alert" not in source.text and "p{}" not in source.text


def test_markdown_front_matter_error_is_reported_per_file(store, fake_embedder, tmp_path):
    tmp_path = tmp_path / "docs"
    tmp_path.mkdir()
    (tmp_path / "kapot.md").write_text("---\ntitle: [\n---\nTekst", encoding="utf-8")
    (tmp_path / "goed.md").write_text(TEXT, encoding="utf-8")
    report = ingest.ingest_paths(store, fake_embedder, [tmp_path])
    assert [(o.doc_id, o.code) for o in report.failed] == [("kapot.md", "bad_front_matter")]
    assert store.catalogue.get_document("goed.md") is not None


# --- presentations, OpenDocument text and e-mailed minutes (issue 18) ---

def test_pptx_slides_with_numbers_as_headings_and_speaker_notes(tmp_path):
    (tmp_path / "masterclass.pptx").write_bytes(pptx_bytes(
        [("Wat is eenzaamheid?", ["Sociale en emotionele eenzaamheid", TEXT], "Vraag de zaal naar voorbeelden."),
         ("Wat werkt", ["Huisbezoeken"], "")], title="Masterclass eenzaamheid"))
    source = _only(tmp_path / "masterclass.pptx")
    assert source.fields == {"title": "Masterclass eenzaamheid"}
    text = source.text
    assert "## Slide 1: Wat is eenzaamheid?" in text and "## Slide 2: Wat werkt" in text
    assert text.index("Sociale en emotionele") < text.index("Sprekersnotities: Vraag de zaal") < text.index("## Slide 2")
    assert text.count("Wat is eenzaamheid?") == 1  # the title is the heading, not repeated as body


def test_pptx_with_only_empty_slides_asks_for_text(tmp_path):
    import io

    import pptx

    presentation, out = pptx.Presentation(), io.BytesIO()
    presentation.slides.add_slide(presentation.slide_layouts[6])
    presentation.save(out)
    (tmp_path / "leeg.pptx").write_bytes(out.getvalue())
    with pytest.raises(IngestError) as refused:
        _only(tmp_path / "leeg.pptx")
    assert refused.value.code == "no_text"


def test_odt_headings_paragraphs_lists_tables_and_title(tmp_path):
    (tmp_path / "congres.odt").write_bytes(odt_bytes())
    source = _only(tmp_path / "congres.odt")
    assert source.fields == {"title": "Verslag van het congres"}
    assert "# Congresverslag" in source.text and "## Workshop" in source.text and TEXT in source.text
    assert "Twee  spaties\ten een span hier." in source.text
    assert "Eerste punt" in source.text and "Cel A | Cel B" in source.text


def test_eml_body_text_attachments_subject_and_date(tmp_path):
    (tmp_path / "notulen.eml").write_bytes(eml_bytes(attachments=[
        ("agenda.txt", "Agenda: 1. opening 2. casus".encode("cp1252"), "text/plain"),
        ("foto.png", b"\x89PNG\r\n\x1a\n" + bytes(50), "image/png")], subject="RE: Verslag intervisie"))
    source = _only(tmp_path / "notulen.eml")
    assert source.fields == {"title": "Verslag intervisie", "date": "2024-03-12"}
    assert TEXT in source.text and "## Bijlage: agenda.txt\n\nAgenda: 1. opening" in source.text
    assert "PNG" not in source.text and "moderator@example.org" not in source.text


def test_eml_html_only_body_becomes_text(tmp_path):
    from email.message import EmailMessage

    message = EmailMessage()
    message["Subject"], message["Date"] = "Verslag", "Tue, 12 Mar 2024 16:05:00 +0100"
    message.set_content(f"<html><body><h2>Bespreking</h2><p>{TEXT}</p><script>x()</script></body></html>",
                        subtype="html")
    (tmp_path / "html.eml").write_bytes(message.as_bytes())
    text = _only(tmp_path / "html.eml").text
    assert "## Bespreking" in text and TEXT in text and "x()" not in text and "<p>" not in text


def test_eml_plain_body_is_preferred_over_its_html_twin(tmp_path):
    (tmp_path / "twee.eml").write_bytes(eml_bytes(html="<p>HTML-versie</p>"))
    text = _only(tmp_path / "twee.eml").text
    assert TEXT in text and "HTML-versie" not in text


def test_a_crafted_attachment_name_is_only_a_clean_heading(tmp_path):
    """A name with folders, a line break, a bell and 300 more characters (RFC 2231
    lets a sender encode any byte in it)."""
    crafted = "..%2F..%2Fetc%2Fpass%0A%0Dwd%07" + "x" * 300 + ".txt"
    raw = ("From: a@example.org\r\nSubject: Verslag\r\nMIME-Version: 1.0\r\n"
           'Content-Type: multipart/mixed; boundary="b"\r\n\r\n--b\r\nContent-Type: text/plain\r\n\r\n'
           f"{TEXT}\r\n--b\r\nContent-Type: text/plain\r\n"
           f"Content-Disposition: attachment; filename*=utf-8''{crafted}\r\n\r\n"
           "Inhoud van de bijlage.\r\n--b--\r\n")
    (tmp_path / "naam.eml").write_bytes(raw.encode())
    text = _only(tmp_path / "naam.eml").text
    heading = next(line for line in text.splitlines() if line.startswith("## Bijlage"))
    assert heading.startswith("## Bijlage: pass wd x") and "/" not in heading and "\x07" not in heading
    assert len(heading) == len("## Bijlage: ") + 100
    assert "Inhoud van de bijlage." in text and TEXT in text


def test_a_text_file_named_eml_is_refused_as_not_an_email(tmp_path):
    (tmp_path / "geen.eml").write_text("Gewoon een tekst zonder kopregels.\n", encoding="utf-8")
    with pytest.raises(IngestError) as refused:
        _only(tmp_path / "geen.eml")
    assert refused.value.code == "corrupt_file" and "e-mail" in refused.value.detail


def test_an_email_with_too_many_parts_is_refused(tmp_path):
    many = [(f"b{i}.bin", b"x", "application/octet-stream") for i in range(250)]
    (tmp_path / "veel.eml").write_bytes(eml_bytes(attachments=many))
    with pytest.raises(IngestError) as refused:
        _only(tmp_path / "veel.eml")
    assert refused.value.code == "too_large" and "200" in refused.value.detail


@pytest.mark.parametrize("name, data, code, hint", [
    ("slides.docx", "pptx", "wrong_type", "rename it to .pptx"),
    ("verslag.pptx", "docx", "wrong_type", "rename it to .docx"),
    ("verslag.odt", "docx", "wrong_type", "rename it to .docx"),
    ("rekenblad.odt", "ods", "wrong_type", "spreadsheet"),
    ("oud.pptx", "ole", "wrong_type", "old PowerPoint document (.ppt)"),
    ("tekst.odt", "text", "corrupt_file", "OpenDocument"),
    ("pdf.eml", "pdf", "wrong_type", "rename it to .pdf"),
])
def test_content_that_does_not_match_the_new_extensions_is_named(tmp_path, name, data, code, hint):
    import io

    made = {"pptx": lambda: pptx_bytes([("Titel", ["tekst"], "")]), "ods": lambda: odt_bytes(
            mimetype=b"application/vnd.oasis.opendocument.spreadsheet"), "ole": lambda: b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
            + bytes(600), "text": lambda: TEXT.encode(), "pdf": lambda: _minimal_pdf("Verslag")}
    if data == "docx":
        document, out = docx.Document(), io.BytesIO()
        document.add_paragraph(TEXT)
        document.save(out)
        content = out.getvalue()
    else:
        content = made[data]()
    (tmp_path / name).write_bytes(content)
    with pytest.raises(IngestError) as refused:
        _only(tmp_path / name)
    assert refused.value.code == code and hint in refused.value.detail


def test_pptx_odt_and_eml_made_here_are_ingested_and_found(store, fake_embedder, tmp_path):
    folder = tmp_path / "docs"
    folder.mkdir()
    (folder / "masterclass.pptx").write_bytes(pptx_bytes([("Eenzaamheid", ["Dia over buurtwerk"], "Notitie")]))
    (folder / "congres.odt").write_bytes(odt_bytes())
    (folder / "notulen.eml").write_bytes(eml_bytes())
    report = ingest.ingest_paths(store, fake_embedder, [folder])
    assert sorted(o.doc_id for o in report.outcomes if o.status == "ingested") == [
        "congres.odt", "masterclass.pptx", "notulen.eml"]
    assert "## Slide 1: Eenzaamheid" in store.catalogue.get_document("masterclass.pptx").text
    assert store.catalogue.get_document("congres.odt").meta.title == "Verslag van het congres"
    assert store.catalogue.get_document("notulen.eml").meta.date == "2024-03-12"
