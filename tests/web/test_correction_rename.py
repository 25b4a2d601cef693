"""A missed client name in a document's id: the moderator's correction gives the
document a new id with the name hidden, and everything that named the old id (pack
items, metadata history, sharing, the audit log) follows it in the same publication.
Deleting it afterwards leaves only a keyed digest of its id in the audit log."""
from __future__ import annotations

import ingest
from access_world import NORTH, app_for, form_csrf, log_in, password
from fakes import FakeEmbedder
from store import Change

OLD = "noord/casus-bosmans.md"
NOTE = f"""---
title: Casus over de planning
type: casus
community: "{NORTH}"
---
Bosmans belde gisteren over de planning van de dagbesteding en de wandelclub.
"""
NEEDLES = [b"Bosmans", b"bosmans", b"BOSMANS"]


def _world(store):
    """Pseudonymisation off in the community: the rules cannot hide the name first."""
    if NORTH in {c.name for c in store.accounts.communities()}:
        store.accounts.set_community(NORTH, pseudonymise=False)
    else:   # the access world's copy is SQLite only; on PostgreSQL the store starts empty
        store.accounts.add_community(NORTH, pseudonymise=False)
    upload = store.settings.files_dir / NORTH / OLD
    upload.parent.mkdir(parents=True)
    upload.write_text(NOTE, encoding="utf-8")
    assert ingest.ingest_paths(store, FakeEmbedder(), [upload.parent.parent]).outcomes[0].doc_id == OLD
    store.accounts.add_user("mod-noord", password("mod-noord"))
    store.accounts.grant("mod-noord", NORTH, "moderator")
    return app_for(store, FakeEmbedder())


def _new(store) -> str:
    """OLD with the name hidden and tagged with a keyed digest of OLD (ingest._correct._new_id)."""
    return f"noord/casus-B.-{store.clients.id_tag(OLD)}.md"


def _targets(store) -> list[str]:
    return [row[3] or "" for row in store.accounts.audit_log()]


def test_a_corrected_name_leaves_the_id_and_everything_that_named_it(access_store):
    store = access_store
    client = log_in(_world(store), "mod-noord")
    NEW = _new(store)
    assert client.get(f"/documenten/{OLD}").status_code == 200               # audited "bekeken"
    assert client.post(f"/delen/{OLD}", data={"sharing": "closed", "csrf": form_csrf(client)}).status_code < 400
    pack = store.packs.create(NORTH, "Overdracht", "mod-noord", None)
    assert store.packs.add(pack.id, OLD, None, None)
    store.history.record(OLD, "mod-noord", [Change.of("cycle", None, "2026")])
    store.accounts.audit("mod-noord", "aan pakket toegevoegd", f"pakket {pack.id}: {OLD}")
    sharing_before = store.accounts.document_sharing(OLD)

    done = client.post(f"/api/documents/{OLD}/client-names", data={"namen": "Bosmans", "csrf": form_csrf(client)})

    assert done.status_code == 200 and done.json()["renamed"] == [{"from": OLD, "to": NEW}]
    assert done.json()["documents"] == [{"doc_id": NEW, "mentions": 2}]
    assert store.catalogue.get_document(OLD) is None and client.get(f"/documenten/{OLD}").status_code == 404
    assert "B. belde" in client.get(f"/api/documents/{NEW}").json()["text"]
    assert store.accounts.document_sharing(NEW) == sharing_before and sharing_before[0] == "closed"
    assert [item.doc_id for item in store.packs.items(pack.id, None)] == [NEW]
    assert store.history.of(NEW) and not store.history.of(OLD)
    targets = _targets(store)
    assert not [t for t in targets if "bosmans" in t.lower()]
    assert f"pakket {pack.id}: {NEW}" in targets and targets.count(NEW) >= 3   # bekeken, delen, correctie
    assert _files_holding(store.settings.data_dir) == []


def test_a_deleted_document_leaves_a_digest_not_its_id(access_store):
    store = access_store
    client = log_in(_world(store), "mod-noord")
    assert client.get(f"/documenten/{OLD}").status_code == 200
    store.accounts.audit("mod-noord", "uit pakket gehaald", f"pakket 7: {OLD}")
    label = store.traces.label(OLD)
    assert "bosmans" not in label.lower() and label == store.traces.label(OLD) != store.traces.label(_new(store))

    gone = client.post(f"/verwijderen/{OLD}", data={"csrf": form_csrf(client)})

    assert gone.status_code == 200 and store.catalogue.get_document(OLD) is None
    rows = store.accounts.audit_log()
    assert not [row for row in rows if "bosmans" in (row[3] or "").lower()]
    assert ("mod-noord", "verwijderd", label) in [row[1:4] for row in rows]
    assert [row[3] for row in rows if row[2] == "bekeken"] == [label]
    assert f"pakket 7: {label}" in [row[3] for row in rows]


def test_deleting_from_the_command_line_audits_the_digest(store, fake_embedder, tmp_path):
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "casus-bosmans.md").write_text("Bosmans belde over de planning.", encoding="utf-8")
    [outcome] = ingest.ingest_paths(store, fake_embedder, [tmp_path / "in"]).outcomes
    store.accounts.audit("beheerder", "bekeken", outcome.doc_id)
    assert ingest.delete_document(store, outcome.doc_id, actor="opdrachtregel")
    label = store.traces.label(outcome.doc_id)
    assert [row[1:4] for row in store.accounts.audit_log()] == [
        ("opdrachtregel", "verwijderd", label), ("beheerder", "bekeken", label)]


def _files_holding(data_dir) -> list[str]:
    return sorted(str(p.relative_to(data_dir)) for p in data_dir.rglob("*")
                  if p.is_file() and any(n in p.read_bytes() for n in NEEDLES))
