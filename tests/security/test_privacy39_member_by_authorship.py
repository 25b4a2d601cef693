"""Privacy attack 39: a client typed as an author was a member of the whole group.

A document's stated authors are members of its community for as long as a stored document
states them (docs/pseudonymisation.md, *Members keep their names*): an uploader who typed the
client, 'Truus Verhoeven', into the authors field of her home-visit report made her a member,
and the group's next note about her ('Truus Verhoeven belde opnieuw') and a moderator's pack
note kept her full name. Privacy attack 38 pseudonymised again the document whose author the
moderator corrected; the others stayed as they were, name and all, in the database, the
lexical index, the vectors and every backup. Now the correction pseudonymises again the
group's other documents that hold a word of her name, and its pack names and notes, by the
rules (ingest._correct._not_a_member_now)."""
from __future__ import annotations

import time

import pytest
from test_privacy39_restored_corrections import COMMUNITY, NAME, _correct, _ingested, _named
from test_trace_attack9 import _stored_bytes

import ingest
from store import open_store

LATER = f"# Opvolging\n\nTruus {NAME} belde opnieuw. Truus {NAME} voelt zich eenzaam sinds de winter.\n"


def test_the_groups_other_documents_and_packs_lose_the_name_of_an_author_corrected_away(cli, settings, tmp_path):
    doc_id = _ingested(cli, tmp_path, "authors")
    later = tmp_path / "later"
    later.mkdir()
    (later / "opvolging.md").write_text(LATER, "utf-8")
    (later / "sessie.md").write_text("# Sessie\n\nDe groep sprak over eenzaamheid in de wijk.\n", "utf-8")
    assert cli("ingest", str(later), "--community", COMMUNITY)[0] == 0
    store = open_store(settings)
    try:
        assert NAME in store.catalogue.get_document("opvolging.md").text   # she counted as a member
        # a moderator's pack name and note, pseudonymised as the web writes them: she was a member
        name = ingest.pseudonymise_note(store, COMMUNITY, f"Opvolging Truus {NAME}")
        note = ingest.pseudonymise_note(store, COMMUNITY, f"Truus {NAME} wil hierover praten.")
        assert NAME in name and NAME in note
        pack = store.packs.create(COMMUNITY, name, "mod", None)
        assert store.packs.add(pack.id, "opvolging.md", None, None)
        [item] = store.packs.items(pack.id, None)
        assert store.packs.annotate(pack.id, item.id, note, None)
    finally:
        store.close()
    _correct(settings, doc_id, "authors")
    assert _named(settings) == []
    store = open_store(settings)
    try:
        texts = {d.doc_id: d.text for d in store.catalogue.list_documents()}
        assert "T. V. belde opnieuw" in texts["opvolging.md"]
        assert texts["sessie.md"] == "# Sessie\n\nDe groep sprak over eenzaamheid in de wijk.\n"
        [pack] = store.packs.all(None)
        assert NAME not in pack.name and NAME not in store.packs.items(pack.id, None)[0].note
    finally:
        store.close()
    if not settings.database_url:
        assert [w for w, data in _stored_bytes(settings.data_dir).items() if NAME.lower().encode() in data.lower()] == []


def test_a_restore_of_a_backup_made_before_the_correction_does_it_again_for_the_other_documents(cli, settings, tmp_path):
    if settings.database_url:
        pytest.skip("restore --force is SQLite's; the PostgreSQL restore runs the same correction (test_privacy39_restored_corrections)")
    doc_id = _ingested(cli, tmp_path, "authors")
    later = tmp_path / "later"
    later.mkdir()
    (later / "opvolging.md").write_text(LATER, "utf-8")
    assert cli("ingest", str(later), "--community", COMMUNITY)[0] == 0
    assert cli("backup", str(tmp_path / "nacht.tar.gz"))[0] == 0
    time.sleep(1.1)
    _correct(settings, doc_id, "authors")
    code, out, err = cli("restore", str(tmp_path / "nacht.tar.gz"), "--force")
    assert code == 0 and "corrected again 1 documents" in out, out + err
    assert _named(settings) == []
