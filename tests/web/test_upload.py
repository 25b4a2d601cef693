"""Uploading documents: validation in Dutch, streaming to the data dir, ingest,
and a per-file report of what was added, replaced or refused."""
import html
import re

import pytest

import ingest
from ingest import _errors
from web import messages, uploads
from web.views import upload as upload_view

NOTE = "Verslag van sessie 3. We bespraken hoe vrijwilligers van het buurtrestaurant eenzame bewoners ophalen.\n"
FIELDS = {"community": "PG Noord", "cycle": "2023-2024", "session": "3", "type": "sessieverslag",
          "date": "2023-11-14", "authors": "Tom Wouters (WZC Ter Beke)\nAn Peeters"}


def post(client, files, data=FIELDS, url="/upload"):
    return client.post(url, data=data, files=[("files", f) for f in files])


def test_upload_form_is_labelled_dutch(client):
    page = client.get("/upload").text
    assert 'enctype="multipart/form-data"' in page and 'type="file"' in page and "multiple" in page
    assert "Naam (Organisatie)" in page and "20 MB per bestand, 100 MB samen en 50 bestanden per keer" in page


def test_upload_ingests_with_metadata_and_keeps_the_file(client, runtime):
    page = post(client, [("sessie-3.md", NOTE.encode(), "text/markdown")])
    assert page.status_code == 200 and "Toegevoegd" in page.text
    assert 'href="/documenten/PG%20Noord/sessie-3.md"' in page.text
    doc = client.get("/api/documents/PG Noord/sessie-3.md").json()
    assert (doc["community"], doc["cycle"], doc["session"], doc["type"], doc["date"]) == (
        "PG Noord", "2023-2024", 3, "sessieverslag", "2023-11-14")
    assert [(a["name"], a["organisation"], a["role"]) for a in doc["authors"]] == [
        ("Tom Wouters", "WZC Ter Beke", "verslag"), ("An Peeters", None, "verslag")]
    stored = [p for p in runtime.settings.files_dir.rglob("*") if p.is_file()]
    assert [p.read_text("utf-8") for p in stored] == [NOTE] and stored[0].suffix == ".md"
    assert "Origineel bestand" in client.get("/documenten/PG Noord/sessie-3.md").text
    original = client.get("/bron/PG Noord/sessie-3.md")
    assert original.text == NOTE and original.headers["content-disposition"].startswith("attachment")
    assert "vrijwilligers" in client.get("/", params={"q": "vrijwilligers buurtrestaurant"}).text


def test_only_uploaded_files_are_served(client):
    from dutch_docs import WIDOWER
    assert client.get(f"/bron/{WIDOWER}").status_code == 404  # ingested from elsewhere on disk
    assert client.get("/bron/bestaat-niet.md").status_code == 404


def test_reupload_is_unchanged_then_replaced(client):
    post(client, [("sessie-3.md", NOTE.encode(), "text/markdown")])
    assert "Ongewijzigd" in post(client, [("sessie-3.md", NOTE.encode(), "text/markdown")]).text
    changed = post(client, [("sessie-3.md", (NOTE + "Nieuwe afspraak.\n").encode(), "text/markdown")])
    assert "Vervangen" in changed.text


def test_each_file_gets_its_own_dutch_verdict(client):
    page = post(client, [
        ("goed.txt", NOTE.encode(), "text/plain"),
        ("programma.exe", b"MZ...", "application/octet-stream"),
        ("leeg.md", b"", "text/markdown"),
        ("kapot.md", b"---\ntitle: [onaf\n---\ntekst\n", "text/markdown"),
        ("goed.txt", NOTE.encode(), "text/plain"),
    ]).text
    rows = re.findall(r"<tr class=\"status-(\w+)\">\s*<td>([^<]+)</td>", page)
    assert rows == [("ingested", "goed.txt"), ("failed", "programma.exe"), ("failed", "leeg.md"),
                    ("failed", "kapot.md"), ("failed", "goed.txt")]
    for code in ("unsupported_format", "empty", "bad_front_matter", "duplicate"):
        assert messages.REFUSALS[code].replace("'", "&#39;") in page
    assert "1 toegevoegd, 4 geweigerd" in page


