"""Leak probes: every user of every role tries every route and API with material
they may not see (searching its unique phrases, guessing its ids, asking for
related cases, who-else, browse pages, counts, facets, the pack and exports) and
must find nothing of it; positive controls prove the same probes do find what
the user may see, so the suite fails when access is not applied.

A new GET route must be added to PROBED (or EXEMPT, with a reason), otherwise
test_every_route_is_probed fails: that is the list to extend (e.g. /themas).
"""
from __future__ import annotations

from urllib.parse import quote

import pytest

import search
from access_world import BY_ID, DOCS, USERS, VISIBLE, app_for, build, form_csrf, log_in, route_paths
from fakes import FakeEmbedder
from store import Settings, open_store
from theme_docs import settle_themes

PROBED = {
    "/", "/api/search", "/api/who", "/documenten/{doc_id:path}", "/api/documents/{doc_id:path}",
    "/api/documents/{doc_id:path}/related", "/api/documents", "/bron/{doc_id:path}", "/bladeren",
    "/bladeren/{community:path}/{cycle}", "/api/browse", "/api/browse/{community:path}/{cycle}", "/pakket",
    "/pakketten", "/api/packs", "/pakketten/{pack_id}", "/api/packs/{pack_id}", "/pakketten/{pack_id}/export.md",
    "/pakketten/{pack_id}/export.docx", "/pakketten/{pack_id}/verwijderen",
    "/upload", "/verwijderen/{doc_id:path}", "/beheer", "/beheer/audit", "/api/beheer/audit",
    "/themas", "/themas/grafiek.svg", "/themas/ontdekken", "/themas/export.{fmt}", "/themas/{theme}",
    "/api/themes", "/api/themes/clusters", "/api/themes/export", "/api/themes/{theme}",
    "/mensen/{person_id}", "/api/mensen/{person_id}",
    "/api/beheer", "/beheer/gebruiker", "/api/beheer/gebruiker", "/beheer/groep", "/api/beheer/groep",
    "/beheer/groep/verwijderen", "/groep/namen", "/api/groep/namen",
    "/account", "/api/account", "/uitnodiging/{token}",
    "/zoekresultaten.{fmt}", "/api/search/export",
    "/mappen", "/api/watch", "/status", "/api/status",
}
EXEMPT = {
    "/inloggen": "the login form shows no material",
    "/docs": "describes the API, shows no material",
    "/openapi.json": "the API schema, no material",
    "/static": "style sheet",
}
MODES = search.MODES


@pytest.fixture(scope="module")
def database_url():
    """None (SQLite), or with PRAKTIJKGEHEUGEN_TEST_BACKEND=postgresql a scratch schema of
    the test server for this module: every probe runs on the second backend too."""
    import os

    if os.environ.get("PRAKTIJKGEHEUGEN_TEST_BACKEND") != "postgresql":
        yield None
        return
    from store import scratch_database
    with scratch_database(os.environ["PRAKTIJKGEHEUGEN_TEST_DATABASE_URL"], "leaks") as url:
        yield url


@pytest.fixture(scope="module")
def world(tmp_path_factory, database_url):
    root = tmp_path_factory.mktemp("leaks")
    store = open_store(Settings(data_dir=root / "data", model=FakeEmbedder.name, database_url=database_url))
    embedder = FakeEmbedder()
    build(store, embedder, root / "docs")
    app = app_for(store, embedder)
    clients = {name: log_in(app, name) for name in USERS}
    yield app, clients
    for client in clients.values():
        client.close()
    store.close()


def _leaks(body: str, forbidden: list, where: str) -> list[str]:
    lowered = body.lower()
    return [f"{where}: {marker}" for doc in forbidden for marker in doc.markers if marker.lower() in lowered]


def _forbidden(name: str) -> list:
    return [doc for doc in DOCS if doc.doc_id not in VISIBLE[name]]


