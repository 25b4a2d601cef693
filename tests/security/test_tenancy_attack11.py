"""The eleventh tenancy attack's probes that held, kept as tests (the hole it found is
tests/security/test_edit_bakes_links.py).

* A filter value only closed documents have (a cycle, a type, a date range, a session
  period on a theme page, a group's cycle on the browse pages) answers, byte for byte, as a
  value no document has, to a moderator of another group and a member of another closed
  group: pages, JSON twins, exports, themes, browse (test_filter_values.py did this for
  groups and authors).
* Every route that takes a document id and changes or shows it (sharing, delete and its
  confirmation, client names, metadata with valid and invalid values, pack add and remove,
  a new pack with a first source, the original, the page, HEAD, a trailing slash, related)
  answers a closed group's document as one never made, to a moderator of another group,
  a member of a closed group, a researcher and an account without a role.

All six pass on 998f854, on SQLite and PostgreSQL. A wider differential of the first kind (every GET route,
closed documents whose authors are the outsiders' own account names, erased against kept)
held too on PostgreSQL; it is not kept: test_differential.py covers its shape.
"""
from __future__ import annotations

import re
from urllib.parse import quote, quote_plus

import pytest

from access_world import form_csrf
from security_world import add_document

OLD = {"cycle": "2019-2020", "type": "reflectie", "date": "2019-05-05", "session": 7}
CLOSED_VALUES = ("2019-2020", "reflectie", "2019-01-01", "2019-12-31")
NEVER_VALUES = ("1999-2000", "publicatie", "1999-01-01", "1999-12-31")
BASES = ("/?q=thuiszorg", "/api/search?q=thuiszorg&k=100", "/api/who?q=thuiszorg", "/api/documents?limit=1000",
         "/themas?x=1", "/api/themes?x=1", "/api/themes?netwerk=1", "/themas/export.csv?wat=matrix",
         "/api/themes/export?what=passages&format=json", "/bladeren?x=1", "/api/browse?x=1",
         "/zoekresultaten.csv?q=thuiszorg", "/api/themes/clusters?x=1", "/themas/grafiek.svg?x=1",
         "/api/themes/eenzaamheid?x=1", "/themas/dementie?x=1")
FILTERS = ("cycle={c}", "type={t}", "van={f}&tot={u}", "cycle={c}&netwerk=1")
PLACES = [f"/{kind}/{quote(group)}/{{c}}" for kind in ("bladeren", "api/browse")
          for group in ("PG Oost", "Wijkteam Zuid", "PG Noord")]
PERIODS = ["/themas/eenzaamheid?periode={c}", "/api/themes/dementie?periode={c}&cycle={c}"]
ROUTES = [f"{base}&{f}" for base in BASES for f in FILTERS] + PLACES + PERIODS


def _closed_material(world, folder) -> None:
    """PG Oost's and Wijkteam Zuid's closed documents of a cycle, type and date nobody else has."""
    for sub, doc_id, community in (("a", "oost-oud.md", "PG Oost"), ("b", "zuid-oud.md", "Wijkteam Zuid")):
        add_document(world, folder / sub, doc_id, "De thuiszorg en de buren in de wijk, dementie en eenzaamheid.",
                     community, {**OLD, "themes": ["dementie", "eenzaamheid"]})
    world.store.accounts.set_document_sharing("zuid-oud.md", "closed")


def _answer(client, route: str, values: tuple[str, ...]) -> tuple[int, str]:
    cycle, kind, start, end = values
    response = client.get(route.format(c=cycle, t=kind, f=start, u=end))
    text = re.sub(r'(name="csrf" value=")[^"]+', r"\1C", response.text)
    text = re.sub(r'"seconds": ?[0-9.e-]+', '"seconds": 0', text)
    for value in (*CLOSED_VALUES, *NEVER_VALUES, "2019", "1999"):   # both sets: the type is in the page's text too
        for shown in (value, quote(value), quote_plus(value), value.capitalize()):
            text = text.replace(shown, "WAARDE")
    return response.status_code, text