def test_the_same_text_under_another_name_is_pointed_out(client):
    """Walking a moderator's batch: the same report under two names became two documents,
    shown twice in every search. The report names the other one (in this upload or an
    earlier one), on the page and in the JSON twin; a different text gets no such note."""
    post(client, [("sessie-3.md", NOTE.encode(), "text/markdown")])
    page = post(client, [("sessie-3 (kopie).md", NOTE.encode(), "text/markdown"),
                         ("ander.md", b"Een heel ander verslag over de buurt.", "text/markdown")])
    text = " ".join(page.text.split())
    assert ("dezelfde tekst staat al in <a href=\"/documenten/PG%20Noord/sessie-3.md\">“Sessie 3”</a>"
            " (bestand sessie-3.md).") in text
    assert text.count("dezelfde tekst staat al") == 1
    rows = post(client, [("a.md", b"Tweemaal dezelfde tekst.", "text/markdown"),
                         ("b.md", b"Tweemaal dezelfde tekst.", "text/markdown")], url="/api/upload").json()["files"]
    assert [(r["doc_id"], r["same_as"]) for r in rows] == [("PG Noord/a.md", "PG Noord/b.md"),
                                                           ("PG Noord/b.md", "PG Noord/a.md")]


def test_the_report_links_each_document_by_its_title(client):
    """Workflow round 41: the report linked "Bekijk “PG Noord/sessie-3.md”", the stored id, not
    what the moderator knows the document by; now its title, on the page and in the JSON twin
    (a JSONL file's lines are documents of their own titles)."""
    lines = ('{"id": "casus-1", "title": "Casus: de buurman", "text": "Een buurman haalt de krant."}\n'
             '{"id": "casus-2", "title": "Casus: de mantelzorger", "text": "Een mantelzorger is moe."}\n')
    page = post(client, [("sessie-3.md", NOTE.encode(), "text/markdown"),
                         ("casussen.jsonl", lines.encode(), "application/jsonl")])
    text = " ".join(page.text.split())
    assert '<a href="/documenten/PG%20Noord/sessie-3.md">Bekijk “Sessie 3”</a>' in text
    assert "Bekijk “Casus: de buurman”" in text and "Bekijk “Casus: de mantelzorger”" in text
    assert "Bekijk “PG Noord/" not in text
    again = post(client, [("sessie-3.md", NOTE.encode(), "text/markdown")], url="/api/upload").json()["files"]
    assert [(r["status"], r["title"]) for r in again] == [("unchanged", "Sessie 3")]
    refused = post(client, [("leeg.md", b"", "text/markdown")], url="/api/upload").json()["files"]
    assert refused[0]["title"] is None


def test_file_names_cannot_escape_the_data_dir(client, runtime):
    page = post(client, [("../../../etc/stiekem.md", NOTE.encode(), "text/markdown")])
    assert "Toegevoegd" in page.text and 'href="/documenten/PG%20Noord/stiekem.md"' in page.text
    files = runtime.settings.files_dir
    assert [p.parent.relative_to(files).as_posix() for p in files.rglob("*") if p.is_file()] == ["originals"]
    assert not (runtime.settings.data_dir.parent / "stiekem.md").exists()


def test_a_community_that_does_not_exist_is_refused(client, runtime):
    page = post(client, [("a.md", NOTE.encode(), "text/markdown")], data={**FIELDS, "community": "Bestaat Niet"})
    assert page.status_code == 400 and "Deze groep bestaat niet" in page.text
    page = post(client, [("a.md", NOTE.encode(), "text/markdown")], data={**FIELDS, "community": "../.."})
    assert page.status_code == 400 and "zonder speciale tekens of" in page.text   # no group has a '/'
    front = b"---\ncommunity: Nieuwe groep\n---\n" + NOTE.encode()
    assert messages.REFUSALS["unknown_community"] in post(client, [("b.md", front, "text/markdown")]).text
    assert not any(runtime.store.accounts.has_community(name) for name in ("Nieuwe groep", "Bestaat Niet", "../.."))


