"""The tags part while others write: the background tagger reads its work, then a
document is edited or deleted before it saves (issue 18: a metadata edit during a
run). The vanished chunks are skipped; the run does not fail. Runs on both backends."""
import ingest
from theme_docs import DOCS, write


def test_tags_of_a_chunk_gone_since_they_were_read_are_skipped(store, fake_embedder, tmp_path):
    assert not ingest.ingest_paths(store, fake_embedder, [write(tmp_path / "docs", DOCS)]).failed
    pending = store.tags.untagged_chunks("v1")
    gone_doc = pending[0][3]
    gone = {pk for pk, _, _, document_pk, _ in pending if document_pk == gone_doc}
    doc_id = next(d for d in DOCS if store.catalogue.get_document(d).pk == gone_doc)
    assert ingest.delete_document(store, doc_id)
    store.tags.save_tags("v1", {(pk, vid): {"armoede": 0.9, "mantelzorg": 0.5} for pk, vid, *_ in pending})
    kept = {pk for pk, *_ in pending} - gone
    assert kept and store.tags.untagged_chunks("v1") == []
    named = {pk: vid for pk, vid, *_ in pending}
    assert set(store.tags.chunk_themes([(pk, named[pk]) for pk in sorted(kept | gone)])) == kept
    assert store.tags.chunk_themes([(pk, named[pk]) for pk in sorted(kept)])[min(kept)] == ["armoede", "mantelzorg"]
