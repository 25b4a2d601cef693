"""Regions larger than a town (`data/regions.txt`): countries, provinces, the Dutch safety
regions and service regions. An organisation puts one after its name ("Syntra Limburg",
"Reclassering Nederland", "Brandweer Hollands Midden"); a person is not written so: a
capitalised word that is no given name, right before a region, is an organisation's."""
from __future__ import annotations

import functools
from pathlib import Path

import regex

_DATA = Path(__file__).resolve().parent / "data" / "regions.txt"  # also places (ingest._lexicon)


@functools.lru_cache(maxsize=1)
def _pattern() -> regex.Pattern:
    names = sorted({line.strip() for line in _DATA.read_text("utf-8").splitlines()
                    if line.strip() and not line.startswith("#")}, key=len, reverse=True)
    body = "|".join(r"[ \t]+".join(regex.escape(w) for w in name.split()) for name in names)
    return regex.compile(r"[ \t]+(?i:" + body + r")(?![\p{L}\p{N}_-])")


def region_after(text: str, end: int) -> bool:
    """A region right after `end`, past spaces only ("Syntra| Limburg"), up to a word's end."""
    return end >= 0 and _pattern().match(text, end) is not None
