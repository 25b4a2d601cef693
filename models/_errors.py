"""The single exception type of the models package (kept separate to avoid import cycles)."""


class ModelError(Exception):
    """A model cannot be found, converted or loaded; the message says how to fix it."""
