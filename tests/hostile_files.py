"""A corpus of hostile and broken files, generated (nothing binary is checked in),
next to good files that must still be ingested. `build(folder)` writes them and
returns what each file should become: a status and, for a refusal, its code."""
from __future__ import annotations

import codecs
import io
import os
import zipfile
import zlib
from pathlib import Path

TEXT = ("Mantelzorgers in de buurt vertellen over eenzaamheid, het café op de hoek en"
        " ideeën voor een warme wijk. ")
ROOT_READS_ALL = os.geteuid() == 0 if hasattr(os, "geteuid") else False


def pdf(content: bytes, *, filter_: bytes = b"", extra: bytes = b"") -> bytes:
    """A minimal one-page PDF with `content` as its page stream and a correct xref."""
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>",
               b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
               b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R"
               b" /Resources << /Font << /F1 5 0 R >> >> >>",
               b"<< /Length %d %s >>\nstream\n" % (len(content), filter_) + content + b"\nendstream",
               b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"]
    out, offsets = io.BytesIO(), []
    out.write(b"%PDF-1.4\n")
    for number, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n" % number + body + b"\nendobj\n")
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    out.writelines(b"%010d 00000 n \n" % offset for offset in offsets)
    out.write(b"trailer\n<< /Size %d /Root 1 0 R %s>>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, extra, xref))
    return out.getvalue()


def text_pdf(text: str) -> bytes:
    return pdf(b"BT /F1 12 Tf 72 720 Td (" + text.encode("latin-1") + b") Tj ET")


def flate_bomb(gigabytes: int = 2) -> bytes:
    """A page stream that inflates to `gigabytes` of zeros from ~2 MB: one fully
    flushed deflate block of 16 MB, repeated (each block stands on its own)."""
    zeros, packer = bytes(16 << 20), zlib.compressobj(9)
    first = packer.compress(zeros) + packer.flush(zlib.Z_FULL_FLUSH)
    block = packer.compress(zeros) + packer.flush(zlib.Z_FULL_FLUSH)
    return first + block * (gigabytes * 64 - 1) + packer.flush()


def encrypted_pdf(good: bytes) -> bytes:
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(good)))
    writer.encrypt(user_password="geheim", owner_password="geheimer", algorithm="RC4-128")
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def docx(paragraphs: list[str], external_link: bool = False) -> bytes:
    import docx as python_docx
    from docx.opc.constants import RELATIONSHIP_TYPE as RT

    document = python_docx.Document()
    for paragraph in paragraphs:
        document.add_paragraph(paragraph)
    if external_link:
        document.part.relate_to("http://198.51.100.7/tracker.png", RT.IMAGE, is_external=True)
        document.part.relate_to("file:///etc/passwd", RT.HYPERLINK, is_external=True)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def with_part(package: bytes, name: str, data: bytes) -> bytes:
    """A copy of a ZIP package with one part replaced."""
    source, out = zipfile.ZipFile(io.BytesIO(package)), io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            target.writestr(item, data if item.filename == name else source.read(item.filename))
    return out.getvalue()


def xxe_docx(good: bytes) -> bytes:
    """document.xml that asks the XML parser to include a local file."""
    body = ('<?xml version="1.0" encoding="UTF-8"?><!DOCTYPE w:document [<!ENTITY x SYSTEM'
            ' "file:///etc/passwd">]><w:document xmlns:w="http://schemas.openxmlformats.org/'
            'wordprocessingml/2006/main"><w:body><w:p><w:r><w:t>Verslag &x; einde</w:t></w:r>'
            '</w:p></w:body></w:document>')
    return with_part(good, "word/document.xml", body.encode())


ENTITY_BOMB = ('<?xml version="1.0"?><!DOCTYPE w:document [<!ENTITY a "aaaaaaaaaa">'
               + "".join(f'<!ENTITY {n} "{("&" + p + ";") * 10}">' for p, n in zip("abcdef", "bcdefg"))
               + ']><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
               '<w:body><w:p><w:r><w:t>&g;</w:t></w:r></w:p></w:body></w:document>')
DEEP_XML = ('<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>'
            + "<w:sdt><w:sdtContent>" * 3000 + "<w:p><w:r><w:t>diep</w:t></w:r></w:p>"
            + "</w:sdtContent></w:sdt>" * 3000 + "</w:body></w:document>")


