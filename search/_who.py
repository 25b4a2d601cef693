""""Wie nog?": the people who had experience with a query's subject.

A person counts by what they did in the documents that answer the query, each
document weighted by its relevance (its score relative to the best result, less
by its place: DECAY) and by the person's part in it (ROLE_WEIGHTS): who brought
the case, wrote the reflection or presented had the experience; who took part
heard of it, unless the matching passages name them (MENTIONED: they spoke about
it); who took the notes typed it. A person's best document counts fully and each
further one for FURTHER of its weight, so typing many reports does not outweigh
having had the case. Only documents the caller may see are considered, because the
ranking underneath is already filtered.
"""
from __future__ import annotations

import dataclasses
import functools
import re
from collections import Counter

from search._types import Hit, Person, Reason, Snippet

TOP_DOCUMENTS = 10
REASONS = 3  # documents shown per person as the reason they are named
# Weights per part: the order is the issue's, the sizes were chosen on the tuning
# half of demo/eval-cases only (`praktijkgeheugen eval-people ... --tune`, grid in
# bench/people.py): recall@5 tune 0.769, held-out 0.699, where "every author
# counts 1.0" (who typed most) gets 0.530 / 0.539; from confident results only
# (the relevance floor) 0.690 / 0.754 against 0.559 / 0.600.
ROLE_WEIGHTS = {"inbreng": 1.0, "reflectie": 1.0, "presentatie": 1.0, None: 0.6, "deelnemer": 0.2, "verslag": 0.05}
# Round twenty-nine (bench/tuning/tune_people.py, tuning halves of demo/eval-cases to -13, the
# adoption rule: macro recall@5 up, no set down more than 0.02): a further document counts for
# 0.1 (was 0.3), a document's relevance decays by its place (DECAY), and a person the matching
# passages name counts at least MENTIONED: macro recall@5 0.8511 -> 0.8653.
FURTHER = 0.1
DECAY = 0.3
MENTIONED = 0.25
REASON_CHARS = 240  # of the passage's plain text, when no highlighted snippet was made
_WORDS = re.compile(r"[^\W\d_][\w'’-]*")
_LISTS = re.compile(r"^[#*\s]*(?i:aanwezig|afwezig|verontschuldigd|deelnemers|verslag|notulen|notulist|gasten?)\b[^\n]*",
                    re.MULTILINE)


@dataclasses.dataclass(frozen=True)
class Weighing:
    """How the people of the top documents are weighed (the product's: the defaults; other
    values for tuning, bench/tuning/tune_people.py): `roles` per part, `further` for a
    person's documents after their best, `top` documents read, `decay` of a document's
    relevance per place below the first (relevance = score / best / (1 + decay × place)), and
    `mentioned`: the weight at least of a person whom the document's matching passages name
    (their full or given name), whatever their part (0: not read)."""

    roles: dict = dataclasses.field(default_factory=lambda: dict(ROLE_WEIGHTS))
    further: float = FURTHER
    top: int = TOP_DOCUMENTS
    decay: float = DECAY
    mentioned: float = MENTIONED


def people_from_hits(hits: list[Hit], limit: int = 10, weights: dict | None = None,
                     further: float | None = None, weighing: Weighing | None = None) -> list[Person]:
    """The people of the top documents, best first (`weights`/`further`, `weighing`: for tuning)."""
    weighing = weighing or Weighing()
    weights = weighing.roles if weights is None else weights
    further = weighing.further if further is None else further
    if not hits:
        return []
    best = hits[0].score or 1.0
    found: dict[object, tuple[Person, list[tuple[float, Reason]]]] = {}
    for place, hit in enumerate(hits[:weighing.top]):
        relevance = hit.score / best / (1 + weighing.decay * place)
        named = _named_in_passages(hit) if weighing.mentioned else frozenset()
        for author in hit.authors:
            key = author.person_id or (author.name, author.organisation)
            person, weighed = found.setdefault(
                key, (Person(author.name, author.organisation, 0.0, [], id=author.person_id), []))
            person.documents.append(hit.doc_id)
            person.passages += [(hit.doc_id, p.chunk_id) for p in hit.passages[:1]]
            weight = weights.get(author.role, 0.0)
            if author.name in named:
                weight = max(weight, weighing.mentioned)
            weighed.append((relevance * weight, _reason(hit, author.role)))
    for person, weighed in found.values():
        weighed.sort(key=lambda item: -item[0])
        person.score = round(weighed[0][0] + further * sum(w for w, _ in weighed[1:]), 4)
        person.reasons = [reason for _, reason in weighed[:REASONS]]
    ranked = sorted((person for person, _ in found.values()), key=lambda p: (-p.score, p.name))
    return ranked[:limit]


def _named_in_passages(hit: Hit) -> frozenset[str]:
    """The document's people whom its matching passages name: by their full name, or by
    their given name when no other person of the document has it. Lists of who was there
    or wrote it down ("Aanwezig: ...", "Verslag: Joke") name people without saying more."""
    return _named(tuple(p.text for p in hit.passages), tuple(a.name for a in hit.authors))


@functools.lru_cache(maxsize=1024)
def _named(texts: tuple[str, ...], names: tuple[str, ...]) -> frozenset[str]:
    text = _LISTS.sub(" ", "\n".join(texts))
    words = set(_WORDS.findall(text))
    given = Counter(name.split()[0] for name in names if name.split())
    return frozenset(name for name in names if name in text
                     or (name.split() and given[name.split()[0]] == 1 and name.split()[0] in words))


def _reason(hit: Hit, role: str | None) -> Reason:
    """The document and passage that put someone in the panel."""
    passage = hit.passages[0] if hit.passages else None
    return Reason(hit.doc_id, hit.title, role, passage.ordinal if passage else None,
                  passage.snippet if passage else Snippet(), passage.text[:REASON_CHARS] if passage else "")

