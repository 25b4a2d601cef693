""""Wie nog?" names who had the experience, and the person page says how to reach
them, within what the caller may see (real search and app, fake embedder)."""
from __future__ import annotations

import pytest

import ingest
import search
from access_world import app_for, log_in, password

CLOSED, OPEN = "PG Gesloten", "PG Open"


def _doc(folder, name: str, community: str, kind: str, authors: str, body: str) -> None:
    (folder / name).write_text(f"""---
title: "{name}"
type: {kind}
community: "{community}"
cycle: "2023-2024"
authors:
{authors}
---
{body}
""", "utf-8")


@pytest.fixture
def world(store, fake_embedder, tmp_path):
    folder = tmp_path / "docs"
    folder.mkdir()
    subject = "De buurtkamer en de eenzame bewoner op de vierde verdieping, de buurtkamer blijft leeg."
    _doc(folder, "casus.md", OPEN, "casus", '  - name: "Leen Peeters"\n    organisation: "OCMW"', subject)
    for n in range(3):  # Bram typed three reports on the same subject
        _doc(folder, f"verslag-{n}.md", OPEN, "sessieverslag",
             '  - name: "Bram Claes"\n    organisation: "LDC"', f"Sessie {n}. {subject}")
    _doc(folder, "geheim.md", CLOSED, "casus", '  - name: "Gert Geheim"\n    organisation: "Kluis"',
         "De zoutkoepel onder de buurtkamer.")
    for community, sharing in ((OPEN, "shared"), (CLOSED, "closed")):
        store.accounts.add_community(community, sharing)
        store.accounts.set_pseudonymise(community, False)
    assert not ingest.ingest_paths(store, fake_embedder, [folder]).failed
    for name, roles in {"lid-open": {OPEN: "lid"}, "mod-open": {OPEN: "moderator"},
                        "mod-gesloten": {CLOSED: "moderator"}, "zonder-rol": {}, "Leen Peeters": {OPEN: "lid"}}.items():
        store.accounts.add_user(name, password(name))
        for community, role in roles.items():
            store.accounts.grant(name, community, role)
    return app_for(store, fake_embedder)


def _person_id(store, name: str) -> str:
    """The id pages name the (first) person of this name under (store._person_ids)."""
    return store.db.conn().execute("SELECT public_id FROM people WHERE name = ? ORDER BY id", (name,)).fetchone()[0]


def test_who_brought_the_case_ranks_above_who_took_the_notes(store, fake_embedder, world):
    people = search.who_else(store, fake_embedder, "buurtkamer eenzame bewoner")
    names = [p.name for p in people]
    assert names.index("Leen Peeters") < names.index("Bram Claes")
    leen = people[names.index("Leen Peeters")]
    assert leen.reasons[0].doc_id == "casus.md" and leen.reasons[0].role == "inbreng"
    assert leen.id == _person_id(store, "Leen Peeters")


def test_the_panel_links_the_person_page_and_the_passage(store, world):
    page = log_in(world, "lid-open").get("/", params={"q": "buurtkamer eenzame bewoner"}).text
    assert f'href="/mensen/{_person_id(store, "Leen Peeters")}?q=buurtkamer+eenzame+bewoner"' in page
    assert 'href="/documenten/casus.md?q=buurtkamer+eenzame+bewoner&amp;passage=0#p0"' in page
    assert "bracht de casus in" in page and "schreef het verslag" in page


