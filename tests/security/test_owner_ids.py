"""The owner's CLI ingest and other groups' document ids.

* An id under a community's name ("PG Oost/verslag.md") is where that community's
  uploads land. The owner's CLI could store a document of another community (or of
  none) there; PG Oost's moderator who then uploaded "verslag.md" was refused ("the
  document id belongs to a document this writer may not replace") where a never-used
  name is ingested: the file's existence in another group, perhaps a closed one, told.
  Such an id is refused to the owner, and so is a community whose name other
  documents' ids begin with (`communities add`, the admin's form, `--create-communities`).
* Two groups' "verslag.md", each ingested with `--community`, were one id: the second
  replaced the first, a closed group's document erased by another group's file. The
  owner's ingest replaces no community's document with another community's (or none's).
"""
from __future__ import annotations

import json

import ingest
from access_world import EAST, NORTH, SOUTH, form_csrf
from fakes import FakeEmbedder
from security_world import jsonl

TEXT = "De dotterbloem bloeit in de wijk, en de buren helpen elkaar."


def _file(folder, name: str, community: str | None, text: str = TEXT):
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    front = f'---\ncommunity: "{community}"\n---\n' if community else ""
    path.write_text(f"{front}{text}\n", "utf-8")
    return path


def _ingest(world, *paths, **overrides):
    report = ingest.ingest_paths(world.store, FakeEmbedder(), list(paths), ingest.Overrides(**overrides))
    return [(o.doc_id, o.status, o.code) for o in report.outcomes]


def _uploaded(world, name: str) -> dict:
    # Each upload its own text: the same text twice in one group is reported as such (same_as),
    # which would tell these uploads apart for a reason other than the ids under test.
    text = f"{TEXT} Notitie {sum(map(ord, name))}."
    [row] = world.upload(world.client("mod-oost"), [(name, text.encode())], EAST)["files"]
    return {key: value for key, value in row.items() if key != "filename"}


def test_the_owner_stores_no_document_under_another_communitys_name(world, tmp_path):
    root = tmp_path / "export"
    _file(root, f"{EAST}/verslag.md", SOUTH)             # a folder named like PG Oost, front matter Zuid
    _file(root, f"{EAST}/zonder.md", None)
    lines = tmp_path / "lijnen.jsonl"
    lines.write_bytes(jsonl({"id": f"{EAST}/lijn.md", "community": NORTH, "text": TEXT}))
    assert _ingest(world, root, lines, community=SOUTH) == [
        (f"{EAST}/verslag.md", "failed", "other_community"), (f"{EAST}/zonder.md", "failed", "other_community"),
        (f"{EAST}/lijn.md", "failed", "other_community")]
    # PG Oost's moderator: the names the owner tried get the answer a never-used one gets
    never = _uploaded(world, "nooit.md")
    for name in ("verslag.md", "zonder.md", "lijn.md"):
        row = _uploaded(world, name)
        # the report's title is the uploaded file's own (workflow 41), nothing the owner's attempt left
        assert row == {**never, "doc_id": f"{EAST}/{name}", "title": name.removesuffix(".md").capitalize()}, row
    assert never["status"] == "ingested"


def test_a_community_is_not_made_where_other_documents_ids_lie(world, tmp_path, cli):
    assert _ingest(world, _file(tmp_path / "a", "Nieuw/casus.md", SOUTH).parent.parent) == [
        ("Nieuw/casus.md", "ingested", None)]                 # no community of that name yet
    code, _, err = cli("communities", "add", "Nieuw", "--closed")
    assert code != 0 and "Nieuw/" in err and not world.store.accounts.has_community("Nieuw")
    admin = world.client("beheerder")
    refused = admin.post("/beheer/groep/nieuw", data={"naam": "Nieuw", "delen": "closed",
                                                      "csrf": form_csrf(admin, "/beheer")})
    assert refused.status_code == 422 and "Er staan al documenten van een andere groep" in refused.text
    made = _ingest(world, _file(tmp_path / "b", "ander.md", "Nieuw"))   # would create it
    assert made == [("ander.md", "failed", "other_community")] and not world.store.accounts.has_community("Nieuw")
    # the community's own ids under its own name are no obstacle
    assert _ingest(world, _file(tmp_path / "c", "Eigen/x.md", "Eigen").parent.parent) == [("Eigen/x.md", "ingested", None)]


def test_the_owner_does_not_replace_another_communitys_document(world, tmp_path, cli):
    first = _file(tmp_path / "noord", "verslag.md", None, "Noord: de zilverreiger en de mantelzorg.")
    second = _file(tmp_path / "zuid", "verslag.md", None, "Zuid: iets heel anders over de buurt.")
    assert cli("ingest", first, "--community", NORTH)[0] == 0
    code, out, _ = cli("ingest", second, "--community", SOUTH, "--json")
    [outcome] = json.loads(out)["outcomes"]
    assert code == 1 and outcome["status"] == "failed" and outcome["code"] == "other_community"
    assert NORTH in outcome["reason"] and "praktijkgeheugen delete" in outcome["reason"] and "--move" in outcome["reason"]
    kept = world.store.catalogue.get_document("verslag.md")
    assert kept.meta.community == NORTH and "zilverreiger" in kept.text
    code, _, _ = cli("ingest", second, "--community", NORTH)     # its own community's new version
    assert code == 0 and "anders" in world.store.catalogue.get_document("verslag.md").text
    code, _, _ = cli("ingest", second, "--community", SOUTH, "--move")   # moved on purpose
    assert code == 0 and world.store.catalogue.get_document("verslag.md").meta.community == SOUTH


def test_a_document_without_a_community_may_be_given_one(world, tmp_path, cli):
    path = _file(tmp_path / "los", "los.md", None)
    assert cli("ingest", path)[0] == 0
    assert cli("ingest", path, "--community", SOUTH)[0] == 0
    assert world.store.catalogue.get_document("los.md").meta.community == SOUTH
    assert cli("ingest", path)[0] == 1                    # ... but not taken out of it again
    assert world.store.catalogue.get_document("los.md").meta.community == SOUTH
