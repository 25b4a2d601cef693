"""A backup packs the originals of its own documents: those ready in the snapshot it
took, on both backends. On PostgreSQL the kept files were read after the tables were
dumped, so a document published in between had its original packed although the dump
held no row of it (a file no restore could ever erase, as nothing points to it)."""
from __future__ import annotations

import tarfile

from store import ChunkDraft, DocumentDraft, DocumentMeta, write_backup
from store import _backup as backup_module
from text import analyze


def _publish(store, name: str) -> str:
    """A ready document whose original is a file under the files folder; its path."""
    original = store.settings.files_dir / "Wijk Noord" / name
    original.parent.mkdir(parents=True, exist_ok=True)
    original.write_text(f"Origineel van {name}.\n", encoding="utf-8")
    text = f"Verslag {name}: buurtzorg in de wijk."
    draft = DocumentDraft(name, text, DocumentMeta(title=name, community="Wijk Noord"), str(original),
                          f"{abs(hash(name)):064d}"[-64:],
                          [ChunkDraft(0, text, 0, len(text), None, " ".join(analyze(text)))])
    with store.writer():
        store.catalogue.publish(store.catalogue.stage(draft))
    return f"files/Wijk Noord/{name}"


def _packed(backup) -> list[str]:
    with tarfile.open(backup, "r:gz") as tar:
        return sorted(m.name for m in tar.getmembers() if m.isfile() and m.name.startswith("files/"))


def test_a_backup_packs_only_the_originals_of_its_own_snapshot(store, tmp_path, monkeypatch):
    first = _publish(store, "voor.md")
    later = []
    manifest_of = "_postgres_manifest" if store.settings.database_url else "_manifest"
    taken = getattr(backup_module, manifest_of)

    def published_meanwhile(*args, **kwargs):   # the snapshot is taken; a moderator publishes
        result = taken(*args, **kwargs)
        later.append(_publish(store, "na.md"))
        return result

    monkeypatch.setattr(backup_module, manifest_of, published_meanwhile)
    backup = tmp_path / "kopie.tar.gz"
    manifest = write_backup(store.settings, backup)
    assert later and manifest["documents"] == 1      # the probe ran, after the snapshot
    assert _packed(backup) == [first]
