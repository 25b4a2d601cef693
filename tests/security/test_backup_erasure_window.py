"""A backup taken while a delete's erasure is still to come holds nothing of the deleted
document. A purge removes a version's rows at once, but its words stay in FTS5's index
segments until the writer session ends with the erasure ('optimize'), which comes after
the whole vector collection is copied (seconds to minutes on a large index), or only at
the next writer's session when a process died in between; a version caught between its
two purge transactions ('deleting') still has its whole text. The backup (SQLite's online
backup API, never waiting for the writer) copied all of that: a nightly backup taken as a
moderator deleted a case, or after a crash, kept the case's words for as long as backups
are kept, though the document was gone. Found by the twentieth attack. Fix: the backup
finishes on its own copy what the erasure would do (versions that are not ready purged,
FTS5 optimised, the file vacuumed), before it is packed."""
from __future__ import annotations

import tarfile

import ingest
from dutch_docs import write_docs
from store import write_backup

PHRASE = "Zwoerkelmansstraat"   # its lexical term is stored whole in the index segment (a probe by bytes)
SECRET = f"---\ncommunity: PG Noord\ntype: casus\n---\nMeneer woont aan de {PHRASE}; de buren aan de {PHRASE} helpen.\n"


def _holding(backup) -> list[str]:
    found = []
    with tarfile.open(backup) as tar:
        for member in tar.getmembers():
            raw = tar.extractfile(member).read() if member.isfile() else b""
            if PHRASE.lower().encode() in raw.lower():
                found.append(member.name)
    return found


def _ingested(store, fake_embedder, tmp_path) -> None:
    docs = write_docs(tmp_path / "docs")
    (docs / "geheim.md").write_text(SECRET, encoding="utf-8")
    ingest.ingest_paths(store, fake_embedder, [docs])
    write_backup(store.settings, tmp_path / "voor.tar.gz")
    assert _holding(tmp_path / "voor.tar.gz")   # the probe works


def test_a_backup_between_a_purge_and_its_erasure_holds_nothing_of_the_document(store, fake_embedder, tmp_path):
    _ingested(store, fake_embedder, tmp_path)
    assert store.catalogue.delete_document("geheim.md")   # purged; the session's erasure not yet run
    assert store.maintenance.erase_pending()
    write_backup(store.settings, tmp_path / "na.tar.gz")
    assert _holding(tmp_path / "na.tar.gz") == []


def test_a_backup_of_a_version_half_purged_holds_nothing_of_it(store, fake_embedder, tmp_path):
    _ingested(store, fake_embedder, tmp_path)
    pk = store.catalogue.get_document("geheim.md").pk
    with store.db.transaction() as conn:   # the purge's first transaction, as a crash leaves it
        conn.execute("UPDATE documents SET state = 'deleting' WHERE id = ?", (pk,))
    write_backup(store.settings, tmp_path / "na.tar.gz")
    assert _holding(tmp_path / "na.tar.gz") == []