def test_the_person_page_leads_back_to_the_results_with_their_filters(store, world):
    """QA (7 December): the panel's name link carried only the query, and the person page had
    no way back to the results; a member who had filtered on a group lost the filter. The link
    carries the search's filters, the page links back to the search with them, and only to the
    app's own search page (no address from the URL is followed)."""
    client = log_in(world, "lid-open")
    leen = _person_id(store, "Leen Peeters")
    page = client.get("/", params={"q": "buurtkamer eenzame bewoner", "community": OPEN}).text
    link = f'href="/mensen/{leen}?q=buurtkamer+eenzame+bewoner&amp;community=PG+Open"'
    assert link in page
    person = client.get(f"/mensen/{leen}", params={"q": "buurtkamer eenzame bewoner", "community": OPEN,
                                                   "terug": "https://elders.example/", "next": "//elders"}).text
    assert '<a href="/?q=buurtkamer+eenzame+bewoner&amp;community=PG+Open">« terug naar de resultaten</a>' in person
    assert "elders" not in person
    assert "terug naar de resultaten" not in client.get(f"/mensen/{leen}").text   # not from a search: no way back


def test_the_panel_quotes_a_passage_without_its_markdown(store, fake_embedder, world, tmp_path):
    """Workflow round 38: the panel quoted a case's opening as stored, "# Casus: meneer (67)
    ... ## Situatie Meneer D. is 67", Markdown signs and all (the results beside it show
    headings as such). The quote leaves heading lines and bold markers out."""
    folder = tmp_path / "md"
    folder.mkdir()
    _doc(folder, "kop.md", OPEN, "casus", '  - name: "Kaat Kop"\n    organisation: "WZC"',
         "# Casus: de zeepkist\n\n## Situatie\n\nDe **zeepkist** van de buurtkamer staat al maanden leeg.")
    assert not ingest.ingest_paths(store, fake_embedder, [folder]).failed
    page = log_in(world, "lid-open").get("/", params={"q": "zeepkist buurtkamer"}).text
    panel = page[page.index('id="wie"'):page.index("</section>", page.index('id="wie"'))]
    quote = panel[panel.index("Kaat Kop"):]
    quote = quote[quote.index("<q>") + 3:quote.index("</q>")]
    assert "#" not in quote and "**" not in quote and "Situatie" not in quote, quote
    assert "De <strong>zeepkist</strong> van de buurtkamer staat al maanden leeg." in quote


def test_the_panels_quote_has_no_ellipsis_after_a_sentences_end(store, fake_embedder, world, tmp_path):
    """QA (7 December): a quote that ended on a full stop read "leeg.…". An opening cut
    mid-sentence (REASON_CHARS) still ends in "…"."""
    folder = tmp_path / "md"
    folder.mkdir()
    _doc(folder, "kop.md", OPEN, "casus", '  - name: "Kaat Kop"\n    organisation: "WZC"',
         "De zeepkist van de buurtkamer staat al maanden leeg.")
    _doc(folder, "lang.md", OPEN, "casus", '  - name: "Lode Lang"\n    organisation: "WZC"',
         "De zeepkist van de buurtkamer " + "en de stoelen van het buurthuis " * 12 + "staan leeg.")
    assert not ingest.ingest_paths(store, fake_embedder, [folder]).failed
    page = log_in(world, "lid-open").get("/", params={"q": "zeepkist buurtkamer"}).text
    panel = page[page.index('id="wie"'):page.index("</section>", page.index('id="wie"'))]

    def quote(name: str) -> str:
        after = panel[panel.index(name):]
        return after[after.index("<q>") + 3:after.index("</q>")]
    assert quote("Kaat Kop").endswith("staat al maanden leeg."), quote("Kaat Kop")
    assert quote("Lode Lang").endswith("…") and not quote("Lode Lang").endswith(".…"), quote("Lode Lang")


def test_a_document_and_its_related_cases_link_their_authors_person_pages(store, world):
    """From a case a moderator reaches who wrote it and what else they did, without a
    search first (walkthrough of round 30); every link opens."""
    client = log_in(world, "lid-open")
    page = client.get("/documenten/casus.md").text
    leen, bram = _person_id(store, "Leen Peeters"), _person_id(store, "Bram Claes")
    assert f'<a class="author" href="/mensen/{leen}?document=casus.md">Leen Peeters</a>' in page
    # a related report's writer: the way back is to the page it was opened from
    assert f'<a class="author" href="/mensen/{bram}?document=casus.md">Bram Claes</a>' in page
    assert client.get(f"/mensen/{bram}").status_code == 200
    results = client.get("/", params={"q": "buurtkamer eenzame bewoner"}).text
    assert f'href="/mensen/{leen}?q=buurtkamer+eenzame+bewoner"' in results


