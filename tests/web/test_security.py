"""Web security: CSRF on every state-changing route, escaping of hostile document
titles, texts, author and community names on every page (XSS), path traversal in
document and file links, and the security headers."""
from __future__ import annotations

import re
from urllib.parse import quote

import pytest
from fastapi.testclient import TestClient

import ingest
from access_world import app_for, build, form_csrf, log_in, route_paths
from fakes import FakeEmbedder
from store import Settings, open_store
from web.auth import CSRF_COOKIE

SCRIPT = "<script>alert(1)</script>"
IMG = '"><img src=x onerror=alert(1)>'
PAYLOAD = f"{IMG}{SCRIPT}"
COMMUNITY = f"PG {IMG}"   # a community's name holds no "/" (tests/security/test_id_namespaces.py)
XSS_DOC = f"""---
title: 'Titel {PAYLOAD}'
type: casus
community: 'PG {IMG}'
cycle: "2023-2024"
session: 2
date: 2023-11-14
authors:
  - name: 'Auteur {PAYLOAD}'
    organisation: 'Organisatie {PAYLOAD}'
---
# Kop {PAYLOAD}

De buurtwerker sprak met de mantelzorger over de thuiszorg. {PAYLOAD} Daarna zochten
ze samen een vrijwilliger voor de boodschappen.
"""


# --- CSRF ------------------------------------------------------------------

@pytest.fixture(scope="module")
def world(tmp_path_factory):
    root = tmp_path_factory.mktemp("security")
    store = open_store(Settings(data_dir=root / "data", model=FakeEmbedder.name))
    build(store, FakeEmbedder(), root / "docs")
    yield app_for(store, FakeEmbedder())
    store.close()


def _post_paths(app) -> list[str]:
    """Every POST route, with a document id the moderator may change filled in."""
    return sorted(path.replace("{doc_id:path}", "zuid/open.md") for path in route_paths(app.routes, "POST"))


def test_every_post_route_refuses_a_missing_or_wrong_csrf_token(world):
    client = log_in(world, "mod-zuid")
    paths = _post_paths(world)
    assert {"/pakket/toevoegen", "/upload", "/api/upload", "/uitloggen", "/inloggen",
            "/verwijderen/zuid/open.md", "/delen/zuid/open.md"} <= set(paths)
    for path in paths:
        data = {"doc_id": "zuid/open.md", "sharing": "closed", "naam": "mod-zuid", "wachtwoord": "x" * 12}
        files = [("files", ("a.md", b"Tekst over de zandloper.", "text/markdown"))] if "upload" in path else None
        assert client.post(path, data=data, files=files).status_code == 403, path
        assert client.post(path, data={**data, "csrf": "geraden"}, files=files).status_code == 403, path
    assert client.get("/api/documents/zuid/open.md").status_code == 200   # nothing was deleted
    assert client.get("/api/documents").status_code == 200                # still logged in


def test_the_right_token_is_accepted(world):
    client = log_in(world, "mod-zuid")
    token = form_csrf(client)
    added = client.post("/pakket/toevoegen", data={"doc_id": "zuid/open.md", "csrf": token}, follow_redirects=False)
    assert added.status_code == 303
    made = client.post("/pakketten", data={"naam": "Sessie 1", "groep": "Wijkteam Zuid"},
                       headers={"x-csrf-token": token}, follow_redirects=False)
    assert made.status_code == 303


def test_another_sites_form_cannot_use_a_logged_in_browser(world):
    """The browser sends the session cookie, but the other site cannot read the token."""
    client = log_in(world, "mod-zuid")
    client.cookies.delete(CSRF_COOKIE)
    response = client.post("/verwijderen/zuid/open.md", data={"csrf": client.cookies.get(CSRF_COOKIE) or ""})
    assert response.status_code == 403 and "Dit formulier is verlopen" in response.text
    assert client.get("/api/documents/zuid/open.md").status_code == 200


def test_local_mode_forms_use_a_double_submit_cookie(filled_client):
    client = TestClient(filled_client.app)
    token = form_csrf(client, "/upload")
    assert client.cookies[CSRF_COOKIE] == token
    doc = "pg-noord/2022-2023/casus-weduwnaar.md"
    assert client.post("/pakket/toevoegen", data={"doc_id": doc}).status_code == 403
    assert client.post("/pakket/toevoegen", data={"doc_id": doc, "csrf": "x" + token}).status_code == 403
    assert client.post("/pakket/toevoegen", data={"doc_id": doc, "csrf": token}).status_code == 200


def test_csrf_cookie_is_httponly_and_strict(filled_client):
    response = TestClient(filled_client.app).get("/")
    cookie = next(c for c in response.headers.get_list("set-cookie") if c.startswith(CSRF_COOKIE))
    assert "HttpOnly" in cookie and "SameSite=strict" in cookie


# --- XSS ---------------------------------------------------------------------

