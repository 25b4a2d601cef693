"""A file the owner ingests from where it lies ('praktijkgeheugen ingest
"/dossiers/mevrouw Wintermans"') gets the id of its path below the folder given
('verslag.md'); the rules read that id, its title and its text. The path as given was
stored too (documents.source_path, and so in every backup), with the folders above the
one given that no rule reads: '/dossiers/mevrouw Wintermans/verslag.md' kept the name of
a client that the text only calls 'de cliënte', and a correction that listed her later
never rewrote it (it rewrites a document whose id, title, themes or text name her).
Nothing reads such a path back (an original is served only from the uploads folder),
so it is no longer stored. Found by the twenty-first attack."""
from __future__ import annotations

import pytest

import ingest
from access_world import SOUTH


def _stored(world) -> str:
    rows = world.store.db.conn().execute("SELECT doc_id, source_path, title FROM documents").fetchall()
    return "\n".join(" ".join(str(value) for value in row) for row in rows)


@pytest.mark.deduce
def test_the_folders_above_the_one_given_are_stored_nowhere(world, fake_embedder, tmp_path):
    world.store.accounts.set_community(SOUTH, pseudonymise=True)
    folder = tmp_path / "dossiers" / "mevrouw Wintermans"
    folder.mkdir(parents=True)
    (folder / "verslag.md").write_text("# Huisbezoek\n\nDe cliënte woont alleen sinds de zomer.\n", "utf-8")
    report = ingest.ingest_paths(world.store, fake_embedder, [folder], ingest.Overrides(community=SOUTH))
    assert [o.status for o in report.outcomes] == ["ingested"], report.outcomes
    assert "wintermans" not in _stored(world).lower()
    ingest.correct_names(world.store, fake_embedder, SOUTH, ["Wintermans"])
    assert "wintermans" not in _stored(world).lower()


def test_an_uploaded_original_is_still_kept_and_served(world):
    """Uploads keep their original under a name derived from the id (the download link)."""
    moderator = world.client("mod-zuid")
    [row] = world.upload(moderator, [("verslag.txt", b"Over de zandloper en de buren in de wijk.\n")], SOUTH)["files"]
    document = world.store.catalogue.get_document(row["doc_id"])
    assert document.source_path and document.source_path.startswith(str(world.store.settings.files_dir))
    assert moderator.get(f"/bron/{row['doc_id']}").status_code == 200


def test_a_path_stored_by_an_older_version_is_erased_by_the_reconciler(world, fake_embedder, tmp_path):
    """Rows written before the fix keep the path as given; the reconciler (at every web
    start, and `check --repair`) forgets it, and an upload's kept original stays."""
    moderator = world.client("mod-zuid")
    [row] = world.upload(moderator, [("verslag.txt", b"Over de zandloper en de buren in de wijk.\n")], SOUTH)["files"]
    folder = tmp_path / "dossiers" / "mevrouw Wintermans"
    folder.mkdir(parents=True)
    (folder / "verslag.md").write_text("# Huisbezoek\n\nDe cliënte woont alleen sinds de zomer.\n", "utf-8")
    ingest.ingest_paths(world.store, fake_embedder, [folder], ingest.Overrides(community=SOUTH))
    with world.store.db.transaction() as conn:   # as a version before the fix stored it
        conn.execute("UPDATE documents SET source_path = ? WHERE doc_id = 'verslag.md'", (str(folder / "verslag.md"),))
    report = world.store.maintenance.check()
    assert len(report.foreign_paths) == 1 and not report.ok
    ingest.repair(world.store, lambda: fake_embedder)
    assert "wintermans" not in _stored(world).lower()
    if world.store.db.dialect == "sqlite":
        world.store.db.checkpoint()
        assert not [p for p in world.data_dir.rglob("*.sqlite3*") if b"Wintermans" in p.read_bytes()]
    assert world.store.maintenance.check().ok
    assert moderator.get(f"/bron/{row['doc_id']}").status_code == 200
