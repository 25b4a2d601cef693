"""The twenty-second tenancy attack's probes that held, kept as tests: differential
ones. An outsider's every answer must be the answer of a world in which the material
they may not read was never there. Each test takes the world twice, once with closed
material (more closed documents whose authors, themes and words also occur in what the
outsider reads) and once with it erased, and compares byte for byte (timing, CSRF tokens,
random pack ids and SVG ids aside):

* every GET route (pages and JSON twins, searches in every mode, people, themes, exports)
  for a moderator of another group, a moderator whose group closed one of its own
  documents, a member of a closed group and a researcher of two groups;
* the same after the outsider warmed every cache (the in-memory BM25 copy, allowed sets,
  theme layouts) and then a document they read was closed and a shared group closed:
  it answers as if those documents had been erased;
* a moderator's write paths: an upload naming closed-only people and words, a missed
  client name corrected (one the closed group listed too), authors edited, a pack made,
  filled, annotated and exported, a sharing change.

Each passes on 0abd73c: no answer differed (SQLite; the first, 4 cases, on PostgreSQL too). A new
GET route is probed by itself (`security_world.every_url`)."""
from __future__ import annotations

import difflib
import re
import shutil
from urllib.parse import quote

import pytest

from access_world import DOCS, app_for, form_csrf, log_in
from fakes import FakeEmbedder
from security_world import add_document, every_url, visible_to

SECRET = ("De thuiszorg kwam drie keer. Zeldzaamwoord, dementie en eenzaamheid: de buren in de wijk"
          " wisten van de thuiszorg en de zandloper en de kwartelkoning. " * 8)
MORE_URLS = ["/api/search?q=thuiszorg+zandloper+kwartelkoning&k=100",
             "/api/search?q=thuiszorg+zandloper+kwartelkoning&k=100&mode=lexical",
             "/api/who?q=thuiszorg+zandloper", "/api/themes?netwerk=1", "/api/themes/geheimthema",
             "/themas/geheimthema", "/api/documents/zuid/open.md/related?other_communities=true",
             "/api/documents/noord/gedeeld.md/related?other_communities=true"]


def _normal(text: str) -> str:
    text = re.sub(r'"seconds": ?[0-9.e-]+', '"seconds": 0', text)
    text = re.sub(r"[0-9]+[,.][0-9]+ ?s\b", "T s", text)
    text = re.sub(r'(name="csrf" value=")[^"]+', r"\1C", text)
    text = re.sub(r"\d{4}-\d\d-\d\d[ T]\d\d:\d\d:\d\d", "TIME", text)
    return re.sub(r'(id="|url\(#|href="#)[a-z]*[0-9a-f]{6,}', r"\1X", text)


def _differences(before: dict, after: dict) -> list[str]:
    out = []
    for url in before:
        if before[url] != after[url]:
            diff = difflib.unified_diff(before[url][1].splitlines(), after[url][1].splitlines(), lineterm="", n=0)
            out.append(f"{url} {before[url][0]} -> {after[url][0]}\n" + "\n".join(list(diff)[:12]))
    return out


def _answers(client, urls: list[str]) -> dict:
    import search.themes as themes

    client.get("/themas")   # tags what is new, in the background
    themes.wait_for_tagging(client.app.state.runtime.store, 60)
    answers = {}
    for url in urls:
        response = client.get(url)
        answers[url] = (response.status_code, _normal(response.text))
    return answers


def _more_closed_material(world, folder) -> list[str]:
    """Closed documents whose authors write shared ones too and whose words the outsider's hold."""
    add_document(world, folder / "a", "noord-geheim-2.md", SECRET, "PG Noord",
                 {"authors": [{"name": "Noor Delers", "organisation": "Organisatie ijsvogeltje"},
                              {"name": "Zeno Openhart", "organisation": "Organisatie dotterbloem"}, {"name": "Sien"}],
                  "themes": ["eenzaamheid", "geheimthema"]})
    add_document(world, folder / "b", "oost-geheim-2.md", SECRET, "PG Oost",
                 {"authors": [{"name": "Noor Delers"}, {"name": "Zeno Openhart", "organisation": "Organisatie dotterbloem"}],
                  "themes": ["dementie", "geheimthema"]})
    add_document(world, folder / "c", "zuid-dicht-2.md", SECRET, "Wijkteam Zuid",
                 {"authors": [{"name": "Noor Delers", "organisation": "Organisatie ijsvogeltje"}]})
    world.store.accounts.set_document_sharing("zuid-dicht-2.md", "closed")
    return ["noord-geheim-2.md", "oost-geheim-2.md", "zuid-dicht-2.md"]


