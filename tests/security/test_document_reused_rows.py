"""A document is read as its row, then its authors by the row's number in a second
read (Catalogue._document). SQLite gives a deleted row's number to the next row
inserted, so a document deleted between the two reads and a closed group's document
stored then (a moderator deletes the latest upload while PG Noord uploads) showed the
closed document's authors, organisations and person ids under the deleted document's
title: on its page, its JSON, a listing, a pack. The authors are read only while the
row is still that version (its id and content hash), as its passages are."""
from __future__ import annotations

import threading
from urllib.parse import quote

import pytest

from security_world import add_document

SECRET_AUTHOR = {"name": "Gesloten Schrijver", "organisation": "Geheime Organisatie"}


@pytest.fixture(autouse=True)
def _sqlite_only(world):
    if world.store.settings.database_url:
        pytest.skip("PostgreSQL never gives a deleted row's number to another row (sequences)")


def _closed_takes_the_row(world, folder) -> None:
    """Wijkteam Zuid's latest document is deleted and PG Noord stores one: it gets the row."""
    with world.store.writer():
        world.store.catalogue.delete_document("laatste.md")
    add_document(world, folder / "noord", "geheim-5.md", "Een gesloten verslag.", "PG Noord",
                 {"authors": [SECRET_AUTHOR]})


def _in_another_connection(write) -> None:
    """Another request's writes (each thread has its own connection), done before this read goes on."""
    thread = threading.Thread(target=write)
    thread.start()
    thread.join()


def test_a_document_shows_no_authors_of_the_closed_document_that_took_its_row(world, tmp_path, monkeypatch):
    store = world.store
    add_document(world, tmp_path / "zuid", "laatste.md", "Het laatste verslag van de wijk.", "Wijkteam Zuid",
                 {"authors": [{"name": "Zeno Openhart", "organisation": "Organisatie dotterbloem"}]})
    latest = store.catalogue.get_document("laatste.md")
    outsider = world.client("mod-oost")
    read_authors = store.catalogue._authors
    taken: list[int] = []

    def meanwhile(document_pk, *args):
        if not taken:
            taken.append(document_pk)
            _in_another_connection(lambda: _closed_takes_the_row(world, tmp_path))
        return read_authors(document_pk, *args)

    with monkeypatch.context() as patch:
        patch.setattr(store.catalogue, "_authors", meanwhile)
        patch.setattr(store.maintenance, "erase_residue", lambda: None)   # it waits for this read to end
        response = outsider.get(f"/api/documents/{quote('laatste.md')}")
    assert taken == [latest.pk] == [store.catalogue.get_document("geheim-5.md").pk]   # it took the row's number
    assert SECRET_AUTHOR["name"] not in response.text and SECRET_AUTHOR["organisation"] not in response.text
    assert response.status_code == 200 and [a["name"] for a in response.json()["authors"]] == ["Zeno Openhart"]


def test_a_listing_shows_no_authors_of_a_closed_document_that_took_a_row(world, tmp_path, monkeypatch):
    store = world.store
    add_document(world, tmp_path / "zuid", "laatste.md", "Het laatste verslag van de wijk.", "Wijkteam Zuid",
                 {"authors": [{"name": "Zeno Openhart", "organisation": "Organisatie dotterbloem"}]})
    outsider = world.client("mod-oost")
    read_authors = store.catalogue._authors
    latest = store.catalogue.get_document("laatste.md").pk
    done: list[int] = []

    def meanwhile(document_pk, *args):
        if document_pk == latest and not done:
            done.append(document_pk)
            _in_another_connection(lambda: _closed_takes_the_row(world, tmp_path))
        return read_authors(document_pk, *args)

    with monkeypatch.context() as patch:
        patch.setattr(store.catalogue, "_authors", meanwhile)
        patch.setattr(store.maintenance, "erase_residue", lambda: None)
        response = outsider.get("/api/documents?limit=1000")
    assert store.catalogue.get_document("geheim-5.md").pk == latest
    assert response.status_code == 200
    assert "Zeno Openhart" in response.text   # laatste.md as it was read, whole
    assert SECRET_AUTHOR["name"] not in response.text and SECRET_AUTHOR["organisation"] not in response.text
