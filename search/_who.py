""""Wie nog?": the people who had experience with a query's subject.

A person counts by what they did in the documents that answer the query, each
document weighted by its relevance (its score relative to the best result) and
by the person's part in it (ROLE_WEIGHTS): who brought the case, wrote the
reflection or presented had the experience; who took part heard of it; who
took the notes typed it. A person's best document counts fully and each further
one for FURTHER of its weight, so typing many reports does not outweigh having
had the case. Only documents the caller may see are considered, because the
ranking underneath is already filtered.
"""
from __future__ import annotations

from search._types import Hit, Person, Reason, Snippet

TOP_DOCUMENTS = 10
REASONS = 3  # documents shown per person as the reason they are named
# Weights per part: the order is the issue's, the sizes were chosen on the tuning
# half of demo/eval-cases only (`praktijkgeheugen eval-people ... --tune`, grid in
# bench/people.py): recall@5 tune 0.769, held-out 0.699, where "every author
# counts 1.0" (who typed most) gets 0.530 / 0.539; from confident results only
# (the relevance floor) 0.690 / 0.754 against 0.559 / 0.600.
ROLE_WEIGHTS = {"inbreng": 1.0, "reflectie": 1.0, "presentatie": 1.0, None: 0.6, "deelnemer": 0.2, "verslag": 0.05}
FURTHER = 0.3
REASON_CHARS = 240  # of the passage's plain text, when no highlighted snippet was made


def people_from_hits(hits: list[Hit], limit: int = 10, weights: dict | None = None,
                     further: float = FURTHER) -> list[Person]:
    """The people of the top documents, best first (`weights`/`further`: for tuning)."""
    weights = ROLE_WEIGHTS if weights is None else weights
    if not hits:
        return []
    best = hits[0].score or 1.0
    found: dict[object, tuple[Person, list[tuple[float, Reason]]]] = {}
    for hit in hits[:TOP_DOCUMENTS]:
        for author in hit.authors:
            key = author.person_id or (author.name, author.organisation)
            person, weighed = found.setdefault(
                key, (Person(author.name, author.organisation, 0.0, [], id=author.person_id), []))
            person.documents.append(hit.doc_id)
            person.passages += [(hit.doc_id, p.chunk_id) for p in hit.passages[:1]]
            weighed.append((hit.score / best * weights.get(author.role, 0.0), _reason(hit, author.role)))
    for person, weighed in found.values():
        weighed.sort(key=lambda item: -item[0])
        person.score = round(weighed[0][0] + further * sum(w for w, _ in weighed[1:]), 4)
        person.reasons = [reason for _, reason in weighed[:REASONS]]
    ranked = sorted((person for person, _ in found.values()), key=lambda p: (-p.score, p.name))
    return ranked[:limit]


def _reason(hit: Hit, role: str | None) -> Reason:
    """The document and passage that put someone in the panel."""
    passage = hit.passages[0] if hit.passages else None
    return Reason(hit.doc_id, hit.title, role, passage.ordinal if passage else None,
                  passage.snippet if passage else Snippet(), passage.text[:REASON_CHARS] if passage else "")

