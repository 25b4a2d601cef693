"""Exports for researchers (issue 18): search results as .xlsx and CSV with Dutch
column names, CSV with a BOM and a choice of `,` or `;`, within the caller's access,
and never a formula in a cell."""
import csv
import io

import openpyxl
import pytest
from fastapi.testclient import TestClient

import ingest
from dutch_docs import DEBTS, WIDOWER, write_docs
from web.app import create_app
from web.runtime import Runtime

COLUMNS = ["Zoekvraag", "Rang", "Score", "Titel", "Soort", "Groep", "Cyclus", "Sessie", "Datum", "Auteurs",
           "Passage", "Kop", "Tekst", "Document-id"]


def _sheet(data: bytes):
    return openpyxl.load_workbook(io.BytesIO(data)).worksheets[0]


def test_search_results_as_xlsx_with_dutch_columns_and_typed_cells(client):
    answer = client.get("/zoekresultaten.xlsx", params={"q": "weduwnaar kaartnamiddag"})
    assert answer.status_code == 200
    assert answer.headers["content-type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    assert answer.headers["content-disposition"] == 'attachment; filename="zoekresultaten.xlsx"'
    sheet = _sheet(answer.content)
    rows = [[cell.value for cell in row] for row in sheet.iter_rows()]
    assert rows[0] == COLUMNS and sheet.freeze_panes == "A2"
    first = dict(zip(COLUMNS, rows[1]))
    assert first["Document-id"] == WIDOWER and first["Rang"] == 1 and first["Groep"] == "PG Noord"
    assert first["Datum"].date().isoformat() == "2022-11-08"  # a real date, not text
    assert "Griet Declercq" in first["Auteurs"] and first["Tekst"]


def test_search_results_as_csv_with_bom_and_semicolons(client):
    answer = client.get("/zoekresultaten.csv", params={"q": "weduwnaar", "sep": ";"})
    assert answer.status_code == 200 and answer.content.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(answer.content.decode("utf-8-sig")), delimiter=";"))
    assert rows[0] == COLUMNS and any(row[-1] == WIDOWER for row in rows[1:])
    comma = client.get("/api/search/export", params={"q": "weduwnaar", "format": "csv"})
    assert comma.content.decode("utf-8-sig").splitlines()[0] == ",".join(COLUMNS)


def test_the_results_page_links_to_the_downloads(client):
    page = client.get("/", params={"q": "weduwnaar", "community": "PG Noord"})
    assert "/zoekresultaten.xlsx?q=weduwnaar&amp;community=PG+Noord" in page.text
    assert "/zoekresultaten.csv?q=weduwnaar&amp;community=PG+Noord&amp;sep=%3B" in page.text


def test_filters_apply_and_bad_requests_are_refused(client):
    only_south = client.get("/api/search/export", params={"q": "dementie", "community": "Wijkteam Zuid", "format": "csv"})
    ids = {row[-1] for row in csv.reader(io.StringIO(only_south.content.decode("utf-8-sig")))}
    assert WIDOWER not in ids
    assert client.get("/zoekresultaten.csv", params={"q": "weduwnaar", "sep": "|"}).status_code == 422
    assert client.get("/zoekresultaten.pdf", params={"q": "weduwnaar"}).status_code == 404
    assert client.get("/api/search/export", params={"q": "x", "van": "gisteren"}).json()["filter"] == "van"
    long = client.get("/api/search/export", params={"q": "x" * 4001})
    assert long.status_code == 422 and "4.000" in long.json()["detail"]


@pytest.fixture
def member_of_north(store, fake_embedder, tmp_path):
    store.accounts.add_community("PG Noord", "closed")
    store.accounts.add_community("Wijkteam Zuid", "closed")
    ingest.ingest_paths(store, fake_embedder, [write_docs(tmp_path / "docs")])
    store.accounts.add_user("lid-noord", "een lang wachtwoord")
    store.accounts.grant("lid-noord", "PG Noord", "lid")
    store.accounts.add_user("lid-zuid", "een lang wachtwoord")
    store.accounts.grant("lid-zuid", "Wijkteam Zuid", "lid")
    with TestClient(create_app(Runtime(store.settings, store=store, embedder=fake_embedder), warm_up=False)) as client:
        def export(user: str, params: dict) -> str:
            token = store.accounts.create_token(user)
            data = client.get("/zoekresultaten.xlsx", params=params, headers={"Authorization": f"Bearer {token}"})
            return "\n".join(str(cell.value) for row in _sheet(data.content).iter_rows() for cell in row)
        yield export


def test_an_export_holds_only_what_the_caller_may_read(member_of_north):
    """The closed group's debts case matches the query, but not for this member,
    also when the member asks for that group explicitly."""
    query = {"q": "huurachterstand schulden brieven"}
    assert DEBTS in member_of_north("lid-zuid", query)  # the group's own member finds it
    for params in (query, {**query, "community": "Wijkteam Zuid"}):
        text = member_of_north("lid-noord", params)
        assert DEBTS not in text and "Fatima El Amrani" not in text and "Wijkteam Zuid" not in text


def test_a_hostile_title_is_text_in_the_workbook(store, fake_embedder, tmp_path):
    (tmp_path / "vijandig.md").write_text('---\ntitle: "=HYPERLINK(\\"http://aanvaller.example\\")"\n---\n'
                                          "De weduwnaar ging naar de kaartnamiddag.\n", encoding="utf-8")
    ingest.ingest_paths(store, fake_embedder, [tmp_path / "vijandig.md"])
    with TestClient(create_app(Runtime(store.settings, store=store, embedder=fake_embedder), warm_up=False)) as client:
        data = client.get("/zoekresultaten.xlsx", params={"q": "weduwnaar kaartnamiddag"}).content
        csv_text = client.get("/zoekresultaten.csv", params={"q": "weduwnaar kaartnamiddag"}).content.decode("utf-8-sig")
    import zipfile

    sheet_xml = zipfile.ZipFile(io.BytesIO(data)).read("xl/worksheets/sheet1.xml").decode()
    assert "<f>" not in sheet_xml and "=HYPERLINK" in sheet_xml  # kept, as a string
    cells = [cell for row in csv.reader(io.StringIO(csv_text)) for cell in row]
    assert "'=HYPERLINK(\"http://aanvaller.example\")" in cells and not any(c.startswith("=") for c in cells)
