"""A member narrows a search to a theme (`thema=`), on the search page, its JSON twins
and the exports, through the real app (fake embedder): only documents with a passage
tagged with that theme, within what the member may see. The filter is applied in the
store (store._filters) before anything is ranked or counted, so a closed group's theme
gives another group's member exactly what a theme nobody uses gives."""
import csv
import io
import json
import re
from html import unescape

import pytest
from fastapi.testclient import TestClient

import ingest
import search.themes as themes
from store import Filters
from theme_docs import DOCS, NORTH, SOUTH, _doc, write
from theme_docs import RECURRING_THEME as RECURRING
from web.app import create_app
from web.runtime import Runtime

# A label only the closed Wijkteam Zuid's front matter names: the tagger knows only the
# vocabulary's themes, so nothing else can carry it.
CLOSED_THEME, CLOSED_DOC = "valpreventie", "zuid/2023-2024/vallen.md"
FALL = {CLOSED_DOC: _doc(
    "Casus: vallen in de badkamer", SOUTH, "2023-2024", 2, "2023-11-21", "Fatima El Amrani", [CLOSED_THEME],
    "Mevrouw viel twee keer in de badkamer en durft niet meer alleen te douchen. De kinesist gaf een cursus"
    " over vallen voorkomen; de thuisverpleging kijkt mee naar drempels en matjes.")}
QUESTION = "iemand die alleen thuis zit en niemand meer ziet"


@pytest.fixture
def get(store, fake_embedder, tmp_path):
    """`get(user, url)` as that user: lid-noord (member of the closed PG Noord) and
    lid-zuid (member of the closed Wijkteam Zuid), every passage tagged."""
    store.accounts.add_community(NORTH, "closed")
    store.accounts.add_community(SOUTH, "closed")
    assert not ingest.ingest_paths(store, fake_embedder, [write(tmp_path / "docs", {**DOCS, **FALL})]).failed
    themes.tagged(store, fake_embedder, store.settings.data_dir, store.settings.cache_dir)
    for name, community in (("lid-noord", NORTH), ("lid-zuid", SOUTH)):
        store.accounts.add_user(name, "een lang wachtwoord")
        store.accounts.grant(name, community, "lid")
    client = TestClient(create_app(Runtime(store.settings, store=store, embedder=fake_embedder), warm_up=False))
    tokens = {name: store.accounts.create_token(name) for name in ("lid-noord", "lid-zuid")}

    def get(name: str, url: str, **params):
        return client.get(url, params=params, headers={"Authorization": f"Bearer {tokens[name]}"})
    get.store = store   # type: ignore[attr-defined]
    with client:
        yield get


def _themes_of(get, user: str, doc_id: str) -> set[str]:
    return set(get(user, f"/api/documents/{doc_id}").json()["all_themes"])


def _found(answer: dict) -> list[str]:
    return [hit["doc_id"] for hit in answer["results"] + answer["weaker"]]


def test_a_member_narrows_a_search_to_a_theme(get):
    everything = get("lid-noord", "/api/search", q=QUESTION, k=50).json()
    narrowed = get("lid-noord", "/api/search", q=QUESTION, k=50, thema=RECURRING).json()
    found = _found(narrowed)
    assert "noord/2022-2023/alleen.md" in found and narrowed["total"] == len(narrowed["results"])
    assert all(RECURRING in _themes_of(get, "lid-noord", doc_id) for doc_id in found)
    untagged = [d for d in _found(everything) if RECURRING not in _themes_of(get, "lid-noord", d)]
    assert untagged and not set(untagged) & set(found)   # the filter took documents away
    assert narrowed["next"] is None or "thema=" in narrowed["next"]
    assert narrowed["tagging"] == {"running": False, "done": narrowed["tagging"]["total"],
                                   "total": narrowed["tagging"]["total"], "failed": ""}
    page = get("lid-noord", "/", q=QUESTION, thema=RECURRING)
    html = unescape(page.text)
    assert page.status_code == 200 and '<label for="f-thema">Thema</label>' in html
    assert f'<option value="{RECURRING}" selected>{RECURRING}</option>' in html
    assert f"Thema: {RECURRING}" in html and "(1 actief)" in html    # the chip that takes it away
    assert set(re.findall(r'<h3 id="r\d+-titel"><a href="/documenten/([^"?]+)\?', page.text)) == set(found)
    assert "De thema's worden nog berekend" not in html
    # the other twins and the export follow the same filter
    people = get("lid-noord", "/api/who", q=QUESTION, thema=RECURRING).json()["people"]
    assert {r["doc_id"] for p in people for r in p["reasons"]} <= set(found)
    export = get("lid-noord", "/api/search/export", q=QUESTION, format="csv", thema=RECURRING)
    assert export.status_code == 200
    exported = {row["Document-id"] for row in csv.DictReader(io.StringIO(export.content.decode("utf-8-sig")))}
    assert exported and exported <= set(found)


