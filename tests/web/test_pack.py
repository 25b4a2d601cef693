"""Session packs that last (issue 18): named, per community, ordered and annotated
items, exported as Markdown and .docx, printable; in local mode (one user)."""
import io
import re

from dutch_docs import DEBTS, DEMENTIA, WIDOWER
from web import packs


def make(client, name="Sessie 4 – eenzaamheid", community="PG Noord", **first):
    response = client.post("/pakketten", data={"naam": name, "groep": community, **first}, follow_redirects=False)
    assert response.status_code == 303, response.text
    return client.cookies[packs.COOKIE]


def add(client, doc_id, passage=None, back="/?q=weduwnaar"):
    data = {"doc_id": doc_id, "terug": back, **({"passage": passage} if passage is not None else {})}
    return client.post("/pakket/toevoegen", data=data, follow_redirects=False)


def pack(client, pack_id):
    return client.get(f"/api/packs/{pack_id}").json()


def test_a_named_pack_is_stored_in_the_database_not_the_browser(client, runtime):
    pack_id = make(client)
    response = add(client, WIDOWER, 1, "/?q=weduwnaar#r1")
    assert response.status_code == 303 and response.headers["location"] == "/?q=weduwnaar#r1"
    assert "HttpOnly" in response.headers["set-cookie"] and "SameSite=lax" in response.headers["set-cookie"]
    [stored] = runtime.store.packs.all(None)
    assert (stored.id, stored.name, stored.community, stored.items) == (pack_id, "Sessie 4 – eenzaamheid", "PG Noord", 1)
    assert not runtime.settings.packs_dir.exists()
    # another browser of the same (local) user sees it: nothing lives in the session
    from fastapi.testclient import TestClient
    other = TestClient(client.app)
    assert [p["name"] for p in other.get("/api/packs").json()["packs"]] == ["Sessie 4 – eenzaamheid"]
    assert [s["doc_id"] for s in other.get(f"/api/packs/{pack_id}").json()["sources"]] == [WIDOWER]


def test_without_a_pack_the_button_asks_to_choose_or_make_one(client):
    response = add(client, WIDOWER, 1, "/?q=weduwnaar")
    assert response.status_code == 303 and response.headers["location"].startswith("/pakketten?doc_id=")
    page = client.get(response.headers["location"]).text
    assert "Kies het pakket waarin u deze bron bewaart" in page and 'name="doc_id" value="' + WIDOWER in page
    make(client, "Sessie 5", doc_id=WIDOWER, passage=1, terug="/?q=weduwnaar")
    [made] = client.get("/api/packs").json()["packs"]
    assert made["name"] == "Sessie 5" and made["items"] == 1


def test_results_show_what_is_in_the_pack_being_filled(client):
    make(client)
    add(client, WIDOWER, 0)
    page = client.get("/", params={"q": "weduwnaar kaartnamiddag"}).text
    assert "In pakket" in page and 'action="/pakket/verwijderen"' in page
    assert "Pakket <span class=\"count\">(1" in page
    client.post("/pakket/verwijderen", data={"doc_id": WIDOWER, "passage": 0, "terug": "/"})
    assert "In pakket" not in client.get("/", params={"q": "weduwnaar kaartnamiddag"}).text


def test_a_related_case_goes_into_the_pack_from_the_document_page(client):
    """Walking a moderator who prepares a session from one case: the related cases under
    it each have the pack button, which returns to that related item."""
    pack_id = make(client)
    page = client.get(f"/documenten/{WIDOWER}").text
    related = page[page.index('id="verwant"'):]
    assert related.count('action="/pakket/toevoegen"') >= 2
    doc_id, passage, back = re.search(r'name="doc_id" value="([^"]+)">\s*<input type="hidden" name="passage" '
                                      r'value="(\d+)">\s*<input type="hidden" name="terug" value="([^"]+)"',
                                      related).groups()
    assert back == f"/documenten/{WIDOWER}#v1"
    response = add(client, doc_id, int(passage), back)
    assert response.status_code == 303 and response.headers["location"] == back
    assert [s["doc_id"] for s in pack(client, pack_id)["sources"]] == [doc_id] and doc_id != WIDOWER
    assert "In pakket" in client.get(f"/documenten/{WIDOWER}").text.split('id="verwant"')[1]


