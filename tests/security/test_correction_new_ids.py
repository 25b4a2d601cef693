"""The tenth tenancy attack (helper tenancy10): a corrected document's new id, chosen
around other groups' ids. A moderator's missed-name correction gives a document whose id
names the client a new one with the name hidden ('zuid/casus-bosmans.md' ->
'zuid/casus-B..md'), and when that id was taken, by any document of the network, added
'-2' ('zuid/casus-B..md-2'). The owner's ingest keeps ids as given, so two groups' ids
share one namespace: Wijkteam Zuid's moderator read in the answer (and in every link
afterwards) whether a closed group held a document of that id. Now the new id is made as
ingest makes an id a name was hidden from, with a keyed digest of the old id
('zuid/casus-B.-3f9a2c.md'): it depends on the old id and the data dir's key alone, and is
the id a new upload of the same file gets (before, that became a second document)."""
from __future__ import annotations

import re

import ingest
from access_world import NORTH, SOUTH, form_csrf
from fakes import FakeEmbedder

CASE = """---
title: Casus over de planning
type: casus
community: "{community}"
---
Mevrouw Bosmans belde gisteren over de planning van de dagbesteding.
"""


def _shape(doc_id: str) -> str:
    """The id without its folder and its keyed digest: what two such renames share."""
    return re.sub(r"-[0-9a-f]{6}(?=\.md$)", "-TAG", doc_id.split("/", 1)[1])


def test_a_corrected_id_does_not_depend_on_another_groups_ids(world, tmp_path):
    folder = tmp_path / "owner"
    for doc_id, community in (("zuid/casus-bosmans.md", SOUTH), ("zuid2/casus-bosmans.md", SOUTH),
                              ("zuid/casus-B..md", NORTH)):   # PG Noord is closed: mod-zuid cannot read it
        path = folder / doc_id
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(CASE.format(community=community), "utf-8")
    report = ingest.ingest_paths(world.store, FakeEmbedder(), [folder])
    assert sorted(o.status for o in report.outcomes) == ["ingested"] * 3, report.outcomes

    mod = world.client("mod-zuid")
    done = mod.post("/api/documents/zuid/casus-bosmans.md/client-names",
                    data={"namen": "Bosmans", "csrf": form_csrf(mod)})
    assert done.status_code == 200, done.text
    renamed = {r["from"]: r["to"] for r in done.json()["renamed"]}
    assert set(renamed) == {"zuid/casus-bosmans.md", "zuid2/casus-bosmans.md"}
    # the id beside PG Noord's document has the shape of the one where no group has one
    assert _shape(renamed["zuid/casus-bosmans.md"]) == _shape(renamed["zuid2/casus-bosmans.md"]), renamed
    assert all(mod.get(f"/api/documents/{new}").status_code == 200 for new in renamed.values())


def test_a_corrected_upload_sent_again_is_a_new_version_of_it(world):
    world.store.accounts.set_community(SOUTH, pseudonymise=False)   # only the list hides the name
    mod = world.client("mod-zuid")
    [row] = world.upload(mod, [("casus-bosmans.md", CASE.format(community=SOUTH).encode())], SOUTH)["files"]
    done = mod.post(f"/api/documents/{row['doc_id']}/client-names", data={"namen": "Bosmans", "csrf": form_csrf(mod)})
    [renamed] = done.json()["renamed"]
    [again] = world.upload(mod, [("casus-bosmans.md", CASE.format(community=SOUTH).encode())], SOUTH)["files"]
    assert again["doc_id"] == renamed["to"] and again["status"] == "unchanged", (renamed, again)
