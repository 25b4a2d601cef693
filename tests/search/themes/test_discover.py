"""Discovery: a coherent cluster the vocabulary lacks (heat waves) is found and labelled.

Clustering is seeded (a rerun gives the same clusters) and the passages are tagged by
their own front matter (the heat reports have no theme), so what is asserted does not
hang on the tagger; and it holds for any reasonable clustering: most heat reports
together, under heat words, flagged new, and every cluster of tagged passages not."""
import pytest

import ingest
import search.themes as themes
import search.themes._discover as discovery
from store import Filters
from theme_docs import HEAT, NEW, NORTH, SOUTH, _doc, heat_home, tag_by_front_matter, write

MEMBERS = ("Nadia Benali", "Marc Peeters")
NAMED = {   # heat reports by two members who name each other and their neighbourhood
    f"noord/2023-2024/hitte-vennen-{n}.md": _doc(
        f"Sessie {6 + n}: hitte in De Vennen", NORTH, NEW, 6 + n, f"2024-07-{10 + n}", MEMBERS[n % 2], [],
        "In De Vennen was de hittegolf zwaar. Nadia belde de bewoners, Marc bracht water en ventilatoren."
        " Volgens Nadia bleven de ramen dicht; Marc vond een koele ruimte in De Vennen. Hitte blijft.")
    for n in range(4)}


def test_planted_heat_reports_form_a_new_cluster(theme_store):
    tag_by_front_matter(theme_store)
    clusters = themes.discover(theme_store, Filters(communities=(NORTH,)), k=3)
    heat, together, planted = heat_home(theme_store, clusters)
    assert together >= 2 and together > heat.size / 2, (together, planted, heat.size)
    assert {"hitte", "hittegolf"} & set(heat.label) and not heat.in_vocabulary
    assert all(c.in_vocabulary for c in clusters if c is not heat)
    assert themes.representatives(theme_store, heat, Filters(communities=(NORTH,)))[0].doc_id in HEAT
    again = themes.discover(theme_store, Filters(communities=(NORTH,)), k=3)
    assert [c.chunk_ids for c in again] == [c.chunk_ids for c in clusters]


def test_too_few_passages_give_no_clusters(theme_store):
    assert themes.discover(theme_store, Filters(communities=("Onbekende groep",))) == []



def test_labels_hold_no_person_or_place_names_nor_stop_words(theme_store, fake_embedder, tmp_path, monkeypatch):
    """Members who name each other and their neighbourhood in every report: their
    names are the most distinctive words of those passages, yet never a label."""
    assert not ingest.ingest_paths(theme_store, fake_embedder, [write(tmp_path / "named", NAMED)]).failed
    tag_by_front_matter(theme_store)
    scope = Filters(communities=(NORTH,))
    names = {"nadia", "benali", "marc", "peeters", "vennen"}
    words = {w for c in themes.discover(theme_store, scope, k=3) for w in c.label}
    assert words and not words & names and not words & discovery.SNOWBALL_STOP, words
    monkeypatch.setattr(discovery, "not_labels", lambda people, texts: set())   # positive control
    monkeypatch.setattr(discovery, "_layouts", discovery.Layouts())              # not the kept layout
    assert {w for c in themes.discover(theme_store, scope, k=3) for w in c.label} & names


def test_words_written_as_names():
    text = "Marc vertelde dat Nadia in De Vennen woont. Volgens Marc is eenzaamheid daar groot.\n## Hitte\nHitte."
    assert discovery.written_as_names([text]) >= {"marc", "nadia", "vennen"}
    assert not discovery.written_as_names([text]) & {"eenzaamheid", "hitte", "volgens", "woont"}


def test_a_repeat_uses_the_kept_layout_with_current_tags_and_a_change_clusters_again(
        theme_store, fake_embedder, tmp_path, monkeypatch):
    """R7 (store/_snapshot.py): the clustering is kept per scope and catalogue
    generation; a repeat only reads the tags (so new tags show at once), a new
    document clusters again, and another scope never gets this one's layout."""
    calls = []
    real = discovery.cluster_scope

    def counted(store, filters, k, people):
        calls.append(filters)
        return real(store, filters, k, people)
    monkeypatch.setattr(discovery, "cluster_scope", counted)
    monkeypatch.setattr(discovery, "_layouts", discovery.Layouts())
    north = Filters(communities=(NORTH,))
    first = themes.discover(theme_store, north, k=3)
    assert all(c.top_theme is None for c in first) and len(calls) == 1
    tag_by_front_matter(theme_store)
    tagged = themes.discover(theme_store, north, k=3)
    assert len(calls) == 1 and [c.chunk_ids for c in tagged] == [c.chunk_ids for c in first]
    assert any(c.top_theme for c in tagged)
    other = Filters(communities=(NORTH, SOUTH))
    assert themes.discover(theme_store, other, k=3) and calls == [north, other]
    assert not ingest.ingest_paths(theme_store, fake_embedder, [write(tmp_path / "named", NAMED)]).failed
    grown = themes.discover(theme_store, north, k=3)
    assert calls == [north, other, north] and sum(c.size for c in grown) > sum(c.size for c in first)


@pytest.mark.filterwarnings("ignore:Number of distinct clusters")   # what the test is about
def test_passages_that_embed_alike_give_fewer_clusters_not_an_error(theme_store, monkeypatch):
    """k-means finds fewer distinct clusters than asked when vectors coincide: the
    empty ones are left out (they raised KeyError, a 500 on the page)."""
    import numpy as np

    monkeypatch.setattr(theme_store.vectors, "get", lambda ids: np.ones((len(ids), 4), dtype=np.float32))
    monkeypatch.setattr(discovery, "_layouts", discovery.Layouts())
    scope = Filters(communities=(NORTH,))
    [cluster] = themes.discover(theme_store, scope, k=3)
    assert cluster.size == len(theme_store.tags.scope_chunks(scope))
