"""Results as the interfaces show them: every hit carries its linked source."""
from __future__ import annotations

from dataclasses import asdict, dataclass, field

from errors import PraktijkgeheugenError
from store import Author

MODES = ("hybrid", "dense", "lexical")


class SearchError(PraktijkgeheugenError):
    """A search request that cannot be answered as asked (bad mode, empty query...)."""

    user = "Deze zoekvraag kunnen we niet beantwoorden zoals ze is gesteld."


@dataclass
class Snippet:
    """Plain text and the (start, end) character offsets of the query's words in it,
    sorted and not overlapping (offsets count code points, as Python's str does).
    Plain, so each interface marks matches its own way: HTML, a terminal, JSON."""

    text: str = ""
    spans: list[tuple[int, int]] = field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(self.text)


@dataclass
class Passage:
    chunk_id: str
    ordinal: int
    text: str
    start: int
    end: int
    heading: str | None
    score: float
    snippet: Snippet = field(default_factory=Snippet)  # best sentences and the query's words in them


@dataclass
class Hit:
    """One document with its best passages for a query."""

    doc_id: str
    title: str | None
    type: str | None
    community: str | None
    cycle: str | None
    session: int | None
    date: str | None
    authors: list[Author]
    source_path: str | None
    score: float
    passages: list[Passage] = field(default_factory=list)

    def as_dict(self) -> dict:
        """Without `source_path`: where a file lies on the server is nobody's business."""
        data = asdict(self)
        del data["source_path"]
        data["chunk_id"] = self.passages[0].chunk_id if self.passages else None
        return data


@dataclass
class Reason:
    """Why someone is named: their part in a document that answers the query."""

    doc_id: str
    title: str | None
    role: str | None
    ordinal: int | None  # the passage, for the link to it
    snippet: Snippet     # the passage's best sentences and the query's words (empty when none was made)
    text: str            # the passage's beginning, plain


@dataclass
class Person:
    """Someone who had experience with the query's subject ("wie nog?")."""

    name: str
    organisation: str | None
    score: float
    documents: list[str]
    passages: list[tuple[str, str]] = field(default_factory=list)  # (doc_id, chunk_id)
    id: str | None = None  # the person page: /mensen/<id> (store._person_ids: never the row's key)
    reasons: list[Reason] = field(default_factory=list)

    def as_dict(self) -> dict:
        return asdict(self)


@dataclass
class SearchResult:
    """`hits` are the confident answers (above the relevance floor, search._floor);
    `weaker` the matches below it, which are not presented as answers."""

    query: str
    mode: str
    hits: list[Hit]
    seconds: float = 0.0
    weaker: list[Hit] = field(default_factory=list)

    @property
    def answered(self) -> bool:
        return bool(self.hits)

    def as_dict(self) -> dict:
        return {"query": self.query, "mode": self.mode, "seconds": round(self.seconds, 4),
                "answered": self.answered, "results": [h.as_dict() for h in self.hits],
                "weaker": [h.as_dict() for h in self.weaker]}
