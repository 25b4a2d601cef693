"""The tenth tenancy attack (helper tenancy10): a document moved to another group took
its old group's metadata history along. The owner's `ingest --move` moves a document to
another community on purpose (the text goes, and a closed document stays closed there).
Its history of metadata corrections is kept by document id, so it went too: the new
group's members read on the document page when the old group corrected it and, as the
members of the community it now is in, who did: the names of a closed group's moderators,
which a closed group shows only to its own members (tests/security/test_person_moderators.py).
Now a version that changes the document's community starts its history afresh."""
from __future__ import annotations

import ingest
from access_world import EAST, SOUTH, form_csrf
from fakes import FakeEmbedder

CASE = """---
title: Verplaatst verslag
type: casus
community: "{community}"
cycle: "2023-2024"
---
De groep sprak over de mantelzorg in de wijk en over wat de buren samen deden.
"""


def _ingest(world, folder, community: str, move: bool = False) -> None:
    path = folder / "verplaatst.md"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(CASE.format(community=community), "utf-8")
    report = ingest.ingest_paths(world.store, FakeEmbedder(), [folder], scope=ingest.Scope(move=move))
    assert [o.status for o in report.outcomes] != ["failed"], report.outcomes


def test_a_moved_document_shows_nothing_of_its_old_groups_history(world, tmp_path):
    folder = tmp_path / "owner"
    _ingest(world, folder, EAST)                 # PG Oost, closed
    mod_oost = world.client("mod-oost")
    edited = mod_oost.post("/api/documents/verplaatst.md/metadata",
                           data={"title": "Verplaatst verslag", "type": "casus", "cycle": "2024-2025",
                                 "csrf": form_csrf(mod_oost)})
    assert edited.status_code == 200, edited.text
    assert "mod-oost" in mod_oost.get("/documenten/verplaatst.md").text   # its own group sees who

    _ingest(world, folder, SOUTH, move=True)     # the owner moves it to Wijkteam Zuid
    page = world.client("mod-zuid").get("/documenten/verplaatst.md")
    assert page.status_code == 200
    assert "mod-oost" not in page.text and "2024-2025" not in page.text, page.text
    assert world.store.history.of("verplaatst.md") == []
