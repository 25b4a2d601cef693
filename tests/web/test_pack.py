"""The session pack: collect sources while searching, print them, download Markdown."""
from dutch_docs import DEBTS, WIDOWER
from web import packs


def add(client, doc_id, passage=None, back="/?q=weduwnaar"):
    data = {"doc_id": doc_id, "terug": back, **({"passage": passage} if passage is not None else {})}
    return client.post("/pakket/toevoegen", data=data, follow_redirects=False)


def test_adding_redirects_back_and_sets_a_safe_cookie(client, runtime):
    response = add(client, WIDOWER, 1, "/?q=weduwnaar#r1")
    assert response.status_code == 303 and response.headers["location"] == "/?q=weduwnaar#r1"
    cookie = response.headers["set-cookie"]
    assert cookie.startswith(f"{packs.COOKIE}=") and "HttpOnly" in cookie and "SameSite=lax" in cookie
    sid = client.cookies[packs.COOKIE]
    assert (runtime.settings.data_dir / "packs" / f"{sid}.json").is_file()


def test_results_show_what_is_in_the_pack(client):
    add(client, WIDOWER, 0)
    page = client.get("/", params={"q": "weduwnaar kaartnamiddag"}).text
    assert "In pakket" in page and 'action="/pakket/verwijderen"' in page
    assert "Pakket <span class=\"count\">(1" in page


def test_pack_page_and_markdown_have_both_sources(client):
    add(client, WIDOWER, 1)
    add(client, DEBTS, 0)
    page = client.get("/pakket").text
    assert "Casus: een weduwnaar" in page and "Casus: een gezin met betalingsachterstanden" in page
    assert "buurtrestaurant" in page  # the passage text
    markdown = client.get("/pakket.md")
    assert markdown.headers["content-type"].startswith("text/markdown")
    assert "attachment" in markdown.headers["content-disposition"]
    text = markdown.text
    assert "## 1. Casus: een weduwnaar die de deur niet meer uit komt" in text
    assert "## 2. Casus: een gezin met betalingsachterstanden" in text
    assert "Griet Declercq (LDC De Kring)" in text and "Organisatie: Wijkteam Zuid" in text
    assert "PG Noord · cyclus 2022-2023 · sessie 2 · 8 november 2022" in text
    assert f"http://testserver/documenten/{WIDOWER}?passage=1#p1" in text
    assert "> van het buurtrestaurant ging samen met hem eten." in text


def test_api_pack(client):
    add(client, WIDOWER, 1)
    sources = client.get("/api/pack").json()["sources"]
    assert sources[0]["doc_id"] == WIDOWER and sources[0]["passage"] == 1
    assert sources[0]["community"] == "PG Noord" and "buurtrestaurant" in sources[0]["text"]


def test_adding_twice_keeps_one_and_documents_without_passage(client):
    add(client, WIDOWER, 1)
    add(client, WIDOWER, 1)
    add(client, DEBTS)
    sources = client.get("/api/pack").json()["sources"]
    assert [(s["doc_id"], s["passage"]) for s in sources] == [(WIDOWER, 1), (DEBTS, None)]


def test_remove_and_clear(client):
    add(client, WIDOWER, 1)
    add(client, DEBTS, 0)
    client.post("/pakket/verwijderen", data={"doc_id": WIDOWER, "passage": 1, "terug": "/pakket"})
    assert [s["doc_id"] for s in client.get("/api/pack").json()["sources"]] == [DEBTS]
    response = client.post("/pakket/legen", follow_redirects=False)
    assert response.status_code == 303 and response.headers["location"] == "/pakket"
    assert client.get("/api/pack").json()["sources"] == []
    assert "Uw pakket is leeg" in client.get("/pakket").text


def test_no_open_redirect_and_no_unknown_documents(client):
    assert add(client, WIDOWER, 1, "https://elders.example/").headers["location"] == "/pakket"
    assert add(client, WIDOWER, 1, "//elders.example/").headers["location"] == "/pakket"
    assert add(client, "bestaat-niet.md").status_code == 404


def test_forged_cookie_is_ignored(client, runtime):
    from fastapi.testclient import TestClient

    from web.auth import CSRF_COOKIE

    token = client.headers["x-csrf-token"]
    forged = TestClient(client.app, cookies={packs.COOKIE: "../../praktijkgeheugen", CSRF_COOKIE: token},
                        headers={"x-csrf-token": token})
    assert forged.get("/api/pack").json()["sources"] == []
    response = forged.post("/pakket/toevoegen", data={"doc_id": WIDOWER}, follow_redirects=False)
    sid = response.cookies[packs.COOKIE]
    assert sid != "../../praktijkgeheugen" and len(sid) == 32
    assert not (runtime.settings.data_dir.parent / "praktijkgeheugen.json").exists()


def test_pack_skips_documents_that_are_gone(client, runtime):
    import ingest

    add(client, WIDOWER, 1)
    ingest.delete_document(runtime.store, WIDOWER)
    assert client.get("/api/pack").json()["sources"] == []
