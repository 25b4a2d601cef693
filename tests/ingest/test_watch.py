"""The watch folder (issue 18): new, changed and deleted files of a synced folder,
files still being written, sync clients' partial files, restarts (the state is in
the database), and an unmounted drive that must not delete anything."""
import os
import time

import pytest

import ingest
from store import Filters, open_store

COMMUNITY = "PG Noord"
OLD = time.time() - 3600  # an mtime an hour ago: the file is settled
REPORT = """# Sessie {n}: eenzaamheid

De groep besprak hoe buren een bewoner helpen die niemand meer ziet sinds zijn vrouw overleed.
Een vrijwilliger ging langs met de krant. {extra}
"""


def _write(folder, name: str, n: int = 1, extra: str = "", mtime: float = OLD):
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(REPORT.format(n=n, extra=extra), encoding="utf-8")
    os.utime(path, (mtime, mtime))
    return path


@pytest.fixture
def folder(tmp_path, store):
    store.accounts.add_community(COMMUNITY)
    path = tmp_path / "gedeeld"
    path.mkdir()
    return path


def _pass(store, embedder, folder, **kwargs):
    return ingest.watch_pass(store, embedder, folder, ingest.Overrides(community=COMMUNITY), **kwargs)


def test_new_changed_and_deleted_files(store, fake_embedder, folder):
    _write(folder, "sessie-1.md", 1)
    _write(folder, "2023-2024/sessie-2.md", 2)
    first = _pass(store, fake_embedder, folder)
    assert sorted(o.doc_id for o in first.report.outcomes if o.status == "ingested") == [
        "PG Noord/2023-2024/sessie-2.md", "PG Noord/sessie-1.md"]  # under the group's name, as uploads
    assert store.catalogue.get_document("PG Noord/sessie-1.md").meta.community == COMMUNITY
    assert store.catalogue.get_document("PG Noord/2023-2024/sessie-2.md").meta.cycle == "2023-2024"  # the folder convention holds

    assert _pass(store, fake_embedder, folder).report.outcomes == []  # nothing changed: nothing read

    _write(folder, "sessie-1.md", 1, "Daarna kwam de buurtwerker erbij.", mtime=OLD + 60)
    changed = _pass(store, fake_embedder, folder)
    assert [(o.doc_id, o.status) for o in changed.report.outcomes] == [("PG Noord/sessie-1.md", "replaced")]
    assert "buurtwerker" in store.catalogue.get_document("PG Noord/sessie-1.md").text

    (folder / "2023-2024" / "sessie-2.md").unlink()
    gone = _pass(store, fake_embedder, folder)
    assert gone.deleted == ["PG Noord/2023-2024/sessie-2.md"]
    assert store.catalogue.get_document("PG Noord/2023-2024/sessie-2.md") is None
    assert [f.doc_id for f in store.watch.folders()[0].files] == ["PG Noord/sessie-1.md"]  # no trace of the deleted file
    assert ("watch", "verwijderd", store.traces.label("PG Noord/2023-2024/sessie-2.md")) in [
        (actor, action, target) for _, actor, action, target in store.accounts.audit_log()]


def test_a_file_still_being_written_waits_for_the_next_pass(store, fake_embedder, folder):
    now = time.time()
    path = _write(folder, "nieuw.md", mtime=now)
    first = _pass(store, fake_embedder, folder, settle=60, now=now)
    key = store.watch.file_key("nieuw.md")
    assert first.waiting == [f"bestand {key[:10]}"] and store.catalogue.get_document("PG Noord/nieuw.md") is None
    path.write_text(path.read_text(encoding="utf-8") + "Nog een zin die de sync later schreef.\n", encoding="utf-8")
    os.utime(path, (now + 5, now + 5))
    second = _pass(store, fake_embedder, folder, settle=60, now=now + 10)
    assert second.waiting == [f"bestand {key[:10]}"] and store.catalogue.get_document("PG Noord/nieuw.md") is None  # it grew: still waiting
    third = _pass(store, fake_embedder, folder, settle=60, now=now + 20)
    assert [o.status for o in third.report.outcomes] == ["ingested"]  # the same size and time twice: stable
    assert "later schreef" in store.catalogue.get_document("PG Noord/nieuw.md").text


def test_partial_and_lock_files_of_sync_clients_are_never_read(store, fake_embedder, folder):
    for name in ("~$sessie.docx", ".~lock.sessie.odt#", "sessie.docx.tmp", "verslag.md.part", ".verborgen.md",
                 "sessie.pdf.crdownload", "foto.jpg", "export.jsonl"):
        (folder / name).write_bytes(b"half geschreven")
    _write(folder, "echt.md")
    done = _pass(store, fake_embedder, folder)
    assert [o.doc_id for o in done.report.outcomes] == ["PG Noord/echt.md"]