def zip_without_document() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as package:
        package.writestr("[Content_Types].xml", "<Types/>")
    return out.getvalue()


def zip_bomb_docx(good: bytes) -> bytes:
    return with_part(good, "word/document.xml", b"<" + bytes(64 << 20))


ALIAS_BOMB = "\n".join(["---", 'a: &a ["x","x","x","x","x","x","x","x","x"]']
                       + [f"{chr(98 + i)}: &{chr(98 + i)} [*{chr(97 + i)},*{chr(97 + i)},*{chr(97 + i)},"
                          f"*{chr(97 + i)},*{chr(97 + i)},*{chr(97 + i)},*{chr(97 + i)},*{chr(97 + i)},"
                          f"*{chr(97 + i)}]" for i in range(8)] + ["---", TEXT])

GOOD_MD = f"""---
title: "Casus: buurtrestaurant"
type: casus
authors: ["Griet Van Hecke (WZC Ter Linde)"]
---
# Buurtrestaurant

Griet vertelde over mevrouw Peeters. {TEXT * 5}
"""


def _encodings() -> dict[str, tuple[bytes, str]]:
    sample = "Verslag: het café, de ideeën en één crème brûlée voor € 5 bij de bakker."
    latin = sample.replace("€ 5", "5 euro")
    return {
        "utf8.txt": (sample.encode("utf-8"), sample),
        "utf8-bom.txt": (codecs.BOM_UTF8 + sample.encode("utf-8"), sample),
        "utf16-le-bom.txt": (sample.encode("utf-16"), sample),
        "utf16-be-bom.txt": (codecs.BOM_UTF16_BE + sample.encode("utf-16-be"), sample),
        "utf16-le-no-bom.txt": (sample.encode("utf-16-le"), sample),
        "cp1252.txt": ((sample + " " + TEXT).encode("cp1252"), "€ 5"),
        "latin1.txt": ((latin + " " + TEXT).encode("latin-1"), "crème brûlée"),
    }


def pptx_bytes(slides: list[tuple[str, list[str], str]], title: str = "") -> bytes:
    """A presentation: per slide (title, body lines, speaker notes)."""
    import pptx

    presentation = pptx.Presentation()
    presentation.core_properties.title = title
    for slide_title, lines, notes in slides:
        slide = presentation.slides.add_slide(presentation.slide_layouts[1])
        slide.shapes.title.text = slide_title
        slide.placeholders[1].text_frame.text = "\n".join(lines)
        if notes:
            slide.notes_slide.notes_text_frame.text = notes
    out = io.BytesIO()
    presentation.save(out)
    return out.getvalue()


ODT_CONTENT = """<?xml version="1.0" encoding="UTF-8"?>
<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"
 xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"
 xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0"><office:body><office:text>
<text:h text:outline-level="1">Congresverslag</text:h>
<text:p>{body}</text:p>
<text:h text:outline-level="2">Workshop</text:h>
<text:p>Twee<text:s text:c="2"/>spaties<text:tab/>en een <text:span>span</text:span> hier.</text:p>
<text:list><text:list-item><text:p>Eerste punt</text:p></text:list-item></text:list>
<table:table><table:table-row><table:table-cell><text:p>Cel A</text:p></table:table-cell>
<table:table-cell><text:p>Cel B</text:p></table:table-cell></table:table-row></table:table>
</office:text></office:body></office:document-content>"""
ODT_META = """<?xml version="1.0" encoding="UTF-8"?>
<office:document-meta xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"
 xmlns:dc="http://purl.org/dc/elements/1.1/"><office:meta><dc:title>Verslag van het congres</dc:title>
</office:meta></office:document-meta>"""


