"""Plain records that cross the store's boundary (no SQLite rows leak out)."""
from __future__ import annotations

from dataclasses import dataclass, field

# programma, presentatie and publicatie name professionals (speakers, trainers, authors),
# not clients: ingest keeps their names (ingest._privacy.PUBLIC_TYPES).
DOCUMENT_TYPES = ("sessieverslag", "casus", "reflectie", "programma", "presentatie", "publicatie", "other")


# What a person did in a document, strongest experience first: brought the case,
# wrote the reflection, presented, took part, took the notes. None: not known.
AUTHOR_ROLES = ("inbreng", "reflectie", "presentatie", "deelnemer", "verslag")
# The part a document's own author played when nothing says otherwise: a case's
# author brought it, a reflection's wrote it, a presentation's presented it, a
# session report's or a programme's wrote it down (a publication's: not known).
TYPE_ROLES = {"casus": "inbreng", "reflectie": "reflectie", "presentatie": "presentatie",
              "sessieverslag": "verslag", "programma": "verslag"}


@dataclass(frozen=True)
class Author:
    name: str
    organisation: str | None = None
    role: str | None = None
    person_id: str | None = field(default=None, compare=False)  # public id, set when read from the store
    from_text: bool = False  # named only by the text ("Inbreng Sien:"), not by the metadata


@dataclass
class DocumentMeta:
    """What is known about a document; None means unknown, never a guess."""

    title: str | None = None
    type: str | None = None
    community: str | None = None
    cycle: str | None = None
    session: int | None = None
    date: str | None = None
    authors: list[Author] = field(default_factory=list)
    themes: list[str] = field(default_factory=list)
    # Front matter `openbaar: ja`: the document names professionals, not clients, so
    # pseudonymisation keeps their names (stored, so pseudonymising it again does too).
    public: bool = False


@dataclass(frozen=True)
class ChunkDraft:
    """A chunk before it is stored: a span of the document text."""

    ordinal: int
    text: str
    start: int
    end: int
    heading: str | None
    lexical: str  # normalised text for the lexical index (lemmas, compound parts)


@dataclass(frozen=True)
class DocumentDraft:
    doc_id: str
    text: str
    meta: DocumentMeta
    source_path: str | None
    content_hash: str
    chunks: list[ChunkDraft]


@dataclass(frozen=True)
class Document:
    pk: int
    doc_id: str
    text: str
    meta: DocumentMeta
    source_path: str | None
    content_hash: str
    state: str


@dataclass(frozen=True)
class Chunk:
    pk: int
    document_pk: int
    ordinal: int
    text: str
    start: int
    end: int
    heading: str | None
    vector_id: str


@dataclass(frozen=True)
class Access:
    """What a caller may read: their own communities' material, and material
    other communities share with the network (a document's own setting, else its
    community's) with the network, whose members are those with a role in any
    community: with no role at all (`member_of` empty), nothing is visible.
    Documents without a community are never visible under Access."""

    member_of: tuple[str, ...] = ()
    shared: bool = True


@dataclass(frozen=True)
class Filters:
    """Restrictions every read path applies inside the retrievers.

    `communities` None means "no restriction"; an empty tuple means "nothing".
    `access` None means local single-user mode: everything is readable.
    `themes`: only documents with a passage tagged with one of them (tags move
    without the catalogue generation: store._snapshot rule R8).
    """

    communities: tuple[str, ...] | None = None
    cycles: tuple[str, ...] = ()
    types: tuple[str, ...] = ()
    authors: tuple[str, ...] = ()
    date_from: str | None = None
    date_to: str | None = None
    access: Access | None = None
    themes: tuple[str, ...] = ()

    def is_empty(self) -> bool:
        return self.communities is None and self.access is None and not (
            self.cycles or self.types or self.authors or self.date_from or self.date_to or self.themes
        )
