"""Tenancy attack 38: on PostgreSQL the order of equally scored answers was the query
plan's, and a closed group's volume chooses the plan.

The dense leg ranks the passages a caller may read by their cosine; passages with the
very same embedding text (a session report's 'Aanwezig' section, written alike in three
reports) tie exactly. Ties kept the order in which the database handed the allowed
passages over (store.Catalogue._read_allowed, no ORDER BY), and that order is the plan's:
with few documents PostgreSQL walks the index `documents_text_hash` (the documents by
the digest of their text), with more it hashes the join and reads the passages as they
lie on disk. How many documents there are counts every group's, closed ones included: 400
closed reports in PG Noord (and the ANALYZE autovacuum runs) turned the plan, and with it
the order of Wijkteam Zuid's three tied reports in PG Oost's moderator's answer, and the
scores hybrid search gives them (reciprocal rank fusion reads the dense leg's ranks), and
the list of documents (/api/documents), whose sort keys tie for reports of one session
titled alike, showed them in another order too. The
first differential of the moderator's session on PostgreSQL showed it (a search's three
tied documents in another order), before the cause was narrowed to this test. SQLite
orders by the same index whatever the size, so only PostgreSQL answered differently.

Class: an order the database chooses, where scores or sort keys tie. Ties are now broken
by the passages' own order (chunk pk) in the dense leg, as the lexical legs already broke
them by document pk (store._bm25_documents._best), and the allowed passages are read in
that order on both backends; every listing an outsider reads ends its ORDER BY with a
unique key (documents and a person's documents by id, a theme's passages by pk, a
passage's themes by name).
"""
from __future__ import annotations

import json

import ingest
from fakes import FakeEmbedder
from security_world import add_document

PRESENT = ("# Aanwezig\n\n" + " ".join(
    f"De {who} was aanwezig en vertelde kort wat er sinds de vorige sessie in de wijk gebeurde." for who in (
        "buurtwerker", "wijkagent", "huisarts", "coördinator van het dienstencentrum", "maatschappelijk werker"))
    + "\n\n# Verslag\n\n")   # over 50 words: a passage of its own (text.MIN_WORDS_AT_HEADING)
REPORTS = {   # stored in this order; the index orders them by their text's digest, otherwise
    "tweeling-a.md": "De flat aan de rand van de wijk kreeg een nieuwe trap.",
    "tweeling-b.md": "Het buurtfeest werd verplaatst naar de zomer.",
    "tweeling-c.md": "De bibliotheek opent op zaterdag een leeshoek.",
}
QUERY = {"q": "buurtwerker wijkagent huisarts coördinator", "k": 20}


def _answers(client) -> dict:
    """The outsider's searches, the list of documents and the page of the reports' author."""
    answers = {mode: [(hit["doc_id"], hit["score"]) for hit in client.get(
        "/api/search", params={**QUERY, "mode": mode}).json()["results"]] for mode in ("dense", "hybrid")}
    answers["documents"] = [d["doc_id"] for d in client.get("/api/documents", params={"limit": 1000}).json()["documents"]]
    author = client.get("/api/documents/zuid/open.md").json()["authors"][0]["person_id"]
    answers["person"] = [d["doc_id"] for d in client.get(f"/api/mensen/{author}").json()["documents"]]
    return answers


def _closed_reports(world, folder, count: int) -> None:
    folder.mkdir()
    for n in range(count):
        front = {"title": f"Verslag {n}", "type": "sessieverslag", "community": "PG Noord", "cycle": "2023-2024",
                 "session": 2, "date": "2023-11-11"}
        (folder / f"noord-{n}.md").write_text(f"---\n{json.dumps(front)}\n---\nVerslag {n} over de zilverreiger.\n",
                                              "utf-8")
    assert not ingest.ingest_paths(world.store, FakeEmbedder(), [folder]).failed


def test_tied_answers_keep_their_order_whatever_a_closed_group_holds(world, tmp_path):
    for doc_id, own in REPORTS.items():
        add_document(world, tmp_path / doc_id, doc_id, PRESENT + own, "Wijkteam Zuid",
                     {"title": "Sessieverslag", "type": "sessieverslag", "session": 3, "date": "2023-12-01",
                      "authors": [{"name": "Zeno Openhart", "organisation": "Organisatie dotterbloem"}]})
    digests = dict(world.store.db.conn().execute(
        "SELECT doc_id, text_hash FROM documents WHERE doc_id LIKE 'tweeling-%' AND state = 'ready'").fetchall())
    assert sorted(REPORTS, key=digests.get) != list(REPORTS)   # the index's order is not the stored one
    client = world.client("mod-oost")
    alone = _answers(client)
    assert len({score for _, score in alone["dense"][:3]}) == 1, alone   # the three tie
    _closed_reports(world, tmp_path / "noord", 400)
    if world.store.settings.database_url:
        world.store.db.conn().execute("ANALYZE")   # as autovacuum does after such an upload
    assert _answers(client) == alone
    assert [doc for doc, _ in alone["dense"][:3]] == list(REPORTS)   # ties in the order they were stored
    assert alone["documents"][-3:] == alone["person"][:3] == list(REPORTS)   # ties by id