OWN = {"lid-noord": ("noord",), "mod-oost": ("oost",), "mod-zuid": ("zuid",), "onderzoeker": ("noord", "zuid")}


@pytest.mark.parametrize("name", ["mod-oost", "mod-zuid", "lid-noord", "onderzoeker"])
def test_every_route_answers_as_if_the_closed_material_was_never_there(world, tmp_path, name):
    added = _more_closed_material(world, tmp_path)
    client = world.client(name)
    urls = every_url(world.app) + MORE_URLS
    with_closed = _answers(client, urls)
    hidden = [d.doc_id for d in DOCS if d.doc_id not in visible_to(name)]
    hidden += [d for d in added if not d.startswith(OWN[name])]
    for doc_id in hidden:
        assert world.store.catalogue.delete_document(doc_id), doc_id
    assert _differences(with_closed, _answers(client, urls)) == []


@pytest.mark.parametrize("kept_copy", [False, True], ids=["fts-index", "in-memory copy"])
def test_closing_after_the_caches_are_warm_answers_as_erasing(world, tmp_path, access_world_template, kept_copy):
    """mod-oost reads noord/gedeeld.md and Wijkteam Zuid's zuid/open.md and has asked
    every route once; then PG Noord closes its document and Wijkteam Zuid closes itself."""
    if world.store.settings.database_url:
        pytest.skip("the second world is a copy of the SQLite template")
    other = _second_world(tmp_path, access_world_template)
    closing = ["noord/gedeeld.md", "zuid/open.md"]
    urls = every_url(world.app) + MORE_URLS
    for store in (world.store, other[0]):
        if kept_copy:
            store.lexical.keep_copy()
    client = world.client("mod-oost")
    _answers(client, urls)
    for doc_id in closing:
        world.store.accounts.set_document_sharing(doc_id, "closed")
    world.store.accounts.set_community("Wijkteam Zuid", "closed")
    for doc in DOCS:
        if doc.doc_id not in visible_to("mod-oost") or doc.doc_id in closing:
            assert other[0].catalogue.delete_document(doc.doc_id)
    try:
        assert _differences(_answers(client, urls), _answers(log_in(other[1], "mod-oost"), urls)) == []
    finally:
        other[0].close()


def _second_world(tmp_path, template):
    """Another copy of the access world (same keys, so the same person ids), with its app."""
    from settings import Settings
    from store import open_store

    shutil.copytree(template / "data", tmp_path / "second")
    store = open_store(Settings(data_dir=tmp_path / "second", model=FakeEmbedder.name))
    return store, app_for(store, FakeEmbedder())


UPLOAD = """---
title: "Casus over de zilverreiger"
type: casus
community: "Wijkteam Zuid"
cycle: "2023-2024"
session: 3
date: 2023-12-01
authors:
  - name: "Noor Geheimers"
    organisation: "Organisatie hazelworm"
  - name: "Sien"
  - name: "Otto Verborgen"
themes: [geheimthema, eenzaamheid]
---
# Casus

Noor Geheimers vertelde over de zilverreiger en de koraalduiker. Otto Verborgen en Sien waren er ook.
Mevrouw Geheimers en meneer Verborgen spraken over Hazelworm en Wolfsmelk.
Inbreng Sien: de thuiszorg.
"""


