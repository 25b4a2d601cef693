"""The store's errors that carry a message for the user."""
from __future__ import annotations

from errors import PraktijkgeheugenError


class StoreError(PraktijkgeheugenError):
    """A problem with the data dir or its indexes, with a message for the user."""

    user = ("De kennisbank is even niet beschikbaar (bijvoorbeeld omdat er net documenten worden"
            " toegevoegd). Probeer het zo opnieuw.")


class ModelMismatchError(StoreError):
    def __init__(self, built_with: str, requested: str) -> None:
        super().__init__(
            f"This index was built with embedding model '{built_with}', but '{requested}' was"
            f" requested. Use --model {built_with}, or re-embed everything with the new model:"
            f" praktijkgeheugen reindex --model {requested}"
        )
        self.built_with = built_with
        self.requested = requested

    user = "De zoekindex is gebouwd met een ander taalmodel dan de server gebruikt. Meld het aan de beheerder."
