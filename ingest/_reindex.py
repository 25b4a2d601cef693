"""Rebuild or repair the indexes from SQLite, the source of truth: after a model
change, after a restore, or when an index was lost, damaged or left behind by a crash."""
from __future__ import annotations

import logging
from typing import Callable

from ingest._document import lexical_texts
from models import Embedder
from store import CheckReport, Store
from text import embedding_text

log = logging.getLogger(__name__)
Progress = Callable[[int], None]


def reindex(store: Store, embedder, progress: Progress | None = None) -> int:
    """Re-embed and re-analyse every ready document; returns the number of chunks.

    The vectors go into a new collection that replaces the live one in one step
    (store.maintenance.rebuild_vectors), so searches keep working during the rebuild and a
    crash leaves the old index in place. Unchanged chunk texts come from the
    embedder's cache, so a rebuild with the same model costs little."""
    return _rebuild(store, embedder, progress, lexical=True)


def restore_vectors(store: Store, embedder, progress: Progress | None = None) -> int:
    """Refill the vector index of a restored database (its lexical rows came along);
    the model must be the one the database was indexed with. Versions the backup
    caught half-way are purged first, as after a crash."""
    with store.writer():
        store.vectors.check_model(embedder.name, claim=True)
        if store.catalogue.cleanup_incomplete() or store.maintenance.erase_pending():
            store.maintenance.erase_residue()  # now, while the vector index is still empty
        return _rebuild(store, embedder, progress, lexical=False)


def _rebuild(store: Store, embedder, progress: Progress | None, lexical: bool) -> int:
    total = 0

    def fill(target) -> None:
        nonlocal total
        for document in store.catalogue.list_documents():
            if lexical:
                _relex(store, document)
            chunks = store.catalogue.chunks_of(document.pk)
            target.upsert([c.vector_id for c in chunks], _embed(embedder, document, chunks), document.pk)
            total += len(chunks)
            if progress:
                progress(1)

    store.maintenance.rebuild_vectors(fill, model=embedder.name)
    if lexical:
        store.lexical.mark_current()
    return total


def relex(store: Store, progress: Progress | None = None) -> int:
    """Re-analyse every document's lexical rows with this code's analyser (after an
    analyser change, store.lexical.current() is False); returns the documents done.
    Vectors are untouched: the analyser is lexical only."""
    with store.writer():
        if store.lexical.current():
            return 0
        documents = store.catalogue.list_documents()
        for document in documents:
            _relex(store, document)
            if progress:
                progress(1)
        store.lexical.mark_current()
        return len(documents)


def repair(store: Store, get_embedder: Callable[[], Embedder], timeout: float = 600) -> CheckReport:
    """The reconciler: find every difference between the database and the indexes and
    fix it; returns what was found. As one writer: leftovers of a crash are purged,
    orphans dropped, missing lexical rows and vectors restored (the embedder is
    loaded only for those), and, when the writer session ends, the residue of
    erased material rewritten (store.writer)."""
    with store.writer(timeout):
        report = store.maintenance.check()
        store.maintenance.remove_strays(report)
        _restore_missing(store, report, get_embedder)
    fixed = {k: n for k, n in report.counts().items() if n and k != "misplaced"}
    if fixed:
        log.warning("reconciler fixed: %s", ", ".join(f"{n} {k}" for k, n in fixed.items()))
    if report.misplaced:   # only the owner knows where each belongs: `check` lists them and says how
        log.warning("%d documents lie under another community's name; `praktijkgeheugen check` says how to"
                    " move them", len(report.misplaced))
    return report


def _restore_missing(store: Store, report: CheckReport, get_embedder: Callable[[], Embedder]) -> None:
    """Re-analyse or re-embed the documents that lack lexical rows or vectors."""
    lacking_lexical = store.catalogue.documents_of_chunks(report.missing_lexical)
    lacking_vectors = store.catalogue.documents_of_chunks(report.missing_vectors)
    embedder = get_embedder() if lacking_vectors else None
    if embedder is not None:
        store.vectors.check_model(embedder.name)
    for pk, document in store.catalogue.documents_by_pk(sorted(lacking_lexical | lacking_vectors)).items():
        if pk in lacking_lexical:
            _relex(store, document)
        if pk in lacking_vectors:
            store.catalogue.index_vectors(pk, _embed(embedder, document, store.catalogue.chunks_of(pk)))


def _relex(store: Store, document) -> None:
    chunks = store.catalogue.chunks_of(document.pk)
    bodies = lexical_texts(document.meta.title, [(c.heading, c.text) for c in chunks])
    store.lexical.replace([(c.pk, body) for c, body in zip(chunks, bodies)])


def _embed(embedder, document, chunks):
    return embedder.embed_passages([embedding_text(document.meta.title, c.heading, c.text) for c in chunks])