@pytest.mark.parametrize("name", ["mod-noord-free", "lid-noord"])
def test_a_closed_only_cycle_type_or_date_answers_as_one_nobody_has(world, tmp_path, name):
    """mod-noord-free: PG Oost's closed documents and Wijkteam Zuid's closed one are not
    theirs (the access world's lid-noord likewise)."""
    import search.themes as themes

    _closed_material(world, tmp_path)
    if name == "mod-noord-free":
        world.store.accounts.add_user(name, "wachtwoord van " + name)
        world.store.accounts.grant(name, "PG Noord", "moderator")
    client = world.client(name)
    client.get("/themas")
    themes.wait_for_tagging(world.store, 60)
    differ = [route for route in ROUTES if _answer(client, route, CLOSED_VALUES) != _answer(client, route, NEVER_VALUES)]
    assert differ == []


def _by_id(client, doc_id: str) -> list[tuple]:
    """What every document-id route answers for `doc_id`, the id itself replaced."""
    csrf, path = form_csrf(client, "/account"), quote(doc_id, safe="/")
    json_headers = {"x-csrf-token": csrf, "accept": "application/json"}
    asked = [
        ("delen", lambda: client.post(f"/delen/{path}", data={"sharing": "closed", "csrf": csrf}, follow_redirects=False)),
        ("confirm", lambda: client.get(f"/verwijderen/{path}")),
        ("delete", lambda: client.post(f"/verwijderen/{path}", data={"csrf": csrf}, follow_redirects=False)),
        ("names", lambda: client.post(f"/clientnamen/{path}", data={"namen": "Peeters", "csrf": csrf})),
        ("names json", lambda: client.post(f"/api/documents/{path}/client-names", data={"namen": "Peeters"},
                                           headers=json_headers)),
        ("edit", lambda: client.post(f"/gegevens/{path}", data={"title": "x", "csrf": csrf}, follow_redirects=False)),
        ("edit bad", lambda: client.post(f"/gegevens/{path}", data={"title": "", "csrf": csrf}, follow_redirects=False)),
        ("edit json", lambda: client.post(f"/api/documents/{path}/metadata", data={"title": "x"}, headers=json_headers)),
        ("edit json bad", lambda: client.post(f"/api/documents/{path}/metadata", data={"title": "", "date": "xx"},
                                              headers=json_headers)),
        ("pack add", lambda: client.post("/pakket/toevoegen", data={"doc_id": doc_id, "csrf": csrf},
                                         follow_redirects=False)),
        ("pack remove", lambda: client.post("/pakket/verwijderen", data={"doc_id": doc_id, "csrf": csrf},
                                            follow_redirects=False)),
        ("new pack", lambda: client.post("/pakketten", data={"naam": "P", "groep": "Wijkteam Zuid", "doc_id": doc_id,
                                                             "csrf": csrf}, follow_redirects=False)),
        ("packs", lambda: client.get(f"/pakketten?doc_id={quote(doc_id, safe='')}")),
        ("original", lambda: client.get(f"/bron/{path}")),
        ("page", lambda: client.get(f"/documenten/{path}")),
        ("head", lambda: client.head(f"/documenten/{path}")),
        ("slash", lambda: client.get(f"/documenten/{path}/")),
        ("related", lambda: client.get(f"/api/documents/{path}/related?other_communities=true")),
    ]
    out = []
    for label, ask in asked:
        response = ask()
        text = re.sub(r'(name="csrf" value=")[^"]+', r"\1C", response.text)
        out.append((label, response.status_code, response.headers.get("location", "").replace(path, "ID"),
                    text.replace(doc_id, "ID").replace(path, "ID")))
    return out


@pytest.mark.parametrize("name", ["mod-zuid", "lid-noord", "onderzoeker", "nieuw"])
def test_every_document_id_route_answers_a_closed_document_as_one_never_made(world, name):
    closed = "oost/geheim.md"
    client = world.client(name)
    assert _by_id(client, closed) == _by_id(client, "oost/nooit-gemaakt.md")
    assert world.store.catalogue.get_document(closed) is not None