def _moderators_session(app, store) -> list:
    """What mod-zuid is answered while uploading, correcting, editing, packing and sharing."""
    import search.themes as themes

    client, out = log_in(app, "mod-zuid"), []

    def own_id() -> str:
        return next(d.doc_id for d in store.catalogue.list_documents()
                    if d.meta.community == "Wijkteam Zuid" and d.doc_id not in ("zuid/open.md", "zuid/dicht.md"))

    def record(label, response):
        out.append((label, response.status_code, _normal(response.text)))
        return response

    def written() -> None:
        """A write's new passages are tagged on a background thread (web.runtime.
        tag_in_background) and a document's `all_themes` counts their tags: wait for it,
        or one world answers before its run ends and the other after (the world with
        closed material has more passages to tag, so is the slower one)."""
        themes.wait_for_tagging(store, 60)

    record("upload", client.post("/api/upload", data={"community": "Wijkteam Zuid", "csrf": form_csrf(client, "/upload")},
                                 files=[("files", ("casus Geheimers.md", UPLOAD.encode(), "text/markdown"))]))
    written()
    path = quote(own_id(), safe="/")
    for author in record("document", client.get(f"/api/documents/{path}")).json()["authors"]:
        record("person", client.get(f"/api/mensen/{author['person_id']}"))
    record("page", client.get(f"/documenten/{path}"))
    for query in ("zilverreiger", "Geheimers", "Sien thuiszorg"):
        record("search", client.get("/api/search", params={"q": query, "k": 50}))
    headers = {"x-csrf-token": form_csrf(client, f"/documenten/{path}"), "accept": "application/json"}
    record("correct", client.post(f"/api/documents/{path}/client-names",   # authors' names: confirmed
                                  data={"namen": "Geheimers\nVerborgen\nSien", "bevestig": "1"},
                                  headers=headers))
    written()
    path = quote(own_id(), safe="/")
    record("edit", client.post(f"/api/documents/{path}/metadata", headers=headers,
                               data={"title": "Casus", "type": "casus", "authors": "Noor Delers\nSien\nZeno Dichtbij"}))
    written()
    for author in record("edited", client.get(f"/api/documents/{path}")).json()["authors"]:
        record("person", client.get(f"/api/mensen/{author['person_id']}"))
    csrf = form_csrf(client, "/pakketten")
    pack = record("pack", client.post("/api/packs", data={"naam": "Sessie Geheimers", "groep": "Wijkteam Zuid",
                                                          "csrf": csrf})).json()["id"]
    for doc_id in (own_id(), "noord/gedeeld.md", "zuid/open.md"):
        sources = record("add", client.post(f"/api/packs/{pack}/items", data={"doc_id": doc_id, "csrf": csrf}))
    for source in sources.json()["sources"]:
        record("note", client.post(f"/api/packs/{pack}/items/{source['item_id']}/note",
                                   data={"notitie": "Geheimers, Verborgen en Sien", "csrf": csrf}))
    record("export", client.get(f"/pakketten/{pack}/export.md"))
    record("share", client.post(f"/delen/{path}", data={"sharing": "closed", "csrf": csrf}, follow_redirects=False))
    return [(label, status, re.sub(rf"{pack}|[0-9a-zA-Z_-]{{16}}(?=[/\"#])", "ID", text)) for label, status, text in out]


def test_a_moderators_writes_answer_as_if_the_closed_material_was_never_there(world, tmp_path, access_world_template):
    """mod-zuid uploads a case naming PG Noord's and PG Oost's closed-only authors and
    words, lists a client name PG Noord listed too, edits its authors, packs it with a
    shared document and closes it: each answer equals the one of a world without them."""
    if world.store.settings.database_url:
        pytest.skip("the second world is a copy of the SQLite template")
    add_document(world, tmp_path / "a", "noord-sien.md", "Sien vertelde over de thuiszorg. Geheimers belde.",
                 "PG Noord", {"authors": [{"name": "Sien", "organisation": "Org Geheim"},
                                          {"name": "Noor Geheimers", "organisation": "Organisatie hazelworm"}]})
    world.store.clients.add_client_names("PG Noord", ["Verborgen", "Geheimers"])
    other, other_app = _second_world(tmp_path, access_world_template)
    try:
        for doc in DOCS:
            if doc.doc_id not in visible_to("mod-zuid"):
                assert other.catalogue.delete_document(doc.doc_id)
        with_closed = _moderators_session(world.app, world.store)
        without = _moderators_session(other_app, other)
    finally:
        other.close()
    assert all(status < 400 for _, status, _ in with_closed), [(label, status) for label, status, _ in with_closed]
    assert [label for label, *_ in with_closed] == [label for label, *_ in without]
    assert [(a, b) for a, b in zip(with_closed, without) if a != b] == []
