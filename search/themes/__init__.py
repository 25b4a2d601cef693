"""Themes across sessions and cycles, for researchers and moderators.

Public facade: the vocabulary (default Dutch, extendable per deployment),
tagging of passages (`tag_pending`, `retag`), the theme x cycle/session matrix
with recurring/new/fading themes, representative passages per theme (quotes),
discovery of themes outside the vocabulary, and exports. Every read takes the
caller's Filters, so a researcher sees only what they may read.
"""
from __future__ import annotations

import hashlib
import json
import pickle
import threading
from collections.abc import Callable
from pathlib import Path

import numpy as np

from search._group import group_hits
from search._retrieve import RankedDocument
from search._table import table_bytes
from search._types import Hit
from search.themes import _job
from search.themes._discover import Cluster, discover
from search.themes._export import NO_COMMUNITY, matrix_table, passages_table
from search.themes._job import THREAD_NAME as TAGGER_THREAD
from search.themes._job import Progress
from search.themes._tagger import Tagger, terms_of, train, training_set, write_atomically
from search.themes._trace import (
    FADING,
    NEW,
    RECURRING,
    RUNNING,
    Matrix,
    TrendBasis,
    community_matrices,
    theme_matrix,
)
from search.themes._vocabulary import Theme, Vocabulary, VocabularyError, load_vocabulary
from store import Filters, Store
from text import with_parts

__all__ = [
    "FADING", "NEW", "NO_COMMUNITY", "RECURRING", "RUNNING", "TAGGER_THREAD",
    "community_matrices", "Cluster", "Matrix", "Progress", "Theme", "Vocabulary",
    "VocabularyError", "discover", "export", "load_vocabulary", "matrix_table", "passages_table", "progress_within",
    "quotes",
    "representatives", "retag", "start_tagging", "tag_now", "tag_pending", "tag_texts", "tag_version", "tagged", "theme_matrix",
    "TrendBasis", "trends",
    "trends_dict", "wait_for_tagging",
]
EXPORTS, FORMATS = ("matrix", "passages"), ("csv", "xlsx", "json")
TAGGER_VERSION = "3"
_taggers: dict[str, Tagger] = {}
_tagging = threading.Lock()   # one tagging run at a time per process (the web serves threads)


def tag_version(vocabulary: Vocabulary, embedder) -> str:
    """Tags are recomputed when the vocabulary, the training data, the tagger or the model change."""
    parts = [vocabulary.version, TAGGER_VERSION, embedder.name, repr(training_set())]
    return hashlib.sha256("|".join(parts).encode()).hexdigest()[:16]


def tag_texts(vocabulary: Vocabulary, embedder, texts: list[str],
              cache_dir: Path | None = None) -> tuple[list[dict[str, float]], float]:
    """Texts tagged by a tagger trained afresh on the training set (no pickled one),
    and its calibrated threshold: what `themes eval` scores against a labelled set."""
    tagger = train(vocabulary, embedder, cache_dir)
    tags = tagger.decide(tagger.probabilities(embedder.embed_passages(texts), terms_of(texts)))
    return tags, float(tagger.threshold)


def _trained(vocabulary: Vocabulary, embedder, cache_dir: Path | None) -> Tagger:
    """Training takes ~25 s with the bundled model: once per process, and kept in the
    data dir's cache (written by this app only) so a restarted server need not redo it."""
    key = tag_version(vocabulary, embedder)
    if key not in _taggers:
        path = cache_dir / f"theme-tagger-{key}.pickle" if cache_dir else None
        if path is not None and path.exists():
            _taggers[key] = pickle.loads(path.read_bytes())
        else:
            _taggers[key] = train(vocabulary, embedder, cache_dir)
            if path is not None:
                write_atomically(path, pickle.dumps(_taggers[key]))
    return _taggers[key]


