"""Item 3 of issue 14: a moderator's per-document sharing survives every new
version, and a new version is never visible to more people than the old one."""
from __future__ import annotations

import ingest
from access_world import BY_ID, CSRF_FIELD, SOUTH
from fakes import FakeEmbedder


def test_a_closed_upload_stays_closed_when_it_is_replaced(world):
    mod, lid = world.client("mod-zuid"), world.client("lid-noord")
    [row] = world.upload(mod, [("casus.md", b"Casus over de dotterbloem.\n")], SOUTH)["files"]
    doc_id = row["doc_id"]
    assert lid.get(f"/api/documents/{doc_id}").status_code == 200   # shared, like its community
    csrf = CSRF_FIELD.search(mod.get(f"/documenten/{doc_id}").text).group(1)
    mod.post(f"/delen/{doc_id}", data={"sharing": "closed", "csrf": csrf})
    assert lid.get(f"/api/documents/{doc_id}").status_code == 404
    [again] = world.upload(mod, [("casus.md", b"Casus over de dotterbloem, aangevuld.\n")], SOUTH)["files"]
    assert again["status"] == "replaced"
    assert lid.get(f"/api/documents/{doc_id}").status_code == 404
    assert world.store.accounts.document_sharing(doc_id) == ("closed", "shared")


def test_a_new_version_from_the_cli_keeps_the_override_and_never_widens(world, tmp_path):
    folder = tmp_path / "nieuw"
    for doc_id, community in (("zuid/dicht.md", SOUTH), ("oost/geheim.md", SOUTH)):
        path = folder / doc_id
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(BY_ID[doc_id].text().replace(BY_ID[doc_id].community, community) + "Nieuw.\n", "utf-8")
    report = ingest.ingest_paths(world.store, FakeEmbedder(), [folder], scope=ingest.Scope(move=True))
    assert {o.status for o in report.outcomes} == {"replaced"}
    assert world.store.accounts.document_sharing("zuid/dicht.md") == ("closed", "shared")
    assert world.store.accounts.document_sharing("oost/geheim.md") == ("closed", "shared")  # moved, still closed
    lid = world.client("lid-noord")
    assert lid.get("/api/documents/zuid/dicht.md").status_code == 404
    assert lid.get("/api/documents/oost/geheim.md").status_code == 404
