"""The Thema's page and /api/themes through the real app (fake embedder): the
matrix with trends, every cell's link to its passages, the chart, exports, and
access: members get a 403, a researcher never sees a closed community's counts,
passages or export rows."""
import datetime as dt
import json
import re
import threading
from html import unescape
from urllib.parse import parse_qs, unquote, urlsplit

import pytest
from fastapi.testclient import TestClient

import ingest
import search.themes as themes
from theme_docs import DOCS, HEAT, NEW, NORTH, OLD, SOUTH, _doc, settle_themes, write
from theme_docs import RECURRING_THEME as RECURRING
from web.app import create_app
from web.runtime import Runtime
from web.views.themes import SVG_POLICY

SOUTH_DOC, SOUTH_AUTHOR = "zuid/2023-2024/schulden.md", "Fatima El Amrani"
CELL = re.compile(r'<a class="cell" href="(/themas/[^"?]+\?[^"]+)"[^>]*>(\d+)')


@pytest.fixture
def app_store(tagged_theme_store, fake_embedder):
    """The theme documents, every passage tagged (a copy of tests/conftest.py's session
    template), and the app's runtime over them."""
    store = tagged_theme_store
    runtime = Runtime(store.settings, store=store, embedder=fake_embedder)
    return store, runtime


@pytest.fixture
def local(app_store):
    """Single-user local mode (no accounts): everything may be seen."""
    with TestClient(create_app(app_store[1], warm_up=False)) as client:
        yield client


@pytest.fixture
def as_user(app_store):
    store, runtime = app_store
    for name, community, role in (("onderzoeker-noord", NORTH, "onderzoeker"), ("moderator-zuid", SOUTH, "moderator"),
                                  ("lid-noord", NORTH, "lid")):
        store.accounts.add_user(name, "een lang wachtwoord")
        store.accounts.grant(name, community, role)
    client = TestClient(create_app(runtime, warm_up=False))

    def get(name: str, url: str):
        return client.get(url, headers={"Authorization": f"Bearer {store.accounts.create_token(name)}"})
    with client:
        yield get


def _xlsx_text(data: bytes) -> str:
    """Every cell of a workbook's first sheet, as one text to search."""
    import io

    import openpyxl

    sheet = openpyxl.load_workbook(io.BytesIO(data)).worksheets[0]
    return "\n".join(str(cell.value) for row in sheet.iter_rows() for cell in row if cell.value is not None)


def _cells(html: str) -> list[tuple[str, int]]:
    return [(unescape(url), int(n)) for url, n in CELL.findall(html)]


def test_the_page_shows_the_matrix_with_trends_chart_and_exports(local):
    page = local.get("/themas")
    assert page.status_code == 200 and '<html lang="nl">' in page.text
    assert 'href="/themas" aria-current="page">Thema' in page.text
    assert '<table class="theme-matrix">' in page.text and 'src="/themas/grafiek.svg?' in page.text
    assert f"<th scope=\"col\">{OLD}</th>" in page.text and f"<th scope=\"col\">{NEW}</th>" in page.text
    assert re.search(r'class="trend trend-(nieuw|verdwijnend|terugkerend)"', page.text)
    for what in ("matrix", "passages"):
        for fmt in ("csv", "json", "xlsx"):
            assert f"/themas/export.{fmt}?wat={what}" in page.text
        assert f"/themas/export.csv?wat={what}&amp;sep=%3B" in page.text
    assert "<script" not in page.text and "style=" not in page.text


@pytest.mark.parametrize("view", ["", "?netwerk=1"])
def test_every_cell_links_to_the_passages_of_that_theme_and_period(local, view):
    """Per community (the default) a cell's link keeps to its community; in the network view to all."""
    cells = _cells(local.get("/themas" + view).text)
    assert cells
    for url, documents in cells:
        parts = urlsplit(url)
        query = parse_qs(parts.query)
        theme, period = unquote(parts.path.removeprefix("/themas/")), query["periode"][0]
        assert (query.get("community") is None) == bool(view)
        page = local.get(url)
        assert page.status_code == 200 and f"<h1>{theme}" in unescape(page.text)
        cycles = re.findall(r'<article class="quote" id="q\d+" data-cycle="([^"]*)"', page.text)
        assert cycles and set(cycles) == {period}
        answer = local.get(f"/api/themes/{theme}", params={**query, "k": 500}).json()
        shown = answer["passages"]
        assert len({p["doc_id"] for p in shown}) == documents
        # the page and its twin say whose passages these are (a cell of one group's table)
        assert answer["community"] == query.get("community", [])
        for group in query.get("community", []):
            assert f"<small>· {group}</small></h1>" in unescape(page.text) and {p["community"] for p in shown} == {group}


