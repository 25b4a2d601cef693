"""What a command or the web app needs at run time: settings, the store and the
embedder, each opened once and only when first used (light commands stay light).

Tests hand in a store and an embedder of their own (`Runtime(settings, store=...,
embedder=...)`): the app and the commands then use those instead of opening them."""
from __future__ import annotations

import threading

import models
from settings import Settings
from store import Store, open_store


class Runtime:
    def __init__(self, settings: Settings, store: Store | None = None,
                 embedder: models.Embedder | None = None) -> None:
        self.settings = settings
        self._store = store
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
