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
    store.add_community(COMMUNITY)
    store.add_user("Hilde Mortier", "een goed wachtwoord 123")
    store.grant("Hilde Mortier", COMMUNITY, "lid")
    store.add_client_names(COMMUNITY, ["Rosa Pinto"])
    outcomes, report = _ingest(store, fake_embedder, folder)
    document = store.get_document("casus.md")
    assert document.meta.title == "Casus: mevrouw P. wil niet naar het dagcentrum"
    assert "mevrouw P. samen met Wouter De Smet" in document.text and "zoon D." in document.text
    assert "R. P. komt" in document.text  # the community's known client
    chunks = " ".join(c.text for c in store.chunks_of(document.pk))
    assert not {"Peeters", "Dirk", "Rosa", "Pinto"} & set(chunks.replace(".", " ").split())
    assert store.lexical_search(["peeters"], Filters(), 10) == []
    assert outcomes["casus.md"].replacements == 4 and report.replacements == 4


@pytest.mark.deduce
def test_members_and_authors_keep_their_names(store, fake_embedder, folder):
    store.add_community(COMMUNITY)
    store.add_user("Hilde Mortier", "een goed wachtwoord 123")
    store.grant("Hilde Mortier", COMMUNITY, "lid")
    outcomes, _ = _ingest(store, fake_embedder, folder)
    text = store.get_document("casus.md").text
    # Griet: this document's author; Wouter: author of another document in the batch;
    # Hilde: a user with a role in the community.
    assert "Griet Van Hecke en Hilde Mortier" in text and "Wouter De Smet" in text
    assert store.get_document("verslag.md").text.startswith("Aanwezig: Griet Van Hecke, Wouter De Smet, Hilde")
    assert outcomes["verslag.md"].replacements == 0


def test_a_community_can_switch_it_off(store, fake_embedder, folder):
    store.add_community(COMMUNITY)
    store.set_pseudonymise(COMMUNITY, False)
    outcomes, report = _ingest(store, fake_embedder, folder)
    assert "mevrouw Peeters" in store.get_document("casus.md").text
    assert outcomes["casus.md"].replacements is None and report.replacements == 0


@pytest.mark.deduce
def test_the_preview_shows_exactly_what_ingest_stores(store, fake_embedder, folder):
    outcomes, _ = _ingest(store, fake_embedder, folder)
    policy = ingest.community_policy(store, COMMUNITY)
    [(doc_id, title, result)] = ingest.preview(folder / "casus.md", list(policy.members), list(policy.clients))
    stored = store.get_document("casus.md")
    assert (title, result.text) == (stored.meta.title, stored.text)
    assert result.count == outcomes["casus.md"].replacements


@pytest.mark.deduce
def test_switching_it_on_replaces_the_stored_version(store, fake_embedder, folder):
    store.add_community(COMMUNITY)
    store.set_pseudonymise(COMMUNITY, False)
    _ingest(store, fake_embedder, folder)
    store.set_pseudonymise(COMMUNITY, True)
    outcomes, _ = _ingest(store, fake_embedder, folder)
    assert outcomes["casus.md"].status == "replaced" and "Peeters" not in store.get_document("casus.md").text
    # Hilde Mortier writes nothing and has no account here, so nothing says she is a member.
    assert "Wouter De Smet, H. M." in store.get_document("verslag.md").text


def test_the_cli_report_counts_replacements_per_document(capsys):
    from web.cli.data import _print_report

    report = ingest.IngestReport([ingest.Outcome("a.md", "a.md", "ingested", 3, replacements=2),
                                  ingest.Outcome("b.md", "b.md", "ingested", 1, replacements=None)])
    _print_report(report)
    out = capsys.readouterr().out
    assert "a.md (3 chunks, 2 client names replaced)" in out
    assert "b.md (1 chunks, not pseudonymised" in out and "; 2 client names replaced" in out
    assert report.as_dict()["outcomes"][0]["replacements"] == 2


def test_a_failing_pseudonymiser_stores_nothing(store, fake_embedder, folder, monkeypatch):
    from ingest import _privacy

    def broken(*args):
        raise ingest.IngestError("pseudonymisation_failed", "deduce is not installed")
    monkeypatch.setattr(_privacy, "pseudonymise_limited", broken)
    outcomes, _ = _ingest(store, fake_embedder, folder)
    assert outcomes["casus.md"].code == "pseudonymisation_failed"
    assert store.get_document("casus.md") is None