def test_per_session_within_one_cycle(local):
    page = local.get(f"/themas?cycle={NEW}")
    assert "per sessie in cyclus" in page.text and "<th scope=\"col\">sessie 1</th>" in page.text
    periods = {parse_qs(urlsplit(url).query)["periode"][0] for url, _ in _cells(page.text)}
    assert periods and all(p.startswith(f"{NEW} #0") for p in periods)
    assert {m["by"] for m in local.get(f"/api/themes?cycle={NEW}").json()["matrices"]} == {"session"}


def test_the_chart_is_an_svg_with_its_own_policy(local):
    chart = local.get("/themas/grafiek.svg")
    assert chart.status_code == 200 and chart.headers["content-type"] == "image/svg+xml"
    assert chart.content.lstrip().startswith(b"<?xml") and b"<svg" in chart.content and b"<script" not in chart.content
    assert chart.headers["content-security-policy"] == SVG_POLICY and "script" not in SVG_POLICY


def test_exports_download_csv_and_json(local):
    matrix = local.get("/themas/export.csv?wat=matrix")
    assert matrix.headers["content-type"].startswith("text/csv")
    assert 'attachment; filename="themas-matrix.csv"' == matrix.headers["content-disposition"]
    assert matrix.content.startswith(b"\xef\xbb\xbf")  # a BOM: Excel reads UTF-8, accents intact
    assert matrix.content.decode("utf-8-sig").splitlines()[0] == (
        f"Groep,Thema,Verloop,Verloop over,Verloop van groepen,Lopende cyclus,{OLD} (documenten),"
        f"{NEW} (documenten),{OLD} (aandeel %),{NEW} (aandeel %),{OLD} (alle documenten),{NEW} (alle documenten),"
        f"{OLD} (passages),{NEW} (passages)")
    passages = local.get("/themas/export.json?wat=passages").json()
    assert any(hits for hits in passages.values())
    assert all(hit["doc_id"] in {**DOCS, **HEAT} and hit["passages"] for hits in passages.values() for hit in hits)
    assert local.get("/api/themes/export?what=matrix&format=json").json()["matrices"] == (
        local.get("/api/themes").json()["matrices"])
    for url in ("/themas/export.xml", "/themas/export.csv?wat=passage", "/api/themes/export?what=tabel"):
        refused = local.get(url)   # it answered 'Deze pagina bestaat niet'
        assert refused.status_code == 422 and "Deze export bestaat niet: kies de matrix of de passages" in (
            unescape(refused.text)), url


def test_discovered_clusters_and_unknown_themes(local):
    page = local.get("/themas/ontdekken").text
    assert "Ontdekte thema" in page
    passages = re.findall(r'<blockquote class="passage">(.*?)<a class="to-passage"', page, re.S)
    assert passages and not any(re.search(r"(^|\n)\s*#", p) for p in passages)   # text, not Markdown source
    clusters = local.get("/api/themes/clusters").json()["clusters"]
    assert clusters and all(c["label"] and c["representative"] for c in clusters)
    authors = {w.lower() for name in ("Griet Declercq", "Tom Wouters", SOUTH_AUTHOR) for w in name.split()}
    assert not authors & {w for c in clusters for w in c["label"]}
    assert local.get("/themas/bestaat-niet").status_code == 404
    assert local.get("/api/themes/bestaat-niet").status_code == 404


