"""Item 1 of issue 14: a writer changes only what it may. A moderator of one group
uploads files and JSONL lines that carry another group's document ids and name
other communities; nothing of theirs is staged, replaced, moved or erased, and the
answer for another group's id is the answer for an id never used."""
from __future__ import annotations

from access_world import BY_ID, EAST, NORTH, SOUTH
from security_world import jsonl

CLOSED_IDS = ("noord/geheim.md", "oost/geheim.md")
SAME = ("status", "code", "label", "message", "replacements", "privacy")


def _answer(row: dict) -> tuple:
    """A row without the id and line it was given: what it tells about the id."""
    return tuple(row[key] for key in SAME)


def _snapshot(store) -> dict:
    return {doc_id: (d.pk, d.text, d.meta.community, d.content_hash)
            for doc_id in BY_ID if (d := store.catalogue.get_document(doc_id)) is not None}


def _staged(world, monkeypatch) -> list:
    """The drafts the store is asked to stage, as (doc id, community)."""
    staged, stage = [], world.store.catalogue.stage
    monkeypatch.setattr(world.store.catalogue, "stage", lambda draft: staged.append((draft.doc_id, draft.meta.community))
                        or stage(draft))
    return staged


def test_jsonl_lines_with_another_groups_ids_replace_and_erase_nothing(world, monkeypatch):
    before, staged = _snapshot(world.store), _staged(world, monkeypatch)
    text = "Zuid schrijft hier over de zilverreiger en de wijkagent."
    answers = world.upload(world.client("mod-zuid"), [("aanval.jsonl", jsonl(
        {"id": "noord/geheim.md", "text": text, "community": SOUTH},       # another group's id, own group
        {"id": "nooit/gebruikt.md", "text": text, "community": SOUTH},     # an id never used
        {"id": "oost/geheim.md", "text": text, "community": EAST},         # another group's id and group
        {"id": "nooit/gebruikt-2.md", "text": text, "community": EAST},   # never used, another group
        {"id": "zuid/open.md", "text": text, "community": NORTH},          # own id, moved to a closed group
    ))], SOUTH)["files"]
    rows = {row["doc_id"].removeprefix(f"{SOUTH}/"): row for row in answers}
    rows = [rows[doc_id] for doc_id in ("noord/geheim.md", "nooit/gebruikt.md", "oost/geheim.md",
                                        "nooit/gebruikt-2.md", "zuid/open.md")]
    assert _snapshot(world.store) == before
    assert {community for _, community in staged} == {SOUTH}
    assert _answer(rows[0]) == _answer(rows[1]) and rows[0]["status"] == "ingested"
    assert _answer(rows[2]) == _answer(rows[3]) == _answer(rows[4])
    assert rows[2]["status"] == "failed" and rows[2]["code"] == "other_community"
    assert not [entry for entry in world.store.accounts.audit_log() if entry[2] == "verwijderd"]
    lid = world.client("lid-noord")
    assert "kanarieaap" in lid.get("/api/documents/noord/geheim.md").json()["text"]


def test_a_file_naming_another_group_gets_the_answer_of_a_group_that_does_not_exist(world, monkeypatch):
    staged = _staged(world, monkeypatch)
    body = "---\ncommunity: {}\ntitle: Overname\n---\nTekst over de koraalduiker in de wijk.\n"
    rows = world.upload(world.client("mod-zuid"), [
        ("a.md", body.format(EAST).encode()), ("b.md", body.format("Bestaat Niet").encode())], SOUTH)["files"]
    assert _answer(rows[0]) == _answer(rows[1]) and rows[0]["code"] == "other_community"
    assert staged == [] and not world.store.accounts.has_community("Bestaat Niet")


def test_two_groups_files_of_one_name_never_meet(world):
    name = "verslag sessie 3.md"
    east = world.upload(world.client("mod-oost"), [(name, b"Oost: de wolfsmelk bloeit.\n")], EAST)["files"]
    south = world.upload(world.client("mod-zuid"), [(name, b"Zuid: de dotterbloem bloeit.\n")], SOUTH)["files"]
    assert east[0]["status"] == south[0]["status"] == "ingested"
    assert east[0]["doc_id"] != south[0]["doc_id"]
    oost, zuid = world.client("mod-oost"), world.client("mod-zuid")
    assert oost.get(f"/bron/{east[0]['doc_id']}").text == "Oost: de wolfsmelk bloeit.\n"
    assert zuid.get(f"/bron/{south[0]['doc_id']}").text == "Zuid: de dotterbloem bloeit.\n"
    assert zuid.get(f"/api/documents/{east[0]['doc_id']}").status_code == 404
    again = world.upload(zuid, [(name, b"Zuid: de dotterbloem bloeit weer.\n")], SOUTH)["files"]
    assert again[0]["status"] == "replaced" and again[0]["doc_id"] == south[0]["doc_id"]
    assert oost.get(f"/bron/{east[0]['doc_id']}").text == "Oost: de wolfsmelk bloeit.\n"


def test_every_delete_is_in_the_audit_log(world, cli):
    code, out, _ = cli("delete", "zuid/open.md")
    assert code == 0 and "deleted" in out
    mod = world.client("mod-zuid")
    page = mod.get("/verwijderen/zuid/dicht.md")
    from access_world import CSRF_FIELD
    mod.post("/verwijderen/zuid/dicht.md", data={"csrf": CSRF_FIELD.search(page.text).group(1)})
    deletes = {(actor, target) for _, actor, action, target in world.store.accounts.audit_log() if action == "verwijderd"}
    label = world.store.traces.label   # the ids as keyed digests: an id may name a client
    assert deletes == {("cli", label("zuid/open.md")), ("mod-zuid", label("zuid/dicht.md"))}
