"""Pseudonymisation at ingest: on by default, off per community, members and authors
spared (from the store and from the batch), known client names replaced, counted per
document, and the same result as the preview command."""
from __future__ import annotations

import pytest

import ingest
from store import Filters

COMMUNITY = "PG Zorgzame Buurt Gent-Oost"
CASE = f"""---
title: "Casus: mevrouw Peeters wil niet naar het dagcentrum"
type: casus
community: "{COMMUNITY}"
authors: ["Griet Van Hecke (WZC Ter Linde)"]
---
Ik bezocht mevrouw Peeters samen met Wouter De Smet. Haar zoon Dirk komt eens per maand.
Griet Van Hecke en Hilde Mortier bespraken het later. Ook Rosa Pinto komt soms langs.
"""
REPORT = f"""---
title: "Sessie 2"
type: sessieverslag
community: "{COMMUNITY}"
authors: ["Wouter De Smet"]
---
Aanwezig: Griet Van Hecke, Wouter De Smet, Hilde Mortier.
"""


@pytest.fixture
def folder(tmp_path):
    root = tmp_path / "docs"
    root.mkdir()
    (root / "casus.md").write_text(CASE, encoding="utf-8")
    (root / "verslag.md").write_text(REPORT, encoding="utf-8")
    return root


def _ingest(store, embedder, folder):
    report = ingest.ingest_paths(store, embedder, [folder])
    return {o.doc_id: o for o in report.outcomes}, report


@pytest.mark.deduce
def test_client_names_are_gone_from_everything_stored(store, fake_embedder, folder):
    store.accounts.add_community(COMMUNITY)
    store.accounts.add_user("Hilde Mortier", "een goed wachtwoord 123")
    store.accounts.grant("Hilde Mortier", COMMUNITY, "lid")
    store.clients.add_client_names(COMMUNITY, ["Rosa Pinto"])
    outcomes, report = _ingest(store, fake_embedder, folder)
    document = store.catalogue.get_document("casus.md")
    assert document.meta.title == "Casus: mevrouw P. wil niet naar het dagcentrum"
    assert "mevrouw P. samen met Wouter De Smet" in document.text and "zoon D." in document.text
    assert "R. P. komt" in document.text  # the community's known client
    chunks = " ".join(c.text for c in store.catalogue.chunks_of(document.pk))
    assert not {"Peeters", "Dirk", "Rosa", "Pinto"} & set(chunks.replace(".", " ").split())
    assert store.lexical.search(["peeters"], Filters(), 10) == []
    assert outcomes["casus.md"].replacements == 4 and report.replacements == 4


@pytest.mark.deduce
def test_members_and_authors_keep_their_names(store, fake_embedder, folder):
    store.accounts.add_community(COMMUNITY)
    store.accounts.add_user("Hilde Mortier", "een goed wachtwoord 123")
    store.accounts.grant("Hilde Mortier", COMMUNITY, "lid")
    outcomes, _ = _ingest(store, fake_embedder, folder)
    text = store.catalogue.get_document("casus.md").text
    # Griet: this document's author; Wouter: author of another document in the batch;
    # Hilde: a user with a role in the community.
    assert "Griet Van Hecke en Hilde Mortier" in text and "Wouter De Smet" in text
    assert store.catalogue.get_document("verslag.md").text.startswith("Aanwezig: Griet Van Hecke, Wouter De Smet, Hilde")
    assert outcomes["verslag.md"].replacements == 0


def test_a_community_can_switch_it_off(store, fake_embedder, folder):
    store.accounts.add_community(COMMUNITY)
    store.accounts.set_pseudonymise(COMMUNITY, False)
    outcomes, report = _ingest(store, fake_embedder, folder)
    assert "mevrouw Peeters" in store.catalogue.get_document("casus.md").text
    assert outcomes["casus.md"].replacements is None and report.replacements == 0


@pytest.mark.deduce
def test_the_preview_shows_exactly_what_ingest_stores(store, fake_embedder, folder):
    outcomes, _ = _ingest(store, fake_embedder, folder)
    policy = ingest.community_policy(store, COMMUNITY)
    [(doc_id, title, result)] = ingest.preview(folder / "casus.md", list(policy.members), list(policy.clients))
    stored = store.catalogue.get_document("casus.md")
    assert (title, result.text) == (stored.meta.title, stored.text)
    assert result.count == outcomes["casus.md"].replacements