def test_an_unknown_theme_says_so_in_dutch_with_what_to_try(as_user):
    """Workflow round 41: /themas/eenzaamheid (a typo, an old link) gave the 404 of an absent
    document ("Deze pagina bestaat niet") with only 'Terug naar zoeken'. A researcher is told
    there is no such theme, with the nearest one (a theme of the vocabulary, the same for
    everyone) linked and the themes page; the JSON twin says the same text. A real theme
    still opens, and a member without a research role still gets the 403 first."""
    def get(url: str):
        return as_user("onderzoeker-noord", url)
    page = get("/themas/Eenzaamheid en isolatie")
    text = unescape(" ".join(page.text.split()))
    assert page.status_code == 404 and "Er is geen thema „Eenzaamheid en isolatie”." in text
    assert f"Bedoelde u „{RECURRING}”?" in text and "Deze pagina bestaat niet" not in text
    assert f'<a href="/themas/{RECURRING.replace(" ", "%20")}">Thema „{RECURRING}”</a>' in text
    assert '<a href="/themas">Alle thema\'s</a>' in text
    twin = get("/api/themes/Eenzaamheid en isolatie")
    assert twin.status_code == 404 and twin.json()["error"].startswith("Er is geen thema „Eenzaamheid en isolatie”.")
    nowhere = get("/api/themes/xqzw").json()["error"]
    assert "Bedoelde u" not in nowhere and "Kies een thema op de pagina Thema's" in nowhere
    assert get(f"/themas/{RECURRING}").status_code == 200
    assert as_user("lid-noord", "/themas/xqzw").status_code == 403


def test_a_member_without_a_research_role_gets_a_dutch_403(as_user):
    page = as_user("lid-noord", "/themas")
    assert page.status_code == 403 and "Geen toegang" in page.text
    assert 'href="/themas"' not in page.text
    assert as_user("lid-noord", "/api/themes").status_code == 403
    assert as_user("lid-noord", "/themas/export.csv?wat=passages").status_code == 403
    assert 'href="/themas"' in as_user("onderzoeker-noord", "/").text


def test_an_unknown_or_closed_group_is_said_alike(as_user):
    """QA (7 December): /themas?community=<unknown> showed "alle groepen" in the select and an
    empty page, without saying why. It says the group is unknown or not open to the caller, in
    the same words for a closed group as for one never made (and names neither)."""
    unknown = as_user("onderzoeker-noord", "/themas?community=PG Nergens").text
    closed = as_user("onderzoeker-noord", f"/themas?community={SOUTH}").text
    said = "De gekozen groep bestaat niet, of u heeft er geen toegang toe"
    assert said in unknown and said in closed
    assert "PG Nergens" not in unknown and SOUTH not in closed
    assert said not in as_user("onderzoeker-noord", f"/themas?community={NORTH}").text


def test_a_researcher_never_sees_a_closed_community(as_user, app_store):
    urls = ["/themas", "/themas/grafiek.svg", "/themas/ontdekken", "/api/themes", "/api/themes/clusters",
            "/themas/export.csv?wat=passages", "/themas/export.json?wat=passages", "/themas/export.csv?wat=matrix",
            "/themas/export.xlsx?wat=passages", f"/themas?community={SOUTH}", "/api/themes/armoede?k=500",
            "/themas?netwerk=1", "/api/themes?netwerk=1", f"/themas/grafiek.svg?groep={SOUTH}",
            f"/themas/grafiek.svg?netwerk=1&groep={SOUTH}"]
    for url in urls:
        response = as_user("onderzoeker-noord", url)
        body = _xlsx_text(response.content) if url.startswith("/themas/export.xlsx") else response.text
        assert SOUTH_DOC not in body and SOUTH_AUTHOR not in body and SOUTH not in body, url
    north = as_user("onderzoeker-noord", "/api/themes").json()["matrices"]
    assert [(m["community"], m["periods"]) for m in north] == [(NORTH, [OLD, NEW])]
    assert as_user("onderzoeker-noord", "/api/themes?netwerk=1").json()["matrices"][0]["periods"] == [OLD, NEW]
    passages = json.loads(as_user("onderzoeker-noord", "/themas/export.json?wat=passages").text)
    assert {hit["community"] for hits in passages.values() for hit in hits} == {NORTH}
    [south] = as_user("moderator-zuid", "/api/themes").json()["matrices"]
    assert south["periods"] == [NEW] and south["community"] == SOUTH
    assert sum(sum(row["documents"].values()) for row in south["themes"]) >= 1
    assert SOUTH_DOC in as_user("moderator-zuid", "/themas/export.csv?wat=passages").text


PROGRESS = re.compile(r"Thema's worden berekend… (\d+) van (\d+) passages")