def test_a_person_page_opened_from_a_document_leads_back_to_it(store, world):
    """Workflow round 41: the person page opened from a case (an author's name) had no way
    back but a new search. It links back to the document, by its title, when the caller may
    read it; another id (absent, or a closed group's) gives no link and no other answer, and a
    page opened from nowhere offers Bladeren and Zoeken. The JSON twin says the same."""
    client = log_in(world, "lid-open")
    leen, gert = _person_id(store, "Leen Peeters"), _person_id(store, "Gert Geheim")
    page = client.get(f"/mensen/{leen}", params={"document": "casus.md"}).text
    assert '<a href="/documenten/casus.md">« terug naar “casus.md”</a>' in page
    data = client.get(f"/api/mensen/{leen}", params={"document": "casus.md"}).json()
    assert data["from_document"]["doc_id"] == "casus.md" and data["from_document"]["url"].endswith("/documenten/casus.md")
    hidden = client.get(f"/mensen/{leen}", params={"document": "geheim.md"})
    absent = client.get(f"/mensen/{leen}", params={"document": "bestaat-niet.md"})
    assert hidden.status_code == absent.status_code == 200
    assert "geheim.md" not in hidden.text and "« naar Bladeren" in hidden.text and "« naar Bladeren" in absent.text
    assert client.get(f"/api/mensen/{leen}", params={"document": "geheim.md"}).json()["from_document"] is None
    assert '<a href="/bladeren">« naar Bladeren</a>' in client.get(f"/mensen/{leen}").text
    insider = log_in(world, "mod-gesloten")
    assert "« terug naar “geheim.md”" in insider.get(f"/mensen/{gert}", params={"document": "geheim.md"}).text


def test_person_page_of_a_closed_groups_writer_is_404_for_outsiders(store, world):
    gert = _person_id(store, "Gert Geheim")
    for name in ("lid-open", "mod-open", "zonder-rol"):
        client = log_in(world, name)
        missing = client.get("/mensen/99999")
        for url in (f"/mensen/{gert}", f"/mensen/{gert}?q=zoutkoepel", "/mensen/abc", "/mensen/-1"):
            response = client.get(url)
            assert (response.status_code, response.text) == (404, missing.text), (name, url)
        assert client.get(f"/api/mensen/{gert}").status_code == 404
    insider = log_in(world, "mod-gesloten").get(f"/api/mensen/{gert}").json()
    assert [d["doc_id"] for d in insider["documents"]] == ["geheim.md"] and insider["communities"] == [CLOSED]


def test_person_page_shows_visible_documents_and_the_subject(store, world):
    bram = _person_id(store, "Bram Claes")
    assert log_in(world, "zonder-rol").get(f"/api/mensen/{bram}").status_code == 404  # no role: nothing
    client = log_in(world, "mod-gesloten")  # a moderator elsewhere sees what is shared
    data = client.get(f"/api/mensen/{bram}", params={"q": "buurtkamer"}).json()
    assert data["organisation"] == "LDC" and data["communities"] == [OPEN]
    assert sorted(d["doc_id"] for d in data["documents"]) == ["verslag-0.md", "verslag-1.md", "verslag-2.md"]
    assert {d["role"] for d in data["documents"]} == {"verslag"} and len(data["on_subject"]) == 3


