"""Attack 29: what a PDF shows, or still holds, that no check of its original read.

An upload's original is kept (served as uploaded, /bron/<id>, and in every backup) when
neither its text nor any other part of it names a client (tests/security/test_unread_parts.py);
a PDF's other parts were every string of its objects and its XMP metadata. Three places
held a listed client's name past that check, each in a file whose text layer was clean:

* an earlier revision: a PDF edited and saved as Acrobat saves an edit (pypdf's
  incremental save here) keeps the old objects and appends the new ones, so the page's
  old content stream ('Gesprek met mevrouw Quiloudja') is still in the file, unreferenced,
  where no reader of the current revision looks;
* an annotation's appearance (a stamp, a text box): a viewer draws its appearance
  stream, which need not say what the annotation's strings say, and streams were not read;
* a stream that is text but no XMP metadata: an XFA form's data ('<client>mevrouw
  Quilxfaja</client>'), as filled-in government and insurer forms carry it.

A PDF whose parts are clean is still kept (the control), also with an annotation that
shows clean text. Failed on 4d93149: all three originals were kept, names and all."""
from __future__ import annotations

import io

from test_trace_attack9 import _backed_up_and_kept
from test_unread_parts import _pdf

from access_world import SOUTH

NAMES = {"revision": "Quiloudja", "appearance": "Quilannota", "xfa": "Quilxfaja"}


def _stamp(shown: str):
    """A stamp whose appearance shows `shown` (and no string of it says so), as `_pdf`'s `extra`."""
    from pypdf.generic import ArrayObject, DecodedStreamObject, DictionaryObject, NameObject, NumberObject

    def add(writer) -> None:
        appearance = DecodedStreamObject()
        appearance.set_data(b"BT /F1 10 Tf 2 2 Td (" + shown.encode("latin-1") + b") Tj ET")
        appearance.update({NameObject("/Type"): NameObject("/XObject"), NameObject("/Subtype"): NameObject("/Form"),
                           NameObject("/BBox"): ArrayObject([NumberObject(v) for v in (0, 0, 200, 20)]),
                           NameObject("/Resources"): writer.pages[0]["/Resources"]})
        writer.add_annotation(0, DictionaryObject({
            NameObject("/Type"): NameObject("/Annot"), NameObject("/Subtype"): NameObject("/Stamp"),
            NameObject("/Rect"): ArrayObject([NumberObject(v) for v in (100, 100, 300, 120)]),
            NameObject("/AP"): DictionaryObject({NameObject("/N"): writer._add_object(appearance)})}))
    return add


def _xfa(writer) -> None:
    """An XFA form's filled-in data, as `_pdf`'s `extra`."""
    from pypdf.generic import ArrayObject, DecodedStreamObject, DictionaryObject, NameObject, TextStringObject

    data = DecodedStreamObject()
    data.set_data(b"<xfa:datasets><xfa:data><aanvraag><client>mevrouw " + NAMES["xfa"].encode()
                  + b"</client></aanvraag></xfa:data></xfa:datasets>")
    writer._root_object[NameObject("/AcroForm")] = DictionaryObject({
        NameObject("/Fields"): ArrayObject(),
        NameObject("/XFA"): ArrayObject([TextStringObject("datasets"), writer._add_object(data)])})


def _revised() -> bytes:
    """A PDF that named the client, its page replaced in an appended revision (pypdf's incremental save)."""
    from pypdf import PdfWriter
    from pypdf.generic import DecodedStreamObject, NameObject

    writer = PdfWriter(io.BytesIO(_pdf(f"Gesprek met mevrouw {NAMES['revision']} over de thuiszorg")), incremental=True)
    content = DecodedStreamObject()
    content.set_data(b"BT /F1 12 Tf 72 720 Td (Gesprek met de buurtwerker over de thuiszorg) Tj ET")
    writer.pages[0][NameObject("/Contents")] = writer._add_object(content)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def test_a_pdf_keeps_no_original_with_a_name_in_a_part_no_reader_read(world, caplog):
    # the community lists its clients and does not guess (its switch off), as in test_unread_parts:
    # (a group with rules keeps a clean PDF's original too: tests/security/test_pdf_originals_kept)
    world.store.clients.add_client_names(SOUTH, list(NAMES.values()))
    mod = world.client("mod-zuid")
    # each its own text: one text uploaded twice is one document's
    files = [("verslag.pdf", _revised()),
             ("gesprek.pdf", _pdf("Gesprek over de mantelzorg in de wijk", extra=_stamp(NAMES["appearance"]))),
             ("aanvraag.pdf", _pdf("Gesprek over de dagbesteding in de wijk", extra=_xfa)),
             ("notulen.pdf", _pdf("Gesprek over de buurtzorg in de wijk", extra=_stamp("Besproken in de groep")))]
    assert all(name.encode() in data for name, (_, data) in zip(NAMES.values(), files))
    rows = world.upload(mod, files, SOUTH)["files"]
    assert [r["status"] for r in rows] == ["ingested"] * len(files), rows
    kept = {r["filename"]: mod.get(f"/api/documents/{r['doc_id']}").json()["has_original"] for r in rows}
    assert kept == {"verslag.pdf": False, "gesprek.pdf": False, "aanvraag.pdf": False, "notulen.pdf": True}
    stored = _backed_up_and_kept(world, caplog)
    hits = {way: [where for where, data in stored.items() if name.lower().encode() in data.lower()]
            for way, name in NAMES.items()}
    assert hits == {way: [] for way in NAMES}