def test_items_are_ordered_annotated_and_removed(client):
    pack_id = make(client)
    for doc_id in (WIDOWER, DEBTS, DEMENTIA):
        add(client, doc_id)
    ids = {s["doc_id"]: s["item_id"] for s in pack(client, pack_id)["sources"]}
    client.post(f"/pakketten/{pack_id}/bronnen/{ids[DEMENTIA]}/omhoog")
    client.post(f"/pakketten/{pack_id}/bronnen/{ids[WIDOWER]}/omlaag")
    assert [s["doc_id"] for s in pack(client, pack_id)["sources"]] == [DEMENTIA, WIDOWER, DEBTS]
    # at either end nothing moves
    client.post(f"/pakketten/{pack_id}/bronnen/{ids[DEMENTIA]}/omhoog")
    assert [s["doc_id"] for s in pack(client, pack_id)["sources"]] == [DEMENTIA, WIDOWER, DEBTS]
    response = client.post(f"/pakketten/{pack_id}/bronnen/{ids[WIDOWER]}/notitie",
                           data={"notitie": "Lees dit vooraf.\nVraag: wat deed de buurt?"}, follow_redirects=False)
    assert response.status_code == 303 and response.headers["location"] == f"/pakketten/{pack_id}#bron-{ids[WIDOWER]}"
    notes = {s["doc_id"]: s["note"] for s in pack(client, pack_id)["sources"]}
    assert notes == {DEMENTIA: "", WIDOWER: "Lees dit vooraf.\nVraag: wat deed de buurt?", DEBTS: ""}
    client.post(f"/pakketten/{pack_id}/bronnen/{ids[DEBTS]}/weg")
    assert [s["doc_id"] for s in pack(client, pack_id)["sources"]] == [DEMENTIA, WIDOWER]
    page = client.get(f"/pakketten/{pack_id}").text
    assert "Lees dit vooraf." in page and "Download als Word (.docx)" in page


def test_markdown_and_docx_exports_hold_the_sources_in_order_with_notes(client):
    from docx import Document as Word

    pack_id = make(client)
    add(client, WIDOWER, 1)
    add(client, DEBTS)
    item = pack(client, pack_id)["sources"][0]["item_id"]
    client.post(f"/pakketten/{pack_id}/bronnen/{item}/notitie", data={"notitie": "Begin hiermee."})
    markdown = client.get(f"/pakketten/{pack_id}/export.md")
    assert markdown.headers["content-type"].startswith("text/markdown")
    assert 'filename="Sessie-4-eenzaamheid.md"' in markdown.headers["content-disposition"]
    text = markdown.text
    assert text.startswith("# Sessie 4 – eenzaamheid\n")
    assert "## 1. Casus: een weduwnaar die de deur niet meer uit komt" in text
    assert "## 2. Casus: een gezin met betalingsachterstanden" in text
    assert "**Notitie:** Begin hiermee." in text and "Griet Declercq (LDC De Kring)" in text
    assert "PG Noord · cyclus 2022-2023 · sessie 2 · 8 november 2022" in text
    assert f"http://testserver/documenten/{WIDOWER}?passage=1#p1" in text
    assert "> van het buurtrestaurant ging samen met hem eten." in text
    response = client.get(f"/pakketten/{pack_id}/export.docx")
    assert response.headers["content-type"] == packs_docx_type()
    assert 'filename="Sessie-4-eenzaamheid.docx"' in response.headers["content-disposition"]
    word = Word(io.BytesIO(response.content))
    paragraphs = [p.text for p in word.paragraphs]
    assert paragraphs[0] == "Sessie 4 – eenzaamheid" and word.core_properties.title == "Sessie 4 – eenzaamheid"
    headings = [p.text for p in word.paragraphs if p.style.name == "Heading 1"]
    assert headings == ["1. Casus: een weduwnaar die de deur niet meer uit komt",
                        "2. Casus: een gezin met betalingsachterstanden"]
    assert "Notitie: Begin hiermee." in paragraphs
    assert any("buurtrestaurant" in p.text and p.style.name == "Quote" for p in word.paragraphs)


def packs_docx_type() -> str:
    from web.views.pack import DOCX
    return DOCX


