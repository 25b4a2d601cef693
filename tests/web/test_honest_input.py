"""Honest input handling (issue 18): a query over the limit is refused with the limit
named, never cut; an invalid or swapped date filter is shown at that filter, on the
page and in the JSON twin, instead of silently filtering (or not)."""
import html

import pytest

from dutch_docs import WIDOWER
from web.views.search_page import MAX_QUERY


def test_a_query_over_the_limit_is_refused_with_the_limit_and_kept_for_editing(client):
    situation = "Een bewoner die zich eenzaam voelt sinds zijn vrouw overleed. " * 80  # ~5,000 characters
    assert len(situation) > MAX_QUERY
    page = client.get("/", params={"q": situation})
    assert page.status_code == 422
    text = html.unescape(page.text)
    assert f"Uw vraag is {len(situation):,} tekens lang; het maximum is 4.000".replace(",", ".") in text
    assert situation.strip() in text  # the whole text is still in the box, not cut to 4,000
    assert 'maxlength="4000"' not in page.text  # the browser does not cut it silently either
    assert 'aria-invalid="true"' in page.text and "gevonden" not in page.text


def test_a_query_at_the_limit_is_searched(client):
    query = ("weduwnaar " * 400)[:MAX_QUERY]
    page = client.get("/", params={"q": query})
    assert page.status_code == 200 and WIDOWER in page.text


@pytest.mark.parametrize("url", ["/api/search", "/api/who"])
def test_the_json_twins_name_the_query_limit(client, url):
    answer = client.get(url, params={"q": "x" * (MAX_QUERY + 1)})
    assert answer.status_code == 422 and answer.json()["detail"] == "Uw zoekvraag is te lang (hoogstens 4.000 tekens)."


@pytest.mark.parametrize("url, said", [
    (f"/mensen/p1?q={'x' * (MAX_QUERY + 1)}", "Uw zoekvraag is te lang (hoogstens 4.000 tekens)."),
    (f"/inloggen?naam={'x' * 201}", "De naam is te lang (hoogstens 200 tekens)."),
])
def test_a_refused_parameter_is_named_in_words_a_member_knows(client, url, said):
    """QA (7 December): a crafted over-long query on /mensen/<id> answered "'q' is te lang",
    naming the URL's parameter. Every page says what was typed in the forms' words."""
    page = client.get(url)
    assert page.status_code == 422 and said in page.text and "'q'" not in page.text and "'naam'" not in page.text


@pytest.mark.parametrize("value", ["2023-13-45", "gisteren", "2023-02-30", "14/14/2023"])
def test_an_invalid_date_is_an_error_at_that_filter(client, value):
    page = client.get("/", params={"q": "weduwnaar", "van": value})
    assert page.status_code == 422
    error = f"'{value}' bij 'Vanaf' is geen geldige datum"
    assert error in html.unescape(page.text)
    assert 'id="err-van"' in page.text and 'aria-describedby="err-van"' in page.text
    assert f'href="/documenten/{WIDOWER}' not in page.text  # not searched as if the filter were absent
    answer = client.get("/api/search", params={"q": "weduwnaar", "van": value})
    assert answer.status_code == 422
    assert answer.json()["filter"] == "van" and error in answer.json()["detail"]


def test_a_swapped_period_is_explained(client):
    page = client.get("/", params={"q": "weduwnaar", "van": "2024-01-01", "tot": "2022-01-01"})
    assert page.status_code == 422
    assert "De periode is omgedraaid" in html.unescape(page.text) and 'id="err-tot"' in page.text
    answer = client.get("/api/search", params={"q": "weduwnaar", "van": "2024-01-01", "tot": "2022-01-01"})
    assert answer.status_code == 422 and answer.json()["filter"] == "tot"


def test_a_date_typed_the_dutch_way_is_understood(client):
    answer = client.get("/api/search", params={"q": "weduwnaar", "van": "01-11-2022", "tot": "30-11-2022"})
    assert answer.status_code == 200
    found = answer.json()["results"] + answer.json()["weaker"]
    assert {hit["doc_id"] for hit in found} == {WIDOWER}  # the only document of November 2022
    later = client.get("/api/search", params={"q": "weduwnaar", "van": "01-12-2022"}).json()
    assert WIDOWER not in {hit["doc_id"] for hit in later["results"] + later["weaker"]}


@pytest.mark.parametrize("url", ["/api/documents", "/api/themes"])
def test_other_pages_with_filters_refuse_an_invalid_date_too(client, url):
    answer = client.get(url, params={"van": "gisteren"})
    assert answer.status_code == 422 and answer.json()["filter"] == "van"