def test_a_request_never_trains_the_tagger(store, fake_embedder, tmp_path, monkeypatch):
    """The pages answer while the tagger trains on its own thread (held here until
    the pages were seen), showing its progress; afterwards the result is there."""
    assert not ingest.ingest_paths(store, fake_embedder, [write(tmp_path / "docs", DOCS)]).failed
    release, trained_on = threading.Event(), []
    real_train = themes.train

    def train(*args, **kwargs):
        trained_on.append(threading.current_thread().name)
        assert release.wait(120), "the test never released the trainer"
        return real_train(*args, **kwargs)
    monkeypatch.setattr(themes, "train", train)
    monkeypatch.setattr(themes, "_taggers", {})   # no tagger trained by an earlier test
    runtime = Runtime(store.settings, store=store, embedder=fake_embedder)
    with TestClient(create_app(runtime, warm_up=False)) as client:
        try:
            for url in ("/themas", "/themas/ontdekken", f"/themas/{RECURRING}"):
                page = client.get(url)
                assert page.status_code == 200 and PROGRESS.search(page.text), url
            done, total = map(int, PROGRESS.search(client.get("/themas").text).groups())
            assert done == 0 and total > 0
            assert client.get("/api/themes").json()["tagging"] == {"running": True, "done": 0, "total": total,
                                                                  "failed": ""}
        finally:
            release.set()
        progress = themes.wait_for_tagging(store)
        assert (progress.running, progress.done, progress.total, progress.failed) == (False, total, total, "")
        assert trained_on == [themes.TAGGER_THREAD]
        page = client.get("/themas")
        assert not PROGRESS.search(page.text) and _cells(page.text)
        assert client.get("/api/themes").json()["tagging"]["running"] is False
    assert trained_on == [themes.TAGGER_THREAD]   # the later visits found everything tagged


NEWGROUP, STARTED = "PG Nieuw", "2024-2025"


def _trends(answer: dict) -> dict:
    return {m["community"]: ({r["theme"]: (r["trend"], r["documents"]) for r in m["themes"]}, m["running"])
            for m in answer["matrices"]}


def test_a_new_groups_first_cycle_runs_and_leaves_the_other_groups_trends_alone(app_store, tmp_path):
    """Issue 18: two documents of a new group in a new cycle turned 9 of 14 themes
    'verdwijnend' network-wide. Per group the others' trends stay as they were; the
    new cycle is 'lopend', and the network view does not compare it as complete."""
    store, runtime = app_store
    store.accounts.add_community(NEWGROUP, "closed")
    store.accounts.add_user("onderzoeker-netwerk", "een lang wachtwoord")
    for community in (NORTH, SOUTH, NEWGROUP):
        store.accounts.grant("onderzoeker-netwerk", community, "onderzoeker")
    client = TestClient(create_app(runtime, warm_up=False))
    client.headers["Authorization"] = f"Bearer {store.accounts.create_token('onderzoeker-netwerk')}"
    with client:
        before, network_before = client.get("/api/themes").json(), client.get("/api/themes?netwerk=1").json()
        recent = (dt.date.today() - dt.timedelta(days=10)).isoformat()
        started = {f"nieuw/{STARTED}/sessie-{n}.md": _doc(
            f"Sessie {n}: kennismaking", NEWGROUP, STARTED, n, recent, "Sara Claes", [RECURRING],
            "We stelden ons voor en deelden wat ons bezighoudt: eenzaamheid bij ouderen in de wijk.") for n in (1, 2)}
        assert not ingest.ingest_paths(store, runtime.embedder, [write(tmp_path / "nieuw", started)]).failed
        settle_themes(client)
        after = client.get("/api/themes").json()
        assert {c: v for c, v in _trends(after).items() if c != NEWGROUP} == _trends(before)
        assert _trends(after)[NEWGROUP][1] == [STARTED]
        network = client.get("/api/themes?netwerk=1").json()["matrices"][0]
        assert network["running"] == [STARTED] and network["periods"][-1] == STARTED
        trends = {r["theme"]: r["trend"] for r in network["themes"]}
        earlier = {r["theme"]: r["trend"] for r in network_before["matrices"][0]["themes"]}
        assert {theme: trends[theme] for theme in earlier} == earlier and "verdwijnend" in earlier.values()
        assert all(trends[theme] == "" for theme in set(trends) - set(earlier))   # only in the running cycle
        page = client.get("/themas").text
        section = page[page.index(f">{NEWGROUP}</h2>"):]
        assert f'{STARTED} <span class="running">lopend</span>' in section
        assert "lopend" not in page[:page.index(f">{NEWGROUP}</h2>")]


