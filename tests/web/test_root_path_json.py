"""Behind a reverse proxy under a root path (`serve --root-path /pg`), the app paths in
JSON answers carry the prefix as the links of pages do (issue #17): a client that
follows a `url` from /api/browse or a pack's source reaches the page, not the proxy's
root. Checked as a class: every string in every JSON answer of every GET route that
names a page of the app must start with the prefix, so a new field cannot forget it."""
from __future__ import annotations

import pytest

from access_world import SOUTH, app_for, form_csrf, log_in, route_paths
from fakes import FakeEmbedder
from security_world import every_url
from web.app import create_app
from web.proxy import ProxySettings
from web.runtime import Runtime

ROOT = "/pg"


@pytest.fixture
def world(access_store):
    store = access_store
    pack = store.packs.create(SOUTH, "Sessie december", "mod-zuid", (SOUTH,))
    store.packs.add(pack.id, "zuid/open.md", 0, (SOUTH,))
    return store, pack


def _app(store, root: str = ROOT):
    return create_app(Runtime(store.settings, store=store, embedder=FakeEmbedder()), warm_up=False,
                      proxy=ProxySettings((), root))


def _app_paths(value, first_segments: set[str]):
    """Every string in a JSON value that is a path on this site (its first segment is a route's)."""
    if isinstance(value, dict):
        for item in value.values():
            yield from _app_paths(item, first_segments)
    elif isinstance(value, list):
        for item in value:
            yield from _app_paths(item, first_segments)
    elif isinstance(value, str) and value.startswith("/") and not value.startswith("//"):
        if _first(value) in first_segments or _first(value.removeprefix(ROOT)) in first_segments:
            yield value


def _first(path: str) -> str:
    return path.lstrip("/").split("/")[0].split("?")[0].split("#")[0]


def test_every_app_path_in_a_json_answer_carries_the_root_path(world):
    store, pack = world
    app = _app(store)
    segments = {_first(path) for path in route_paths(app.routes, "GET") if _first(path)}
    found = []
    for name in ("mod-zuid", "beheerder"):
        client = log_in(app, name)
        for url in every_url(app):
            if not url.startswith("/api/"):
                continue
            url = url.replace("{pack_id}", str(pack.id))
            for prefixed in ("", ROOT):   # a proxy that keeps the prefix, and one that strips it
                answer = client.get(prefixed + url)
                if answer.headers.get("content-type", "").startswith("application/json"):
                    found += [(url, path) for path in _app_paths(answer.json(), segments)]
    assert [(url, path) for url, path in found if not path.startswith(ROOT + "/")] == []
    # the check saw the fields it is about (so it cannot pass by finding nothing)
    assert any(path.startswith(f"{ROOT}/bladeren/") for _, path in found)
    assert any(path.startswith(f"{ROOT}/documenten/zuid/open.md") for _, path in found)
    fields = {url.split("?")[0] for url, _ in found}
    assert {"/api/search", "/api/documents", "/api/who", "/api/browse", f"/api/packs/{pack.id}"} <= fields
    assert any(path.startswith(f"{ROOT}/mensen/") for _, path in found)


def test_documents_hits_people_and_the_next_page_are_linked(world):
    store, _ = world
    client = log_in(_app(store), "mod-zuid")
    answer = client.get(f"{ROOT}/api/search?q=thuiszorg+buren&k=1&mode=lexical").json()
    top, first = answer["results"][0], answer["results"][0]["passages"][0]["ordinal"]
    assert answer["total"] > 1 and top["url"] == f"{ROOT}/documenten/{top['doc_id']}?passage={first}#p{first}"
    assert answer["next"].startswith(f"{ROOT}/api/search?") and "page=2" in answer["next"]
    assert client.get(answer["next"]).json()["page"] == 2
    last = client.get(f"{ROOT}/api/search?q=thuiszorg+buren&k=100&mode=lexical").json()
    assert last["next"] is None
    document = client.get(f"{ROOT}/api/documents/zuid/open.md").json()
    assert document["url"] == f"{ROOT}/documenten/zuid/open.md" and client.get(document["url"]).status_code == 200
    person = next(p for p in answer["people"] if p["url"])
    assert person["url"].startswith(f"{ROOT}/mensen/") and client.get(person["url"]).status_code == 200
    assert all(r["url"].startswith(f"{ROOT}/documenten/") for r in person["reasons"])


def test_the_urls_lead_to_the_pages(world):
    store, pack = world
    client = log_in(_app(store), "mod-zuid")
    cycle = client.get(f"{ROOT}/api/browse").json()["communities"][0]["cycles"][0]["url"]
    source = client.get(f"{ROOT}/api/packs/{pack.id}").json()["sources"][0]["url"]
    assert source == f"{ROOT}/documenten/zuid/open.md?passage=0#p0"
    for url in (cycle, source):
        assert url.startswith(ROOT + "/") and client.get(url).status_code == 200


def test_a_changed_pack_answers_with_prefixed_sources(world):
    store, pack = world
    client = log_in(_app(store), "mod-zuid")
    answer = client.post(f"{ROOT}/api/packs/{pack.id}/items", data={"doc_id": "noord/gedeeld.md"},
                         headers={"x-csrf-token": form_csrf(client, f"{ROOT}/pakketten")})
    assert answer.status_code == 200, answer.text
    assert [s["url"] for s in answer.json()["sources"]] == [
        f"{ROOT}/documenten/zuid/open.md?passage=0#p0", f"{ROOT}/documenten/noord/gedeeld.md"]


def test_without_a_root_path_the_urls_are_the_plain_paths(world):
    store, pack = world
    client = log_in(app_for(store, FakeEmbedder()), "mod-zuid")
    assert client.get(f"/api/packs/{pack.id}").json()["sources"][0]["url"] == "/documenten/zuid/open.md?passage=0#p0"
    page = client.get("/bladeren").text
    assert 'href="/bladeren/' in page and 'href="/pg/' not in page


def test_the_browse_page_under_a_root_path_links_once_prefixed(world):
    store, _ = world
    page = log_in(_app(store), "mod-zuid").get(f"{ROOT}/bladeren").text
    assert f'href="{ROOT}/bladeren/' in page and f'href="{ROOT}{ROOT}/' not in page