def test_a_failed_file_is_retried_when_it_changes(store, fake_embedder, folder):
    broken = folder / "kapot.docx"
    broken.write_bytes(b"PK\x03\x04 half gesynchroniseerd")
    os.utime(broken, (OLD, OLD))
    assert [o.code for o in _pass(store, fake_embedder, folder).report.outcomes] == ["corrupt_file"]
    assert _pass(store, fake_embedder, folder).report.outcomes == []  # not read again while unchanged
    failed = [f for f in store.watch.folders()[0].files if f.key == store.watch.file_key("kapot.docx")]
    assert failed[0].status == "failed" and failed[0].code == "corrupt_file"
    broken.unlink()
    _write(folder, "kapot.md")
    assert [o.status for o in _pass(store, fake_embedder, folder).report.outcomes] == ["ingested"]


def test_a_document_deleted_in_the_web_comes_back_while_its_file_is_there(store, fake_embedder, folder):
    """The folder is the source: deleting the document erases the watch's trace of it too,
    so the next pass takes the file as new (the guide says: delete the file instead)."""
    _write(folder, "sessie-1.md")
    _pass(store, fake_embedder, folder)
    ingest.delete_document(store, "PG Noord/sessie-1.md", actor="moderator")
    assert store.watch.folders()[0].files == []
    assert [o.status for o in _pass(store, fake_embedder, folder).report.outcomes] == ["ingested"]


def test_the_state_survives_a_restart(store, fake_embedder, folder, settings):
    _write(folder, "sessie-1.md")
    _pass(store, fake_embedder, folder)
    store.close()
    reopened = open_store(settings)
    try:
        assert ingest.watch_pass(reopened, fake_embedder, folder,
                                 ingest.Overrides(community=COMMUNITY)).report.outcomes == []
        (folder / "sessie-1.md").unlink()
        _write(folder, "sessie-3.md", 3)
        after = ingest.watch_pass(reopened, fake_embedder, folder, ingest.Overrides(community=COMMUNITY))
        assert after.deleted == ["PG Noord/sessie-1.md"]
        assert reopened.catalogue.get_document("PG Noord/sessie-1.md") is None
    finally:
        reopened.close()


def test_an_unmounted_or_emptied_folder_deletes_nothing(store, fake_embedder, folder, tmp_path):
    _write(folder, "sessie-1.md")
    _pass(store, fake_embedder, folder)
    (folder / "sessie-1.md").unlink()
    kept = _pass(store, fake_embedder, folder)
    assert kept.deleted == [] and "kept" in kept.kept and store.catalogue.get_document("PG Noord/sessie-1.md") is not None
    with pytest.raises(FileNotFoundError):
        _pass(store, fake_embedder, tmp_path / "niet-aangekoppeld")
    assert store.catalogue.get_document("PG Noord/sessie-1.md") is not None


def test_the_cli_watch_once(cli, tmp_path):
    assert cli("communities", "add", COMMUNITY)[0] == 0
    folder = tmp_path / "map"
    _write(folder, "sessie-1.md")
    code, out, _ = cli("watch", str(folder), "--community", COMMUNITY, "--once")
    assert code == 0 and "ingested" in out and "sessie-1.md" in out
    code, _, err = cli("watch", str(folder), "--community", "Bestaat Niet", "--once")
    assert code != 0 and "communities add" in err
    code, _, err = cli("watch", str(tmp_path / "weg"), "--community", COMMUNITY, "--once")
    assert code != 0 and "nothing was changed" in err
    code, _, err = cli("watch", str(folder), "--community", COMMUNITY, "--cycle", "vorig jaar", "--once")
    assert code != 0 and "cycle" in err


def test_the_status_page_shows_each_file_to_its_moderators_only(store, fake_embedder, folder, tmp_path):
    from fastapi.testclient import TestClient

    from web.app import create_app
    from web.runtime import Runtime

    _write(folder, "sessie-1.md")
    (folder / "kapot.pdf").write_bytes(b"%PDF-1.4 afgebroken")
    os.utime(folder / "kapot.pdf", (OLD, OLD))
    _pass(store, fake_embedder, folder)
    store.accounts.add_community("Wijkteam Zuid")
    for name, community, role in (("mod-noord", COMMUNITY, "moderator"), ("mod-zuid", "Wijkteam Zuid", "moderator"),
                                  ("lid-noord", COMMUNITY, "lid")):
        store.accounts.add_user(name, "een lang wachtwoord")
        store.accounts.grant(name, community, role)
    with TestClient(create_app(Runtime(store.settings, store=store, embedder=fake_embedder), warm_up=False)) as client:
        def get(name, url):
            return client.get(url, headers={"Authorization": f"Bearer {store.accounts.create_token(name)}"})
        page = get("mod-noord", "/mappen")
        assert page.status_code == 200 and "sessie-1.md" in page.text and "toegevoegd" in page.text
        assert "kapot.pdf" in page.text and "beschadigd" in page.text  # the Dutch refusal of its code
        assert str(folder) not in page.text and "gedeeld" in page.text  # the folder's name, not its server path
        files = get("mod-noord", "/api/watch").json()["folders"][0]["files"]
        assert {(f["file"], f["status"]) for f in files} == {("PG Noord/sessie-1.md", "ingested"),
                                                             ("kapot.pdf", "failed")}  # read from the folder now
        assert get("mod-zuid", "/api/watch").json() == {"folders": []}
        assert "sessie-1.md" not in get("mod-zuid", "/mappen").text
        assert get("lid-noord", "/mappen").status_code == 403