def test_counts_come_with_their_share_of_the_periods_documents(local):
    for matrix in local.get("/api/themes").json()["matrices"]:
        assert matrix["themes"]
        for row in matrix["themes"]:
            for period, documents in row["documents"].items():
                assert 0 < documents <= matrix["period_documents"][period]
                assert row["share"][period] == round(documents / matrix["period_documents"][period], 3)
    page = local.get("/themas").text
    assert re.search(r'<span class="share">\d+%</span>', page)
    # the page's rule for 'lopend' is the whole rule (search/themes/_trace.py), the year included
    assert "het jaar waarop haar naam eindigt nog niet voorbij is" in " ".join(page.split())


def _csv_rows(response) -> list[dict]:
    import csv
    import io

    return list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))


def test_the_matrix_export_follows_the_pages_scope(local):
    """Per group by default, as the page; the page's network view links to the pooled
    export, whose rows are the network matrix's (with its running cycles and shares)."""
    rows = _csv_rows(local.get("/themas/export.csv?wat=matrix&sep=;"))
    shown = local.get("/api/themes").json()["matrices"]
    assert {r["Groep"] for r in rows} == {m["community"] for m in shown} == {NORTH, SOUTH}
    for matrix in shown:
        for theme in matrix["themes"]:
            row = next(r for r in rows if (r["Groep"], r["Thema"]) == (matrix["community"], theme["theme"]))
            assert row["Verloop"] == theme["trend"] and row["Lopende cyclus"] == ", ".join(matrix["running"])
            for period in matrix["periods"]:
                assert int(row[f"{period} (documenten)"]) == theme["documents"].get(period, 0)
                assert int(row[f"{period} (alle documenten)"]) == matrix["period_documents"][period]
                assert int(row[f"{period} (aandeel %)"]) == round(100 * theme["share"].get(period, 0))
    assert "De matrix volgt wat hierboven staat: per groep" in local.get("/themas").text
    page = local.get("/themas?netwerk=1").text
    assert "/themas/export.csv?netwerk=1&amp;wat=matrix&amp;sep=%3B" in page
    assert "De matrix volgt wat hierboven staat: het hele netwerk samen" in page
    pooled = _csv_rows(local.get("/themas/export.csv?netwerk=1&wat=matrix&sep=;"))
    [network] = local.get("/api/themes?netwerk=1").json()["matrices"]
    assert {r["Groep"] for r in pooled} == {"alle groepen samen"}
    assert sorted(r["Thema"] for r in pooled) == sorted(t["theme"] for t in network["themes"])
    assert local.get("/themas/export.json?netwerk=1&wat=matrix").json()["scope"] == "netwerk"


def test_a_moderator_exports_only_their_own_groups_trends(as_user, app_store):
    """Attack: the moderator of Wijkteam Zuid exports the trends in every format and
    scope, also asking for PG Noord by name: no row, no period and no count of PG
    Noord's closed documents; the export equals one made over Zuid alone."""
    from store import Filters

    store, _ = app_store
    vocabulary = themes.load_vocabulary(store.settings.data_dir)
    for scope in ("", "netwerk=1&", f"community={NORTH}&", f"netwerk=1&community={NORTH}&"):
        for fmt in ("csv", "xlsx", "json"):
            response = as_user("moderator-zuid", f"/themas/export.{fmt}?{scope}wat=matrix&sep=;")
            assert response.status_code == 200, (scope, fmt)
            body = _xlsx_text(response.content) if fmt == "xlsx" else response.content.decode("utf-8-sig")
            assert NORTH not in body and OLD not in body, (scope, fmt)
            if fmt != "xlsx" and "community" not in scope:
                alone = themes.export(store, Filters(communities=(SOUTH,)), vocabulary, "matrix", fmt, "cycle", ";",
                                      network="netwerk" in scope)
                assert response.content == alone, (scope, fmt)
        rows = _csv_rows(as_user("moderator-zuid", f"/themas/export.csv?{scope}wat=matrix&sep=;"))
        assert all(int(r[f"{NEW} (alle documenten)"]) <= 1 for r in rows), scope   # Zuid has one document
        assert {r["Groep"] for r in rows} <= {SOUTH, "alle groepen samen"}, scope


EDITED = "noord/2022-2023/alleen.md"   # PG Noord, 2022-2023, about eenzaamheid en isolement


