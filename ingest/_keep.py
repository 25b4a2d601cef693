"""Which entries the keep list refuses: the names a community's documents keep
(`keep add`, the group's name page) are places, organisations and projects that read
like a person's name. An entry on it is kept wherever it occurs, so a moderator who
put a client's name there ("Jan Peeters", or "Peeters" from the group's client list)
made the pseudonymiser keep that client's name in every document added afterwards
(tenancy round 27). Refused: an entry on which one of the community's known client
names occurs, and an entry that reads as a person's name alone, a given name from the
pseudonymiser's first-name lexicon with or without a surname ("Jan", "Jan Peeters",
"Marie van den Berg"), unless it is a known place or organisation or a word of it
opens one ("AZ Maria Middelares", "Buurthuis Jan Palfijn", "Huize Jan Bakker"). A word
that opens organisations but is also a listed surname ("Bakker", "Slager", "Hof") names a
person when a given name comes first: "Jan Bakker" is refused (tenancy round 28; it was
kept as a baker's shop). A member of the group goes on the member list instead; a
client's name is never kept.

The rule is applied again wherever the list is read to be applied (`applied_keep`,
ingest._privacy): an entry put there before the rule refused it, or one that names a
client listed after it was added (by a version before attack 38's), is not kept, and the group's name page shows it as
refused to its moderators (web/views/group_names.py).

The member list refuses an entry on which a known client name occurs too, and listing a
client removes every member and keep entry the name occurs on (`refused_member` and
`forget_listed` in ingest._correct): a client taken for a volunteer ("Rosalie
Vanquaethem") or a venue named after a client's family ("Huize Vanquaethem") stayed on
the lists as typed after the correction that listed the client, in the database, every
backup and the group's name page (privacy attack 38,
tests/security/test_attack38_name_lists.py)."""
from __future__ import annotations

from typing import Sequence

from store import Store

MAX_PERSON_WORDS = 4   # "Marie van den Berg"; longer entries are not a name alone


def refused_keep(store: Store, community: str, names: Sequence[str]) -> int | None:
    """The 1-based number of the first entry the keep list refuses, or None."""
    for number, name in enumerate(names, 1):
        if refused_entry(store, community, name):
            return number
    return None


def refused_entry(store: Store, community: str, name: str, clients: bool = True) -> bool:
    """Whether the keep list refuses `name`; with `clients` False only for reading as a
    person (what a caller who does not read the group may learn: whether the group lists
    a client is not theirs to know)."""
    return reads_as_person(name) or (clients and bool(store.clients.client_name_spans(community, name)))


def applied_keep(store: Store, community: str) -> tuple[list[str], list[str]]:
    """The community's keep list as it is applied: (entries kept, entries refused now)."""
    kept: list[str] = []
    refused: list[str] = []
    for name in store.accounts.community_names(community, "keep"):
        (refused if refused_entry(store, community, name) else kept).append(name)
    return kept, refused


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
    if any((number == 0 or not lx.is_surname(w)) and (fold(w) in ORGANISATION_LEADS or lx.is_organisation(w))
           for number, w in enumerate(words)):   # "Huize Jan", "Jan Palfijn Ziekenhuis"; not "Jan Bakker"
        return False
    rest = words[1:]
    if any(organisation_word(w) for w in rest if not is_particle(w)) and not all(
            lx.is_surname(w) for w in rest if not is_particle(w)):
        return False
    return all(is_particle(w) or (w.replace("-", "").replace("'", "").isalpha() and (
        lx.is_surname(w) or not lx.is_dutch_word(w))) for w in rest)   # typed in any case: kept in any case
