"""Ingest through the public facade with the fake embedder and a temp data dir."""
import json

import pytest

import ingest
from dutch_docs import DOCS, write_docs
from store import Filters
from text import analyze


def _statuses(report):
    return {o.doc_id: o.status for o in report.outcomes}


def test_folder_ingest_with_metadata_and_ids(store, fake_embedder, tmp_path):
    report = ingest.ingest_paths(store, fake_embedder, [write_docs(tmp_path / "docs")])
    assert _statuses(report) == {rel: "ingested" for rel in DOCS}
    document = store.catalogue.get_document("pg-noord/2022-2023/casus-weduwnaar.md")
    assert document.meta.community == "PG Noord" and document.meta.session == 2
    assert document.meta.authors[0].organisation == "LDC De Kring"
    assert store.catalogue.stats()["chunks"] == store.catalogue.stats()["vectors"] > 0


def test_reingest_is_idempotent_and_changes_replace(store, fake_embedder, tmp_path):
    root = write_docs(tmp_path / "docs")
    ingest.ingest_paths(store, fake_embedder, [root])
    vectors = store.catalogue.stats()["vectors"]
    again = ingest.ingest_paths(store, fake_embedder, [root])
    assert set(_statuses(again).values()) == {"unchanged"}
    path = root / "wt-zuid/2023-2024/casus-schulden.md"
    path.write_text(path.read_text(encoding="utf-8") + "\nNieuwe alinea over de voedselbank.\n", encoding="utf-8")
    changed = ingest.ingest_paths(store, fake_embedder, [root])
    assert _statuses(changed)["wt-zuid/2023-2024/casus-schulden.md"] == "replaced"
    assert "voedselbank" in store.catalogue.get_document("wt-zuid/2023-2024/casus-schulden.md").text
    assert store.catalogue.stats()["vectors"] == vectors == store.catalogue.stats()["chunks"]
    assert store.db.conn().execute("SELECT COUNT(*) FROM documents").fetchone()[0] == len(DOCS)


def test_bad_files_are_reported_and_the_rest_ingested(store, fake_embedder, tmp_path):
    root = write_docs(tmp_path / "docs")
    (root / "leeg.txt").write_bytes(b"")
    (root / "nep.pdf").write_bytes(b"\x00\x01\x02 dit is geen pdf \xff\xfe" * 10)
    (root / "oud.txt").write_bytes("Verslag van de vergadering in het café: ideeën voor de buurt.".encode("cp1252"))
    (root / "foto.png").write_bytes(b"\x89PNG")
    report = ingest.ingest_paths(store, fake_embedder, [root])
    failed = {o.doc_id: o for o in report.failed}
    assert set(failed) == {"leeg.txt", "nep.pdf", "foto.png"}
    assert "empty" in failed["leeg.txt"].reason
    assert "PDF" in failed["nep.pdf"].reason
    assert "unsupported" in failed["foto.png"].reason
    assert "café: ideeën" in store.catalogue.get_document("oud.txt").text
    assert report.counts()["ingested"] == len(DOCS) + 1


def test_jsonl_bulk_import_with_a_bad_line(store, fake_embedder, tmp_path):
    lines = [json.dumps({"id": "a1", "title": "Eerste", "text": "Over mantelzorg en respijtzorg.", "type": "casus"}),
             "{kapot", json.dumps({"id": "a2", "text": ""}),
             json.dumps({"id": "a3", "text": "Over buurtrestaurants.", "community": "PG Noord"})]
    (tmp_path / "bulk.jsonl").write_text("\n".join(lines), encoding="utf-8")
    report = ingest.ingest_paths(store, fake_embedder, [tmp_path / "bulk.jsonl"])
    assert _statuses(report) == {"a1": "ingested", "a3": "ingested", None: "failed"}
    assert [o.reason.split(":")[0] for o in report.failed] == ["line 2", "line 3"]
    assert store.catalogue.get_document("a3").meta.community == "PG Noord"


def test_delete_removes_every_trace(store, fake_embedder, tmp_path):
    ingest.ingest_paths(store, fake_embedder, [write_docs(tmp_path / "docs")])
    doc_id = "wt-zuid/2023-2024/casus-schulden.md"
    vector_ids = [c.vector_id for c in store.catalogue.chunks_of(store.catalogue.get_document(doc_id).pk)]
    word = analyze("betalingsregeling", for_query=True)   # the lexical index's own search, either backend
    assert store.lexical.search(word, Filters(), 10)        # the probe works
    assert ingest.delete_document(store, doc_id)
    conn = store.db.conn()
    assert store.catalogue.get_document(doc_id) is None
    assert store.lexical.search(word, Filters(), 10) == []
    assert not set(vector_ids) & store.vectors.ids()
    assert "Fatima El Amrani" not in {r[0] for r in conn.execute("SELECT name FROM people")}
    assert not ingest.delete_document(store, doc_id)


def test_model_mismatch_is_refused(store, fake_embedder, tmp_path):
    ingest.ingest_paths(store, fake_embedder, [write_docs(tmp_path / "docs")])
    fake_embedder.name = "other-model"
    with pytest.raises(Exception, match="reindex --model other-model"):
        ingest.ingest_paths(store, fake_embedder, [tmp_path / "docs"])


def test_filters_restrict_listing(store, fake_embedder, tmp_path):
    ingest.ingest_paths(store, fake_embedder, [write_docs(tmp_path / "docs")])
    ids = {d.doc_id for d in store.catalogue.list_documents(Filters(communities=("Wijkteam Zuid",)))}
    assert ids == {"wt-zuid/2023-2024/casus-schulden.md"}
    assert store.catalogue.list_documents(Filters(communities=())) == []
    assert len(store.catalogue.list_documents(Filters(authors=("Tom Wouters",)))) == 1