@pytest.mark.deduce
def test_switching_it_on_replaces_the_stored_version(store, fake_embedder, folder):
    store.accounts.add_community(COMMUNITY)
    store.accounts.set_pseudonymise(COMMUNITY, False)
    _ingest(store, fake_embedder, folder)
    store.accounts.set_pseudonymise(COMMUNITY, True)
    outcomes, _ = _ingest(store, fake_embedder, folder)
    assert outcomes["casus.md"].status == "replaced" and "Peeters" not in store.catalogue.get_document("casus.md").text
    # Hilde Mortier writes nothing and has no account here, so nothing says she is a member.
    assert "Wouter De Smet, H. M." in store.catalogue.get_document("verslag.md").text


def test_the_cli_report_counts_replacements_per_document(capsys):
    from cli.data import _print_report

    report = ingest.IngestReport([ingest.Outcome("a.md", "a.md", "ingested", 3, replacements=2),
                                  ingest.Outcome("b.md", "b.md", "ingested", 1, replacements=None)])
    _print_report(report)
    out = capsys.readouterr().out
    assert "a.md (3 chunks, 2 client names replaced)" in out
    assert "b.md (1 chunks, not pseudonymised" in out and "; 2 client names replaced" in out
    assert report.as_dict()["outcomes"][0]["replacements"] == 2


def test_a_failing_pseudonymiser_stores_nothing(store, fake_embedder, folder, monkeypatch):
    from ingest import _privacy

    def broken(*args, **kwargs):
        raise ingest.IngestError("pseudonymisation_failed", "deduce is not installed")
    monkeypatch.setattr(_privacy, "pseudonymise_limited", broken)
    outcomes, _ = _ingest(store, fake_embedder, folder)
    assert outcomes["casus.md"].code == "pseudonymisation_failed"
    assert store.catalogue.get_document("casus.md") is None


# --- issue #16: public documents, a community's own lists, places in every document ---

PROGRAMME = """Wijkdag voor welzijn en zorg

Het wijkteam van Zorgzame Buurt Olen Centrum nodigde professionals uit in Wijkcentrum De Linde.
Olen Centrum is een project van de Stad Olen, met Helix Olen en Sivari Geel als partners.
1. Buurtgericht werken, Wannes Peirsman (UCLL)
2. Inzoomen op Olen Centrum, Liesbeth Vercammen (Warme Wijk)
"""


@pytest.mark.deduce
def test_places_and_projects_of_a_programme_stay_findable(store, fake_embedder, tmp_path):
    """A look-alike of a public wijkconferentie programme, ingested without a type: its
    places, projects and organisations keep their names and stay findable."""
    (tmp_path / "wijkdag.txt").write_text(PROGRAMME, encoding="utf-8")
    ingest.ingest_paths(store, fake_embedder, [tmp_path / "wijkdag.txt"])
    text = store.catalogue.get_document("wijkdag.txt").text
    for name in ("Zorgzame Buurt Olen Centrum", "Wijkcentrum De Linde", "Stad Olen", "Helix Olen",
                 "Sivari Geel", "Warme Wijk"):
        assert name in text, name
    assert store.lexical.search(["zorgzame", "buurt", "olen"], Filters(), 10)


@pytest.mark.deduce
def test_a_programme_typed_as_such_keeps_its_speakers(store, fake_embedder, tmp_path):
    (tmp_path / "wijkdag.md").write_text("---\ntype: programma\n---\n" + PROGRAMME, encoding="utf-8")
    (tmp_path / "gewoon.txt").write_text(PROGRAMME, encoding="utf-8")
    report = ingest.ingest_paths(store, fake_embedder, [tmp_path / "wijkdag.md", tmp_path / "gewoon.txt"])
    assert "Wannes Peirsman (UCLL)" in store.catalogue.get_document("wijkdag.md").text
    assert "Wannes Peirsman" not in store.catalogue.get_document("gewoon.txt").text  # no type: a speaker is not known
    [typed] = [o for o in report.outcomes if o.doc_id == "wijkdag.md"]
    assert ("Wannes Peirsman", "openbaar document") in typed.names.kept


