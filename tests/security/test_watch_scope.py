"""A watched folder writes and deletes its own community's documents only. Its ids
were the files' paths, not under the community's name: a file in group Zuid's synced
folder with the path of a closed document of PG Noord replaced that document (moving
it into Zuid) and, once deleted from the folder, erased Noord's document. Now its ids
live under its community's name, as an upload's, and it writes into that community only."""
from __future__ import annotations

import os
import time

import ingest
from access_world import NORTH, SOUTH
from fakes import FakeEmbedder

TAKEN = "noord/geheim.md"   # a closed document of PG Noord in the access world


def _pass(world, folder):
    return ingest.watch_pass(world.store, FakeEmbedder(), folder, ingest.Overrides(community=SOUTH))


def test_a_watched_folder_neither_replaces_nor_deletes_another_groups_document(world, tmp_path):
    before = world.store.catalogue.get_document(TAKEN)
    assert before.meta.community == NORTH
    folder = tmp_path / "zuid-map"
    path = folder / TAKEN
    path.parent.mkdir(parents=True)
    path.write_text("# Sessie\n\nDe buurtwerker van Zuid sprak over de wijk en de thuiszorg.\n", "utf-8")
    old = time.time() - 3600
    os.utime(path, (old, old))
    first = _pass(world, folder)
    assert [(o.doc_id, o.status) for o in first.report.outcomes] == [(f"{SOUTH}/{TAKEN}", "ingested")]
    after = world.store.catalogue.get_document(TAKEN)
    assert (after.meta.community, after.text) == (NORTH, before.text)
    path.unlink()
    (folder / "ander.md").write_text("# Sessie\n\nNog een verslag over de thuiszorg in de wijk.\n", "utf-8")
    os.utime(folder / "ander.md", (old, old))
    assert _pass(world, folder).deleted == [f"{SOUTH}/{TAKEN}"]
    assert world.store.catalogue.get_document(TAKEN) is not None
    assert world.store.catalogue.get_document(f"{SOUTH}/{TAKEN}") is None
    assert world.store.catalogue.get_document(f"{SOUTH}/ander.md").meta.community == SOUTH

