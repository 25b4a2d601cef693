"""Recall@5 of "wie nog?": of the people a set says had the experience behind a
query (`people.tsv`: query-id, name, grade), how many the panel's top five name.

Each query is searched once (hybrid, the caller sees everything); the panel is
then computed from its confident documents (search.people_hits, as "wie nog?") with the product's weights, with the old rule
(every author counts 1.0 per document: who typed most) as the baseline, and,
with `tune`, with each weighting of a small grid, chosen on the tuning half only.
Reported per half of the set (the queries' own `split`); with `half` only that
half's queries are searched at all (`tune` while tuning: a held-out query is then
never run).
"""
from __future__ import annotations

import csv
import itertools
import json
import tempfile
from pathlib import Path

import ingest
import search
from search import Weighing, people_from_hits
from settings import Settings
from store import AUTHOR_ROLES, open_store

PANEL = 5      # people the search page shows
# who typed most: every author 1.0 per document, by score alone, whatever the passages say
BASELINE = Weighing(roles={role: 1.0 for role in (*AUTHOR_ROLES, None)}, further=1.0, decay=0.0, mentioned=0.0)
GRID = {"deelnemer": (0.2, 0.35, 0.5, 0.7), "verslag": (0.05, 0.15, 0.3), None: (0.6,), "further": (0.1, 0.3, 0.6)}


def load_people(directory: Path) -> dict[str, set[str]]:
    people: dict[str, set[str]] = {}
    with (directory / "people.tsv").open(encoding="utf-8") as handle:
        for row in csv.reader(handle, delimiter="\t"):
            if len(row) >= 3 and row[2].strip().isdigit() and int(row[2]) > 0:
                people.setdefault(row[0], set()).add(row[1].strip())
    return people


def _queries(directory: Path, people: dict[str, set[str]]) -> list[dict]:
    rows = [json.loads(line) for line in (directory / "queries.jsonl").read_text("utf-8").splitlines() if line.strip()]
    return [q for q in rows if str(q.get("_id", q.get("id"))) in people]


def _recall(hits_by_query: dict[str, list], queries: list[dict], people: dict[str, set[str]],
            weighing: Weighing) -> dict[str, float]:
    """Mean recall@PANEL per split."""
    scores: dict[str, list[float]] = {}
    for query in queries:
        qid = str(query.get("_id", query.get("id")))
        named = {p.name for p in people_from_hits(hits_by_query[qid], PANEL, weighing=weighing)}
        scores.setdefault(query.get("split", "all"), []).append(len(named & people[qid]) / len(people[qid]))
    return {split: round(sum(v) / len(v), 3) for split, v in sorted(scores.items())}


def _grid():
    for deelnemer, verslag, unknown, further in itertools.product(*GRID.values()):
        yield Weighing(roles={"inbreng": 1.0, "reflectie": 1.0, "presentatie": 1.0, "deelnemer": deelnemer,
                              "verslag": verslag, None: unknown}, further=further)


HALVES = ("tune", "heldout")


def people_eval(directory: Path, corpus: Path, embedder, tune: bool = False, half: str = "both") -> dict:
    """`half`: "tune", "heldout" or "both" (every query, also those without a split)."""
    if half not in (*HALVES, "both"):
        raise ValueError(f"unknown half '{half}' (use tune, heldout or both)")
    if tune and half == "heldout":
        raise ValueError("the weights are chosen on the tune half; --tune needs it (--half tune or both)")
    people = load_people(directory)
    queries = [q for q in _queries(directory, people) if half == "both" or q.get("split") == half]
    for needed in {half} - {"both"} | ({"tune"} if tune else set()):   # before the corpus is read
        if not any(q.get("split") == needed for q in queries):
            raise ValueError(f"{directory}: no query in the {needed} half (queries.jsonl gives no split"
                             f" '{needed}'){'; --tune chooses weights on it' if tune and needed == 'tune' else ''}")
    with tempfile.TemporaryDirectory(prefix="pg-people-") as tmp:
        store = open_store(Settings(data_dir=Path(tmp), model=embedder.name))
        ingest.ingest_paths(store, embedder, [corpus])
        hits = {str(q.get("_id", q.get("id"))): search.people_hits(store, embedder, q["text"]) for q in queries}
        store.close()
    report = {"queries": len(queries), "product": _recall(hits, queries, people, Weighing()),
              "baseline (authors, typed most)": _recall(hits, queries, people, BASELINE)}
    if tune:
        tuned = [(w, _recall(hits, [q for q in queries if q.get("split") == "tune"], people, w)["tune"])
                 for w in _grid()]
        chosen, _ = max(tuned, key=lambda item: item[1])
        report["tuned on the tune half"] = {"weights": {str(k): v for k, v in chosen.roles.items()},
                                            "further": chosen.further, "recall": _recall(hits, queries, people, chosen)}
    return report