def _posting(client: TestClient) -> TestClient:
    """The client with its CSRF token as a header (got from a page that is no theme page)."""
    client.get("/bladeren")
    client.headers["x-csrf-token"] = client.cookies["praktijkgeheugen_csrf"]
    return client


def _tagged_now(store, embedder, doc_id: str) -> tuple[set[int], set[int]]:
    """(the document's current passages, those tagged with the current vocabulary)."""
    version = themes.tag_version(themes.load_vocabulary(store.settings.data_dir), embedder)
    mine = {c.pk for c in store.catalogue.chunks_of(store.catalogue.get_document(doc_id).pk)}
    untagged = {pk for pk, *_ in store.tags.untagged_chunks(version)}
    return mine, mine - untagged


def test_an_edit_is_tagged_in_the_background_without_a_visit(app_store):
    """Issue 18: a metadata edit left the new version's passages untagged (out of the
    themes) until a theme page was visited or the server restarted. The edit itself
    schedules the background run; the test waits on that run, and visits no theme page
    before it: the document's themes then count in its new cycle."""
    from store import Filters
    from web.views.metadata import form_values

    store, runtime = app_store
    north = Filters(communities=(NORTH,))
    was = {pk for pk, _ in store.tags.theme_passages(north, RECURRING, OLD, 500)}
    assert was & _tagged_now(store, runtime.embedder, EDITED)[1]
    with _posting(TestClient(create_app(runtime, warm_up=False))) as client:
        edited = store.catalogue.get_document(EDITED)
        values = {**form_values(edited, store.catalogue.written_authors(edited)), "cycle": NEW}
        answer = client.post(f"/api/documents/{EDITED}/metadata", data=values)
        assert answer.status_code == 200 and answer.json()["changed"] == ["cycle"]
        progress = themes.wait_for_tagging(store)
        assert progress is not None and not progress.running and progress.failed == ""
        mine, tagged = _tagged_now(store, runtime.embedder, EDITED)
        assert mine and tagged == mine and not mine & was
        moved = {pk for pk, _ in store.tags.theme_passages(north, RECURRING, NEW, 500)}
        assert mine & moved
        north_matrix = next(m for m in client.get("/api/themes").json()["matrices"] if m["community"] == NORTH)
        row = next(r for r in north_matrix["themes"] if r["theme"] == RECURRING)
        assert row["documents"][NEW] == 2 and OLD not in row["documents"]


def test_a_corrected_name_is_tagged_in_the_background_without_a_visit(app_store, tmp_path):
    """A missed client name corrected makes a new version: it is tagged by the run the
    correction schedules."""
    store, runtime = app_store
    doc = "noord/2023-2024/bezoek.md"
    named = {doc: _doc("Sessie 6: op bezoek", NORTH, NEW, 6, "2024-03-12", "Tom Wouters", [RECURRING],
                       "We gingen op bezoek. Bolleke, zoals de buren haar noemen, woont alleen."
                       " Sinds de dood van haar man ziet ze bijna niemand;"
                       " eenzaamheid en isolement zijn groot, de zondag is het zwaarst.")}
    assert not ingest.ingest_paths(store, runtime.embedder, [write(tmp_path / "named", named)]).failed
    themes.tagged(store, runtime.embedder, store.settings.data_dir, store.settings.cache_dir)
    before = _tagged_now(store, runtime.embedder, doc)[0]
    with _posting(TestClient(create_app(runtime, warm_up=False))) as client:
        answer = client.post(f"/api/documents/{doc}/client-names", data={"namen": "Bolleke"})
        assert answer.status_code == 200 and answer.json()["documents"] == [{"doc_id": doc, "mentions": 1}]
        themes.wait_for_tagging(store)
        mine, tagged = _tagged_now(store, runtime.embedder, doc)
        assert mine and tagged == mine and not mine & before


