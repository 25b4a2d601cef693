"""Which names a community's documents keep, and whether its client names are
replaced at all: read from the store once per community per batch.

Pseudonymisation is on unless the community switched it off (a community the
store does not know yet gets the default: on). Members keep their names: users
with a role in the community, the authors of its documents, and each document's
own authors, and the authors of the other documents of the same community in the
batch being ingested; the community's list of known client names is replaced
wherever it occurs, also where the switch is off (ingest._listed).
"""
from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from pathlib import Path

from ingest._errors import IngestError
from ingest._isolated import pseudonymise_limited
from ingest._listed import listed_clients, replace_listed
from ingest._metadata import Overrides, resolve_meta
from ingest._pseudonymise import Pseudonymised, pseudonymise_document
from ingest._read import read_all
from store import DocumentMeta, Filters, Store


@dataclass(frozen=True)
class Policy:
    enabled: bool
    members: tuple[str, ...]
    clients: tuple[str, ...]


def community_policy(store: Store, community: str | None) -> Policy:
    """The store's switch and members for `community`; its known client names are
    kept as hashes, so they are found per text (ingest._listed), not listed here."""
    if not community:
        return Policy(True, (), ())
    switches = {c.name: c.pseudonymise for c in store.communities()}
    members = {u.name for u in store.users() if community in u.roles}
    members.update(store.facets(Filters(communities=(community,)))["authors"])
    return Policy(switches.get(community, True), tuple(sorted(members)), ())


class Privacy:
    """Applies each community's policy to the documents of one batch."""

    def __init__(self, store: Store, authors: dict[str | None, set[str]] | None = None) -> None:
        self._store = store
        self._authors = authors or {}  # the batch's own authors, per community
        self._policies: dict[str | None, Policy] = {}

    def apply(self, text: str, meta: DocumentMeta) -> tuple[str, DocumentMeta, int | None]:
        """(text, meta) as they will be stored, and the number of names replaced
        (None when the community does not pseudonymise)."""
        policy = self._policy(meta.community)
        if not policy.enabled:
            title, result = replace_listed(self._store, meta.community, meta.title, Pseudonymised(text, [], 0))
            return result.text, dataclasses.replace(meta, title=title), result.count or None
        members = [*policy.members, *(author.name for author in meta.authors)]
        clients = [*policy.clients, *listed_clients(self._store, meta.community, meta.title, text)]
        title, result = pseudonymise_limited(meta.title, text, members, clients)
        title, result = replace_listed(self._store, meta.community, title, result)
        return result.text, dataclasses.replace(meta, title=title), result.count

    def _policy(self, community: str | None) -> Policy:
        if community not in self._policies:
            policy = community_policy(self._store, community)
            members = tuple(sorted({*policy.members, *self._authors.get(community, ())}))
            self._policies[community] = dataclasses.replace(policy, members=members)
        return self._policies[community]


def preview(path: Path, members: list[str], clients: list[str], use_model: bool = True
            ) -> list[tuple[str, str | None, Pseudonymised]]:
    """(doc id, title, pseudonymised text) for each document in a file, read and
    pseudonymised as ingest does (its authors spared), but in this process."""
    previews = []
    for item in read_all(path, path.name):
        if isinstance(item, IngestError):
            raise item
        meta = resolve_meta(item.fields, Overrides(), item.doc_id, item.text)
        names = [*members, *(author.name for author in meta.authors)]
        title, result = pseudonymise_document(meta.title, item.text, names, clients, use_model)
        previews.append((item.doc_id, title, result))
    return previews