def test_the_theme_list_holds_only_the_themes_of_what_the_member_may_see(get):
    options = lambda user: re.findall(  # noqa: E731
        r'<option value="([^"]+)"', unescape(get(user, "/").text).split('id="f-thema"')[1].split("</select>")[0])
    assert CLOSED_THEME in options("lid-zuid")
    assert CLOSED_THEME not in options("lid-noord") and RECURRING in options("lid-noord")


def test_a_closed_groups_theme_tells_another_groups_member_nothing(get):
    """Attack as PG Noord's member: Wijkteam Zuid's closed theme by name, on every
    route that takes the filter. The answers are those of a theme nobody uses: no
    document, count, person, passage or name of Zuid's."""
    own = get("lid-zuid", "/api/search", q="vallen in de badkamer", thema=CLOSED_THEME).json()
    assert _found(own) == [CLOSED_DOC] and own["total"] == 1
    for theme in (CLOSED_THEME, "een thema dat niemand gebruikt"):
        answer = get("lid-noord", "/api/search", q="vallen in de badkamer", thema=theme).json()
        assert (answer["results"], answer["weaker"], answer["total"], answer["people"]) == ([], [], 0, [])
    probes = [("/api/search", {}), ("/api/who", {}), ("/", {}), ("/api/search/export", {"format": "csv"}),
              ("/zoekresultaten.csv", {})]
    for url, extra in probes:
        attacked = get("lid-noord", url, q="vallen in de badkamer", thema=CLOSED_THEME, **extra)
        unused = get("lid-noord", url, q="vallen in de badkamer", thema="een thema dat niemand gebruikt", **extra)
        assert attacked.status_code == unused.status_code == 200, url
        body = attacked.content.decode("utf-8-sig")
        assert CLOSED_DOC not in body and SOUTH not in body and "Fatima" not in body and "badkamer en" not in body
        if url != "/":
            strip = (lambda t: re.sub(r'"seconds":[0-9.e-]+', "", t)) if url.startswith("/api/") else str  # noqa: E731
            assert strip(body) == strip(unused.content.decode("utf-8-sig")), url
    # the tagging progress the JSON twin reports counts only the member's own passages
    north, south = (get(user, "/api/search", q="vallen", thema=CLOSED_THEME).json()["tagging"]["total"]
                    for user in ("lid-noord", "lid-zuid"))
    assert 0 < north and 0 < south and north + south == get.store.catalogue.stats()["chunks"]


def test_a_theme_filter_sees_tags_written_after_its_set_was_kept(store, fake_embedder, tmp_path):
    """Rule R8: tags move without the catalogue generation, so a theme filter's allowed
    chunks kept before a tagging batch were served after it, and a document tagged since
    stayed out of a member's narrowed search until the next upload."""
    assert not ingest.ingest_paths(store, fake_embedder, [write(tmp_path / "docs", DOCS)]).failed
    narrowed = Filters(themes=(RECURRING,))
    assert len(store.catalogue.allowed_chunks(narrowed)) == 0            # nothing tagged yet: kept empty
    pending = store.tags.untagged_chunks("front-matter")
    store.tags.save_tags("front-matter", {(pk, vid): {t: 1.0 for t in own} for pk, vid, _, _, own in pending})
    allowed = store.catalogue.allowed_chunks(narrowed)
    documents = {store.catalogue.chunks_by_pk([pk])[pk].document_pk for pk in allowed.pks}
    expected = {store.catalogue.get_document(d).pk for d in ("noord/2022-2023/alleen.md", "noord/2023-2024/zondag.md")}
    assert documents == expected
    store.tags.forget_tags()
    assert len(store.catalogue.allowed_chunks(narrowed)) == 0


def _tagged_with(store, doc_id: str) -> set[str]:
    chunks = store.catalogue.chunks_of(store.catalogue.get_document(doc_id).pk)
    return {t for tags in store.tags.chunk_themes([(c.pk, c.vector_id) for c in chunks]).values() for t in tags}


def test_the_cli_narrows_a_search_to_a_theme(cli, store, tmp_path):
    """`search --theme` (repeatable) with --json, after an ingest that left the passages
    untagged (`--no-themes`): they are tagged first, so nothing of the theme is missed."""
    assert cli("ingest", str(write(tmp_path / "docs", {**DOCS, **FALL})), "--create-communities", "--no-themes")[0] == 0
    code, out, _ = cli("search", "vallen in de badkamer", "--json", "--theme", CLOSED_THEME)
    assert code == 0 and _found(json.loads(out)) == [CLOSED_DOC]
    code, out, _ = cli("search", QUESTION, "--json", "-k", "50", "--theme", RECURRING, "--theme", CLOSED_THEME)
    found = set(_found(json.loads(out)))
    assert code == 0 and {"noord/2022-2023/alleen.md", "noord/2023-2024/zondag.md", CLOSED_DOC} <= found
    assert all(_tagged_with(store, d) & {RECURRING, CLOSED_THEME} for d in found)
    assert len(found) < len(DOCS) + len(FALL)
