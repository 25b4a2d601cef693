"""Dutch compound splitting, so that "zorg" finds "woonzorgcentrum" and "buurt"
finds "buurtrestaurant".

Dutch writes compounds as one word, and care jargon is full of them. We split a
word when it is a known modifier (optionally with the linking -s-, -e- or -en-)
followed by a known head, preferring the longest head (Dutch compounds are
right-headed), and split the head again.
With `Analysis(compounds=True)` the lexical index holds a compound together with
its parts; queries are not split (measured: splitting them broadened paraphrase
queries into noise). The default index does not split: on the tuning halves of
three evaluation sets the parts cost lexical nDCG@10 (bench/tuning/tune.py). "Known" means in the Dutch lexicon
that ships with spacy-lookups-data (about 400,000 word forms and lemmas), so it
works offline. Derivational suffixes that happen to be words are never heads.
"""
from __future__ import annotations

import gzip
import json
from functools import lru_cache
from pathlib import Path

MIN_PART = 4
MIN_WORD = 2 * MIN_PART
_LINKERS = ("s", "en", "e")
# Endings that are words in the lexicon but here act as suffixes, not heads.
_NOT_HEADS = frozenset({"heid", "heden", "schap", "schappen", "lijk", "lijke", "baar", "bare",
                        "ling", "lingen", "isme", "tjes", "loos", "loze", "achtig", "zaam"})


@lru_cache(maxsize=1)
def _lexicon() -> tuple[frozenset[str], frozenset[str]]:
    """(modifiers, heads): lemmas only (no inflected forms such as "verg", which
    would cut "vergadering" into nonsense); heads must be nouns or adjectives."""
    import spacy_lookups_data

    data = Path(spacy_lookups_data.__file__).parent / "data"
    lookup = json.loads(gzip.open(data / "nl_lemma_lookup.json.gz").read())
    index = json.loads(gzip.open(data / "nl_lemma_index.json.gz").read())
    heads = {w for pos in ("noun", "adj") for w in index.get(pos, ())}
    modifiers = set(lookup.values()) | heads | set(index.get("verb", ()))
    clean = lambda words: frozenset(w for w in words if w.isalpha() and w.islower())  # noqa: E731
    return clean(modifiers), clean(heads)


def _modifier(left: str, lexicon: frozenset[str]) -> str | None:
    if left in lexicon:
        return left
    for linker in _LINKERS:
        stem = left[: -len(linker)]
        if left.endswith(linker) and len(stem) >= MIN_PART and stem in lexicon:
            return stem
    return None


@lru_cache(maxsize=200_000)
def split_compound(word: str) -> tuple[str, ...]:
    """The parts of a compound word, or () when it is not one."""
    if len(word) < MIN_WORD or not word.isalpha():
        return ()
    modifiers, heads = _lexicon()
    for cut in range(MIN_PART, len(word) - MIN_PART + 1):
        head = word[cut:]
        if head in _NOT_HEADS or head not in heads:
            continue
        modifier = _modifier(word[:cut], modifiers)
        if modifier:
            # The head is kept and split again (woon, zorgcentrum, zorg, centrum), so
            # a query for "zorgcentrum" finds "woonzorgcentrum"; a modifier such as
            # "praktijk" is kept whole.
            return modifier, head, *split_compound(head)
    return ()
