""""Wie nog?": the people who wrote about a query's subject.

A person's score adds up the relevance of their documents among the top results,
each relative to the best result, so both how strongly and how often someone
wrote about it count. Only documents the caller may see are considered, because
the ranking underneath is already filtered.
"""
from __future__ import annotations

from search._types import Hit, Person

TOP_DOCUMENTS = 10


def people_from_hits(hits: list[Hit], limit: int = 10) -> list[Person]:
    if not hits:
        return []
    best = hits[0].score or 1.0
    people: dict[tuple[str, str | None], Person] = {}
    for hit in hits[:TOP_DOCUMENTS]:
        for author in hit.authors:
            key = (author.name, author.organisation)
            person = people.setdefault(key, Person(author.name, author.organisation, 0.0, []))
            person.score += hit.score / best
            person.documents.append(hit.doc_id)
            person.passages += [(hit.doc_id, p.chunk_id) for p in hit.passages[:1]]
    ranked = sorted(people.values(), key=lambda p: (-p.score, p.name))
    for person in ranked:
        person.score = round(person.score, 4)
    return ranked[:limit]