def test_polling_goes_on_after_a_failed_pass_and_stops_on_ctrl_c(cli, tmp_path, monkeypatch):
    import types

    import cli.watch as watch_command

    assert cli("communities", "add", COMMUNITY)[0] == 0
    folder = tmp_path / "map"
    _write(folder, "sessie-1.md")
    real, calls, sleeps = ingest.watch_pass, [], []

    def flaky(*args, **kwargs):
        calls.append(1)
        if len(calls) == 1:
            raise RuntimeError("de schrijfvergrendeling bleef bezet")
        return real(*args, **kwargs)

    def sleep(seconds):
        sleeps.append(seconds)
        if len(sleeps) == 2:
            raise KeyboardInterrupt

    monkeypatch.setattr(ingest, "watch_pass", flaky)
    monkeypatch.setattr(watch_command, "time", types.SimpleNamespace(sleep=sleep))
    code, out, _ = cli("watch", str(folder), "--community", COMMUNITY, "--interval", "7")
    assert code == 0 and len(calls) == 2 and sleeps == [7.0, 7.0]
    assert "ingested" in out and "sessie-1.md" in out


def test_a_client_name_in_a_file_name_is_stored_nowhere(store, fake_embedder, folder, settings, caplog):
    """A group's synced folder names files as it likes ("casus_Yilmaz.md"): the document id
    hides the name the text was found to hold, as an upload's does, and the watch keeps
    only a keyed digest of the path: not the database, not the log, not the status page."""
    (folder / "casus_Yilmaz.md").write_text("# Casus\n\nMevrouw Yilmaz belde de wijkverpleging.\n", encoding="utf-8")
    os.utime(folder / "casus_Yilmaz.md", (OLD, OLD))
    store.clients.add_client_names(COMMUNITY, ["Yilmaz"])  # a known client of the group
    with caplog.at_level("INFO"):
        done = _pass(store, fake_embedder, folder)
    (doc_id,) = [o.doc_id for o in done.report.outcomes if o.status == "ingested"]
    assert "yilmaz" not in doc_id.lower()
    assert "yilmaz" not in caplog.text.lower()
    assert store.watch.folders()[0].files[0].doc_id == doc_id
    rows = store.db.conn().execute("SELECT path, doc_id FROM watch_files").fetchall()
    assert rows and not any("yilmaz" in str(value).lower() for row in rows for value in row)
    (folder / "casus_Yilmaz.md").unlink()
    _write(folder, "ander.md")
    assert _pass(store, fake_embedder, folder).deleted == [doc_id]  # still tracked by its digest


def test_a_refused_files_name_stays_out_of_the_log(store, fake_embedder, folder, caplog):
    """A refused file is never pseudonymised: its name ('casus_Yilmaz.md') reached the log
    through the pipeline's 'not ingested' line, though the watch names files by digest."""
    (folder / "casus_Yilmaz.md").write_text("---\ndate: nooit\n---\nMevrouw Y. belde.\n", encoding="utf-8")
    os.utime(folder / "casus_Yilmaz.md", (OLD, OLD))
    with caplog.at_level("INFO"):
        done = _pass(store, fake_embedder, folder)
    assert [o.status for o in done.report.outcomes] == ["failed"]
    assert "not ingested" in caplog.text and "yilmaz" not in caplog.text.lower()


def test_a_folder_pointed_at_another_group_forgets_the_first_groups_records(store, fake_embedder, folder):
    """The operator watches the same folder for Wijkteam Zuid instead of PG Noord: the
    folder's records named PG Noord's documents, which Zuid's moderators must not see on
    the status page nor the new watch delete. Noord's document stays Noord's."""
    _write(folder, "sessie-1.md")
    _write(folder, "sessie-2.md", 2)
    _pass(store, fake_embedder, folder)
    noord = f"{COMMUNITY}/sessie-1.md"
    assert {d.doc_id for d in store.catalogue.list_documents(Filters(communities=(COMMUNITY,)))} == {
        noord, f"{COMMUNITY}/sessie-2.md"}
    store.accounts.add_community("Wijkteam Zuid")
    ingest.watch_pass(store, fake_embedder, folder, ingest.Overrides(community="Wijkteam Zuid"))
    [watched] = store.watch.folders(["Wijkteam Zuid"])
    recorded = {f.doc_id for f in watched.files}
    assert noord not in recorded and recorded and all(d.startswith("Wijkteam Zuid/") for d in recorded)
    assert store.watch.folders([COMMUNITY]) == []
    (folder / "sessie-1.md").unlink()
    ingest.watch_pass(store, fake_embedder, folder, ingest.Overrides(community="Wijkteam Zuid"))
    assert store.catalogue.get_document(noord) is not None   # the new watch never deletes Noord's
    assert {d.doc_id for d in store.catalogue.list_documents(Filters(communities=("Wijkteam Zuid",)))} == {
        "Wijkteam Zuid/sessie-2.md"}