def test_email_only_with_consent_otherwise_the_moderators(store, world):
    leen = _person_id(store, "Leen Peeters")
    client = log_in(world, "lid-open")
    store.accounts.set_contact("Leen Peeters", email="leen@example.org")
    page = client.get(f"/mensen/{leen}").text
    data = client.get(f"/api/mensen/{leen}").json()
    assert "leen@example.org" not in page and data["contact"]["email"] is None
    assert data["contact"]["moderators"] == {OPEN: [{"name": "mod-open", "email": None}]} and "mod-open" in page
    store.accounts.set_contact("Leen Peeters", contact=True)
    assert 'href="mailto:leen@example.org"' in client.get(f"/mensen/{leen}").text
    assert client.get(f"/api/mensen/{leen}").json()["contact"]["email"] == "leen@example.org"
    store.accounts.set_contact("Leen Peeters", contact=False)
    assert "leen@example.org" not in client.get(f"/mensen/{leen}").text


def test_a_namesake_in_a_closed_group_does_not_hide_or_show_the_address(store, fake_embedder, world, tmp_path):
    """Whether the address is shown depends only on what the caller may see: a person of
    the same name who wrote only in a closed group changes nothing for an outsider."""
    leen = _person_id(store, "Leen Peeters")
    store.accounts.set_contact("Leen Peeters", email="leen@example.org", contact=True)
    folder = tmp_path / "namesake"
    folder.mkdir()
    _doc(folder, "andere-leen.md", CLOSED, "casus", '  - name: "Leen Peeters"\n    organisation: "Elders"',
         "Een andere casus over de zoutkoepel.")
    assert not ingest.ingest_paths(store, fake_embedder, [folder]).failed
    assert store.db.conn().execute("SELECT COUNT(*) FROM people WHERE name = 'Leen Peeters'").fetchone()[0] == 2
    assert log_in(world, "lid-open").get(f"/api/mensen/{leen}").json()["contact"]["email"] == "leen@example.org"


def test_users_set_from_the_command_line(cli):
    assert cli("users", "add", "Sien", "--password-stdin", stdin="een lang wachtwoord\n")[0] == 0
    code, out, _ = cli("users", "set", "Sien", "--email", "sien@example.org", "--contact")
    assert code == 0 and "sien@example.org, may be contacted" in out
    code, out, _ = cli("users", "set", "Sien", "--no-contact")
    assert code == 0 and "may not be contacted" in out
    code, _, err = cli("users", "set", "Sien", "--email", "geen adres")
    assert code != 0 and "not an e-mail address" in err


def test_a_person_page_lists_the_documents_of_the_person_it_names(store, world, monkeypatch):
    """The page read the person's row number, then their documents by that number in a
    second read; SQLite gives a deleted person's number to the next person, so a commit
    in between listed someone else's documents under this name. Simulated: between the
    two reads another connection hands Leen's row number Bram's authorship."""
    import threading
    leen = store.db.conn().execute("SELECT id FROM people WHERE name = 'Leen Peeters'").fetchone()[0]
    bram = store.db.conn().execute("SELECT id FROM people WHERE name = 'Bram Claes'").fetchone()[0]
    read_documents = store.people._person_documents

    def swap():
        with store.db.transaction() as conn:
            conn.execute("INSERT INTO people(name, organisation, public_id) VALUES ('tijdelijk', '', 'tijdelijk')")
            spare = conn.execute("SELECT id FROM people WHERE name = 'tijdelijk'").fetchone()[0]
            conn.execute("UPDATE authorship SET person_id = ? WHERE person_id = ?", (spare, leen))
            conn.execute("UPDATE authorship SET person_id = ? WHERE person_id = ?", (leen, bram))
            conn.execute("UPDATE authorship SET person_id = ? WHERE person_id = ?", (bram, spare))

    def meanwhile(person_id, filters):
        writer = threading.Thread(target=swap)
        writer.start()
        writer.join()
        return read_documents(person_id, filters)
    monkeypatch.setattr(store.people, "_person_documents", meanwhile)
    record = store.people.person(_person_id(store, "Leen Peeters"))
    assert record is not None and [d.doc_id for d in record.documents] == ["casus.md"]
    assert {d.doc_id for d in read_documents(leen, search.Filters())} == {f"verslag-{n}.md" for n in range(3)}