def test_every_change_is_audited(client, runtime):
    pack_id = make(client)
    add(client, WIDOWER)
    item = pack(client, pack_id)["sources"][0]["item_id"]
    client.post(f"/pakketten/{pack_id}/bronnen/{item}/notitie", data={"notitie": "x"})
    client.post(f"/pakketten/{pack_id}/naam", data={"naam": "Sessie 4 (aangepast)"})
    client.get(f"/pakketten/{pack_id}/export.docx")
    client.post(f"/pakketten/{pack_id}/bronnen/{item}/weg", data={"bevestig": "1"})   # it has a note: asked
    client.post(f"/pakketten/{pack_id}/verwijderen")
    actions = [action for _, _, action, _ in reversed(runtime.store.accounts.audit_log())]
    assert [a for a in actions if "pakket" in a] == [
        "pakket gemaakt", "aan pakket toegevoegd", "notitie in pakket gewijzigd", "pakket hernoemd",
        "pakket geëxporteerd (Word)", "uit pakket gehaald", "pakket verwijderd"]
    assert client.get("/api/packs").json()["packs"] == []


def test_bad_names_notes_and_ids_get_a_clear_answer(client):
    response = client.post("/pakketten", data={"naam": "  ", "groep": "PG Noord"})
    assert response.status_code == 422 and "Geef het pakket een naam" in response.text
    response = client.post("/api/packs", data={"naam": "x" * 121, "groep": "PG Noord"})
    assert response.status_code == 422 and "hoogstens 120 tekens" in response.json()["detail"]
    assert client.post("/api/packs", data={"naam": "x", "groep": "Bestaat niet"}).status_code == 422
    pack_id = make(client)
    add(client, WIDOWER)
    item = pack(client, pack_id)["sources"][0]["item_id"]
    response = client.post(f"/pakketten/{pack_id}/bronnen/{item}/notitie", data={"notitie": "a" * 2001})
    assert response.status_code == 422 and "hoogstens 2000 tekens" in response.text
    for wrong in ("1", "99", item[::-1], item + "x"):   # old numbers and crafted ids: unknown
        assert client.post(f"/pakketten/{pack_id}/bronnen/{wrong}/notitie", data={"notitie": "x"}).status_code == 404
    assert client.post(f"/pakketten/{pack_id}/bronnen/{item}/zijwaarts").status_code == 404
    for wrong in ("1", "100", pack_id[::-1], pack_id + "x"):
        assert client.get(f"/pakketten/{wrong}").status_code == 404
    assert add(client, "bestaat-niet.md").status_code == 404
    assert add(client, WIDOWER, 1, "https://elders.example/").headers["location"] == f"/pakketten/{pack_id}"
    assert add(client, WIDOWER, 1, "//elders.example/").headers["location"] == f"/pakketten/{pack_id}"


def test_a_forged_pack_cookie_is_ignored(client):
    from fastapi.testclient import TestClient

    pack_id = make(client)
    assert client.get("/pakket", follow_redirects=False).headers["location"] == f"/pakketten/{pack_id}"
    for forged in ("../../praktijkgeheugen", "1", "999", "1 OR 1=1", pack_id[::-1]):
        other = TestClient(client.app, cookies={packs.COOKIE: forged})
        assert other.get("/pakket", follow_redirects=False).headers["location"] == "/pakketten"


def test_a_deleted_document_leaves_the_pack_and_the_database(client, runtime):
    import ingest

    pack_id = make(client)
    add(client, WIDOWER, 1)
    add(client, DEBTS)
    item = pack(client, pack_id)["sources"][0]["item_id"]
    client.post(f"/pakketten/{pack_id}/bronnen/{item}/notitie", data={"notitie": "notitieuniekwoord"})
    ingest.delete_document(runtime.store, WIDOWER)
    assert [s["doc_id"] for s in pack(client, pack_id)["sources"]] == [DEBTS]
    assert runtime.store.packs.holding(WIDOWER) == []
    raw = b"".join(p.read_bytes() for p in runtime.settings.data_dir.rglob("*.sqlite3*"))
    assert b"notitieuniekwoord" not in raw