def tag_pending(store: Store, embedder, vocabulary: Vocabulary, cache_dir: Path | None = None,
                progress: Progress | None = None, on_batch: Callable[[int, int], None] | None = None) -> int:
    """Tag every passage not yet tagged with this vocabulary, in batches of whole
    documents (each batch saved at once, `progress.done` counting, `on_batch(done,
    total)` called after it); returns how many."""
    version = tag_version(vocabulary, embedder)
    pending = store.tags.untagged_chunks(version)
    if not pending:
        return 0
    if progress is not None:   # a run's next pass counts its own work
        progress.done, progress.total = 0, len(pending)
    done = 0
    try:
        tagger = _trained(vocabulary, embedder, cache_dir)
        for batch in _batches(pending):
            known, vectors = store.vectors.stored([vid for _, vid, _, _, _ in batch])
            if len(known) < len(batch):   # replaced or deleted since the list was read: no longer pending
                have = set(known)
                batch = [row for row in batch if row[1] in have]
            if not batch:
                continue
            probabilities = tagger.probabilities(vectors, [set(with_parts(body)) for _, _, body, _, _ in batch])
            tags = tagger.decide(probabilities)
            _keep_front_matter(batch, probabilities, tags, tagger)
            store.tags.save_tags(version, {(pk, vid): t for (pk, vid, *_), t in zip(batch, tags)})
            done += len(batch)
            if progress is not None:
                progress.done = done
            if on_batch is not None:
                on_batch(done, len(pending))
    except Exception as exc:
        store.health.record("themes", False, {"passages": len(pending), "error": type(exc).__name__})
        raise
    store.health.record("themes", True, {"passages": len(pending)})   # the admin's status page shows it
    return len(pending)


def _batches(pending: list) -> list[list]:
    """Runs of about `_job.BATCH` passages that never split a document (its front
    matter's themes are placed on its best passage)."""
    batches: list[list] = [[]]
    for row in pending:
        if len(batches[-1]) >= _job.BATCH and batches[-1][-1][3] != row[3]:
            batches.append([])
        batches[-1].append(row)
    return batches


def start_tagging(store: Store, embedder, data_dir: Path | None,
                  cache_dir: Path | None = None) -> tuple[Vocabulary, Progress]:
    """The deployment's vocabulary and the background run's progress, starting a run
    when passages are untagged. Never trains or tags on the caller's thread: pages
    show the last computed tags meanwhile."""
    vocabulary = load_vocabulary(data_dir)
    pending = store.tags.untagged_count(tag_version(vocabulary, embedder))

    def run(progress: Progress) -> None:
        with _tagging:
            tag_pending(store, embedder, vocabulary, cache_dir, progress)
    return vocabulary, _job.start(store, pending, run)


def progress_within(store: Store, embedder, vocabulary: Vocabulary, progress: Progress,
                    filters: Filters) -> Progress:
    """The background run's progress as one caller may see it: passages counted within
    their filters (access included), running only while some of theirs are untagged;
    the run itself is store-wide and its counts would tell of closed groups."""
    done, total = store.tags.tagged_within(tag_version(vocabulary, embedder), filters)
    return Progress(progress.running and done < total, done, total, progress.failed)


def wait_for_tagging(store: Store | None = None, timeout: float | None = None) -> Progress | None:
    """Wait for the store's background run (every store's without one)."""
    if store is None:
        _job.wait_all(timeout)
        return None
    return _job.wait(store, timeout)


def _keep_front_matter(pending, probabilities: np.ndarray, tags: list[dict], tagger: Tagger) -> None:
    """A theme the document names itself is kept: on its passage that fits it best."""
    labels = tagger.vocabulary.labels
    by_document: dict[int, list[int]] = {}
    for row, (_, _, _, document_pk, _) in enumerate(pending):
        by_document.setdefault(document_pk, []).append(row)
    for rows in by_document.values():
        for theme in pending[rows[0]][4]:
            best = max(rows, key=lambda r: probabilities[r, labels.index(theme)]) if theme in labels else rows[0]
            tags[best].setdefault(theme, max(tagger.threshold, 0.5))


