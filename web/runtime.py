"""What a command or the web app needs at run time: settings, the store and the
embedder, each opened once and only when first used (light commands stay light).

Tests hand in a store and an embedder of their own (`Runtime(settings, store=...,
embedder=...)`): the app and the commands then use those instead of opening them."""
from __future__ import annotations

import logging
import threading

import models
from errors import PraktijkgeheugenError
from settings import Settings
from store import Store, open_store

log = logging.getLogger(__name__)


class Runtime:
    def __init__(self, settings: Settings, store: Store | None = None,
                 embedder: models.Embedder | None = None) -> None:
        self.settings = settings
        self._store = store
        self._owns_store = store is None
        self._embedder = embedder
        # The web serves requests on threads: the first two must not open two stores
        # (or load two models); one lock each, so a model loading never holds up the store.
        self._store_lock, self._embedder_lock = threading.Lock(), threading.Lock()

    @property
    def store(self) -> Store:
        if self._store is None:
            with self._store_lock:
                if self._store is None:
                    self._store = _current(open_store(self.settings))
        return self._store

    def close(self) -> None:
        """Close the store if this runtime opened it (one handed in is its owner's to close).
        A command run in-process (tests, `cli.main`) left each store it opened to the
        garbage collector, its Chroma client never closed: chromadb keeps every data
        dir's system in a class-level map until its last client closes, with its SQLite
        connections and index files open (store._db.ThreadConnections)."""
        if self._store is not None and self._owns_store:
            self._store.close()
            self._store = None

    @property
    def embedder(self) -> models.Embedder:
        if self._embedder is None:
            with self._embedder_lock:
                if self._embedder is None:
                    self._embedder = models.get_embedder(self.settings.model, self.settings.models_dir)
        return self._embedder


def _current(store: Store) -> Store:
    """The store, its lexical index re-analysed first if another analyser built it
    (index and query terms must come from the same one; see text._analysis)."""
    if not store.lexical.current():
        import ingest

        ingest.relex(store)
    return store


def tag_in_background(runtime: Runtime) -> None:
    """Start the background theme-tagging run (search/themes/_job.py) if passages are
    untagged, or have the running one make one more pass. Called when the server starts
    and after every web write that makes a new version (an upload, a metadata edit, a
    missed name corrected): without it an edited document's passages stayed untagged,
    out of the themes, until a theme page was visited or the server restarted.
    Never raises: the write it follows has succeeded; a broken set-up (a store that is
    busy, a broken themes.yaml, a model that does not load) is logged."""
    import search.themes as themes

    try:
        themes.start_tagging(runtime.store, runtime.embedder, runtime.settings.data_dir, runtime.settings.cache_dir)
    except PraktijkgeheugenError as exc:
        log.warning("theme tagging not started: %s", exc)