def test_a_client_name_in_a_note_or_a_pack_name_is_replaced(client, runtime):
    pack_id = make(client, "Sessie 4 – mevrouw Janssens")
    add(client, WIDOWER)
    item = pack(client, pack_id)["sources"][0]["item_id"]
    client.post(f"/pakketten/{pack_id}/bronnen/{item}/notitie", data={"notitie": "Bel mevrouw Janssens vooraf."})
    stored = pack(client, pack_id)
    assert stored["name"] == "Sessie 4 – mevrouw J." and stored["sources"][0]["note"] == "Bel mevrouw J. vooraf."
    raw = b"".join(p.read_bytes() for p in runtime.settings.data_dir.rglob("*.sqlite3*"))
    assert b"Janssens" not in raw


def test_a_refused_form_keeps_what_was_typed_and_the_source_waiting(client):
    """A refused new pack keeps its name, group and the source that was to go in; a
    refused note stays in its field, beside the message (walkthrough of round 30)."""
    response = client.post("/pakketten", data={"naam": "x" * 121, "groep": "PG Noord", "doc_id": WIDOWER,
                                               "passage": 1, "terug": "/?q=weduwnaar"})
    assert response.status_code == 422 and "hoogstens 120 tekens" in response.text
    assert 'value="' + "x" * 121 + '"' in response.text and 'value="PG Noord" selected' in response.text
    assert 'name="doc_id" value="' + WIDOWER in response.text and 'name="passage" value="1"' in response.text
    assert "Pakket maken en de bron bewaren" in response.text and 'name="terug" value="/?q=weduwnaar"' in response.text
    pack_id = make(client)
    add(client, WIDOWER)
    item = pack(client, pack_id)["sources"][0]["item_id"]
    typed = "Vraag voor de groep: " + "a" * 2000
    response = client.post(f"/pakketten/{pack_id}/bronnen/{item}/notitie", data={"notitie": typed})
    assert response.status_code == 422 and f">{typed}</textarea>" in response.text
    assert f'id="notitie-fout-{item}"' in response.text and "Uw tekst staat er nog" in response.text
    response = client.post(f"/pakketten/{pack_id}/naam", data={"naam": "y" * 130})
    assert response.status_code == 422 and 'value="' + "y" * 130 + '"' in response.text
    assert pack(client, pack_id)["name"] == "Sessie 4 – eenzaamheid" and pack(client, pack_id)["sources"][0]["note"] == ""


def test_a_double_submit_makes_one_pack_and_says_where_it_is(client):
    """Workflow round 38: "Pakket maken" sent twice (a double click, or back after the POST
    and the form sent again) made two packs "Sessie 4 – eenzaamheid" of one group, which the
    list and the menu could not tell apart. The second is refused, on the page (with the
    name kept) and in the JSON twin, and so is renaming another pack to that name."""
    first = make(client)
    again = client.post("/pakketten", data={"naam": "Sessie 4 – eenzaamheid", "groep": "PG Noord"},
                        follow_redirects=False)
    assert again.status_code == 422 and "al een pakket met deze naam" in again.text
    assert 'value="Sessie 4 – eenzaamheid"' in again.text
    api = client.post("/api/packs", data={"naam": "Sessie 4 – eenzaamheid", "groep": "PG Noord"})
    assert api.status_code == 422 and "al een pakket met deze naam" in api.json()["error"]
    assert [p["id"] for p in client.get("/api/packs").json()["packs"]] == [first]
    other = make(client, "Sessie 5")
    renamed = client.post(f"/api/packs/{other}/name", data={"naam": "Sessie 4 – eenzaamheid"})
    assert renamed.status_code == 422 and pack(client, other)["name"] == "Sessie 5"
    assert client.post(f"/api/packs/{other}/name", data={"naam": "Sessie 5"}).status_code == 200


