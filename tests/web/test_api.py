"""The JSON twins under /api/: same functions as the pages, plain data out."""
from dutch_docs import DEBTS, WIDOWER


def test_api_search_matches_cli_fields(client):
    data = client.get("/api/search", params={"q": "betalingsregeling woningcorporatie", "k": 2}).json()
    first = data["results"][0]
    assert first["doc_id"] == DEBTS
    for field in ("chunk_id", "score", "title", "authors", "community", "cycle", "session", "passages"):
        assert field in first
    assert len(data["results"]) <= 2
    assert data["total"] >= 1 and data["people"][0]["name"] == "Fatima El Amrani"


def test_api_search_applies_filters(client):
    data = client.get("/api/search", params={"q": "casus", "community": "PG Noord"}).json()
    assert {r["community"] for r in data["results"]} == {"PG Noord"}


def test_api_who(client):
    data = client.get("/api/who", params={"q": "weduwnaar kaartnamiddag", "k": 3}).json()
    first = data["people"][0]
    assert (first["name"], first["organisation"]) == ("Griet Declercq", "LDC De Kring")
    assert WIDOWER in first["documents"]
    assert client.get("/api/who").status_code == 422


def test_api_document_and_related(client):
    doc = client.get(f"/api/documents/{WIDOWER}").json()
    assert doc["title"].startswith("Casus") and doc["chunks"][0]["start"] == 0
    assert [(a["name"], a["organisation"], a["role"]) for a in doc["authors"]] == [("Griet Declercq", "LDC De Kring", "inbreng")]
    related = client.get(f"/api/documents/{WIDOWER}/related").json()["related"]
    assert WIDOWER not in {r["doc_id"] for r in related}
    others = client.get(f"/api/documents/{WIDOWER}/related", params={"other_communities": True}).json()
    assert {r["community"] for r in others["related"]} == {"Wijkteam Zuid"}


def test_api_documents_lists_without_text(client):
    data = client.get("/api/documents", params={"type": "casus"}).json()
    assert data["total"] == 2 and {d["doc_id"] for d in data["documents"]} == {WIDOWER, DEBTS}
    assert "text" not in data["documents"][0]
    assert len(client.get("/api/documents", params={"limit": 1}).json()["documents"]) == 1


def test_api_browse(client):
    communities = client.get("/api/browse").json()["communities"]
    assert [c["community"] for c in communities] == ["PG Noord", "Wijkteam Zuid"]
    noord = communities[0]["cycles"]
    assert [c["cycle"] for c in noord] == ["2022-2023", "2023-2024"]
    assert noord[0]["documents"] == 1 and noord[0]["url"] == "/bladeren/PG%20Noord/2022-2023"
    cycle = client.get("/api/browse/PG Noord/2023-2024").json()
    assert cycle["sessions"][0]["session"] == 4
    assert cycle["sessions"][0]["documents"][0]["doc_id"] == "pg-noord/2023-2024/verslag-dementie.md"
    assert client.get("/api/browse/PG Noord/1990-1991").status_code == 404


def test_api_errors_are_json(client):
    response = client.get("/api/documents/bestaat-niet.md")
    assert response.status_code == 404 and response.json()["detail"]