def test_kept_discovered_clusters_never_cross_to_another_groups_user(as_user, app_store, tmp_path, monkeypatch):
    """Attack on the kept layouts (R7): a researcher of PG Noord and the moderator of
    Wijkteam Zuid take turns on the discovered themes. Each scope is clustered once and
    kept; neither ever gets a cluster, a size or a passage id of the other's group."""
    import search.themes._discover as discovery

    store, runtime = app_store
    worries = ["de huur", "de energiefactuur", "de schoolrekening", "een lening", "de tandarts", "de waterfactuur",
               "een boete"]
    helps = ["een budgetplan", "een sociaal tarief", "de voedselbank", "een afbetalingsplan", "de schuldbemiddelaar",
             "een premie", "het OCMW"]
    south_docs = {f"zuid/2023-2024/budget-{n}.md": _doc(
        f"Casus {n}: rondkomen met een leefloon", SOUTH, NEW, 2 + n, f"2024-0{n}-05", "Fatima El Amrani", [],
        f"Het gezin komt niet rond: {worries[n - 1]} blijft liggen en de kinderen merken het. We zoeken samen"
        f" naar {helps[n - 1]} en bellen over {n} weken terug.") for n in range(1, 8)}
    assert not ingest.ingest_paths(store, runtime.embedder, [write(tmp_path / "zuid", south_docs)]).failed
    calls = []
    real = discovery.cluster_scope

    def counted(store_, filters, k, people):
        calls.append(filters.access.member_of)
        return real(store_, filters, k, people)
    monkeypatch.setattr(discovery, "cluster_scope", counted)
    monkeypatch.setattr(discovery, "_layouts", discovery.Layouts())
    vector_ids = {community: {c.vector_id for d in store.catalogue.list_documents() if d.meta.community == community
                              for c in store.catalogue.chunks_of(d.pk)} for community in (NORTH, SOUTH)}
    seen = {}
    for user, community in [("onderzoeker-noord", NORTH), ("moderator-zuid", SOUTH)] * 2:
        clusters = as_user(user, "/api/themes/clusters").json()["clusters"]
        assert clusters, user
        ids = {i for c in clusters for i in c["chunk_ids"]}
        assert ids <= vector_ids[community] and not ids & vector_ids[NORTH if community == SOUTH else SOUTH]
        assert {h["community"] for c in clusters for h in c["representative"]} == {community}
        assert seen.setdefault(user, clusters) == clusters          # the repeat: the same clusters
        page = as_user(user, "/themas/ontdekken").text
        assert (SOUTH_DOC in page or "budget-" in page) == (community == SOUTH)
    assert sorted(calls) == [(NORTH,), (SOUTH,)]                     # each scope clustered once


def test_an_edit_succeeds_when_tagging_cannot_start(app_store):
    """A broken themes.yaml stops the tagging run from starting, not the edit it follows."""
    from web.views.metadata import form_values

    store, runtime = app_store
    (store.settings.data_dir / "themes.yaml").write_text("themes: [: kapot", "utf-8")
    with _posting(TestClient(create_app(runtime, warm_up=False))) as client:
        edited = store.catalogue.get_document(EDITED)
        values = {**form_values(edited, store.catalogue.written_authors(edited)), "session": "7"}
        answer = client.post(f"/api/documents/{EDITED}/metadata", data=values)
        assert answer.status_code == 200 and answer.json()["changed"] == ["session"]
    assert store.catalogue.get_document(EDITED).meta.session == 7


STOPPED = "PG Gestopt"   # a closed group that met for one cycle only, the earlier one
STOPPED_THEME = "valpreventie"


