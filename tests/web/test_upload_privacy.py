"""Uploads and client privacy: the report says per file how many client names were
replaced, and an original that names clients is not kept for download."""
import pytest

CASE = "Casus. Ik bezocht mevrouw Peeters; haar zoon Dirk belt elke week.\n"
NOTE = "Verslag van sessie 3 over vrijwilligers in het buurtrestaurant.\n"
FIELDS = {"community": "PG Noord", "cycle": "2023-2024", "type": "casus", "authors": "Tom Wouters"}


def upload(client, name: str, text: str, url: str = "/upload"):
    return client.post(url, data=FIELDS, files=[("files", (name, text.encode(), "text/plain"))])


@pytest.mark.deduce
def test_the_report_counts_replaced_names_per_file(client):
    page = upload(client, "casus.txt", CASE)
    assert "2 cliëntnamen vervangen door initialen." in page.text
    assert "0 cliëntnamen vervangen" in upload(client, "verslag.txt", NOTE).text
    [row] = upload(client, "casus.txt", CASE, "/api/upload").json()["files"]
    assert row["replacements"] == 2 and row["privacy"].startswith("2 cliëntnamen")


@pytest.mark.deduce
def test_an_original_that_names_clients_is_not_kept(client, runtime):
    upload(client, "casus.txt", CASE)
    upload(client, "verslag.txt", NOTE)
    kept = [p.read_text("utf-8") for p in runtime.settings.files_dir.rglob("*") if p.is_file()]
    assert kept == [NOTE]
    assert client.get("/bron/PG Noord/casus.txt").status_code == 404
    assert client.get("/bron/PG Noord/verslag.txt").text == NOTE
    assert "mevrouw P." in client.get("/api/documents/PG Noord/casus.txt").json()["text"]


@pytest.mark.deduce
def test_the_report_shows_which_names_were_replaced_and_which_were_kept(client):
    """The uploader sees once what became initials and what stayed (a member, a place)."""
    text = "Overdracht. mevr verhaegen belde; collega Tom Wouters bracht haar naar Herentals.\n"
    page = upload(client, "overdracht.txt", text)
    assert "Vervangen: mevr verhaegen → mevr V." in page.text
    [row] = upload(client, "overdracht.txt", text, "/api/upload").json()["files"]
    assert row["replaced_names"] == ["mevr verhaegen → mevr V."]
    assert row["kept_names"] == ["Tom Wouters (lid)"]


@pytest.mark.deduce
def test_the_report_and_the_document_say_how_a_name_that_should_stay_is_kept(client):
    """A moderator sees a volunteer's name replaced: the report (only when names were
    replaced) and the document page point to the group's name lists and say to upload
    again; a file without replaced names gets no such advice."""
    assert "naam-bleef-niet" not in upload(client, "verslag.txt", NOTE).text
    page = upload(client, "casus.txt", CASE)
    assert 'id="naam-bleef-niet"' in page.text and "upload het bestand daarna opnieuw" in page.text
    assert "Upload het dan opnieuw met de soort <em>Programma</em>" in " ".join(page.text.split())  # forgotten type
    document = " ".join(client.get("/documenten/PG Noord/casus.txt").text.split())
    assert "<em>Namen die blijven</em> in de" in document and "namenlijsten van PG Noord</a>" in document
    assert 'href="/groep/namen?groep=PG%20Noord"' in document and "upload het bestand daarna opnieuw" in document


@pytest.mark.deduce
def test_a_programme_uploaded_as_such_keeps_its_speakers(client):
    assert ">Programma</option>" in client.get("/upload").text
    text = "Sessie 1: Wannes Peirsman (UCLL) over buurtzorg in Herentals; mevrouw Dierckx getuigt.\n"
    client.post("/upload", data={**FIELDS, "type": "programma"},
                files=[("files", ("wijkdag.txt", text.encode(), "text/plain"))])
    stored = client.get("/api/documents/PG Noord/wijkdag.txt").json()["text"]
    assert stored.startswith("Sessie 1: Wannes Peirsman (UCLL) over buurtzorg in Herentals; mevrouw D.")


def test_an_upload_writes_no_replaced_name_to_the_log(client, caplog):
    """The report shows the uploader once what was replaced (an explicit preview, in the
    answer only); the log, kept for weeks, names none of it."""
    with caplog.at_level("DEBUG"):
        [row] = upload(client, "casus.txt", CASE, "/api/upload").json()["files"]
    assert row["status"] == "ingested" and any("Peeters" in shown for shown in row["replaced_names"])
    assert "peeters" not in caplog.text.lower() and "dirk" not in caplog.text.lower()


def test_a_refused_uploads_file_name_stays_out_of_the_log(client, caplog):
    """A refused file is never pseudonymised, so the log named its path as the moderator's
    computer had it ('casus-yilmaz.md'); the report tells the moderator which file it was."""
    bad = "---\ndate: nooit\n---\nMevrouw Y. wil niet eten.\n"
    with caplog.at_level("INFO"):
        [row] = upload(client, "casus-yilmaz.md", bad, "/api/upload").json()["files"]
    assert row["status"] == "failed" and row["filename"] == "casus-yilmaz.md"
    assert "not ingested: een .md-bestand" in caplog.text and "yilmaz" not in caplog.text.lower()


def test_a_listed_client_in_a_file_name_or_theme_is_stored_nowhere(client, runtime):
    """A moderator's upload 'casus-peeters.md' whose theme names a listed client, over a
    text that only says 'mevrouw P.': the id, the theme and the kept original had the name."""
    runtime.store.clients.add_client_names("PG Noord", ["Peeters"])
    text = '---\ntitle: Casus\nthemes: ["zorgen om Peeters"]\n---\nIk bezocht mevrouw P. op woensdag.\n'
    [row] = upload(client, "casus-peeters.md", text, "/api/upload").json()["files"]
    case = f"PG Noord/casus-P.-{runtime.store.clients.id_tag('PG Noord/casus-peeters.md')}.md"   # hidden, and tagged
    assert row["status"] == "ingested" and row["doc_id"] == case
    assert client.get(f"/api/documents/{case}").json()["themes"] == ["zorgen om P."]
    assert client.get(f"/bron/{case}").status_code == 404   # the file still names the client
    plain = "---\ntitle: Verslag\n---\nDe groep sprak over de wandeling.\n"   # names no client: kept
    [row] = upload(client, "verslag-peeters.md", plain, "/api/upload").json()["files"]
    report = f"PG Noord/verslag-P.-{runtime.store.clients.id_tag('PG Noord/verslag-peeters.md')}.md"
    assert row["status"] == "ingested" and row["doc_id"] == report
    assert client.get(f"/bron/{report}").text == plain
    files = [p for p in runtime.settings.files_dir.rglob("*") if p.is_file()]
    assert not any("peeters" in str(p).lower() or b"Peeters" in p.read_bytes() for p in files)