def test_deleting_a_pack_is_asked_first_with_what_goes(client):
    """The pack page's button deleted the pack, its order and its notes in one click (a
    document's or a group's deletion asks first); now it is a link to a page that says what
    goes, offers the Word download and posts the deletion, or goes back."""
    pack_id = make(client)
    add(client, WIDOWER)
    add(client, DEBTS)
    item = pack(client, pack_id)["sources"][0]["item_id"]
    client.post(f"/pakketten/{pack_id}/bronnen/{item}/notitie", data={"notitie": "Begin hiermee."})
    page = client.get(f"/pakketten/{pack_id}").text
    assert f'href="/pakketten/{pack_id}/verwijderen"' in page
    assert f'action="/pakketten/{pack_id}/verwijderen"' not in page   # no deleting form on the pack page
    asked = client.get(f"/pakketten/{pack_id}/verwijderen")
    assert asked.status_code == 200 and "Dit sessiepakket definitief verwijderen?" in asked.text
    text = " ".join(re.sub(r"<[^>]+>", " ", asked.text).split())
    assert "Sessie 4 – eenzaamheid" in text and "2 bronnen en 1 notitie worden gewist" in text
    assert f'action="/pakketten/{pack_id}/verwijderen"' in asked.text
    assert f'href="/pakketten/{pack_id}/export.docx"' in asked.text and f'href="/pakketten/{pack_id}">Nee' in asked.text
    assert [p["id"] for p in client.get("/api/packs").json()["packs"]] == [pack_id]   # asking deleted nothing
    done = client.post(f"/pakketten/{pack_id}/verwijderen", follow_redirects=False)
    assert done.status_code == 303 and client.get("/api/packs").json()["packs"] == []
    assert client.get(f"/pakketten/{pack_id}/verwijderen").status_code == 404


def test_taking_a_source_with_a_note_out_is_asked_first(client):
    """"Uit pakket halen" took a source and the note written for it away in one click, on the
    pack page and beside a result, while deleting the pack asks. A source with a note is asked
    (the note shown, nothing removed yet); confirmed, it goes. One without a note goes at once:
    nothing is lost, it can be added again. The API does not ask, as its pack deletion does not."""
    pack_id = make(client)
    add(client, WIDOWER)
    add(client, DEBTS)
    ids = {s["doc_id"]: s["item_id"] for s in pack(client, pack_id)["sources"]}
    client.post(f"/pakketten/{pack_id}/bronnen/{ids[WIDOWER]}/notitie", data={"notitie": "Vraag: wat deed de buurt?"})
    asked = client.post(f"/pakketten/{pack_id}/bronnen/{ids[WIDOWER]}/weg", follow_redirects=False)
    text = " ".join(re.sub(r"<[^>]+>", " ", asked.text).split())
    assert asked.status_code == 409 and "Bron en notitie uit het pakket halen?" in text
    assert "Vraag: wat deed de buurt?" in text and "Dit kan niet ongedaan worden gemaakt" in text
    assert f'action="/pakketten/{pack_id}/bronnen/{ids[WIDOWER]}/weg"' in asked.text
    assert 'name="bevestig" value="1"' in asked.text and f'href="/pakketten/{pack_id}#bron-{ids[WIDOWER]}">Nee' in asked.text
    assert len(pack(client, pack_id)["sources"]) == 2   # asking removed nothing
    from_result = client.post("/pakket/verwijderen", data={"doc_id": WIDOWER, "terug": "/?q=weduwnaar"},
                              follow_redirects=False)
    assert from_result.status_code == 409 and 'name="terug" value="/?q=weduwnaar"' in from_result.text
    assert f'name="doc_id" value="{WIDOWER}"' in from_result.text and len(pack(client, pack_id)["sources"]) == 2
    plain = client.post(f"/pakketten/{pack_id}/bronnen/{ids[DEBTS]}/weg", follow_redirects=False)
    assert plain.status_code == 303 and [s["doc_id"] for s in pack(client, pack_id)["sources"]] == [WIDOWER]
    done = client.post("/pakket/verwijderen", data={"doc_id": WIDOWER, "terug": "/?q=weduwnaar", "bevestig": "1"},
                       follow_redirects=False)
    assert done.status_code == 303 and done.headers["location"] == "/?q=weduwnaar" and pack(client, pack_id)["sources"] == []
    add(client, WIDOWER)
    item = pack(client, pack_id)["sources"][0]["item_id"]
    client.post(f"/api/packs/{pack_id}/items/{item}/note", data={"notitie": "Nog een notitie."})
    assert client.post(f"/api/packs/{pack_id}/items/{item}/weg").status_code == 200
    assert pack(client, pack_id)["sources"] == []
