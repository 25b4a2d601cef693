"""Discovery: a coherent cluster the vocabulary lacks (heat waves) is found and labelled."""
import search.themes as themes
from store import Filters
from theme_docs import HEAT, NORTH, heat_clusters, tag_by_front_matter, theme_store  # noqa: F401  (a fixture)


def test_planted_heat_reports_form_a_new_cluster(theme_store):
    tag_by_front_matter(theme_store)
    clusters = themes.discover(theme_store, Filters(communities=(NORTH,)), k=3)
    heat = heat_clusters(clusters)
    assert len(heat) == 1 and not heat[0].in_vocabulary and heat[0].size == len(HEAT)
    assert {"hitte", "hittegolf"} <= set(heat[0].label)
    assert all(c.in_vocabulary for c in clusters if c is not heat[0])
    assert themes.representatives(theme_store, heat[0])[0].doc_id in HEAT


def test_too_few_passages_give_no_clusters(theme_store):
    assert themes.discover(theme_store, Filters(communities=("Onbekende groep",))) == []
