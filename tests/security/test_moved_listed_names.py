"""Trace attack 11: a document moved to another community (`ingest --move`) after its
community listed a client the rules miss. The new version was pseudonymised with the new
community's list only, so the name the old community's moderator had corrected
('bolleke' -> 'B.') was stored again, in the moved document's text. Now a move carries the
old community's listed names that the file holds into the new community's list (as digests,
like every listed name) before the new version is made."""
from __future__ import annotations

import pytest
from test_trace_attack9 import _postgres_rows
from test_trace_attack10 import _holding

NOTE = ("---\ncommunity: {community}\n---\n# Huisbezoek\n\nbolleke van hiernaast kwam langs met soep."
        " De buurtwerker sprak met de mantelzorger over eenzaamheid.\n")


def _stored(settings, needle: bytes) -> list[str]:
    """Where the data dir's files, and on PostgreSQL the database's rows, hold `needle`."""
    found = _holding(settings.data_dir, needle)
    if settings.database_url:
        from store import open_store
        store = open_store(settings)
        try:
            found += ["postgresql"] if needle in _postgres_rows(store).lower() else []
        finally:
            store.close()
    return found


@pytest.mark.deduce
def test_a_moved_document_keeps_the_names_its_community_listed_hidden(cli, settings, tmp_path):
    folder = tmp_path / "map"
    (folder / "2023-2024").mkdir(parents=True)
    note = folder / "2023-2024" / "casus.md"
    note.write_text(NOTE.format(community="PG Zuid"), "utf-8")
    assert cli("communities", "add", "PG Oost")[0] == 0
    code, out, err = cli("ingest", str(folder), "--create-communities", "--no-themes")
    assert code == 0, out + err
    code, out, err = cli("clients", "add", "--community", "PG Zuid", "Bolleke", "--no-themes")
    assert code == 0 and "1 documents pseudonymised again" in out, out + err
    assert not _stored(settings, b"bolleke")   # the probe: listed, it is gone
    note.write_text(NOTE.format(community="PG Oost"), "utf-8")
    code, out, err = cli("ingest", str(folder), "--move", "--no-themes")
    assert code == 0 and "replaced" in out, out + err
    assert not _stored(settings, b"bolleke")
    code, out, _ = cli("documents", "--json")
    assert "PG Oost" in out and "bolleke" not in out.lower()
    code, out, _ = cli("clients", "list", "--community", "PG Oost")
    assert code == 0 and "1" in out, out
