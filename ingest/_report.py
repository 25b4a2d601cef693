"""The per-file ingest report: what happened to every file and document."""
from __future__ import annotations

import dataclasses
from collections import Counter
from dataclasses import dataclass, field

INGESTED, UNCHANGED, REPLACED, FAILED = "ingested", "unchanged", "replaced", "failed"


@dataclass(frozen=True)
class NameReport:
    """What pseudonymisation did to one document: mentions replaced, the distinct
    (original, replacement) pairs, and the name-like words kept with their reason
    ("lid", "plaats of organisatie", ...). Shown to the uploader once, never stored."""

    count: int
    replaced: tuple[tuple[str, str], ...] = ()
    kept: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class Outcome:
    source: str          # file path as given (plus line for JSONL)
    doc_id: str | None
    status: str          # ingested | unchanged | replaced | failed
    chunks: int = 0
    code: str | None = None     # error code when failed (web/ translates it)
    reason: str | None = None   # English detail when failed
    field: str | None = None    # the metadata field at fault, when that was the reason
    replacements: int | None = None  # client-name mentions replaced; None: not pseudonymised
    names: NameReport | None = None  # which names were replaced and kept (None: not pseudonymised)
    given_id: str | None = None  # the id as given, when a name found in the text was hidden in it


@dataclass
class IngestReport:
    outcomes: list[Outcome] = field(default_factory=list)
    seconds: float = 0.0
    embed_seconds: float = 0.0

    def add(self, outcome: Outcome) -> None:
        self.outcomes.append(outcome)

    def counts(self) -> dict[str, int]:
        counts = Counter(o.status for o in self.outcomes)
        return {s: counts.get(s, 0) for s in (INGESTED, REPLACED, UNCHANGED, FAILED)}

    @property
    def chunks(self) -> int:
        return sum(o.chunks for o in self.outcomes if o.status in (INGESTED, REPLACED))

    @property
    def replacements(self) -> int:
        return sum(o.replacements or 0 for o in self.outcomes if o.status in (INGESTED, REPLACED))

    @property
    def failed(self) -> list[Outcome]:
        return [o for o in self.outcomes if o.status == FAILED]

    def as_dict(self) -> dict:
        return {
            "counts": self.counts(),
            "chunks": self.chunks,
            "replacements": self.replacements,
            "seconds": round(self.seconds, 2),
            "embed_seconds": round(self.embed_seconds, 2),
            "outcomes": [dataclasses.asdict(o) for o in self.outcomes],
        }


def replacements(names: NameReport) -> list[str]:
    """What replaced the names, each once, in order ("J.", "mevrouw P."): never the names."""
    return list(dict.fromkeys(replacement for _, replacement in names.replaced))


def without_names(report: IngestReport) -> dict:
    """The report as JSON with no name pseudonymisation found: per document the number
    of mentions replaced, what replaced them and how many names were kept
    (`names`: {"count", "replacements", "kept"}), and no id or path as given where a
    client name found in the text was hidden from it (`given_id`, `source`)."""
    shown = report.as_dict()
    for outcome, row in zip(report.outcomes, shown["outcomes"]):
        row.pop("given_id", None)
        if outcome.given_id and outcome.doc_id:
            row["source"] = outcome.source.replace(outcome.given_id, outcome.doc_id)
        if outcome.names is not None:
            row["names"] = {"count": outcome.names.count, "replacements": replacements(outcome.names),
                            "kept": len(outcome.names.kept)}
    return shown
