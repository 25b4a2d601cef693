"""The application's own errors through the real app: one base class, a status
per kind decided in one place (web/app.py), a Dutch page for people and
{"error": ...} for the JSON twin, the English message only in the log."""
import errno
import logging
import sqlite3

import pytest
from fastapi.testclient import TestClient

import errors
import ingest
import models
import search
import settings
import store
from dutch_docs import WIDOWER
from search import themes
from web.app import STATUS, status_of
from web.templating import ERROR_TEXTS

CASES = [  # the error as raised deep down, the status, what the person reads
    (store.StoreError("database is locked"), 503, "even niet beschikbaar"),
    (store.ModelMismatchError("e5-small", "e5-large"), 503, "ander taalmodel"),
    (models.ModelError("/models/x not found"), 503, "taalmodel kon niet geladen worden"),
    (store.AccountError("unknown user 'piet'"), 422, "Dit kan niet zoals gevraagd"),
    (ingest.IngestError("bad_metadata", "cycle 'Jansen' is wrong", "cycle"), 422, "kon niet worden toegevoegd"),
    (store.BackupError("/backups/x is not a backup"), 503, "reservekopie"),
    (themes.VocabularyError("themes.yaml: bad"), 503, "De lijst met"),
    (search.SearchError("unknown mode"), 422, "zoekvraag"),
    (search.DocumentNotFound(WIDOWER), 404, ERROR_TEXTS[404]),
    (errors.PraktijkgeheugenError("something new"), 500, "Er ging iets mis"),
]


@pytest.mark.parametrize("error, status, dutch", CASES, ids=lambda c: type(c).__name__ if isinstance(c, Exception) else "")
def test_each_error_gets_its_status_a_dutch_page_and_a_json_error(client, runtime, monkeypatch, caplog,
                                                                   error, status, dutch):
    def broken(*args, **kwargs):
        raise error
    monkeypatch.setattr(runtime.store.catalogue, "get_document", broken)
    caplog.set_level(logging.INFO, logger="web.app")
    page = client.get(f"/documenten/{WIDOWER}")
    assert page.status_code == status and dutch in page.text and "Traceback" not in page.text
    assert str(error) not in page.text or isinstance(error, search.DocumentNotFound)
    api = client.get(f"/api/documents/{WIDOWER}")
    assert api.status_code == status and dutch in api.json()["error"]
    assert str(error) not in api.text or isinstance(error, search.DocumentNotFound)
    assert error.log_message in caplog.text  # the English side goes to the log


def test_every_error_of_the_application_derives_from_the_one_base():
    kinds = [settings.SettingError, store.StoreError, store.ModelMismatchError, store.AccountError,
             store.BackupError, store.RightsChanged, models.ModelError,
             ingest.IngestError, ingest.NameProblem, search.SearchError, search.DocumentNotFound,
             search.PersonNotFound, themes.VocabularyError]
    assert all(issubclass(kind, errors.PraktijkgeheugenError) for kind in kinds)
    assert set(STATUS) <= set(kinds)


def test_a_subclass_takes_the_status_of_its_nearest_listed_parent():
    class Locked(store.StoreError):
        pass
    assert status_of(Locked("x")) == 503 and status_of(search.PersonNotFound(3)) == 404


def test_the_log_never_gets_a_rejected_value_of_a_document(client, runtime, monkeypatch, caplog):
    """An ingest error's English detail may quote the document (a client's name):
    the log gets its code and field only."""
    def broken(*args, **kwargs):
        raise ingest.IngestError("bad_metadata", "author 'Mevrouw Janssens' is malformed", "authors")
    monkeypatch.setattr(runtime.store.catalogue, "get_document", broken)
    caplog.set_level(logging.INFO)
    assert client.get(f"/api/documents/{WIDOWER}").status_code == 422
    assert "bad_metadata in field 'authors'" in caplog.text and "Janssens" not in caplog.text


def test_a_raise_can_give_a_more_specific_dutch_message(client, runtime, monkeypatch):
    def broken(*args, **kwargs):
        raise store.AccountError("unknown document 'x'", user="Dit document bestaat niet meer.")
    monkeypatch.setattr(runtime.store.catalogue, "get_document", broken)
    assert client.get(f"/api/documents/{WIDOWER}").json() == {"error": "Dit document bestaat niet meer.",
                                                              "detail": "Dit document bestaat niet meer."}


