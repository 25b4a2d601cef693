"""Which entries the keep list refuses: the names a community's documents keep
(`keep add`, the group's name page) are places, organisations and projects that read
like a person's name. An entry on it is kept wherever it occurs, so a moderator who
put a client's name there ("Jan Peeters", or "Peeters" from the group's client list)
made the pseudonymiser keep that client's name in every document added afterwards
(tenancy round 27). Refused: an entry on which one of the community's known client
names occurs, and an entry that reads as a person's name alone, a given name from the
pseudonymiser's first-name lexicon with or without a surname ("Jan", "Jan Peeters",
"Marie van den Berg"), unless it is a known place or organisation or a word of it
opens one ("AZ Maria Middelares", "Buurthuis Jan Palfijn"). A member of the group goes
on the member list instead; a client's name is never kept."""
from __future__ import annotations

from typing import Sequence

from store import Store

MAX_PERSON_WORDS = 4   # "Marie van den Berg"; longer entries are not a name alone


def refused_keep(store: Store, community: str, names: Sequence[str]) -> int | None:
    """The 1-based number of the first entry the keep list refuses, or None."""
    for number, name in enumerate(names, 1):
        if store.clients.client_name_spans(community, name) or reads_as_person(name):
            return number
    return None


def reads_as_person(entry: str) -> bool:
    """Whether `entry` is a person's name alone (see the module's text)."""
    from ingest import _lexicon as lx
    from ingest._lexicon import CLOSED
    from ingest._names import ORGANISATION_LEADS, fold, is_particle, organisation_word

    words = [w.strip(".,;:()'’\"") for w in entry.split()]
    words = [w for w in words if w]
    if not words or len(words) > MAX_PERSON_WORDS or is_particle(words[0]) or fold(words[0]) in CLOSED \
            or lx.first_name_frequency(words[0]) == 0:
        return False
    if lx.is_place(entry) or lx.is_organisation(entry):
        return False
    if any(fold(w) in ORGANISATION_LEADS or lx.is_organisation(w) for w in words):
        return False
    rest = words[1:]
    if any(organisation_word(w) for w in rest if not is_particle(w)) and not all(
            lx.is_surname(w) for w in rest if not is_particle(w)):
        return False
    return all(is_particle(w) or (w.replace("-", "").replace("'", "").isalpha() and (
        lx.is_surname(w) or not lx.is_dutch_word(w))) for w in rest)   # typed in any case: kept in any case
