"""Trace attack 26: where a client's name stays after the rules that judge it change.

A watched folder is known to the database by a label: its path, with the client names
hidden that the community's rules find in the folder's own name and its listed client
names anywhere in the path (ingest._watch.folder_label). The label was made with the
rules of the moment and kept: a group that watched '/sync/casus-mevrouw-Quilmapje' with
pseudonymisation off and then switched it on, or whose moderator listed a client the
rules missed ('/sync/map-zeepbel', then `clients add Zeepbel`), kept the name in
watch_folders (the database, every backup, /mappen) while its documents, ids, originals
and packs were pseudonymised again; until the next pass of that watch, and for good when
the folder was watched no more. Now a switch-on and a listed name relabel the group's
folders too, and the next pass finds its records under the new label."""
from __future__ import annotations

import os
import time

import pytest
from test_trace_attack9 import _postgres_rows, _stored_bytes

import ingest
from access_world import SOUTH
from fakes import FakeEmbedder

CLEAN = "De buurtwerker sprak met de mantelzorger over eenzaamheid en de thuiszorg in de wijk."


def _watched(world, tmp_path, name: str):
    folder = tmp_path / "sync" / name
    folder.mkdir(parents=True)
    note = folder / "verslag.md"
    note.write_text(f"# Sessie\n\n{CLEAN}\n", "utf-8")
    old = time.time() - 3600
    os.utime(note, (old, old))
    passed = ingest.watch_pass(world.store, FakeEmbedder(), folder, ingest.Overrides(community=SOUTH))
    assert [o.status for o in passed.report.outcomes] == ["ingested"], passed.report.outcomes
    return folder


def _holding(world, word: str) -> list[str]:
    haystacks = _stored_bytes(world.data_dir)
    if world.store.db.dialect == "postgresql":
        haystacks["postgresql"] = _postgres_rows(world.store)
    return [where for where, data in haystacks.items() if word.lower().encode() in data.lower()]


def _again(world, folder) -> list[str]:
    """The next pass over the folder: what it did (nothing new), and how many folders are known."""
    passed = ingest.watch_pass(world.store, FakeEmbedder(), folder, ingest.Overrides(community=SOUTH))
    return [o.status for o in passed.report.outcomes]


@pytest.mark.deduce
def test_switching_pseudonymisation_on_relabels_a_watched_folder(world, tmp_path, cli):
    world.store.accounts.set_community(SOUTH, pseudonymise=False)
    folder = _watched(world, tmp_path, "casus-mevrouw-Quilmapje")
    assert _holding(world, "Quilmapje")   # stored as it was while the switch was off
    code, out, err = cli("communities", "set", SOUTH, "--pseudonymise", "--no-themes")
    assert code == 0, err
    assert _holding(world, "Quilmapje") == []
    assert _again(world, folder) == []   # the next pass knows its file: nothing ingested again
    assert len(world.store.watch.folders()) == 1
    assert _holding(world, "Quilmapje") == []


@pytest.mark.deduce
def test_a_listed_client_name_leaves_a_watched_folders_path(world, tmp_path, cli):
    folder = _watched(world, tmp_path, "map-zeepbel")
    assert _holding(world, "zeepbel")   # a Dutch word: no rule takes it for a name
    code, out, err = cli("clients", "add", "--community", SOUTH, "Zeepbel", "--no-themes")
    assert code == 0, err
    assert _holding(world, "zeepbel") == []
    assert _again(world, folder) == []
    assert len(world.store.watch.folders()) == 1
    assert _holding(world, "zeepbel") == []
