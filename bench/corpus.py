"""A deterministic Dutch benchmark corpus of any size, recombined from the demo corpus.

Real documents of communities of practice cannot be shared, and the demo corpus
has only ~170 chunks. Recombining its sentences keeps the vocabulary, sentence
lengths and themes of the real thing, while metadata varies like a network of
ten groups over six working years. Every section is one chunk of ~120-195 words
(the chunker starts a chunk at each heading), so a corpus of N chunks has exactly
N chunks. The same seed always gives the same text, and a smaller corpus is a
prefix of a larger one, so embeddings cached for 10k chunks serve the 100k run.
"""
from __future__ import annotations

import json
import random
import re
from dataclasses import dataclass
from pathlib import Path
from typing import TextIO

COMMUNITIES = (
    "PG Zorgzame Buurt Gent-Oost", "Lerend netwerk WZC Kempen", "Sociaal wijkteam Overvecht",
    "PG Warme Wijk Brugge", "PG Buurtzorg Leuven", "Lerend netwerk WZC Limburg",
    "Sociaal wijkteam Lombok", "PG Dementievriendelijk Mechelen", "Wijkteam Kanaleneiland",
    "PG Zorgzame Buurt Antwerpen-Noord",
)
CYCLES = ("2019-2020", "2020-2021", "2021-2022", "2022-2023", "2023-2024", "2024-2025")
TYPES = ("sessieverslag", "casus", "reflectie")
_TITLE_PREFIX = {"sessieverslag": "Sessieverslag", "casus": "Casus", "reflectie": "Reflectie"}
_FIRST = ("Annelies", "Wouter", "Nadia", "Griet", "Jonas", "Fatima", "Koen", "Sanne", "Youssef",
          "Els", "Pieter", "Ilse", "Mehmet", "Lotte", "Bram", "Hanne", "Ruben", "Marieke")
_LAST = ("De Wilde", "Peeters", "Janssens", "El Amrani", "Van den Berg", "Claes", "Bakker",
         "Vermeulen", "Yilmaz", "De Smet", "Visser", "Maes", "Willems", "Dekker")
_ORGS = ("Ziekenfonds Oost-Vlaanderen", "OCMW", "Buurtteam", "WZC De Linde", "Dienstencentrum",
         "Thuiszorg Wit-Gele Kruis", "Welzijnsschakel", "Wijkteam Noord")
SECTION_WORDS = (120, 195)
DOCS_PER_FILE = 500
_SENTENCE = re.compile(r"(?<=[.!?])\s+(?=[A-Z0-9\"'(])")


@dataclass(frozen=True)
class Pool:
    """What the demo corpus offers: section headings, titles and sentences."""

    headings: list[str]
    titles: list[str]
    sentences: list[str]


def load_pool(corpus: Path) -> Pool:
    headings, titles, sentences = [], [], []
    for path in sorted(corpus.rglob("*.md")):
        body = path.read_text(encoding="utf-8").split("---", 2)[-1]
        for block in re.split(r"\n\s*\n", body):
            block = block.strip()
            if block.startswith("## "):
                headings.append(block[3:].strip())
            elif block.startswith("# "):
                titles.append(block[2:].split(":", 1)[-1].strip())
            elif block:
                sentences += [s.strip() for s in _SENTENCE.split(" ".join(block.split())) if s.strip()]
    return Pool(sorted(set(headings)), sorted(set(titles)), sentences)


def documents(pool: Pool, chunks: int, seed: int = 42):
    """Yield JSONL records until they hold exactly `chunks` chunks."""
    rng, made, number = random.Random(seed), 0, 0
    while made < chunks:
        sections = min(rng.randint(3, 8), chunks - made)
        yield _document(pool, rng, number, sections)
        made, number = made + sections, number + 1


def write_corpus(pool: Pool, chunks: int, out: Path, seed: int = 42) -> int:
    """Write the corpus as JSONL files (500 documents each); returns the document count."""
    out.mkdir(parents=True, exist_ok=True)
    handle: TextIO | None = None
    count = 0
    for count, record in enumerate(documents(pool, chunks, seed), start=1):
        if handle is None or (count - 1) % DOCS_PER_FILE == 0:
            if handle is not None:
                handle.close()
            handle = open(out / f"part-{(count - 1) // DOCS_PER_FILE:05d}.jsonl", "w", encoding="utf-8")
        handle.write(json.dumps(record, ensure_ascii=False) + "\n")
    if handle is not None:
        handle.close()
    return count


def _document(pool: Pool, rng: random.Random, number: int, sections: int) -> dict:
    kind = rng.choice(TYPES)
    cycle = rng.choice(CYCLES)
    title = f"{_TITLE_PREFIX[kind]}: {rng.choice(pool.titles)}"
    body = [f"# {title}"] + [f"## {rng.choice(pool.headings)}\n\n{_section(pool, rng)}" for _ in range(sections)]
    year = int(cycle[:4]) + rng.randint(0, 1)
    return {
        "id": f"bench-{number:06d}", "title": title, "type": kind,
        "community": COMMUNITIES[number % len(COMMUNITIES)], "cycle": cycle,
        "session": rng.randint(1, 10), "date": f"{year}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}",
        "authors": [{"name": f"{rng.choice(_FIRST)} {rng.choice(_LAST)}", "organisation": rng.choice(_ORGS)}],
        "text": "\n\n".join(body) + "\n",
    }


def _section(pool: Pool, rng: random.Random) -> str:
    """Sentences drawn at random until the section has 120-195 words."""
    low, high = SECTION_WORDS
    target, words, out = rng.randint(low, high), 0, []
    while words < target:
        sentence = rng.choice(pool.sentences)
        size = len(sentence.split())
        if words + size > high:
            if words >= low:
                break
            continue
        out.append(sentence)
        words += size
    return " ".join(out)
