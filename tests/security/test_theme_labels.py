"""Discovered themes are never labelled with a person's name (issue 18), but the names
were every person's and account's of the network: a closed group's new author named
like a word of an outsider's own passages took that word out of the outsider's labels,
telling them the closed group writes with such a person. The names are now those
the caller may see (authors of their visible documents, accounts of their groups)."""
from __future__ import annotations

import search.themes as themes
from access_world import EAST, SOUTH
from security_world import add_document
from store import Access, Filters

OUTSIDER = Filters(access=Access(member_of=(EAST,), shared=True))
TOPICS = {
    "tuin": "De moestuin in de wijk: de tuinders zaaiden bonen en de compostbak liep vol met blad.",
    "fiets": "De fietsenmaker hielp de buren met lekke banden en een fietsreparatiecursus voor de jongeren.",
    "koken": "In de buurtkeuken kookten de vrijwilligers soep en stoofpot voor de alleenstaande ouderen.",
}


def _labels(store) -> list[str]:
    return [cluster.label for cluster in themes.discover(store, OUTSIDER)]


def test_a_closed_groups_author_does_not_change_an_outsiders_labels(world, tmp_path):
    for topic, text in TOPICS.items():
        for n in range(4):
            add_document(world, tmp_path / "open", f"zuid/{topic}-{n}.md", f"{text} Sessie {n}.", SOUTH)
    before = _labels(world.store)
    words = sorted({w for label in before for w in label if w.isalpha() and len(w) > 3})
    assert words, before   # the probe has label words to watch
    for n, word in enumerate(words):
        add_document(world, tmp_path / "geheim", f"noord/geheim-{n}.md", "Een verslag over de thuiszorg.",
                     "PG Noord", {"authors": [{"name": word.capitalize(), "organisation": "Noord"}]})
    assert _labels(world.store) == before