def test_listed_members_and_keep_names_are_applied_at_ingest(store, fake_embedder, tmp_path):
    """Rules only (deduce is replaced by nothing): the community's own lists decide."""
    store.accounts.add_community(COMMUNITY)
    store.accounts.add_community_names(COMMUNITY, "member", ["Lien Baeten"])
    store.accounts.add_community_names(COMMUNITY, "keep", ["Dina Wonen"])
    policy = ingest.community_policy(store, COMMUNITY)
    assert "Lien Baeten" in policy.members and policy.keep == ("Dina Wonen",)
    [(_, _, result)] = _preview_text(tmp_path, "Collega lien belde met giselle over Dina Wonen.\n", policy)
    assert result.text == "Collega lien belde met G. over Dina Wonen.\n"


def _preview_text(tmp_path, text, policy):
    path = tmp_path / "notitie.txt"
    path.write_text(text, encoding="utf-8")
    return ingest.preview(path, list(policy.members), list(policy.clients), use_model=False, keep=list(policy.keep))


def test_another_communitys_lists_do_not_apply(store):
    """A moderator's list belongs to one community: another community's documents
    neither spare its members nor keep its names."""
    store.accounts.add_community(COMMUNITY)
    store.accounts.add_community("PG Elders")
    store.accounts.add_community_names(COMMUNITY, "member", ["Giselle Aerts"])
    store.accounts.add_community_names(COMMUNITY, "keep", ["Dina Wonen"])
    other = ingest.community_policy(store, "PG Elders")
    assert "Giselle Aerts" not in other.members and other.keep == ()
    assert store.accounts.community_names("PG Elders", "member") == []


@pytest.mark.deduce
def test_a_client_named_in_the_file_name_is_hidden_in_the_stored_id_and_path(store, fake_embedder, tmp_path):
    """The owner's CLI ingest stores the id and the path it was given; a file named
    after its client ("casus-peeters.md", "Peeters_verslag.md") must not keep the name
    the text's pseudonymisation found, in the id, the path or anything searchable."""
    folder = tmp_path / "dossiers"
    folder.mkdir()
    (folder / "casus-peeters.md").write_text(CASE, encoding="utf-8")
    (folder / "verslag.md").write_text(REPORT, encoding="utf-8")
    outcomes, _ = _ingest(store, fake_embedder, folder)
    case = f"casus-P.-{store.clients.id_tag('casus-peeters.md')}.md"   # hidden, and tagged (another client's
    assert set(outcomes) == {case, "verslag.md"}                        # 'casus-pauwels.md' is another id)
    document = store.catalogue.get_document(case)
    assert document.source_path is None   # the path as given is not stored (test_source_path_folders)
    assert "verslag.md" in {d.doc_id for d in store.catalogue.list_documents()}  # no name found: as given
    rows = store.db.conn().execute("SELECT doc_id, source_path FROM documents").fetchall()
    assert not any("peeters" in " ".join(str(v) for v in row).lower() for row in rows)
    again, _ = _ingest(store, fake_embedder, folder)
    assert again[case].status == "unchanged"  # the same id again: no second copy


def test_a_listed_client_the_text_never_names_is_hidden_in_id_path_title_and_themes(store, fake_embedder, tmp_path):
    """A moderator's list of client names is replaced wherever it occurs: a folder and
    file named after the client ("Peeters/casus-peeters.md", "rosa_pinto-verslag.md")
    or a front-matter theme over a text that only says "mevrouw P." kept the name."""
    store.accounts.add_community(COMMUNITY)
    store.clients.add_client_names(COMMUNITY, ["Peeters", "Rosa Pinto"])
    folder = tmp_path / "Peeters"
    folder.mkdir()
    body = f'---\ncommunity: "{COMMUNITY}"\nthemes: ["eenzaamheid", "zorgen om Peeters"]\n---\nIk bezocht mevrouw P.\n'
    (folder / "casus-peeters.md").write_text(body, encoding="utf-8")
    (folder / "rosa_pinto-verslag.md").write_text(body.replace("Peeters", "ROSA  PINTO"), encoding="utf-8")
    outcomes, _ = _ingest(store, fake_embedder, folder)
    tag = store.clients.id_tag
    assert set(outcomes) == {f"casus-P.-{tag('casus-peeters.md')}.md", f"R. P.-verslag-{tag('rosa_pinto-verslag.md')}.md"}
    rows = store.db.conn().execute("SELECT * FROM documents").fetchall()
    stored = " ".join(str(value) for row in rows for value in tuple(row)).casefold()
    assert "peeters" not in stored and "pinto" not in stored and "rosa" not in stored
    assert {t for d in store.catalogue.list_documents() for t in d.meta.themes} >= {"eenzaamheid", "zorgen om P."}
    again, _ = _ingest(store, fake_embedder, folder)
    assert {o.status for o in again.values()} == {"unchanged"}