def _search_urls(phrase: str, community: str) -> list[str]:
    q = quote(phrase)
    urls = [f"/?q={q}&mode={m}" for m in MODES] + [f"/api/search?q={q}&mode={m}&k=100" for m in MODES]
    urls += [f"/api/who?q={q}&mode={m}&k=50" for m in MODES]
    urls += [f"/zoekresultaten.csv?q={q}&mode={m}" for m in MODES] + [f"/api/search/export?q={q}&format=csv"]
    return urls + [f"/?q={q}&community={quote(community)}", f"/api/search?q={q}&community={quote(community)}",
                   "/?q=wijk+thuiszorg+buren", "/api/search?q=wijk+thuiszorg+buren&k=100"]


@pytest.mark.parametrize("name", sorted(USERS))
def test_searching_forbidden_phrases_finds_nothing(world, name):
    _, clients = world
    client, leaks = clients[name], []
    for doc in _forbidden(name):
        for url in _search_urls(doc.phrase, doc.community):
            leaks += _leaks(client.get(url).text, _forbidden(name), f"{name} {url}")
        lexical = client.get(f"/api/search?q={quote(doc.phrase)}&mode=lexical").json()
        if lexical["total"]:
            leaks.append(f"{name}: lexical count {lexical['total']} for {doc.phrase}")
    assert leaks == []


@pytest.mark.parametrize("name", sorted(USERS))
def test_allowed_material_is_found_by_the_same_probes(world, name):
    """Positive control: without it the leak probes above could pass by finding nothing at all."""
    client = world[1][name]
    for doc_id in VISIBLE[name]:
        doc = BY_ID[doc_id]
        for mode in MODES:
            hits = client.get(f"/api/search?q={quote(doc.phrase)}&mode={mode}&k=100").json()["results"]
            assert doc_id in {h["doc_id"] for h in hits}, (name, mode, doc_id)
        assert doc.title_word in client.get(f"/?q={quote(doc.phrase)}&mode=lexical").text
        assert doc.author in client.get(f"/api/who?q={quote(doc.phrase)}").text
        assert doc.canary in client.get(f"/documenten/{doc_id}").text
        assert doc_id in client.get(f"/zoekresultaten.csv?q={quote(doc.phrase)}").text  # the export probe finds it
    assert {d["doc_id"] for d in client.get("/api/documents").json()["documents"]} == VISIBLE[name]


def _not_found(client, template: str, doc_id: str) -> list[str]:
    """A forbidden id must answer exactly like one that never existed."""
    forbidden = client.get(template.format(quote(doc_id, safe="/")))
    missing = client.get(template.format("noord/bestaat-niet.md"))
    if (forbidden.status_code, forbidden.text) != (missing.status_code, missing.text) or forbidden.status_code != 404:
        return [f"{template} {doc_id}: {forbidden.status_code} {forbidden.text[:80]}"]
    return []


@pytest.mark.parametrize("name", sorted(USERS))
def test_guessed_ids_answer_like_missing_ones(world, name):
    client, leaks = world[1][name], []
    for doc in _forbidden(name):
        for template in ("/documenten/{}", "/documenten/{}?passage=0", "/api/documents/{}",
                         "/api/documents/{}/related", "/bron/{}", "/verwijderen/{}"):
            leaks += _not_found(client, template, doc.doc_id)
        for action in ("/verwijderen/", "/delen/"):
            response = client.post(action + doc.doc_id, data={"csrf": form_csrf(client), "sharing": "shared"})
            leaks += [] if response.status_code == 404 else [f"POST {action}{doc.doc_id}: {response.status_code}"]
    assert leaks == []


def _person_ids(app) -> list[str]:
    """Every person the world's documents name (their public ids), the numbers person
    links had before schema 14, an unknown id and a malformed one."""
    rows = app.state.runtime.store.db.conn().execute("SELECT public_id FROM people ORDER BY id").fetchall()
    assert len(rows) >= 5
    return [r[0] for r in rows] + [str(pk) for pk in range(12)] + ["0" * 24, "abc"]


