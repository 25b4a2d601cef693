"""Attack 28: filter values an outsider types. The differential suite
(test_differential.py) asks every route without filters; here every route that takes
filters is asked with values only a closed group's documents hold (its community, a
cycle, a type, an author, a theme, a date range) and with values the outsider's own
documents hold, once with the closed material and once with it erased. Status, body
and the headers a client can read (download names, lengths, caches) must be the same:
a filter value that exists only behind a closed door must answer as one that never
existed (no "no results for X" against "unknown X", no count, no 404 against 200)."""
from __future__ import annotations

import difflib
import io
import zipfile
from urllib.parse import urlencode

import pytest
from test_differential import _normal

from security_world import add_document

SECRET = ("De thuiszorg kwam drie keer. Dementie en eenzaamheid: de buren in de wijk wisten van de"
          " thuiszorg en de zandloper en de kwartelkoning. " * 6)
# Values only the closed documents below hold.
CLOSED_VALUES = {"community": "PG Oost", "cycle": "2019-2020", "type": "reflectie", "author": "Sien Geheimhouder",
                 "thema": "geheimthema"}
OWN_VALUES = {"community": "Wijkteam Zuid", "cycle": "2023-2024", "type": "sessieverslag", "author": "Zeno Openhart",
              "thema": "dementie"}
ROUTES = ["/", "/api/search", "/zoekresultaten.csv", "/api/search/export", "/api/who", "/api/documents",
          "/themas", "/api/themes", "/themas/grafiek.svg", "/themas/ontdekken", "/api/themes/clusters",
          "/themas/export.csv", "/api/themes/export", "/themas/dementie", "/api/themes/dementie",
          "/themas/geheimthema", "/api/themes/geheimthema"]
SEARCHED = {"/", "/api/search", "/zoekresultaten.csv", "/api/search/export", "/api/who"}
# Not the length: a body differs by its timing figure and random ids, which are normalised.
HEADERS = ("content-type", "content-disposition", "cache-control", "etag", "location", "last-modified")


def _closed_material(world, folder) -> list[str]:
    front = {"cycle": "2019-2020", "type": "reflectie", "date": "2019-05-05", "session": 7,
             "authors": [{"name": "Sien Geheimhouder", "organisation": "Organisatie geheim"},
                         {"name": "Zeno Openhart"}],
             "themes": ["dementie", "geheimthema"]}
    add_document(world, folder / "a", "oost-filter.md", SECRET, "PG Oost", front)
    add_document(world, folder / "b", "zuid-filter.md", SECRET, "Wijkteam Zuid", front)
    world.store.accounts.set_document_sharing("zuid-filter.md", "closed")
    return ["oost-filter.md", "zuid-filter.md"]


def _urls() -> list[str]:
    urls = []
    for values in (CLOSED_VALUES, OWN_VALUES):
        for key, value in values.items():
            for route in ROUTES:
                query = {key: value}
                if route in SEARCHED:
                    query["q"] = "thuiszorg buren zandloper"
                if route == "/api/search":
                    query["k"] = "100"
                if route == "/api/search/export":
                    query["format"] = "csv"   # an xlsx file carries the time it was written
                urls.append(f"{route}?{urlencode(query)}")
    for route in ROUTES:
        urls.append(f"{route}?{urlencode({'van': '2019-01-01', 'tot': '2019-12-31', 'q': 'thuiszorg buren'})}")
        urls.append(f"{route}?{urlencode({'cycle': '2019-2020', 'q': 'thuiszorg', 'mode': 'lexical'})}")
    urls += ["/themas?cycle=2019-2020&netwerk=1", "/themas/grafiek.svg?groep=PG+Oost",
             "/themas/grafiek.svg?groep=PG+Oost&netwerk=1", "/api/themes?cycle=2019-2020",
             "/themas/dementie?periode=2019-2020", "/api/themes/dementie?periode=2019-2020+%2307",
             "/api/themes/geheimthema?periode=2019-2020", "/bladeren/pg-oost/2019-2020",
             "/api/browse/pg-oost/2019-2020", "/api/browse/wijkteam-zuid/2019-2020"]
    return urls


def _unzipped(data: bytes) -> str:
    """An xlsx file's parts but the one with the time it was written."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return "\n".join(archive.read(n).decode() for n in sorted(archive.namelist()) if n != "docProps/core.xml")


def _answers(client, urls: list[str]) -> dict:
    import search.themes as themes

    rt = client.app.state.runtime   # a member cannot open /themas, which would start the tagging
    themes.tag_now(rt.store, rt.embedder, rt.settings.data_dir, rt.settings.cache_dir)
    out = {}
    for url in urls:
        response = client.get(url)
        body = _unzipped(response.content) if response.content[:2] == b"PK" else response.text
        headers = {h: response.headers.get(h) for h in HEADERS}
        out[url] = (response.status_code, _normal(body), headers)
    return out


@pytest.mark.parametrize("name", ["mod-zuid", "lid-noord", "onderzoeker"])
def test_a_filter_value_only_closed_documents_hold_answers_as_an_unknown_one(world, tmp_path, name):
    added = _closed_material(world, tmp_path)
    client = world.client(name)
    urls = _urls()
    with_closed = _answers(client, urls)
    own = {"mod-zuid": "zuid-filter.md", "onderzoeker": "zuid-filter.md"}.get(name)   # their group's
    for doc_id in added:
        if doc_id != own:
            assert world.store.catalogue.delete_document(doc_id)
    without = _answers(client, urls)
    differences = [f"{url}: {with_closed[url][0]} {with_closed[url][2]} -> {without[url][0]} {without[url][2]}\n"
                   + "\n".join(list(difflib.unified_diff(with_closed[url][1].splitlines(),
                                                         without[url][1].splitlines(), lineterm="", n=1))[:16])
                   for url in urls if with_closed[url] != without[url]]
    assert differences == []
