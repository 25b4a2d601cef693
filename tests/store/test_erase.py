"""Erasure really erases: after deleting a document, not one file of the data dir
(SQLite and its WAL, Chroma's database and HNSW segment files) holds its text or
its vectors' bytes, and no search mode finds it."""
import pytest

import ingest
import search
from dutch_docs import write_docs

PHRASE = "Zwoerkelmansstraat"
SECRET = f"""---
title: "Casus: mevrouw aan de {PHRASE}"
type: casus
community: "PG Noord"
---
Mevrouw woont alleen aan de {PHRASE} en vraagt hulp bij de administratie van haar {PHRASE}-huurcontract.
De buren aan de {PHRASE} brengen soms soep.
"""


def _files_holding(data_dir, needles: list[bytes]) -> dict[str, list[int]]:
    """Which files of the data dir hold which needles (raw bytes, case-insensitive text)."""
    found = {}
    for path in sorted(p for p in data_dir.rglob("*") if p.is_file()):
        raw = path.read_bytes()
        hits = [i for i, needle in enumerate(needles) if needle in raw or needle in raw.lower()]
        if hits:
            found[str(path.relative_to(data_dir))] = hits
    return found


def _found_by(store, embedder, mode: str) -> bool:
    hits = search.search(store, embedder, f"{PHRASE} soep administratie", k=10, mode=mode).hits
    return "geheim.md" in {h.doc_id for h in hits}


def _needles(store, doc_id: str) -> list[bytes]:
    """The phrase (as stored and as the lexical index folds it) and each vector's bytes."""
    chunks = store.catalogue.chunks_of(store.catalogue.get_document(doc_id).pk)
    _, vectors = store.vectors.stored([c.vector_id for c in chunks])
    return [PHRASE.encode(), PHRASE.lower().encode(), *(v.astype("<f4").tobytes() for v in vectors)]


@pytest.mark.parametrize("backend", ["sqlite"])  # PostgreSQL's files are not in the data dir (issue 20)
def test_a_deleted_document_leaves_no_bytes_in_the_data_dir(store, fake_embedder, tmp_path):
    docs = write_docs(tmp_path / "docs")
    (docs / "geheim.md").write_text(SECRET, encoding="utf-8")
    ingest.ingest_paths(store, fake_embedder, [docs])
    needles = _needles(store, "geheim.md")
    before = _files_holding(store.settings.data_dir, needles)
    assert any(name.startswith("praktijkgeheugen.sqlite3") for name in before)  # the probe works
    assert any(name.startswith("chroma") and max(hits) >= 2 for name, hits in before.items())
    assert all(_found_by(store, fake_embedder, mode) for mode in search.MODES)

    assert ingest.delete_document(store, "geheim.md")

    assert _files_holding(store.settings.data_dir, needles) == {}
    assert not any(_found_by(store, fake_embedder, mode) for mode in search.MODES)
    assert store.maintenance.check().ok and len(store.catalogue.list_documents()) == 3


def test_an_uploaded_original_is_deleted_with_its_document(store, fake_embedder):
    upload = store.settings.files_dir / "PG Noord" / "geheim.md"
    upload.parent.mkdir(parents=True)
    upload.write_text(SECRET, encoding="utf-8")
    ingest.ingest_paths(store, fake_embedder, [upload])
    assert ingest.delete_document(store, "geheim.md")
    assert not upload.exists()
    assert _files_holding(store.settings.data_dir, [PHRASE.encode()]) == {}


def test_a_replaced_version_leaves_no_bytes_either(store, fake_embedder, tmp_path):
    path = tmp_path / "geheim.md"
    path.write_text(SECRET, encoding="utf-8")
    ingest.ingest_paths(store, fake_embedder, [path])
    needles = _needles(store, "geheim.md")
    path.write_text(SECRET.replace(PHRASE, "Kerkstraat"), encoding="utf-8")
    assert ingest.ingest_paths(store, fake_embedder, [path]).counts()["replaced"] == 1
    assert _files_holding(store.settings.data_dir, needles) == {}
    assert "Kerkstraat" in store.catalogue.get_document("geheim.md").text


@pytest.mark.parametrize("backend", ["sqlite"])  # the file probe; test_postgres.py covers the rows
def test_a_deleted_document_leaves_no_pack_note_nor_history(store, fake_embedder, tmp_path):
    """Its place in a pack, the note a moderator wrote there and its metadata history go
    with it, and no file keeps their bytes (issue 18)."""
    docs = write_docs(tmp_path / "docs")
    (docs / "geheim.md").write_text(SECRET, encoding="utf-8")
    ingest.ingest_paths(store, fake_embedder, [docs])
    pack = store.packs.create("PG Noord", "Sessie 4", "mod", None)
    store.packs.add(pack.id, "geheim.md", 0, None)
    store.packs.add(pack.id, "pg-noord/2022-2023/casus-weduwnaar.md", None, None)
    [item] = [i for i in store.packs.items(pack.id, None) if i.doc_id == "geheim.md"]
    store.packs.annotate(pack.id, item.id, "Vraag naar de Kwispelhofstede", None)
    ingest.edit_metadata(store, lambda: fake_embedder, "geheim.md", {"cycle": "2021-2022"}, "mod")
    needles = [b"Kwispelhofstede", *_needles(store, "geheim.md")]
    assert any(0 in hits for hits in _files_holding(store.settings.data_dir, needles).values())   # the probe works
    assert store.history.of("geheim.md") and store.packs.holding("geheim.md") == [pack.id]

    assert ingest.delete_document(store, "geheim.md")

    assert _files_holding(store.settings.data_dir, needles) == {}
    assert [i.doc_id for i in store.packs.items(pack.id, None)] == ["pg-noord/2022-2023/casus-weduwnaar.md"]
    assert store.history.of("geheim.md") == []
    rows = store.db.conn().execute("SELECT COUNT(*) FROM document_edits WHERE doc_id = 'geheim.md'").fetchone()[0]
    assert rows == 0


class Killed(BaseException):
    """The process dies here (a SIGKILL, simulated: nothing after it runs)."""


@pytest.mark.parametrize("recovery", ["delete again", "check --repair"])
def test_a_delete_killed_before_its_original_goes_leaves_no_original(store, fake_embedder, monkeypatch, recovery):
    """The original went after the rows: a delete killed in between left a file that a
    re-run no longer found (the document was gone). Now a version's files go first,
    while its row, marked 'deleting', still names them (store.Catalogue.purge)."""
    upload = store.settings.files_dir / "PG Noord" / "geheim.md"
    upload.parent.mkdir(parents=True)
    upload.write_text(SECRET, encoding="utf-8")
    ingest.ingest_paths(store, fake_embedder, [upload])
    forget_upload = type(store.maintenance).forget_upload

    def killed(self, source_path):
        monkeypatch.setattr(type(store.maintenance), "forget_upload", forget_upload)
        raise Killed

    monkeypatch.setattr(type(store.maintenance), "forget_upload", killed)
    with pytest.raises(Killed):
        ingest.delete_document(store, "geheim.md")
    assert store.catalogue.get_document("geheim.md") is None   # no one sees it any more

    if recovery == "delete again":
        ingest.delete_document(store, "geheim.md")
    else:   # what the web app does before serving (web.app._reconcile)
        ingest.repair(store, lambda: fake_embedder)
    assert not upload.exists()
    assert _files_holding(store.settings.data_dir, [PHRASE.encode()]) == {}
    assert store.maintenance.check().ok
