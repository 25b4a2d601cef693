"""The user guide's commands, addresses and pictures are checked, not just written
(docs/handleiding.md, issue #17): every `praktijkgeheugen` command in it parses with
this version's CLI, every address it names answers a moderator with a page, its
`curl` command finds the documents with a real API token (and nothing without one),
and every picture it shows exists (and none lies unused). Its steps in the browser
are tests/web/test_browser_handleiding.py, which also takes the pictures."""
from __future__ import annotations

import json
import re
import shlex
from pathlib import Path

import pytest

from access_world import app_for, log_in
from doc_commands import assert_all_parse, blocks, broken_links

DOCS = Path(__file__).resolve().parents[1] / "docs"
GUIDE = DOCS / "handleiding.md"
PICTURES = DOCS / "img" / "handleiding"
TOKEN_PLACEHOLDER = "pg_..."
MODERATOR, PASSWORD = "Griet Declercq", "wachtwoord van Griet"


def _text() -> str:
    return GUIDE.read_text(encoding="utf-8")


def _commands() -> list[list[str]]:
    """Every `praktijkgeheugen ...` line of the guide's shell blocks, and every inline one."""
    lines = [line for _, block in blocks(GUIDE, "sh") for line in block.splitlines()]
    lines += re.findall(r"`(praktijkgeheugen [^`]+)`", _text())
    return [shlex.split(line)[1:] for line in lines if line.strip().startswith("praktijkgeheugen ")]


def test_every_command_in_the_guide_parses():
    commands = _commands()
    assert {words[0] for words in commands} >= {"ingest", "pseudonymise", "clients", "search"}
    assert_all_parse(commands)


@pytest.fixture
def app(store, fake_embedder, tmp_path):
    """The app with accounts over the test documents: a moderator of PG Noord."""
    import ingest
    from dutch_docs import write_docs

    store.accounts.add_community("PG Noord", "closed")
    store.accounts.add_community("Wijkteam Zuid", "shared")
    store.accounts.add_user(MODERATOR, PASSWORD)
    store.accounts.grant(MODERATOR, "PG Noord", "moderator")
    assert not ingest.ingest_paths(store, fake_embedder, [write_docs(tmp_path / "docs")]).failed
    return app_for(store, fake_embedder)


def _addresses() -> list[str]:
    return sorted(set(re.findall(r"`(/[^`\s]*)`", _text())))


def test_every_address_in_the_guide_answers_a_moderator(app):
    addresses = _addresses()
    assert {"/", "/upload", "/account", "/pakketten", "/themas", "/mappen", "/docs"} <= set(addresses), addresses
    client = log_in(app, MODERATOR, PASSWORD)
    for address in addresses:
        page = client.get(address)
        assert page.status_code == 200 and "<h1" in page.text, address


def test_the_curl_command_searches_with_a_token_and_not_without(app):
    [line] = [line for _, block in blocks(GUIDE, "sh") for line in block.splitlines() if line.startswith("curl ")]
    words = shlex.split(line)
    header = words[words.index("-H") + 1]
    name, value = header.split(": ", 1)
    url = words[-1]
    assert name == "Authorization" and value == f"Bearer {TOKEN_PLACEHOLDER}" and url.startswith("http://127.0.0.1:8000/")
    path = url.removeprefix("http://127.0.0.1:8000")
    token = app.state.runtime.store.accounts.create_token(MODERATOR)
    from fastapi.testclient import TestClient

    answer = TestClient(app).get(path, headers={name: value.replace(TOKEN_PLACEHOLDER, token)})
    assert answer.status_code == 200
    found = [hit["doc_id"] for hit in answer.json()["results"]]
    assert found and found[0] == "pg-noord/2022-2023/casus-weduwnaar.md", found
    assert TestClient(app).get(path).status_code == 401


