"""Round eighteen of the pseudonymiser (issue #16; docs/pseudonymisation.md, "Round eighteen"):
classes chosen on the tuning and seen files only. Every sentence here is made up for these tests
and appears in no evaluation set."""
from __future__ import annotations

from pathlib import Path

import pytest

from ingest import _lexicon as lx
from pseudo_rules import BOTH, none_left

TEAM = ["Hilde Goossens", "Koen Verstraete"]
DATA = Path(lx.__file__).with_name("data")


# --- 1. Belgian postal localities (deelgemeenten) are places ------------------------------------

def test_the_locality_list_names_its_source_and_holds_former_municipalities():
    text = (DATA / "localities_be.txt").read_text("utf-8")
    header = [line for line in text.splitlines() if line.startswith("#")]
    assert any("Statbel" in line for line in header) and any("CC BY 4.0" in line for line in header)
    names = {line for line in text.splitlines() if line and not line.startswith("#")}
    assert len(names) > 2000
    for village in ("Zillebeke", "Langdorp", "Kanne", "Zandvliet", "Reninge", "Vinkem", "Beerst"):
        assert village in names
    assert not [n for n in names if n.endswith(".")]  # no province abbreviations ("Antw.")


@pytest.mark.parametrize("village", ["Zillebeke", "Reninge", "Vinkem", "Beerst", "Keiem", "Oombergen",
                                     "'s-Gravenwezel", "Sint-Lievens-Esse", "Wodecq"])
def test_a_former_municipality_is_a_place(village):
    assert lx.is_place(village) and lx.is_place(village.lower())


@pytest.mark.parametrize("word", ["Veerle", "Lot", "Roy", "Mark", "Barry"])
def test_a_locality_that_is_a_given_name_is_no_place(word):
    assert not lx.is_place(word)  # a client is called so far more often than a village's people write it


@pytest.mark.parametrize("word", ["Doel", "Wortel", "Recht", "Naast"])
def test_a_locality_that_is_a_dutch_word_is_no_place(word):
    assert not lx.is_place(word)


@pytest.mark.parametrize("run", BOTH)
@pytest.mark.parametrize("text, kept, gone", [
    ("Mevrouw Claes (Vinkem) wil naar de markt.", "Vinkem", ["Claes"]),
    ("Koen: Beerst gaat door, Keiem niet, mevr Desmet belt terug.", "Beerst", ["Desmet"]),
    ("Dhr. Vermeersch verhuist van Reninge naar een studio.", "Reninge", ["Vermeersch"]),
])
def test_a_village_keeps_its_name_beside_a_client(run, text, kept, gone):
    out = run(text, TEAM)
    assert kept in out, out
    none_left(out, gone)