@pytest.mark.parametrize("name", sorted(USERS))
def test_person_pages_show_only_visible_people_and_documents(world, name):
    """Every person id, guessed in turn: a person who wrote only what the caller may
    not see answers exactly like an id that never existed, and no page shows a
    forbidden document (by title, text, author or id)."""
    client, leaks, shown = world[1][name], [], set()
    missing = client.get("/mensen/999999")
    for pk in _person_ids(world[0]):
        for url in (f"/mensen/{pk}", f"/mensen/{pk}?q=wijk", f"/api/mensen/{pk}", f"/api/mensen/{pk}?q=wijk"):
            response = client.get(url)
            leaks += _leaks(response.text, _forbidden(name), url)
            if response.status_code == 200 and url.startswith("/api/"):
                shown |= {d["doc_id"] for d in response.json()["documents"]}
        page = client.get(f"/mensen/{pk}")
        if page.status_code != 200 and (page.status_code, page.text) != (missing.status_code, missing.text):
            leaks.append(f"/mensen/{pk}: {page.status_code} unlike a missing id")
    assert leaks == [] and shown == VISIBLE[name]


@pytest.mark.parametrize("name", sorted(USERS))
def test_lists_related_browse_facets_pack_and_exports_show_nothing_forbidden(world, name):
    client, forbidden, leaks = world[1][name], _forbidden(name), []
    pages = ["/", "/bladeren", "/api/browse", "/api/documents?limit=1000", "/upload", "/pakket", "/pakketten",
             "/api/packs", "/mappen", "/api/watch",
             *(f"/bladeren/{quote(c)}/2023-2024" for c in ("PG Noord", "PG Oost", "Wijkteam Zuid")),
             *(f"/api/browse/{quote(c)}/2023-2024" for c in ("PG Noord", "PG Oost", "Wijkteam Zuid"))]
    for doc_id in VISIBLE[name]:
        pages += [f"/documenten/{doc_id}", f"/documenten/{doc_id}?andere=1", f"/api/documents/{doc_id}/related?k=50",
                  f"/api/documents/{doc_id}/related?k=50&other_communities=true"]
    csrf = form_csrf(client, "/bladeren")
    made = client.post("/api/packs", data={"naam": f"Pakket van {name}", "groep": next(iter(USERS[name][1]), ""),
                                           "csrf": csrf})
    if made.status_code == 201:   # a moderator: a pack of everything they may put in it, and its exports
        pack_id = made.json()["id"]
        for doc_id in VISIBLE[name]:
            client.post(f"/api/packs/{pack_id}/items", data={"doc_id": doc_id, "csrf": csrf})
        pages += [f"/pakketten/{pack_id}", f"/api/packs/{pack_id}", f"/pakketten/{pack_id}/export.md",
                  f"/pakketten/{pack_id}/verwijderen"]
    for doc in forbidden:   # 404 as for a missing document; 403 for all who may not make packs
        added = client.post("/pakket/toevoegen", data={"doc_id": doc.doc_id, "csrf": csrf}, follow_redirects=False)
        leaks += [] if added.status_code in (404, 403) else [f"pack add {doc.doc_id}: {added.status_code}"]
    for url in pages:
        leaks += _leaks(client.get(url).text, forbidden, f"{name} {url}")
    assert leaks == []


THEME_USERS = {"mod-oost", "mod-zuid", "onderzoeker"}   # researchers and moderators
THEME_PAGES = ["/themas", "/themas/grafiek.svg", "/themas/ontdekken", "/api/themes", "/api/themes/clusters",
               "/themas?netwerk=1", "/api/themes?netwerk=1",
               *(f"/themas/export.{fmt}?wat={what}" for fmt in ("csv", "json") for what in ("matrix", "passages")),
               *(f"/api/themes/export?what={what}&format={fmt}" for fmt in ("csv", "json") for what in ("matrix", "passages"))]


