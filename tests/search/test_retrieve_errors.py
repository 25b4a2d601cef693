"""Errors that are errors: a failing retriever fails the search with its cause logged
(hybrid never quietly becomes dense-only); an error that reopening may cure is
retried once after reopening, so the user gets answers, not "Er ging iets mis"."""
import logging
import sqlite3

import pytest

import search

DEBTS = "wt-zuid/2023-2024/casus-schulden.md"
QUERY = "huurachterstand en brieven van de woningcorporatie"


def _failing(method, error: Exception, times: int):
    """`method`, raising `error` on its first `times` calls."""
    calls = []

    def wrapped(*args, **kwargs):
        calls.append(1)
        if len(calls) <= times:
            raise error
        return method(*args, **kwargs)
    wrapped.calls = calls
    return wrapped


def test_a_broken_lexical_leg_fails_hybrid_with_its_cause_logged(filled, fake_embedder, monkeypatch, caplog):
    monkeypatch.setattr(filled.lexical, "search", _failing(filled.lexical.search, ValueError("kapot bij 'jansen'"), 99))
    with caplog.at_level(logging.ERROR, logger="search._retrieve"), pytest.raises(ValueError):
        search.search(filled, fake_embedder, QUERY, mode="hybrid")
    # the kind and the frames, never the message: it may quote the search's words or a row
    assert "lexical retrieval failed: ValueError (message left out" in caplog.text and "wrapped" in caplog.text
    assert "jansen" not in caplog.text
    assert search.search(filled, fake_embedder, QUERY, mode="dense").hits  # the other leg alone still works


@pytest.mark.parametrize("mode", ["dense", "lexical", "hybrid"])
@pytest.mark.parametrize("error", [sqlite3.OperationalError("database is locked"),
                                   sqlite3.OperationalError("disk I/O error")])
def test_a_transient_store_error_is_retried_once_after_reopening(filled, fake_embedder, monkeypatch, caplog, mode, error):
    # Mode lexical ranks whole documents (store.lexical.documents_known); hybrid's legs rank chunks.
    part, method = (filled.lexical, "documents_known") if mode == "lexical" else (filled.vectors, "search_spread")
    expected = [h.doc_id for h in search.search(filled, fake_embedder, QUERY, mode=mode).hits]
    embedded = fake_embedder.calls
    failing = _failing(getattr(part, method), error, 1)
    monkeypatch.setattr(part, method, failing)
    reopened = _failing(filled.recover, RuntimeError, 0)
    monkeypatch.setattr(filled, "recover", reopened)
    with caplog.at_level(logging.WARNING, logger="search._retrieve"):
        result = search.search(filled, fake_embedder, QUERY, mode=mode)
    assert result.hits[0].doc_id == DEBTS and [h.doc_id for h in result.hits] == expected
    assert len(failing.calls) == 2 and len(reopened.calls) == 1
    # the retry searches again, it does not embed the question again (search._retrieve.dense_leg)
    assert fake_embedder.calls == embedded + (mode != "lexical")
    assert "trying once more" in caplog.text and "OperationalError" in caplog.text and str(error) not in caplog.text


def test_an_error_that_stays_after_reopening_is_raised(filled, fake_embedder, monkeypatch, caplog):
    monkeypatch.setattr(filled.vectors, "search_spread", _failing(filled.vectors.search_spread, sqlite3.OperationalError("kapot"), 2))
    with caplog.at_level(logging.ERROR, logger="search._retrieve"), pytest.raises(sqlite3.OperationalError):
        search.search(filled, fake_embedder, QUERY, mode="dense")
    assert "again after reopening" in caplog.text and "kapot" not in caplog.text


def test_a_query_with_quotes_and_fts_syntax_is_searched_not_an_error(filled, fake_embedder):
    """FTS5 syntax in a query is text: no sqlite3.OperationalError, and the words in it
    are searched as words (a stray quote or operator does not empty the answer)."""
    for query in ('"huurachterstand', 'huurachterstand AND NOT "brief', "NEAR(huurachterstand brief)"):
        hits = search.search(filled, fake_embedder, query, mode="lexical").hits
        assert DEBTS in {h.doc_id for h in hits}, query
    assert search.search(filled, fake_embedder, 'a"b"c', mode="lexical").hits == []


def test_a_store_error_is_logged_by_its_code_never_its_text(filled, fake_embedder, monkeypatch, caplog):
    """SQLite's own errors carry a code (SQLITE_ERROR...) beside a text that may quote the
    query ("fts5: syntax error near ..."): the log keeps the code."""
    import sqlite3
    connection = sqlite3.connect(":memory:")
    connection.execute("CREATE VIRTUAL TABLE t USING fts5(body)")
    try:
        connection.execute("SELECT * FROM t WHERE t MATCH 'wintermans AND'")
    except sqlite3.OperationalError as real:
        error = real
    assert "wintermans" in str(error).lower() or "syntax" in str(error)
    monkeypatch.setattr(filled.vectors, "search_spread", _failing(filled.vectors.search_spread, error, 1))
    with caplog.at_level(logging.WARNING, logger="search._retrieve"):
        search.search(filled, fake_embedder, QUERY, mode="dense")
    assert "OperationalError SQLITE_ERROR" in caplog.text and "wintermans" not in caplog.text.lower()
