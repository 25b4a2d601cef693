"""A community's known client names, applied at ingest in two steps.

`listed_clients` gives the pseudonymiser the listed names as the document writes
them, as known clients (so a listed "Jan" also takes a following surname along,
and later bare uses of a listed name's parts go too); `replace_listed` then
replaces by their initials whatever occurrence the rules still left (a lower-case
"bolleke", a name beside a street word). A listed name is replaced even where a
community switched pseudonymisation off: the switch stops the guessing, not a
moderator's explicit list. The store keeps the list as hashes (store._clients).

`replace_given` is the second step for names given as text (`pseudonymise --clients`),
so the preview replaces a client it was also told is a member, as ingest does.
"""
from __future__ import annotations

import dataclasses
import re
from typing import Callable, overload

from ingest import _names as nm
from ingest._pseudonymise import Pseudonymised
from store import Listed, Store, given_name_spans


def listed_clients(store: Store, community: str | None, title: str | None, text: str) -> list[str]:
    """The community's known client names as this document writes them."""
    whole = f"{title or ''}\n{text}"
    return list(dict.fromkeys(whole[s:e] for s, e in store.clients.client_name_spans(community, whole)))


def replace_listed(store: Store, community: str | None, title: str | None,
                   result: Pseudonymised) -> tuple[str | None, Pseudonymised]:
    """Replace what is left of the community's known client names in a pseudonymised
    title and text by their initials; the count and pairs grow accordingly."""
    return _replace_found(lambda text: store.clients.client_name_spans(community, text), title, result)


def replace_given(clients: list[str], title: str | None,
                  result: Pseudonymised) -> tuple[str | None, Pseudonymised]:
    """`replace_listed` for client names given as text: what is left of them replaced
    by their initials, matched as listed names are (store.given_name_spans)."""
    return _replace_found(given_name_spans(clients), title, result) if clients else (title, result)


def _replace_found(spans_of: Callable[[str], list[tuple[int, int]]], title: str | None,
                   result: Pseudonymised) -> tuple[str | None, Pseudonymised]:
    text, pairs, count = _replace_spans(result.text, spans_of(result.text))
    if title:
        title, head_pairs, head_count = _replace_spans(title, spans_of(title))
        pairs, count = pairs + head_pairs, count + head_count
    if not count:
        return title, result
    merged = list(dict.fromkeys([*result.replacements, *pairs]))
    return title, dataclasses.replace(result, text=text, replacements=merged, count=result.count + count)


def _replace_spans(text: str, spans: list[tuple[int, int]]) -> tuple[str, list[tuple[str, str]], int]:
    pieces, pairs, pos = [], [], 0
    for start, end in spans:
        name = text[start:end]
        replacement = nm.initials(" ".join(w[:1].upper() + w[1:] for w in name.split()))
        pieces += [text[pos:start], replacement]
        pairs.append((name, replacement))
        pos = end + (1 if text[end:end + 1] == "." and text[end:end + 3] != "..." else 0)
    return "".join(pieces) + text[pos:], list(dict.fromkeys(pairs)), len(spans)


# What a file name or path puts between the words of a name ("rosa_pinto", "Peeters/verslag");
# the store reads hyphens itself (store._clients).
_FILE_JOINERS = re.compile(r"[_./\\]")


@overload
def hide_listed(store: Store, community: str | None, value: str, only: list[str] | Listed | None = None) -> str: ...
@overload
def hide_listed(store: Store, community: str | None, value: str | None,
                only: list[str] | Listed | None = None) -> str | None: ...
def hide_listed(store: Store, community: str | None, value: str | None,
                only: list[str] | Listed | None = None) -> str | None:
    """`value` (a document id, a file path, a theme) with the community's known client
    names replaced by their initials, also where '-', '_', '.' or a folder separator
    joins a name to the words around it ("Peeters/casus-peeters.md" -> "P./casus-P..md").
    A listed name is never stored, whether or not the text names the client too.
    `only`: just these of the listed names."""
    if not value or not community:
        return value
    spaced = _FILE_JOINERS.sub(" ", value)   # one character for one: a span is the same in both
    pieces, pos = [], 0
    for start, end in store.clients.client_name_spans(community, spaced, only=only):
        pieces += [value[pos:start], nm.initials(" ".join(w[:1].upper() + w[1:] for w in spaced[start:end].split()))]
        pos = end
    return "".join(pieces) + value[pos:]