@pytest.mark.parametrize("name", sorted(USERS))
def test_theme_views_counts_and_exports_show_nothing_forbidden(world, name):
    client, forbidden, leaks = world[1][name], _forbidden(name), []
    if name not in THEME_USERS:
        assert {client.get(url).status_code for url in THEME_PAGES + ["/themas/dementie"]} == {403}
        return
    settle_themes(client)
    rows = client.get("/api/themes?netwerk=1").json()["matrices"][0]["themes"]   # counts over all it may see
    assert rows, "positive control: the probe needs tagged themes"
    for row in rows:
        theme = quote(row["theme"])
        passages = client.get(f"/api/themes/{theme}?k=500").json()["passages"]
        shown = {p["doc_id"] for p in passages}
        leaks += [f"{name} theme {row['theme']}: {doc}" for doc in shown - VISIBLE[name]]
        if sum(row["documents"].values()) != len(shown):   # a count that includes hidden documents
            leaks.append(f"{name} theme {row['theme']}: counts {row['documents']} for {len(shown)} documents")
        for url in (f"/themas/{theme}", f"/themas/{theme}?periode=2023-2024"):
            leaks += _leaks(client.get(url).text, forbidden, f"{name} {url}")
    for url in THEME_PAGES:
        leaks += _leaks(client.get(url).text, forbidden, f"{name} {url}")
    exported = client.get("/themas/export.json?wat=passages").json()
    exported_docs = {p["doc_id"] for ps in exported.values() for p in ps}
    assert exported_docs and exported_docs <= VISIBLE[name]
    assert leaks == []


ADMIN_PAGES = ["/beheer", "/api/beheer", "/account", "/api/account", "/uitnodiging/onbekend",
               *(f"{prefix}/gebruiker?naam={name}" for prefix in ("/beheer", "/api/beheer") for name in USERS),
               *(f"{prefix}/groep?naam={quote(c)}" for prefix in ("/beheer", "/api/beheer")
                 for c in ("PG Noord", "PG Oost", "Wijkteam Zuid")),
               *(f"/beheer/groep/verwijderen?naam={quote(c)}" for c in ("PG Noord", "PG Oost", "Wijkteam Zuid")),
               # a moderator's own group's name lists: another group's lists answer like an unknown group
               "/groep/namen", "/api/groep/namen",
               *(f"{prefix}?groep={quote(c)}" for prefix in ("/groep/namen", "/api/groep/namen")
                 for c in ("PG Noord", "PG Oost", "Wijkteam Zuid"))]


@pytest.mark.parametrize("name", sorted(USERS))
def test_admin_and_account_pages_show_nothing_forbidden(world, name):
    """Administration shows accounts, roles, communities and their settings, never
    their material: the admin (who reads no community) sees no marker either."""
    client, forbidden = world[1][name], _forbidden(name)
    leaks = [leak for url in ADMIN_PAGES for leak in _leaks(client.get(url).text, forbidden, f"{name} {url}")]
    assert leaks == []
    assert (client.get("/api/beheer").status_code == 200) == (name == "beheerder")


@pytest.mark.parametrize("name", sorted(USERS))
def test_the_audit_log_names_ids_but_no_title_text_or_author(world, name):
    """The audit log (page and JSON twin) names document ids, also of groups the admin has no
    role in (docs/access.md, "Audit log": who viewed, changed or deleted what is the log's job),
    but never a forbidden document's title, text or author; the other users may not read it."""
    client, forbidden = world[1][name], _forbidden(name)
    for url in ("/beheer/audit", "/api/beheer/audit"):
        answer = client.get(url)
        assert (answer.status_code == 200) == (name == "beheerder"), url
        shown = answer.text.lower()
        assert [(url, m) for doc in forbidden for m in (doc.title_word, doc.canary, doc.author)
                if m.lower() in shown] == []


