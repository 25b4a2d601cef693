"""`check` finds documents stored under another community's name before ingest refused
such an id (ingest.Scope.check_place): 'PG Oost/verslag.md' of PG Zuid. PG Oost's
upload of verslag.md was refused as 'a document this writer may not replace', which told
its moderator that another group, perhaps a closed one, holds a file of that name.
`check` lists each one with the community it lies under and how to move it; --repair
leaves them (only the owner knows where each belongs); `ingest --move` as check says
moves it, and check is clean again. On both backends (the query is portable SQL)."""
from __future__ import annotations

import json

from store import open_store

EAST, SOUTH = "PG Oost", "PG Zuid"
CYCLE = "2023-2024"
MISPLACED = f"{EAST}/{CYCLE}/verslag.md"
TEXT = "# Verslag\n\nDe groep sprak over eenzaamheid bij ouderen en over het buurtrestaurant.\n"


def _stored_under_east_as_south(cli, settings, tmp_path):
    """PG Oost's verslag.md ingested as PG Zuid's before PG Oost existed, then PG Oost
    made in the database, as a version before check_place and Accounts.add_community's
    refusal could (both refuse it now)."""
    folder = tmp_path / "map"
    (folder / EAST / CYCLE).mkdir(parents=True)
    (folder / EAST / CYCLE / "verslag.md").write_text(TEXT, encoding="utf-8")
    assert cli("ingest", str(folder), "--community", SOUTH, "--create-communities")[0] == 0
    store = open_store(settings)
    try:
        with store.db.transaction() as conn:
            conn.execute("INSERT INTO communities(name) VALUES (?)", (EAST,))
    finally:
        store.close()
    return folder


def _community(settings, doc_id):
    store = open_store(settings)
    try:
        return store.catalogue.get_document(doc_id).meta.community
    finally:
        store.close()


def test_check_lists_a_document_under_another_communitys_name_and_says_how_to_move_it(cli, settings, tmp_path,
                                                                                         caplog):
    folder = _stored_under_east_as_south(cli, settings, tmp_path)
    code, out, _ = cli("check")
    assert code == 1
    assert "1 documents whose id lies under another community's name" in out
    assert f"{MISPLACED}: a document of community '{SOUTH}', under the name of community '{EAST}'" in out
    assert "--move" in out and "check --repair" not in out
    code, out, _ = cli("check", "--json")
    assert code == 1 and json.loads(out)["misplaced"] == [{"doc_id": MISPLACED, "community": SOUTH, "under": EAST}]
    code, out, _ = cli("status")
    assert code == 1 and "misplaced=1" in out and "it says how to move them" in out
    # --repair does not guess where it belongs, nor says it fixed them
    with caplog.at_level("WARNING"):
        code, out, _ = cli("check", "--repair")
    assert "reconciler fixed" not in caplog.text and "1 documents lie under another community's name" in caplog.text
    assert code == 1 and "found      1 documents whose id lies" in out and _community(settings, MISPLACED) == SOUTH
    # as check says: its file again, from the folder above the community's, with --move
    code, out, err = cli("ingest", str(folder), "--move")
    assert code == 0, out
    assert _community(settings, MISPLACED) == EAST, out
    code, out, _ = cli("check")
    assert code == 0 and "ok: the database and both indexes agree" in out and "another community" not in out


def test_a_document_of_its_own_communitys_name_is_not_listed(cli, settings, tmp_path):
    folder = tmp_path / "map" / EAST / CYCLE
    folder.mkdir(parents=True)
    (folder / "verslag.md").write_text(TEXT, encoding="utf-8")
    (tmp_path / "los.md").write_text(TEXT, encoding="utf-8")
    assert cli("ingest", str(tmp_path / "map"), str(tmp_path / "los.md"), "--create-communities")[0] == 0
    code, out, _ = cli("check")
    assert code == 0 and "another community" not in out
    assert _community(settings, f"{EAST}/{CYCLE}/verslag.md") == EAST


def test_the_status_page_names_them_and_does_not_send_the_admin_to_repair(cli, settings, tmp_path):
    from fastapi.testclient import TestClient

    from web.app import create_app
    from web.runtime import Runtime

    _stored_under_east_as_south(cli, settings, tmp_path)
    assert cli("check")[0] == 1   # the status page shows the last check's result
    store = open_store(settings)
    try:
        with TestClient(create_app(Runtime(settings, store=store))) as client:
            page = client.get("/status").text
    finally:
        store.close()
    assert "documenten onder de naam van een andere groep" in page and "verplaatst" in page
    assert "check --repair</code> (zie de installatiegids)" not in page