def test_every_picture_in_the_guide_exists_and_none_is_unused():
    shown = re.findall(r"!\[[^\]]+\]\(img/handleiding/([\w-]+\.png)\)", _text())
    assert len(shown) >= 10 and len(set(shown)) == len(shown)
    on_disk = {p.name for p in PICTURES.glob("*.png")}
    assert set(shown) == on_disk, (set(shown) ^ on_disk)
    for name in shown:
        assert (PICTURES / name).read_bytes()[:8] == b"\x89PNG\r\n\x1a\n", name


def test_every_link_in_the_guide_leads_to_a_page_and_heading_that_exist():
    links = re.findall(r"(?<!!)\[[^\]]+\]\(([^)\s]+)\)", _text())
    assert len(links) >= 10
    assert broken_links(GUIDE) == []


# Bold in the guide is a label the user sees (a menu, button, field or heading),
# except these few words the guide stresses.
EMPHASIS = {"vetgedrukte", "Gegevens in het bestand zelf gaan voor.", "blijven staan", "uitnodigingslink",
            "zet zelf geen namen van cliënten in documenten"}


def test_every_label_the_guide_names_is_in_the_ui():
    web = Path(__file__).resolve().parents[1] / "web"
    ui = " ".join(" ".join(p.read_text(encoding="utf-8") for p in [*web.glob("templates/*.html"), *web.rglob("*.py")]).split())
    labels = {" ".join(b.split()) for b in re.findall(r"\*\*([^*]+)\*\*", _text())} - EMPHASIS
    assert len(labels) >= 40
    assert sorted(label for label in labels if label not in ui) == []


# What the command-line section works on: a folder with a report, and a case file.
FOLDER_REPORT = """---
title: "Sessie 5: buurtzorg en vrijwilligers"
authors: ["Tom Wouters (WZC Ter Beke), verslag"]
---
Een weduwnaar die niet meer buitenkomt: Fonske van hiernaast doet zijn boodschappen, de buurt helpt.
"""
CASE = ("Casus. Mevrouw Verhaegen (83) woont sinds de val alleen. Zeepje en Fonske van hiernaast "
        "doen de boodschappen.")


@pytest.mark.deduce
def test_the_command_line_section_runs_as_the_guide_says(cli, store, tmp_path, monkeypatch):
    """Run, in order, every command of the guide's shell block (the curl line aside):
    the folder is ingested, the preview shows what is caught and what slips through,
    the missed name is replaced in the stored report, and the search names its author."""
    from docx import Document as Word

    import cli.privacy as preview_command

    store.accounts.add_community("PG Noord", "closed")   # the guide: the group exists
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr(preview_command, "on_terminal", lambda: True)   # the guide's reader types at a terminal
    (tmp_path / "verslagen" / "2023-2024").mkdir(parents=True)
    (tmp_path / "verslagen" / "2023-2024" / "sessie-5.md").write_text(FOLDER_REPORT, encoding="utf-8")
    word = Word()
    word.add_paragraph(CASE)
    word.save(tmp_path / "casus-alleen-thuis.docx")
    said = {}
    for words in (shlex.split(line)[1:] for _, block in blocks(GUIDE, "sh") for line in block.splitlines()
                  if line.startswith("praktijkgeheugen ")):
        code, out, err = cli(*words)
        assert code == 0, (words, out, err)
        said[words[0]] = out + err
    assert "1 ingested" in said["ingest"]
    assert "Mevrouw Verhaegen -> Mevrouw V." in said["pseudonymise"] and "Fonske van hiernaast" in said["pseudonymise"]
    assert "1 documents pseudonymised again" in said["clients"] and "sessie-5.md: 1 mention" in said["clients"]
    assert "Tom Wouters" in said["search"]
    code, out, _ = cli("search", "Fonske", "--mode", "lexical", "--json")
    assert code == 0 and json.loads(out)["results"] == []
    code, out, _ = cli("search", "boodschappen", "--mode", "lexical", "--json")
    [found] = json.loads(out)["results"]
    assert "F. van hiernaast" in json.dumps(found, ensure_ascii=False) and "Fonske" not in out