def test_communities_without_visible_material_are_not_named(world):
    """A closed community a user cannot see is not even listed (facets, browse)."""
    client = world[1]["lid-noord"]
    for url in ("/", "/bladeren", "/api/browse", "/upload"):
        assert "PG Oost" not in client.get(url).text, url
    assert "PG Oost" in world[1]["mod-oost"].get("/").text


def test_related_finds_allowed_cases_in_other_communities(world):
    """Positive control for the related probes: shared material of another group is found."""
    related = world[1]["lid-noord"].get("/api/documents/noord/geheim.md/related?k=50&other_communities=true").json()
    assert {h["doc_id"] for h in related["related"]} == {"zuid/open.md"}


def test_related_in_a_chosen_community_stays_within_access(world):
    """Workflow round 41: the related twin takes the search filters for the related cases
    (`community=`), the document itself being looked up within access only. A closed group
    asked for by name gives nothing; a document the caller cannot read stays a 404 whatever
    the filter; the chosen group's shared case is found."""
    client = world[1]["lid-noord"]
    url = "/api/documents/noord/geheim.md/related"
    chosen = client.get(url, params={"k": 50, "community": "Wijkteam Zuid"}).json()["related"]
    assert {h["doc_id"] for h in chosen} == {"zuid/open.md"}
    assert client.get(url, params={"k": 50, "community": "PG Oost"}).json()["related"] == []
    outside = client.get("/api/documents/oost/geheim.md/related", params={"community": "PG Noord"})
    assert outside.status_code == 404 and "noord" not in outside.text


def test_anonymous_callers_get_nothing(world):
    from fastapi.testclient import TestClient

    anonymous = TestClient(world[0])
    for doc in DOCS:
        for url in (f"/api/search?q={doc.phrase}", f"/api/documents/{doc.doc_id}", "/api/browse", "/api/documents"):
            response = anonymous.get(url)
            assert response.status_code == 401 and doc.canary not in response.text
        page = anonymous.get(f"/documenten/{doc.doc_id}", follow_redirects=False)
        assert page.status_code == 303 and page.headers["location"].startswith("/inloggen")


def test_bearer_tokens_see_exactly_their_users_material(world):
    from fastapi.testclient import TestClient

    app = world[0]
    store = app.state.runtime.store
    for name in USERS:
        api = TestClient(app, headers={"Authorization": f"Bearer {store.accounts.create_token(name)}"})
        found = {d["doc_id"] for d in api.get("/api/documents").json()["documents"]}
        assert found == VISIBLE[name]
        for doc in _forbidden(name):
            assert api.get(f"/api/documents/{doc.doc_id}").status_code == 404


def test_every_route_is_probed(world):
    routes = route_paths(world[0].routes, "GET")
    assert "/api/search" in routes and "/pakket" in routes
    unprobed = {path for path in routes if path not in PROBED and path not in EXEMPT}
    assert unprobed == set(), "add these routes to the leak probes (or to EXEMPT with a reason)"


@pytest.mark.slow
def test_real_model_finds_no_forbidden_paraphrase(tmp_path, embedder):
    """With the real model, a paraphrase of a closed document's subject still finds nothing of it."""
    store = open_store(Settings(data_dir=tmp_path / "data", model=embedder.name))
    build(store, embedder, tmp_path / "docs")
    client = log_in(app_for(store, embedder), "lid-noord")
    forbidden = _forbidden("lid-noord")
    leaks = []
    for doc in forbidden:
        for mode in MODES:
            url = f"/?q={quote('verslag over ' + doc.phrase + ' in de wijk')}&mode={mode}"
            leaks += _leaks(client.get(url).text, forbidden, url)
    hits = client.get("/api/search?q=zilverreiger&mode=dense").json()["results"]
    assert "noord/geheim.md" in {h["doc_id"] for h in hits}
    assert leaks == []
    store.close()
