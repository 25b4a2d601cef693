"""Searches in a serving process while other processes ingest, delete and run
`check --repair` on the same data dir: no search fails, and no snapshot of the
store ever holds half a document (a ready chunk without its vector or lexical row)."""
import threading
from pathlib import Path

import pytest

import ingest
import search
from dutch_docs import DOCS, write_docs
from fakes import FakeEmbedder
from store import Filters, Settings, open_store

pytestmark = pytest.mark.slow  # three writer processes (forked by the session's zygote)

QUERIES = ["respijtzorg voor mantelzorgers", "huurachterstand en brieven", "weduwnaar kaartnamiddag",
           "buurtrestaurant vrijwilliger"]
# Ready chunks lacking their vector or lexical row, counted in one statement (one snapshot).
HALF = ("SELECT COUNT(*) FROM chunks ch JOIN documents d ON d.id = ch.document_id WHERE d.state = 'ready'"
        " AND (NOT EXISTS (SELECT 1 FROM chunk_vectors v WHERE v.chunk_id = ch.id)"
        " OR NOT EXISTS (SELECT 1 FROM chunks_fts f WHERE f.rowid = ch.id))")


def _docs(root: Path, prefix: str, count: int) -> Path:
    """`count` documents of several sections each (so several chunks)."""
    for n in range(count):
        sections = "\n\n".join(
            f"## Deel {part}\nOver respijtzorg voor mantelzorgers en de buurt ({prefix} {n}, deel {part}). "
            + "De mantelzorger vertelt over de week, de dagopvang en het buurtrestaurant. " * 6
            for part in range(4))
        path = root / prefix / f"{prefix}-{n}.md"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(f"---\ntitle: Verslag {prefix} {n}\ncommunity: PG Noord\n---\n{sections}\n")
    return root / prefix


def _worker(zygote, log: Path, data_dir: Path, *args: str):
    """tests/store/writer_worker.py forked by the session's zygote, its stderr in `log`."""
    with log.open("w") as err:
        return zygote.start([data_dir, *args], err, worker="writer_worker")


def _search_until(store, done: threading.Event, errors: list, counts: list) -> None:
    """Search (all modes, with and without a filter) and look for half documents until `done`."""
    embedder, known = FakeEmbedder(), set(DOCS)
    while True:
        finished = done.is_set()  # one more round after the writers ended
        try:
            for query in QUERIES:
                for mode in search.MODES:
                    for filters in (Filters(), Filters(communities=("PG Noord",))):
                        for hit in search.search(store, embedder, query, k=10, filters=filters, mode=mode).hits:
                            if hit.doc_id not in known and not hit.doc_id.startswith(("nieuw-", "weg-")):
                                errors.append(f"unknown document {hit.doc_id}")
                        counts.append(1)
            half = store.db.conn().execute(HALF).fetchone()[0]
            if half:
                errors.append(f"{half} ready chunks without their vector or lexical row")
        except Exception as exc:  # noqa: BLE001 - every failure is what this test looks for
            errors.append(f"{type(exc).__name__}: {exc}")
        if finished:
            return


def test_searches_see_whole_documents_while_other_processes_ingest_delete_and_repair(tmp_path, zygote):
    data_dir = tmp_path / "data"
    store = open_store(Settings(data_dir=data_dir, model=FakeEmbedder.name))
    ingest.ingest_paths(store, FakeEmbedder(), [write_docs(tmp_path / "docs"), _docs(tmp_path, "weg", 4)])
    gone = [d.doc_id for d in store.catalogue.list_documents() if d.doc_id.startswith("weg-")]
    damaged = store.catalogue.chunks_of(store.catalogue.get_document(sorted(DOCS)[0]).pk)[0].vector_id
    with store.writer():
        store.vectors.delete([damaged])  # for `check --repair` to restore
    search.warm_up(store, FakeEmbedder())

    done, errors, counts = threading.Event(), [], []
    readers = [threading.Thread(target=_search_until, args=(store, done, errors, counts)) for _ in range(3)]
    for reader in readers:
        reader.start()
    logs = [tmp_path / f"{name}.log" for name in ("ingest", "delete", "repair")]
    writers = [_worker(zygote, logs[0], data_dir, "ingest", str(_docs(tmp_path, "nieuw", 12))),
               _worker(zygote, logs[1], data_dir, "delete", *gone), _worker(zygote, logs[2], data_dir, "repair")]
    for writer in writers:
        writer.communicate(timeout=600)
    done.set()
    for reader in readers:
        reader.join(timeout=600)

    assert [w.returncode for w in writers] == [0, 0, 0], [log.read_text()[-2000:] for log in logs]
    assert counts and not errors, errors[:5]
    assert store.maintenance.check().ok
    found = {h.doc_id for h in search.search(store, FakeEmbedder(), "respijtzorg mantelzorgers", k=50).hits}
    assert not found & set(gone) and {f"nieuw-{n}.md" for n in range(12)} <= found
    store.close()
