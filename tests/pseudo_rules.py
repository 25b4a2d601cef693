"""The two ways the pseudonymiser's round tests run a made-up sentence: by the rules and word
lists alone (`rules`), and with deduce as ingest runs it (`full`, skipped where deduce is not
installed: mark such tests with `needs_deduce`)."""
from __future__ import annotations

import importlib.util

import pytest

from ingest._pseudonymise import pseudonymise

MEMBERS = ["Hilde Goossens", "Koen Verstraete"]
needs_deduce = pytest.mark.skipif(importlib.util.find_spec("deduce") is None, reason="deduce is not installed")


def rules(text: str, members=MEMBERS) -> str:
    return pseudonymise(text, list(members), use_model=False).text


def full(text: str, members=MEMBERS) -> str:
    return pseudonymise(text, list(members), use_model=True).text


# Both ways, for a parametrised round test (deduce's marked so a run without it skips that half).
BOTH = [rules, pytest.param(full, marks=[needs_deduce, pytest.mark.deduce])]


def none_left(out: str, names) -> None:
    """None of `names` is left in `out`."""
    assert not [name for name in names if name in out], out