@pytest.mark.parametrize("name, expected", [
    ("verslag.md", "verslag.md"), ("../../x.md", "x.md"), ("C:\\temp\\y.docx", "y.docx"),
    (".verborgen.md", "verborgen.md"), ("geen-extensie", None), ("...", None),
    ("rare<>naam?.md", "rare__naam_.md"), ("Café verslag.pdf", "Café verslag.pdf"),
])
def test_safe_name(name, expected):
    assert uploads.safe_name(name) == expected


def test_form_errors_are_dutch_and_keep_what_was_typed(client):
    data = {**FIELDS, "cycle": "2023", "session": "drie", "date": "gisteren", "authors": "(Alleen organisatie)"}
    page = post(client, [("a.md", NOTE.encode(), "text/markdown")], data=data)
    assert page.status_code == 400
    for name in ("cycle", "session", "date", "authors"):
        assert html.escape(ingest.FIELD_MESSAGES[name]) in page.text
    assert 'value="2023"' in page.text and 'aria-invalid="true"' in page.text
    empty = client.post("/upload", data=FIELDS)
    assert empty.status_code == 400 and "Kies minstens één bestand." in empty.text


def test_an_author_with_a_form_of_address_is_refused_not_dropped(client):
    """Privacy attack 37: 'mevrouw Amalberga Decock, deelnemer' in the authors field was
    stored as no author at all (with_roles took 'mevrouw' for no name) and the moderator
    was told nothing. A form of address is the text's cue for a client, and an author is a
    member or professional: the form refuses it by name, keeps what was typed, stores nothing."""
    typed = "mevrouw Amalberga Decock, deelnemer\nAn Peeters"
    page = post(client, [("sessie-3.md", NOTE.encode(), "text/markdown")], data={**FIELDS, "authors": typed})
    assert page.status_code == 400 and "aanspreekvorm ‘mevrouw’" in html.unescape(page.text)
    assert html.escape(typed, quote=False) in page.text and 'aria-invalid="true"' in page.text
    assert client.get("/api/documents/PG Noord/sessie-3.md").status_code == 404


def test_front_matter_author_with_a_form_of_address_is_refused_with_a_reason(client):
    """The same author in an uploaded file's own front matter: the file is refused with the
    authors field's message, which says to leave out mevrouw or meneer; not stored without her."""
    front = b"---\nauthors:\n  - Dhr. Jan Wouters, verslag\n---\n" + NOTE.encode()
    page = post(client, [("sessie-4.md", front, "text/markdown")])
    assert 'class="status-failed"' in page.text and "zet geen mevrouw of meneer" in html.unescape(page.text)
    assert client.get("/api/documents/PG Noord/sessie-4.md").status_code == 404


def test_an_author_whose_name_starts_with_de_is_kept(client):
    """'De Smet' (a surname first, as lists of members write it) was dropped as 'de' is no
    name for the text's role rules; a stated author is never dropped by them."""
    post(client, [("sessie-3.md", NOTE.encode(), "text/markdown")], data={**FIELDS, "authors": "De Smet, verslag"})
    doc = client.get("/api/documents/PG Noord/sessie-3.md").json()
    assert [(a["name"], a["role"]) for a in doc["authors"]] == [("De Smet", "verslag")]


def test_files_over_the_limit_are_refused(client, monkeypatch):
    monkeypatch.setattr(uploads, "MAX_FILE", 50)
    page = post(client, [("groot.md", NOTE.encode(), "text/markdown"), ("klein.md", b"Kort.", "text/markdown")])
    assert messages.REFUSALS["too_large"] in page.text and "Toegevoegd" in page.text


def test_requests_over_the_limit_are_413(client, monkeypatch):
    monkeypatch.setattr(uploads, "MAX_REQUEST", 200)
    page = post(client, [("groot.md", NOTE.encode() * 5, "text/markdown")])
    assert page.status_code == 413 and "De upload is te groot" in page.text
    # walking a moderator's batch over 100 MB: the page says nothing was processed and
    # leads back to the form (the JSON twin answers the same message)
    assert "Er is niets verwerkt: upload de bestanden in kleinere delen." in page.text
    assert '<a href="/upload">Terug naar het uploadformulier</a>' in page.text
    answer = post(client, [("groot.md", NOTE.encode() * 5, "text/markdown")], url="/api/upload")
    assert answer.status_code == 413 and "in kleinere delen" in answer.json()["error"]
    assert "Terug naar het uploadformulier" not in client.get("/bestaat-niet").text


