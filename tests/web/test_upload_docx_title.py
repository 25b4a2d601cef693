"""A Word document's title, through the real upload: its core properties' title, else its
first paragraph styled Title or Heading 1, else its file name; a Heading 2 ('Inleiding')
names a part, not the document. Every such title is pseudonymised as the text is: a client
named in the title property or the heading is stored hidden, in the title and everywhere
the title goes (the page, the JSON twin, search, the id is the file's name)."""
from __future__ import annotations

import io

import docx
import pytest

FIELDS = {"community": "PG Noord", "cycle": "2023-2024", "type": "casus", "authors": "Tom Wouters"}
BODY = "Mevrouw woont alleen sinds haar man overleed. De buurtwerker belt haar elke week."


def _docx(title: str | None = None, paragraphs: tuple[tuple[str, str], ...] = ()) -> bytes:
    document = docx.Document()
    if title is not None:
        document.core_properties.title = title
    for text, style in paragraphs:
        document.add_paragraph(text, style=style)
    document.add_paragraph(BODY)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _title(client, name: str, data: bytes) -> str:
    [row] = client.post("/api/upload", data=FIELDS, files=[("files", (name, data, "application/octet-stream"))]
                        ).json()["files"]
    assert row["status"] == "ingested", row
    return client.get(f"/api/documents/{row['doc_id']}").json()["title"]


def test_the_title_property_names_the_document(client):
    assert _title(client, "verslag_03.docx", _docx("Casus eenzaamheid na verlies",
                                                   (("Andere kop", "Heading 1"),))) == "Casus eenzaamheid na verlies"


def test_without_a_property_the_first_title_or_heading_1_paragraph(client):
    assert _title(client, "doc1.docx", _docx(paragraphs=(("Intervisie dementie", "Title"),))) == "Intervisie dementie"
    heading = (("Inleiding", "Heading 2"), ("Verslag sessie 3: buurtrestaurant", "Heading 1"),
               ("Aanwezigen", "Heading 2"))
    assert _title(client, "doc2.docx", _docx(paragraphs=heading)) == "Verslag sessie 3: buurtrestaurant"


def test_a_heading_2_alone_or_nothing_leaves_the_file_name(client):
    assert _title(client, "sessieverslag_maart.docx", _docx(paragraphs=(("Inleiding", "Heading 2"),))) \
        == "Sessieverslag maart"
    assert _title(client, "casus-valpreventie.docx", _docx()) == "Casus valpreventie"
    assert _title(client, "leeg-eigenschap.docx", _docx("   ")) == "Leeg eigenschap"


@pytest.mark.deduce
def test_a_client_named_in_the_title_property_is_hidden(client):
    title = _title(client, "dossier.docx", _docx("Dossier mevrouw Vandenbroucke"))
    assert title == "Dossier mevrouw V." and "Vandenbroucke" not in title
    document = client.get("/documenten/PG Noord/dossier.docx").text
    assert "Vandenbroucke" not in document and "Dossier mevrouw V." in document
    results = client.get("/api/search", params={"q": "dossier buurtwerker"}).text
    assert "Vandenbroucke" not in results


@pytest.mark.deduce
def test_a_client_named_in_the_first_heading_is_hidden(client):
    title = _title(client, "huisbezoek.docx", _docx(paragraphs=(("Huisbezoek bij meneer Oduya", "Heading 1"),)))
    assert title == "Huisbezoek bij meneer O." and "Oduya" not in client.get("/documenten/PG Noord/huisbezoek.docx").text
