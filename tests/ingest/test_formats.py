"""Each supported format, from small files made by the test itself."""
import docx
import pytest

import ingest
from ingest._errors import IngestError
from ingest._read import read_file

TEXT = "De buurtwerker ging op huisbezoek bij een bewoner die zich eenzaam voelde."


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
