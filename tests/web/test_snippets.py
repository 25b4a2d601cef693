"""A passage holding markup-like text, found by a query: the web page escapes it
and marks the match, the JSON API and the CLI give the text as written with the
match's spans (search returns text and spans, never HTML)."""
import json

import pytest
from fastapi.testclient import TestClient

import ingest
from cli.query import BOLD, RESET, shown
from dutch_docs import write_docs
from web.app import create_app
from web.runtime import Runtime

BODY = "Een <script>alert(1)</script> over mantelzorg, met &lt; en a < b > c erbij."
DOC = {"x.md": f"---\ntitle: Tekens\nauthors: [Ann Peeters]\n---\n{BODY}\n"}
WORD = "mantelzorg"


def spans_of(text: str) -> list[list[int]]:
    return [[text.index(WORD), text.index(WORD) + len(WORD)]]


@pytest.fixture
def client(store, fake_embedder, tmp_path):
    ingest.ingest_paths(store, fake_embedder, [write_docs(tmp_path / "docs", DOC)])
    with TestClient(create_app(Runtime(store.settings, store=store, embedder=fake_embedder), warm_up=False)) as client:
        yield client


def escaped_with_mark(html: str) -> None:
    assert "<script>alert" not in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "met &amp;lt; en a &lt; b &gt; c erbij" in html
    assert f"<mark>{WORD}</mark>" in html


def test_the_page_escapes_the_text_and_marks_the_match(client):
    page = client.get("/", params={"q": WORD})
    escaped_with_mark(page.text)
    assert page.text.count("<mark>") == page.text.count("</mark>")
    escaped_with_mark(client.get("/documenten/x.md", params={"q": WORD, "passage": 0}).text)


def test_the_api_returns_the_text_as_written_and_the_spans(client):
    answer = client.get("/api/search", params={"q": WORD}).json()
    snippet = answer["results"][0]["passages"][0]["snippet"]
    assert snippet == {"text": BODY, "spans": spans_of(BODY)}
    reason = answer["people"][0]["reasons"][0]
    assert reason["text"] == BODY and reason["snippet"] in ({"text": "", "spans": []}, snippet)


def test_the_cli_prints_the_text_as_written(cli, tmp_path):
    cli("ingest", str(write_docs(tmp_path / "docs", DOC)))
    code, out, _ = cli("search", WORD, "-k", "1")
    assert code == 0 and f"   {BODY}\n" in out and "\033" not in out
    code, out, _ = cli("search", WORD, "-k", "1", "--json")
    assert json.loads(out)["results"][0]["passages"][0]["snippet"] == {"text": BODY, "spans": spans_of(BODY)}


def test_on_a_terminal_the_cli_shows_matches_in_bold():
    snippet = {"text": BODY, "spans": spans_of(BODY)}
    assert shown(snippet, tty=True) == BODY.replace(WORD, f"{BOLD}{WORD}{RESET}")
    assert shown(snippet, tty=False) == BODY


def test_the_api_docs_page_explains_the_spans(client):
    page = client.get("/docs").text
    assert "Tekstfragmenten en treffers" in page and "[[18, 24], [36, 41]]" in page
    example = "… Meneer D. woont alleen sinds zijn vrouw overleed …"
    assert [example[18:24], example[36:41]] == ["alleen", "vrouw"]
