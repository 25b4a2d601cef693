"""Every page and API route through the real app (FastAPI test client)."""
import pytest

WIDOWER = "pg-noord/2022-2023/casus-weduwnaar.md"


@pytest.fixture
def client(filled_client):
    return filled_client


def test_home_page_is_dutch_with_a_search_form(client):
    page = client.get("/")
    assert page.status_code == 200
    assert '<html lang="nl">' in page.text and 'name="q"' in page.text
    assert "PG Noord" in page.text  # community filter options


def test_search_page_shows_results_with_sources(client):
    page = client.get("/", params={"q": "weduwnaar kaartnamiddag"})
    assert page.status_code == 200
    assert "Griet Declercq" in page.text and "LDC De Kring" in page.text
    assert f'href="/documenten/{WIDOWER}?' in page.text
    assert "Wie heeft hiermee gewerkt?" in page.text
    assert "<mark>" in page.text


def test_search_page_filters_and_no_results(client):
    page = client.get("/", params={"q": "weduwnaar", "community": "Wijkteam Zuid", "cycle": "2022-2023"})
    assert "Geen resultaten" in page.text and "laat een filter weg" in page.text


def test_document_page_highlights_the_passage(client):
    page = client.get(f"/documenten/{WIDOWER}", params={"passage": 0, "q": "kaarten"})
    assert page.status_code == 200
    assert 'id="p0"' in page.text and "<mark>" in page.text
    assert "Verwante casussen" in page.text


def test_api_search_matches_cli_fields(client):
    data = client.get("/api/search", params={"q": "betalingsregeling woningcorporatie", "k": 2}).json()
    first = data["results"][0]
    assert first["doc_id"] == "wt-zuid/2023-2024/casus-schulden.md"
    for field in ("chunk_id", "score", "title", "authors", "community", "cycle", "session", "passages"):
        assert field in first
    assert len(data["results"]) <= 2


def test_api_document_and_related(client):
    doc = client.get(f"/api/documents/{WIDOWER}").json()
    assert doc["title"].startswith("Casus") and doc["chunks"][0]["start"] == 0
    related = client.get(f"/api/documents/{WIDOWER}/related").json()["related"]
    assert WIDOWER not in {r["doc_id"] for r in related}


def test_not_found_is_a_friendly_dutch_page_and_json_for_api(client):
    page = client.get("/documenten/bestaat-niet.md")
    assert page.status_code == 404 and "Niet gevonden" in page.text and "Traceback" not in page.text
    assert client.get("/api/documents/bestaat-niet.md").status_code == 404
    assert client.get("/api/documents/bestaat-niet.md/related").status_code == 404


def test_invalid_input_gets_422(client):
    assert client.get("/api/search", params={"q": "x", "mode": "fuzzy"}).status_code == 422
    assert client.get("/", params={"q": "x", "page": 0}).status_code == 422


def test_static_stylesheet(client):
    response = client.get("/static/style.css")
    assert response.status_code == 200 and "mark" in response.text