def test_a_group_with_one_cycle_gives_no_trend_and_the_page_says_what_trends_rest_on(app_store, tmp_path):
    """Finding: in the network view a theme only a stopped group wrote about was
    'verdwijnend', and Wijkteam Zuid's themes (it began in 2023-2024) 'nieuw'; per
    group a single cycle was 'eenmalig'. A trend is judged only on groups with a
    before and an after, and every table says what its trends rest on, the page and
    its JSON twin alike. A moderator of another group reads nothing of the closed
    stopped group in it."""
    store, runtime = app_store
    store.accounts.add_community(STOPPED, "closed")
    store.accounts.add_user("onderzoeker-drie", "een lang wachtwoord")
    for community in (NORTH, SOUTH, STOPPED):
        store.accounts.grant("onderzoeker-drie", community, "onderzoeker")
    stopped = {"gestopt/2022-2023/vallen.md": _doc(
        "Sessie 1: vallen en opstaan", STOPPED, OLD, 1, "2023-03-14", "Lien Vermeulen", [STOPPED_THEME],
        "Mevrouw D. viel twee keer in de badkamer. De kinesist gaf een cursus over vallen voorkomen.")}
    assert not ingest.ingest_paths(store, runtime.embedder, [write(tmp_path / "gestopt", stopped)]).failed
    client = TestClient(create_app(runtime, warm_up=False))
    client.headers["Authorization"] = f"Bearer {store.accounts.create_token('onderzoeker-drie')}"
    with client:
        settle_themes(client)
        [network] = client.get("/api/themes?netwerk=1").json()["matrices"]
        trends = {r["theme"]: (r["trend"], r["documents"]) for r in network["themes"]}
        assert trends[STOPPED_THEME] == ("", {OLD: 1})        # was verdwijnend
        north = {r["theme"] for m in client.get(f"/api/themes?community={NORTH}").json()["matrices"]
                 for r in m["themes"]}
        assert "armoede" not in north and trends["armoede"][0] == ""   # Zuid's only cycle: was nieuw
        assert "verdwijnend" in {trend for trend, _ in trends.values()}  # PG Noord's, before and after
        assert network["trend_basis"] == {"periods": [OLD, NEW], "communities": [NORTH], "left_out": [
            {"community": STOPPED, "periods": [OLD]}, {"community": SOUTH, "periods": [NEW]}]}
        page = unescape(client.get("/themas?netwerk=1").text)
        assert (f"Het verloop vergelijkt de volledige cycli {OLD} en {NEW} van {NORTH}. Niet meegeteld in het"
                f" verloop, want zonder cyclus ervoor en erna: {STOPPED} (alleen {OLD}) en {SOUTH} (alleen {NEW})."
                in page)
        assert 'class="trend trend-verdwijnend">verdwijnend</span>' in page
        row = page[page.index(f">{STOPPED_THEME}</a></th>"):]
        assert "trend-" not in row[:row.index("</tr>")]
        per_group = {m["community"]: m for m in client.get("/api/themes").json()["matrices"]}
        assert {r["trend"] for r in per_group[STOPPED]["themes"]} == {""}
        assert per_group[STOPPED]["trend_basis"]["periods"] == [OLD]
        assert per_group[NORTH]["trend_basis"]["communities"] == [NORTH]
        page = unescape(client.get("/themas").text)
        section = page[page.index(f">{STOPPED}</h2>"):]
        assert (f"Nog geen verloop: er is maar één volledige cyclus ({OLD}); een verloop vraagt een cyclus ervoor"
                " en erna." in section[:section.index("</section>")])
        rows = _csv_rows(client.get("/themas/export.csv?netwerk=1&wat=matrix&sep=;"))
        valpreventie = next(r for r in rows if r["Thema"] == STOPPED_THEME)
        assert (valpreventie["Verloop"], valpreventie["Verloop over"], valpreventie["Verloop van groepen"]) == (
            "", f"{OLD}, {NEW}", NORTH)
        [stopped_row] = [r for r in _csv_rows(client.get("/themas/export.csv?wat=matrix&sep=;"))
                         if r["Groep"] == STOPPED]
        assert (stopped_row["Verloop"], stopped_row["Verloop over"]) == ("", "")
    store.accounts.add_user("moderator-zuid-2", "een lang wachtwoord")
    store.accounts.grant("moderator-zuid-2", SOUTH, "moderator")
    outsider = TestClient(create_app(runtime, warm_up=False))
    outsider.headers["Authorization"] = f"Bearer {store.accounts.create_token('moderator-zuid-2')}"
    with outsider:
        for url in ("/themas?netwerk=1", "/api/themes?netwerk=1", "/themas", "/api/themes",
                    "/themas/export.csv?netwerk=1&wat=matrix", f"/api/themes?netwerk=1&community={STOPPED}"):
            body = outsider.get(url).text
            assert STOPPED not in body and STOPPED_THEME not in body and NORTH not in body, url
        [alone] = outsider.get("/api/themes?netwerk=1").json()["matrices"]
        assert alone["trend_basis"] == {"periods": [NEW], "communities": [], "left_out": []}


def test_a_cells_hidden_label_says_document_for_one_and_documenten_for_more(local):
    """A screen reader hears "1 document over ...", not "1 documenten" (the walk of stop 26)."""
    page = local.get("/themas").text
    labels = re.findall(r'>(\d+)<span class="visually-hidden"> (document(?:en)?) over ', page)
    assert labels and any(n == "1" for n, _ in labels)
    assert all((word == "document") == (n == "1") for n, word in labels)