def odt_bytes(content: str = ODT_CONTENT.format(body=TEXT), meta: str | None = ODT_META,
              mimetype: bytes = b"application/vnd.oasis.opendocument.text") -> bytes:
    """An OpenDocument text package as LibreOffice writes it (mimetype first, stored)."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as package:
        package.writestr(zipfile.ZipInfo("mimetype"), mimetype)
        package.writestr("content.xml", content)
        if meta is not None:
            package.writestr("meta.xml", meta)
        package.writestr("META-INF/manifest.xml", "<manifest/>")
    return out.getvalue()


def eml_bytes(body: str = TEXT, html: str | None = None, attachments: list[tuple[str, bytes, str]] = (),
              subject: str = "Verslag intervisie 12 maart") -> bytes:
    """An e-mail with a plain (and optionally HTML) body and attachments (name, data, type)."""
    from email.message import EmailMessage

    message = EmailMessage()
    message["From"] = "Moderator <moderator@example.org>"
    message["To"] = "groep@example.org"
    message["Subject"] = subject
    message["Date"] = "Tue, 12 Mar 2024 16:05:00 +0100"
    message.set_content(body)
    if html is not None:
        message.add_alternative(html, subtype="html")
    for name, data, mime in attachments:
        maintype, subtype = mime.split("/")
        message.add_attachment(data, maintype=maintype, subtype=subtype, filename=name)
    return message.as_bytes()


def build(folder: Path) -> dict[str, tuple[str, str | None, str | None]]:
    """Write the corpus; {relative name: (status, refusal code, text the stored document
    must contain, or that it must not contain when prefixed with '!')}."""
    folder.mkdir(parents=True, exist_ok=True)
    good_pdf, good_docx = text_pdf("Verslag over mantelzorg in de wijk"), docx([TEXT, "Tweede alinea."])
    files: dict[str, tuple[bytes, tuple]] = {
        # --- good files, which must be ingested
        "good.md": (GOOD_MD.encode(), ("ingested", None, "Griet vertelde over mevrouw P.")),
        "good.pdf": (good_pdf, ("ingested", None, "mantelzorg")),
        "wrong-xref.pdf": (good_pdf.replace(b"startxref\n", b"startxref\n9"), ("ingested", None, "mantelzorg")),
        "good.docx": (good_docx, ("ingested", None, "Tweede alinea")),
        "links.docx": (docx([TEXT], external_link=True), ("ingested", None, "warme wijk")),
        "xxe.docx": (xxe_docx(good_docx), ("ingested", None, "!root:")),
        "scripts.html": (b"<html><head><title>Verslag</title><style>p{color:red}</style>"
                         b"<script>document.write('geheim-script')</script></head><body><h1>Sessie</h1>"
                         b"<p>" + TEXT.encode() + b"</p><script>alert('geheim-script')</script>"
                         b"<noscript>geheim-noscript</noscript></body></html>",
                         ("ingested", None, "!geheim-")),
        "nul-sprinkled.txt": ((TEXT * 3).replace("buurt", "bu\0urt").encode(), ("ingested", None, "buurt")),
        "long-line.txt": (("woord " * 6000).encode(), ("ingested", None, "woord")),
        "deep.html": (b"<div>" * 100_000 + TEXT.encode() + b"</div>" * 100_000, ("ingested", None, "warme wijk")),
        # --- bad files, each with its own reason
        "empty.txt": (b"", ("failed", "empty", None)),
        "whitespace.md": (b" \n\t\n  ", ("failed", "empty", None)),
        "binary.txt": (bytes(range(256)) * 64, ("failed", "undecodable", None)),
        "nul-only.txt": (bytes(4096), ("failed", "undecodable", None)),
        "truncated.pdf": (good_pdf[:len(good_pdf) // 3], ("failed", "corrupt_file", None)),
        "cyclic-pages.pdf": (pdf(b"BT /F1 12 Tf 72 720 Td (x) Tj ET").replace(
            b"/Kids [3 0 R] /Count 1", b"/Kids [2 0 R 3 0 R] /Count 2"), ("failed", "corrupt_file", None)),
        "malformed-xml.docx": (with_part(good_docx, "word/document.xml", b"<w:document><w:body>"),
                               ("failed", "corrupt_file", None)),
        "entity-bomb.docx": (with_part(good_docx, "word/document.xml", ENTITY_BOMB.encode()),
                             ("failed", "corrupt_file", None)),
        "deep-xml.docx": (with_part(good_docx, "word/document.xml", DEEP_XML.encode()), ("failed", "corrupt_file", None)),
        "no-document.docx": (zip_without_document(), ("failed", "corrupt_file", None)),
        "encrypted.pdf": (encrypted_pdf(good_pdf), ("failed", "encrypted", None)),
        "image-only.pdf": (pdf(b"q 100 0 0 100 0 0 cm Q"), ("failed", "no_text", None)),
        "flate-bomb.pdf": (pdf(flate_bomb(), filter_=b"/Filter /FlateDecode"), ("failed", "too_large", None)),
        "zip-bomb.docx": (zip_bomb_docx(good_docx), ("failed", "too_large", None)),
        "truncated.docx": (good_docx[: len(good_docx) // 2], ("failed", "corrupt_file", None)),
        "old-word.docx": (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(1024), ("failed", "wrong_type", None)),
        "locked-word.docx": (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + "EncryptedPackage".encode("utf-16-le")
                             + bytes(512), ("failed", "encrypted", None)),
        "pdf-named.docx": (good_pdf, ("failed", "wrong_type", None)),
        "png-named.txt": (b"\x89PNG\r\n\x1a\n" + bytes(200), ("failed", "wrong_type", None)),
        "program.exe": (b"\x7fELF" + bytes(100), ("failed", "unsupported_format", None)),
        "big-50mb.txt": (b"woord " * ((50 << 20) // 6 - 100), ("failed", "too_large", None)),
        "one-5mb-line.txt": (b"x" * (5 << 20), ("failed", "too_large", None)),
        "over-limit.txt": (b"a" * ((50 << 20) + 10), ("failed", "too_large", None)),
        "bad-front-matter.md": (b"---\ntitle: [niet gesloten\n---\n" + TEXT.encode(), ("failed", "bad_front_matter", None)),
        "impossible-date.md": (b"---\ndate: 2023-02-30\n---\n" + TEXT.encode(), ("failed", "bad_front_matter", None)),
        "alias-bomb.md": (ALIAS_BOMB.encode(), ("failed", "bad_front_matter", None)),
        "huge-front-matter.md": (b"---\nx: '" + b"y" * 30000 + b"'\n---\n" + TEXT.encode(), ("failed", "bad_front_matter", None)),
        "bad-type.md": (b"---\ntype: roman\n---\n" + TEXT.encode(), ("failed", "bad_metadata", None)),
        "only-script.html": (b"<html><script>" + b"var a = 1;" * 100 + b"</script></html>", ("failed", "no_text", None)),
    }
    files.update({name: (data, ("ingested", None, must)) for name, (data, must) in _encodings().items()})
    files.update(_new_formats(good_docx, good_pdf))
    expected = {}
    for name, (data, outcome) in files.items():
        (folder / name).write_bytes(data)
        expected[name] = outcome
    expected.update(_special(folder))
    return expected


def _bombs(root_tag: str, namespaces: str, inner: str) -> tuple[str, str]:
    """(an entity bomb, XML nested 3,000 deep) with the given root element."""
    entities = ('<?xml version="1.0"?><!DOCTYPE ' + root_tag + ' [<!ENTITY a "aaaaaaaaaa">'
                + "".join(f'<!ENTITY {n} "{("&" + p + ";") * 10}">' for p, n in zip("abcdef", "bcdefg")) + "]>")
    return (entities + f"<{root_tag} {namespaces}>{inner.format('&g;')}</{root_tag}>",
            f"<{root_tag} {namespaces}>" + "<x>" * 3000 + inner.format("diep") + "</x>" * 3000 + f"</{root_tag}>")


_PPTX_NS = ('xmlns:p="http://schemas.openxmlformats.org/presentationml/2006/main"'
            ' xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main"')
_PPTX_BODY = "<p:cSld><p:spTree><p:sp><p:txBody><a:p><a:r><a:t>{}</a:t></a:r></a:p></p:txBody></p:sp></p:spTree></p:cSld>"
_ODT_NS = ('xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"'
           ' xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"')
_ODT_BODY = "<office:body><office:text><text:p>{}</text:p></office:text></office:body>"


def _new_formats(good_docx: bytes, good_pdf: bytes) -> dict[str, tuple[bytes, tuple]]:
    """Presentations, OpenDocument text and e-mails (issue 18): good ones, bombs, hostile
    XML, wrong contents for the name."""
    good_pptx = pptx_bytes([("Masterclass", [TEXT], "Notities van de spreker")])
    slide = "ppt/slides/slide1.xml"
    pptx_entities, pptx_deep = _bombs("p:sld", _PPTX_NS, _PPTX_BODY)
    odt_entities, odt_deep = _bombs("office:document-content", _ODT_NS, _ODT_BODY)
    xxe = ('<?xml version="1.0"?><!DOCTYPE office:document-content [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
           + f"<office:document-content {_ODT_NS}>" + _ODT_BODY.format(TEXT + " &x; einde") + "</office:document-content>")
    huge = ODT_CONTENT.format(body="</text:p><text:p>".join(f"regel {n}" for n in range(600_000)))
    nested = ("From: a@example.org\r\nSubject: Doorgestuurd\r\nContent-Type: multipart/mixed; boundary=b0\r\n\r\n"
              + "".join(f"--b{i}\r\nContent-Type: multipart/mixed; boundary=b{i + 1}\r\n\r\n" for i in range(150))
              + f"--b150\r\nContent-Type: text/plain\r\n\r\n{TEXT}\r\n")
    bogus_charset = ("From: a@example.org\r\nSubject: Verslag\r\nContent-Type: text/plain; charset=bogus-9\r\n\r\n"
                     + TEXT + " En méér.\r\n").encode("cp1252")
    return {
        "good.pptx": (good_pptx, ("ingested", None, "Notities van de spreker")),
        "good.odt": (odt_bytes(), ("ingested", None, "warme wijk")),
        "good.eml": (eml_bytes(attachments=[("agenda.md", b"# Agenda\n\nOpening", "text/markdown")]),
                     ("ingested", None, "Opening")),
        "xxe.odt": (odt_bytes(xxe), ("ingested", None, "!root:")),
        "nested-150.eml": (nested.encode(), ("ingested", None, "warme wijk")),
        "bogus-charset.eml": (bogus_charset, ("ingested", None, "méér")),
        "zip-bomb.pptx": (with_part(good_pptx, slide, b"<" + bytes(64 << 20)), ("failed", "too_large", None)),
        "entity-bomb.pptx": (with_part(good_pptx, slide, pptx_entities.encode()), ("failed", "corrupt_file", None)),
        "deep-xml.pptx": (with_part(good_pptx, slide, pptx_deep.encode()), ("failed", "corrupt_file", None)),
        "zip-bomb.odt": (with_part(odt_bytes(), "content.xml", b"<" + bytes(64 << 20)), ("failed", "too_large", None)),
        "entity-bomb.odt": (odt_bytes(odt_entities), ("failed", "corrupt_file", None)),
        "deep-xml.odt": (odt_bytes(odt_deep), ("failed", "corrupt_file", None)),
        "huge-xml.odt": (odt_bytes(huge), ("failed", "too_large", None)),
        "no-content.odt": (odt_bytes().replace(b"content.xml", b"content.xmX"), ("failed", "corrupt_file", None)),
        "docx-named.pptx": (good_docx, ("failed", "wrong_type", None)),
        "pptx-named.odt": (good_pptx, ("failed", "wrong_type", None)),
        "old-powerpoint.pptx": (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(1024), ("failed", "wrong_type", None)),
        "pdf-named.eml": (good_pdf, ("failed", "wrong_type", None)),
        "not-a-mail.eml": (TEXT.encode(), ("failed", "corrupt_file", None)),
        "too-many-parts.eml": (eml_bytes(attachments=[(f"b{i}.bin", b"x", "application/octet-stream")
                                                      for i in range(250)]), ("failed", "too_large", None)),
        "huge-attachment.eml": (eml_bytes(attachments=[("groot.txt", b"woord " * (2 << 20), "text/plain")]),
                                ("failed", "too_large", None)),
    }


def _special(folder: Path) -> dict[str, tuple]:
    """Things that are not plain files: links, a pipe, a folder named like a file."""
    (folder / "folder.pdf").mkdir()
    os.symlink("loop.txt", folder / "loop.txt")
    os.symlink("nowhere.txt", folder / "dangling.txt")
    os.mkfifo(folder / "pipe.txt")
    locked = folder / "no-permission.md"
    locked.write_text(TEXT, encoding="utf-8")
    locked.chmod(0)
    unreadable = ("ingested", None, "warme wijk") if ROOT_READS_ALL else ("failed", "unreadable", None)
    return {"folder.pdf": ("failed", "unreadable", None), "loop.txt": ("failed", "unreadable", None),
            "dangling.txt": ("failed", "unreadable", None), "pipe.txt": ("failed", "unreadable", None),
            "no-permission.md": unreadable}
