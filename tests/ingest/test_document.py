"""The window: documents of one file are embedded together, committed one by one."""
import json

import ingest
from ingest import _document


def _jsonl(path, records):
    path.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in records), encoding="utf-8")
    return path


def _record(n, text=None):
    return {"id": f"d{n}", "title": f"Verslag {n}", "community": "PG Noord",
            "text": text if text is not None else f"## Afspraken\n\nWe spraken over mantelzorg en buurt {n}."}


def test_documents_of_one_file_are_embedded_in_one_call(store, fake_embedder, tmp_path):
    report = ingest.ingest_paths(store, fake_embedder, [_jsonl(tmp_path / "bulk.jsonl", [_record(n) for n in range(20)])])
    assert report.counts()["ingested"] == 20
    assert fake_embedder.calls == 1  # 20 one-chunk documents fit one window
    for n in (0, 7, 19):
        document = store.catalogue.get_document(f"d{n}")
        chunk = store.catalogue.chunks_of(document.pk)[0]
        expected = fake_embedder.embed_passages([_document.embedding_text(document.meta.title, chunk.heading, chunk.text)])
        assert (store.vectors.get([chunk.vector_id])[0] == expected[0]).all()  # each got its own vectors


def test_a_full_window_is_embedded_before_the_next_fills(store, fake_embedder, tmp_path, monkeypatch):
    monkeypatch.setattr(_document, "WINDOW_CHUNKS", 4)
    ingest.ingest_paths(store, fake_embedder, [_jsonl(tmp_path / "bulk.jsonl", [_record(n) for n in range(10)])])
    assert fake_embedder.calls == 3  # 4 + 4 + 2
    assert store.catalogue.stats()["chunks"] == store.catalogue.stats()["vectors"] == 10


def test_a_bad_document_in_a_window_fails_alone(store, fake_embedder, tmp_path):
    records = [_record(0), {**_record(1), "cycle": "vorig jaar"}, _record(2)]
    report = ingest.ingest_paths(store, fake_embedder, [_jsonl(tmp_path / "bulk.jsonl", records)])
    assert {o.doc_id: o.status for o in report.outcomes} == {"d0": "ingested", "d1": "failed", "d2": "ingested"}
    assert "working year" in report.failed[0].reason and store.catalogue.get_document("d1") is None


def test_a_second_version_in_the_same_file_replaces_the_first(store, fake_embedder, tmp_path):
    records = [_record(0), _record(0, text="## Nieuw\n\nDe tweede versie over respijtzorg.")]
    report = ingest.ingest_paths(store, fake_embedder, [_jsonl(tmp_path / "bulk.jsonl", records)])
    assert [o.status for o in report.outcomes] == ["ingested", "replaced"]
    assert "tweede versie" in store.catalogue.get_document("d0").text
    assert store.catalogue.stats()["chunks"] == store.catalogue.stats()["vectors"] == 1
