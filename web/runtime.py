"""What a command or the web app needs at run time: settings, the store and the
embedder, each opened once and only when first used (light commands stay light)."""
from __future__ import annotations

from functools import cached_property

import models
from store import Settings, Store, open_store


class Runtime:
    def __init__(self, settings: Settings) -> None:
        self.settings = settings

    @cached_property
    def store(self) -> Store:
        return open_store(self.settings)

    @cached_property
    def embedder(self) -> models.Embedder:
        return models.get_embedder(self.settings.model, self.settings.models_dir)