@pytest.mark.deduce
def test_a_name_hidden_in_a_title_made_from_the_file_name_is_hidden_in_the_id(store, fake_embedder, tmp_path):
    """A file without a title gets one from its name: 'gesprek met Fatma Yilmaz.md' was
    stored with the title 'Gesprek met F. Y.' but kept the name in its id and path,
    because the text only says 'mevrouw Y.'."""
    store.accounts.add_community(COMMUNITY)
    folder = tmp_path / "d"
    folder.mkdir()
    body = f'---\ncommunity: "{COMMUNITY}"\n---\nIk bezocht mevrouw Y. Ze wil niet eten.\n'
    (folder / "gesprek met Fatma Yilmaz.md").write_text(body, encoding="utf-8")
    outcomes, _ = _ingest(store, fake_embedder, folder)
    stored = f"gesprek met F. Y.-{store.clients.id_tag('gesprek met Fatma Yilmaz.md')}.md"
    assert list(outcomes) == [stored]
    assert outcomes[stored].given_id == "gesprek met Fatma Yilmaz.md"  # the owner's report
    rows = store.db.conn().execute("SELECT * FROM documents").fetchall()
    stored = " ".join(str(value) for row in rows for value in tuple(row)).casefold()
    assert "yilmaz" not in stored and "fatma" not in stored


def test_a_listed_client_hyphenated_to_another_word_is_replaced_in_text_and_notes(store, fake_embedder, tmp_path):
    """A word joins its hyphenated parts, so 'dossier-Peeters' or 'rosa-pinto' in a text
    or a pack's name kept a listed client; a hyphenated listed name still matches whole."""
    store.accounts.add_community(COMMUNITY)
    store.clients.add_client_names(COMMUNITY, ["Peeters", "Rosa Pinto", "Jean-Pierre Dubois"])
    text = "Zie dossier-Peeters en de map rosa-pinto; ook jean-pierre dubois kwam langs."
    (tmp_path / "notitie.md").write_text(f'---\ncommunity: "{COMMUNITY}"\n---\n{text}\n', encoding="utf-8")
    _ingest(store, fake_embedder, tmp_path)
    stored = store.catalogue.get_document("notitie.md").text
    assert "dossier-P." in stored and "R.-P." in stored and "J.-P. D." in stored
    assert ingest.pseudonymise_note(store, COMMUNITY, "pakket casus-peeters") == "pakket casus-P."


@pytest.mark.deduce
def test_an_invisible_character_inside_a_name_does_not_hide_it(store, fake_embedder, tmp_path):
    """A soft hyphen (HTML's &shy;, PDFs' hyphenation) or a zero-width space splits a word
    for every rule and for the known-names list: 'mevrouw Pee&shy;ters' was stored whole."""
    store.accounts.add_community(COMMUNITY)
    store.clients.add_client_names(COMMUNITY, ["Vranckaert"])
    html = ("<html><head><title>Casus</title></head><body><p>Ik bezocht mevrouw Pee&shy;ters."
            " Gisteren belde Vranck&#8203;aert opnieuw.</p></body></html>")
    (tmp_path / "html").mkdir()
    (tmp_path / "html" / "casus.html").write_text(html, encoding="utf-8")
    report = ingest.ingest_paths(store, fake_embedder, [tmp_path / "html"], ingest.Overrides(community=COMMUNITY))
    [outcome] = report.outcomes
    stored = store.catalogue.get_document(outcome.doc_id).text
    assert "mevrouw P." in stored and "belde V." in stored
    assert "ters" not in stored and "aert" not in stored
    assert ingest.pseudonymise_note(store, COMMUNITY, "pakket Vranck\u00adaert") == "pakket V."
