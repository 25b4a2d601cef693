"""A moderator corrects a document's metadata on its page (issue 18), through the
real app in local mode: a new version, a history on the page, filters, people and
"wie nog?" that follow at once, Dutch messages at the field for bad values."""
from __future__ import annotations

from urllib.parse import quote

from dutch_docs import DEMENTIA, WIDOWER

FORM = {"title": "Casus: een weduwnaar die de deur niet meer uit komt", "type": "casus",
        "authors": "Griet Declercq (LDC De Kring), inbreng", "cycle": "2022-2023", "session": "2",
        "date": "2022-11-08", "themes": "eenzaamheid en isolement"}


def post(client, doc_id, **changes):
    return client.post(f"/gegevens/{quote(doc_id)}", data={**FORM, **changes}, follow_redirects=False)


def test_the_document_page_has_the_form_with_the_current_values(client):
    page = client.get(f"/documenten/{WIDOWER}").text
    assert "Gegevens verbeteren" in page and f'action="/gegevens/{WIDOWER}"' in page
    assert 'value="2022-2023"' in page and "Griet Declercq (LDC De Kring), inbreng</textarea>" in page
    assert "Geschiedenis van de gegevens" not in page   # nothing corrected yet


def test_a_correction_of_cycle_and_authors_shows_in_the_history_filters_and_people(client, runtime):
    authors = "Griet Declercq (LDC De Kring), inbreng\nSien Maes (OCMW Gent), reflectie"
    response = post(client, WIDOWER, cycle="2023-2024", authors=authors)
    assert response.status_code == 303 and response.headers["location"] == f"/documenten/{WIDOWER}#geschiedenis"
    page = " ".join(client.get(f"/documenten/{WIDOWER}").text.split())
    assert "Geschiedenis van de gegevens" in page and "lokaal: mensen en rollen gewijzigd;" in page
    assert "cyclus 2022-2023 → 2023-2024" in page and "Sien Maes" in page
    listed = client.get("/api/documents", params={"cycle": "2023-2024"}).json()["documents"]
    assert WIDOWER in {d["doc_id"] for d in listed}
    assert WIDOWER not in {d["doc_id"] for d in client.get("/api/documents", params={"cycle": "2022-2023"}).json()["documents"]}
    by_author = client.get("/api/documents", params={"author": "Sien Maes"}).json()["documents"]
    assert [d["doc_id"] for d in by_author] == [WIDOWER]
    who = client.get("/api/who", params={"q": "weduwnaar kaartnamiddag buurtrestaurant"}).json()
    assert "Sien Maes" in {p["name"] for p in who["people"]}
    [edit] = runtime.store.history.of(WIDOWER)
    assert edit.actor == "lokaal"
    assert any(action.startswith("gegevens gewijzigd") and target == WIDOWER
               for _, _, action, target in runtime.store.accounts.audit_log())


def test_json_twin_and_no_embedding_when_the_title_stays(client, runtime, monkeypatch):
    def refuse(texts, *args, **kwargs):
        raise AssertionError("embedded again although the embedded text did not change")

    monkeypatch.setattr(runtime.embedder, "embed_passages", refuse)
    response = client.post(f"/api/documents/{WIDOWER}/metadata", data={**FORM, "session": "5", "type": "reflectie"})
    assert response.status_code == 200, response.text
    assert response.json() == {"doc_id": WIDOWER, "version": 1, "embedded": False, "changed": ["type", "session"]}
    assert client.get(f"/api/documents/{WIDOWER}").json()["session"] == 5


def test_a_new_title_is_embedded_and_searchable_at_once(client):
    response = client.post(f"/api/documents/{DEMENTIA}/metadata", data={
        "title": "Sessie 4: de dementievriendelijke winkelstraat", "type": "sessieverslag",
        "authors": "Griet Declercq (LDC De Kring)\nTom Wouters (WZC Ter Beke)", "cycle": "2023-2024",
        "session": "4", "date": "2024-01-16", "themes": ""})
    assert response.json()["embedded"] is True and response.json()["changed"] == ["title"]
    hits = client.get("/api/search", params={"q": "winkelstraat", "mode": "lexical"}).json()["results"]
    assert {h["doc_id"] for h in hits} == {DEMENTIA}


def test_bad_values_get_a_message_at_their_field_and_change_nothing(client, runtime):
    before = runtime.store.catalogue.get_document(WIDOWER).pk
    response = post(client, WIDOWER, cycle="2023-2025x", session="-1", date="2023-13-45", title="",
                    authors="Griet (LDC (De Kring)")
    assert response.status_code == 422
    page = response.text
    for message in ("Schrijf de cyclus als een werkjaar", "Het sessienummer is een getal van 0 tot 999",
                    "Schrijf de datum als 2023-11-14", "Een document heeft een titel nodig",
                    "Schrijf één persoon per regel"):
        assert message in page, message
    assert 'value="2023-2025x"' in page   # what was typed is kept
    response = client.post(f"/api/documents/{WIDOWER}/metadata", data={**FORM, "themes": ",".join(["t"] * 5 + ["x" * 81])})
    assert response.status_code == 422 and set(response.json()["errors"]) == {"themes"}
    assert runtime.store.catalogue.get_document(WIDOWER).pk == before and runtime.store.history.of(WIDOWER) == []


def test_a_corrected_author_with_a_form_of_address_is_refused_at_the_field(client, runtime):
    """Privacy attack 37 on the correction form: 'mevrouw Griet Declercq' was accepted and
    the author then dropped from the new version without a word; now a message at the field."""
    before = runtime.store.catalogue.get_document(WIDOWER).pk
    response = post(client, WIDOWER, authors="mevrouw Griet Declercq (LDC De Kring), inbreng")
    assert response.status_code == 422 and "aanspreekvorm" in response.text
    assert "mevrouw Griet Declercq (LDC De Kring), inbreng" in response.text   # what was typed is kept
    assert runtime.store.catalogue.get_document(WIDOWER).pk == before


def test_an_unknown_document_is_not_found(client):
    assert post(client, "bestaat-niet.md").status_code == 404
    assert client.post("/api/documents/bestaat-niet.md/metadata", data=FORM).status_code == 404


def test_a_type_made_public_after_ingest_says_the_names_stay_replaced(client):
    """A casus re-typed as a programme keeps its pseudonymised text: the page must not
    claim its speakers kept their names, and the form says so before (round 30)."""
    page = " ".join(client.get(f"/documenten/{WIDOWER}").text.split())
    assert "Een andere soort verandert de tekst niet" in page and "Openbaar document" not in page
    assert post(client, WIDOWER, type="programma").status_code == 303
    page = " ".join(client.get(f"/documenten/{WIDOWER}").text.split())
    assert "Programma, maar pas na het uploaden zo genoemd" in page and "Openbaar document" not in page
    assert post(client, WIDOWER, type="casus").status_code == 303
    assert "pas na het uploaden" not in client.get(f"/documenten/{WIDOWER}").text