def test_more_files_than_one_upload_takes_get_a_dutch_answer_and_a_way_back(client):
    page = post(client, [(f"{n}.md", b"Kort.", "text/markdown") for n in range(uploads.MAX_FILES + 1)])
    assert page.status_code == 413 and "Terug naar het uploadformulier" in page.text
    assert f"Hoogstens {uploads.MAX_FILES} bestanden per upload. Er is niets verwerkt" in page.text


def test_two_groups_files_of_one_name_are_two_documents(client):
    post(client, [("verslag.md", NOTE.encode(), "text/markdown")])
    page = post(client, [("verslag.md", b"Zuid: " + NOTE.encode(), "text/markdown")],
                data={**FIELDS, "community": "Wijkteam Zuid"})
    assert "Toegevoegd" in page.text
    assert client.get("/api/documents/PG Noord/verslag.md").json()["community"] == "PG Noord"
    assert client.get("/bron/Wijkteam Zuid/verslag.md").text == "Zuid: " + NOTE


def test_upload_json_twin(client):
    data = client.post("/api/upload", data=FIELDS, files=[("files", ("json.md", NOTE.encode(), "text/markdown"))]).json()
    assert data["files"][0]["status"] == "ingested" and data["files"][0]["doc_id"] == "PG Noord/json.md"
    bad = client.post("/api/upload", data={"cycle": "x"})
    assert bad.status_code == 422 and set(bad.json()["errors"]) == {"cycle", "files"}


def test_only_uploaders_may_upload(client, monkeypatch):
    monkeypatch.setattr(uploads, "can_upload", lambda request: False)
    monkeypatch.setattr(upload_view, "can_upload", lambda request: False)
    assert client.get("/upload").status_code == 403
    assert post(client, [("a.md", NOTE.encode(), "text/markdown")]).status_code == 403


def test_every_ingest_error_code_has_a_dutch_message():
    codes = {value for name, value in vars(_errors).items() if name.isupper() and isinstance(value, str)}
    assert codes and codes <= set(messages.REFUSALS)
    assert messages.refusal("iets-nieuws") == messages.REFUSALS["unexpected"]


def test_a_role_given_in_the_form_beats_what_the_text_reads(client):
    text = "Sessie 5. Nadia bracht de situatie van mevrouw L. in. We zochten samen naar een buurthuis.\n"
    post(client, [("sessie-5.md", text.encode(), "text/markdown")],
         data={**FIELDS, "authors": "Nadia El Khattabi (CAW), verslag\nBram Claes"})
    doc = client.get("/api/documents/PG Noord/sessie-5.md").json()
    assert [(a["name"], a["role"]) for a in doc["authors"]] == [("Nadia El Khattabi", "verslag"),
                                                                 ("Bram Claes", "verslag")]


def test_a_wrong_type_in_a_file_is_explained_in_words_the_file_may_use(client):
    """Workflow round 38: a file whose front matter said `type: brief` was refused with "Kies
    een soort: ... of other (ander document)": an English code in a Dutch sentence, while
    `anders` is the Dutch word front matter takes for it. Page and JSON twin say `anders`."""
    bad = b"---\ntitle: Brief aan de buurt\ntype: brief\n---\nWe spraken over eenzaamheid.\n"
    fields = {**FIELDS, "type": ""}
    for url in ("/upload", "/api/upload"):
        answer = post(client, [("brief.md", bad, "text/markdown")], fields, url)
        said = answer.text if url == "/upload" else answer.json()["files"][0]["message"]
        assert "publicatie of anders (ander document)" in html.unescape(said), said
        assert "of other" not in said
    good = b"---\ntitle: Brief aan de buurt\ntype: anders\n---\nWe spraken over eenzaamheid.\n"
    assert "Toegevoegd" in post(client, [("brief.md", good, "text/markdown")], fields).text