@pytest.fixture
def hostile(store, fake_embedder, tmp_path):
    """Local mode (sees and may do everything) over one hostile document."""
    folder = tmp_path / "docs"
    folder.mkdir()
    (folder / "hostile.md").write_text(XSS_DOC, "utf-8")
    store.accounts.add_community(COMMUNITY, "shared")
    store.accounts.set_pseudonymise(COMMUNITY, False)
    ingest.ingest_paths(store, fake_embedder, [folder])
    client = TestClient(app_for(store, fake_embedder))
    client.get("/")
    client.headers["x-csrf-token"] = client.cookies[CSRF_COOKIE]
    return client


def _assert_escaped(html: str, where: str) -> None:
    assert SCRIPT not in html and "<img" not in html and "onerror=alert(1)>" not in html, where
    shown = ("&lt;script&gt;alert(1)&lt;/script&gt;", "&lt;img src=x onerror=alert(1)&gt;")
    assert any(escaped in html for escaped in shown), f"{where}: the payload is not shown at all"


def test_hostile_titles_texts_and_names_are_escaped_on_every_page(hostile):
    community = quote(COMMUNITY, safe="")
    hostile.post("/pakket/toevoegen", data={"doc_id": "hostile.md", "passage": 0})
    for url in ("/?q=mantelzorger+thuiszorg", "/?q=mantelzorger&mode=lexical", "/documenten/hostile.md?passage=0&q=mantelzorger",
                "/bladeren", f"/bladeren/{community}/2023-2024", "/pakket", "/upload", "/beheer",
                "/verwijderen/hostile.md", "/?q=mantelzorger&author=" + quote(f"Auteur {PAYLOAD}")):
        page = hostile.get(url)
        assert page.status_code == 200, url
        _assert_escaped(page.text, url)


def test_hostile_file_names_are_escaped_in_the_upload_report(hostile):
    page = hostile.post("/upload", data={"community": COMMUNITY, "cycle": "2023-2024"},
                        files=[("files", (f"{PAYLOAD}.md", b"Verslag over de buurt.", "text/markdown")),
                               ("files", (f"{PAYLOAD}.exe", b"MZ", "application/octet-stream"))])
    assert page.status_code == 200
    _assert_escaped(page.text, "upload report")


def test_hostile_material_in_the_audit_log_is_escaped(hostile):
    hostile.get("/documenten/hostile.md")
    hostile.app.state.runtime.store.accounts.audit(f"iemand {PAYLOAD}", "bekeken", f"x {PAYLOAD}")
    _assert_escaped(hostile.get("/beheer/audit").text, "audit")


# --- path traversal --------------------------------------------------------------

@pytest.mark.parametrize("path", [
    "/documenten/%2e%2e/%2e%2e/etc/passwd", "/documenten/..%2F..%2F..%2Fetc%2Fpasswd",
    "/bron/%2e%2e/%2e%2e/%2e%2e/etc/passwd", "/bron/..%2F..%2Fpraktijkgeheugen.sqlite3",
    "/api/documents/%2e%2e%2f%2e%2e%2fetc%2fpasswd", "/static/%2e%2e/app.py", "/static/..%2Fapp.py",
])
def test_traversal_in_links_reaches_no_file(filled_client, path):
    response = filled_client.get(path)
    assert response.status_code == 404 and "root:" not in response.text and "create_app" not in response.text


def test_only_uploaded_files_are_served_as_originals(filled_client, tmp_path):
    """A document ingested from elsewhere on disk stores no path now; one stored by an
    older version (the path as given) is never served."""
    doc = "pg-noord/2022-2023/casus-weduwnaar.md"
    store = filled_client.app.state.runtime.store
    assert store.catalogue.get_document(doc).source_path is None
    with store.db.transaction() as conn:
        conn.execute("UPDATE documents SET source_path = ? WHERE doc_id = ?", (str(tmp_path / "docs" / doc), doc))
    assert (tmp_path / "docs" / doc).is_file()
    assert "source_path" not in filled_client.get(f"/api/documents/{doc}").json()
    assert filled_client.get(f"/bron/{doc}").status_code == 404
    assert "Origineel bestand" not in filled_client.get(f"/documenten/{doc}").text


def test_uploaded_originals_are_served(filled_client):
    filled_client.get("/")
    token = filled_client.cookies[CSRF_COOKIE]
    filled_client.post("/upload", data={"community": "PG Noord", "csrf": token},
                       files=[("files", ("notitie.md", b"Een notitie over de buurt.", "text/markdown"))])
    assert filled_client.get("/bron/PG Noord/notitie.md").text == "Een notitie over de buurt."


# --- headers ---------------------------------------------------------------------

@pytest.mark.parametrize("url", ["/", "/documenten/bestaat-niet", "/api/search?q=x", "/inloggen"])
def test_security_headers_everywhere(world, url):
    response = TestClient(world).get(url, follow_redirects=False)
    policy = response.headers["content-security-policy"]
    assert "script-src 'none'" in policy and "default-src 'self'" in policy
    assert response.headers["x-content-type-options"] == "nosniff"
    assert not re.search(r"https?://", policy)