def tagged(store: Store, embedder, data_dir: Path | None, cache_dir: Path | None = None) -> Vocabulary:
    """The deployment's vocabulary, once every passage is tagged with it (lazily:
    only passages not yet tagged with this vocabulary and tagger are tagged)."""
    vocabulary = load_vocabulary(data_dir)
    with _tagging:
        tag_pending(store, embedder, vocabulary, cache_dir)
    return vocabulary


def tag_now(store: Store, embedder, data_dir: Path | None, cache_dir: Path | None = None,
            on_batch: Callable[[int, int], None] | None = None) -> int:
    """Tag every pending passage on the caller's thread, now; returns how many. For the
    command line after a write (`ingest`, `watch`, `clients add`): the process ends with
    the command, so a background run would not finish, and a researcher's themes are
    current when it returns. Tagging reads the stored vectors (nothing is embedded
    again); the tagger is trained once per vocabulary and model, then loaded from the
    data dir's cache."""
    with _tagging:
        return tag_pending(store, embedder, load_vocabulary(data_dir), cache_dir, on_batch=on_batch)


def retag(store: Store, embedder, vocabulary: Vocabulary, cache_dir: Path | None = None) -> int:
    store.tags.forget_tags()
    return tag_pending(store, embedder, vocabulary, cache_dir)


def quotes(store: Store, filters: Filters, theme: str, period: str | None = None, k: int = 10) -> list[Hit]:
    """The passages most representative of a theme (in a period), with their sources:
    one hit per passage, best first."""
    return _hits(store, store.tags.theme_passages(filters, theme, period, k), filters)


def representatives(store: Store, cluster: Cluster, filters: Filters, k: int = 1) -> list[Hit]:
    """A discovered cluster's passages nearest its centre, with their sources (those
    `filters`, the scope it was discovered in, still allow)."""
    return _hits(store, [(pk, 1.0) for pk in cluster.chunk_pks[:k]], filters)


def _hits(store: Store, scored: list[tuple[int, float]], filters: Filters) -> list[Hit]:
    chunks = store.catalogue.chunks_by_pk([pk for pk, _ in scored])
    ranked = [RankedDocument(chunks[pk].document_pk, score, [(pk, score)]) for pk, score in scored if pk in chunks]
    return group_hits(store, ranked, filters, len(ranked))


def trends(store: Store, filters: Filters, by: str = "cycle", network: bool = False) -> list[Matrix]:
    """The trends as the themes page shows them, for the page, the CLI and the exports
    alike: one matrix per community in view by default, or (`network`) one matrix of
    every community in view pooled. `filters` carry the caller's access."""
    return [theme_matrix(store, filters, by)] if network else community_matrices(store, filters, by)


def trends_dict(matrices: list[Matrix], network: bool) -> dict:
    """The JSON shape of `trends` (the /api/themes answer, the CLI's and the export's JSON)."""
    return {"scope": "netwerk" if network else "groep", "matrices": [m.as_dict() for m in matrices]}


def export(store: Store, filters: Filters, vocabulary: Vocabulary, what: str = "matrix", fmt: str = "csv",
           by: str = "cycle", separator: str = ",", network: bool = False) -> bytes:
    """The trends (per community, or `network` pooled, as `trends`), or every tagged
    passage with its source, as a file: .xlsx, CSV (UTF-8 with BOM, `separator`
    "," or ";") or JSON."""
    if what == "matrix":
        matrices = trends(store, filters, by, network)
        if fmt == "json":
            return json.dumps(trends_dict(matrices, network), ensure_ascii=False, indent=2).encode("utf-8")
        return table_bytes(matrix_table(matrices, network), fmt, separator)
    passages = {label: quotes(store, filters, label, k=100_000) for label in vocabulary.labels}
    if fmt == "json":
        return json.dumps({label: [h.as_dict() for h in hits] for label, hits in passages.items()},
                          ensure_ascii=False, indent=2, default=str).encode("utf-8")
    return table_bytes(passages_table(passages), fmt, separator)