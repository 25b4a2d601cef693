"""An index built by an older analyser is re-analysed, never mixed with new rows."""

import ingest
from text import ANALYZER_VERSION


def test_a_stale_lexical_index_is_reanalysed_and_marked_current(filled):
    rows = dict(filled.db.conn().execute("SELECT rowid, body FROM chunks_fts"))
    filled.db.set_meta("analyzer_version", "1")
    filled.lexical.replace([(pk, "verouderd") for pk in rows])
    assert not filled.lexical.current()
    assert ingest.relex(filled) == len(filled.catalogue.list_documents())
    assert filled.lexical.current() and filled.db.get_meta("analyzer_version") == ANALYZER_VERSION
    assert dict(filled.db.conn().execute("SELECT rowid, body FROM chunks_fts")) == rows
    assert ingest.relex(filled) == 0  # current: nothing to do
