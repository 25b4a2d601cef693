"""Discovery: a coherent cluster the vocabulary lacks (heat waves) is found and labelled."""
import time

import pytest

import search.themes as themes
from conftest import tag_by_front_matter
from store import Filters
from theme_docs import HEAT, NORTH

HEAT_LEMMAS = {"hitte", "hittegolf", "hitteplan", "ventilator", "koel", "water"}


def _heat_cluster(clusters):
    return [c for c in clusters if HEAT_LEMMAS & set(c.label[:3])]


def test_planted_heat_reports_form_a_new_cluster(theme_store):
    tag_by_front_matter(theme_store)
    clusters = themes.discover(theme_store, Filters(communities=(NORTH,)), k=3)
    heat = _heat_cluster(clusters)
    assert len(heat) == 1 and not heat[0].in_vocabulary and heat[0].size == len(HEAT)
    assert {"hitte", "hittegolf"} <= set(heat[0].label)
    assert all(c.in_vocabulary for c in clusters if c is not heat[0])
    assert themes.representatives(theme_store, heat[0])[0].doc_id in HEAT


def test_too_few_passages_give_no_clusters(theme_store):
    assert themes.discover(theme_store, Filters(communities=("Onbekende groep",))) == []


@pytest.mark.slow
def test_on_the_demo_corpus_the_planted_heat_cluster_is_new_and_fast(demo_themes):
    start = time.monotonic()
    clusters = themes.discover(demo_themes, Filters())
    assert time.monotonic() - start < 60
    heat = _heat_cluster(clusters)
    assert heat and not heat[0].in_vocabulary
    assert {"hitte", "hittegolf"} & set(heat[0].label)
    new = [c for c in clusters if not c.in_vocabulary]
    assert len(new) <= 2, [c.label for c in new]