def test_absent_and_invisible_documents_answer_the_same(client):
    """Whatever raises the 404 (the store's DocumentNotFound or a view's own check),
    the JSON twin says the same."""
    absent = client.get("/api/documents/bestaat-niet.md")
    unknown_route = client.get("/api/documents/bestaat-niet.md/related")
    assert absent.status_code == unknown_route.status_code == 404
    assert absent.json() == unknown_route.json() == {"error": ERROR_TEXTS[404], "detail": ERROR_TEXTS[404]}


def test_ingest_errors_survive_the_parsing_worker_with_their_dutch_text():
    import pickle
    error = ingest.IngestError("bad_metadata", "cycle 'x'", "cycle", user="De cyclus klopt niet.")
    copy = pickle.loads(pickle.dumps(error))
    assert (copy.code, copy.detail, copy.field, copy.user) == (error.code, error.detail, error.field, error.user)


FULL_OR_READ_ONLY = [  # as SQLite, the file system and PostgreSQL say it, and what the person reads
    (sqlite3.OperationalError("database or disk is full"), "schijf van de server is vol"),
    (OSError(errno.ENOSPC, "No space left on device"), "schijf van de server is vol"),
    (sqlite3.OperationalError("attempt to write a readonly database"), "alleen-lezen"),
]


@pytest.mark.parametrize("error, dutch", FULL_OR_READ_ONLY, ids=["sqlite-full", "enospc", "sqlite-readonly"])
def test_a_full_or_read_only_disk_is_said_as_such_not_as_something_went_wrong(client, runtime, monkeypatch,
                                                                              caplog, error, dutch):
    def broken(*args, **kwargs):
        raise error
    monkeypatch.setattr(runtime.store.catalogue, "get_document", broken)
    caplog.set_level(logging.INFO, logger="web.app")
    quiet = TestClient(client.app, raise_server_exceptions=False)   # as a real server answers
    quiet.cookies.update(client.cookies)
    page = quiet.get(f"/documenten/{WIDOWER}")
    assert page.status_code == 503 and dutch in page.text and "niet verloren" in page.text
    assert "Er ging iets mis" not in page.text and str(runtime.settings.data_dir) not in page.text
    assert dutch in quiet.get(f"/api/documents/{WIDOWER}").json()["error"]
    assert str(runtime.settings.data_dir) in caplog.text and "Traceback" not in caplog.text


def test_a_wrapped_full_disk_is_found_through_its_cause_and_other_errors_are_not():
    wrapped = store.StoreError("Cannot open the data dir")
    wrapped.__cause__ = OSError(errno.ENOSPC, "No space left on device")
    assert errors.storage_problem(wrapped) == errors.DISK_FULL
    assert errors.storage_problem(store.StoreError("database is locked")) is None
    assert errors.storage_problem(OSError(errno.EROFS, "Read-only file system")) == errors.READ_ONLY
    assert errors.storage_problem(sqlite3.OperationalError("no such table: x")) is None


def test_a_refused_date_on_a_themes_page_offers_the_same_page_without_it(client):
    """The themes pages and exports refuse a date they cannot apply with the error page, whose
    only ways on were 'Terug naar zoeken' and 'Bladeren': the group and cycle the researcher
    was looking at were lost. The page now links to itself without the refused filter."""
    import html

    answer = client.get("/themas", params=[("community", "PG Noord"), ("cycle", "2023-2024"),
                                           ("van", "2024-01-01"), ("tot", "2023-01-01")])
    assert answer.status_code == 422 and "De periode is omgedraaid" in html.unescape(answer.text)
    assert 'href="/themas?community=PG+Noord&amp;cycle=2023-2024&amp;van=2024-01-01">Dezelfde pagina zonder' in answer.text
    answer = client.get("/themas/mantelzorg", params={"van": "2023-13-01"})
    assert answer.status_code == 422 and 'href="/themas/mantelzorg">Dezelfde pagina zonder deze datum' in answer.text
    assert client.get("/themas/mantelzorg").status_code == 200     # where the link goes
    assert client.get("/api/themes", params={"van": "xx"}).json()["filter"] == "van"   # the JSON twin as before
