"""Tenancy attack 39, a probe that held, kept as a test: the relevance floor's head (the
eighteenth floor round) and the rule it sits on read only what the caller may read.

The floor decides which of an outsider's hybrid results are answers and which weaker
matches ("results" and "weaker" of /api/search) and whom "wie nog?" names, from the best
passage's cosine, the spread of the question's cosines over the passages searched (measured
only on at least `spread_min` of them), the question's idf-weighted lexical evidence and,
for the model search/floor_head.json was fitted for, the head on the question less its best
passage's stored vector. The security world's fake embedder has no floor (an uncalibrated
model), so the differential tests never judged it: here a fake embedder of the head's model
(384 dimensions, its name) gives the outsider a floor with the head. A closed group with
many passages full of the question's words must change none of the outsider's answers:
counted over every passage, the spread would be measured (150 closed passages against the
outsider's 12) and the idf of the question's words would fall. Checked that it can fail:
with store._dense's spread read over every chunk instead of the allowed ones (by hand,
not kept), the outsider's answers differed. SQLite and PostgreSQL
(PRAKTIJKGEHEUGEN_TEST_BACKEND=postgresql).
"""
from __future__ import annotations

import json

import ingest
from access_world import app_for, log_in
from fakes import FakeEmbedder
from search._floor import HEAD

OPEN, CLOSED = "Wijkteam Zuid", "PG Noord"
QUERIES = ("eenzaamheid bij ouderen in de wijk", "wat doet de thuiszorg bij dementie?",
           "buurtwerk en mantelzorg", "hoe bereik je vereenzaamde buren",
           "De groep sprak over eenzaamheid ouderen wijk buurtwerk. Verslag nummer 0.",
           "Verslag open-1. De groep sprak over thuiszorg dementie mantelzorg. Verslag nummer 1.")
TOPICS = ("eenzaamheid ouderen wijk buurtwerk", "thuiszorg dementie mantelzorg", "buren bereiken huisbezoek",
          "vrijwilligers koffieochtend buurthuis")


class HeadModelEmbedder(FakeEmbedder):
    """The fake embedder's bag-of-words vectors in the head's 384 dimensions, under the
    head's model name, so that search.floor_for gives the calibrated floor with the head."""

    name = HEAD.model
    dim = 384


def _write(folder, name: str, community: str, body: str) -> None:
    front = {"title": f"Verslag {name}", "type": "sessieverslag", "community": community, "cycle": "2023-2024",
             "session": 1, "date": "2023-10-10", "authors": [{"name": f"Auteur {name}", "organisation": "Org"}]}
    (folder / f"{name}.md").write_text(f"---\n{json.dumps(front)}\n---\n{body}\n", "utf-8")


def _answers(client) -> list:
    out = []
    for q in QUERIES:
        found = client.get("/api/search", params={"q": q, "mode": "hybrid", "k": 50}).json()
        out.append(([(h["doc_id"], h["score"]) for h in found["results"]],
                    [(h["doc_id"], h["score"]) for h in found["weaker"]]))
        who = client.get("/api/who", params={"q": q}).json()
        out.append(json.dumps(who, sort_keys=True))
    return out


def test_the_floor_and_its_head_judge_an_outsider_as_if_the_closed_group_was_not_there(store, tmp_path):
    embedder = HeadModelEmbedder()
    for name, sharing in ((OPEN, "shared"), (CLOSED, "closed")):
        store.accounts.add_community(name, sharing)
        store.accounts.set_pseudonymise(name, False)
    store.accounts.add_user("buiten", "wachtwoord van buiten", False)
    store.accounts.grant("buiten", OPEN, "lid")
    shared = tmp_path / "open"
    shared.mkdir()
    for n in range(12):
        _write(shared, f"open-{n}", OPEN, f"De groep sprak over {TOPICS[n % len(TOPICS)]}. Verslag nummer {n}.")
    assert not ingest.ingest_paths(store, embedder, [shared]).failed
    client = log_in(app_for(store, embedder), "buiten")
    alone = _answers(client)
    assert any(results for results, _ in alone[::2]) and any(weaker for _, weaker in alone[::2]), alone
    closed = tmp_path / "dicht"
    closed.mkdir()
    for n in range(150):
        _write(closed, f"dicht-{n}", CLOSED, " ".join(QUERIES) + f" {TOPICS[n % len(TOPICS)]} geheim{n}")
    assert not ingest.ingest_paths(store, embedder, [closed]).failed
    assert _answers(client) == alone

