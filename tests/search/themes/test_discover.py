"""Discovery: a coherent cluster the vocabulary lacks (heat waves) is found and labelled.

Clustering is seeded (a rerun gives the same clusters) and the passages are tagged by
their own front matter (the heat reports have no theme), so what is asserted does not
hang on the tagger; and it holds for any reasonable clustering: most heat reports
together, under heat words, flagged new, and every cluster of tagged passages not."""
import search.themes as themes
from store import Filters
from theme_docs import HEAT, NORTH, heat_home, tag_by_front_matter


def test_planted_heat_reports_form_a_new_cluster(theme_store):
    tag_by_front_matter(theme_store)
    clusters = themes.discover(theme_store, Filters(communities=(NORTH,)), k=3)
    heat, together, planted = heat_home(theme_store, clusters)
    assert together >= 2 and together > heat.size / 2, (together, planted, heat.size)
    assert {"hitte", "hittegolf"} & set(heat.label) and not heat.in_vocabulary
    assert all(c.in_vocabulary for c in clusters if c is not heat)
    assert themes.representatives(theme_store, heat)[0].doc_id in HEAT
    again = themes.discover(theme_store, Filters(communities=(NORTH,)), k=3)
    assert [c.chunk_ids for c in again] == [c.chunk_ids for c in clusters]


def test_too_few_passages_give_no_clusters(theme_store):
    assert themes.discover(theme_store, Filters(communities=("Onbekende groep",))) == []
