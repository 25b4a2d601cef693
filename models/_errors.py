"""The single exception type of the models package (kept separate to avoid import cycles)."""
from errors import PraktijkgeheugenError


class ModelError(PraktijkgeheugenError):
    """A model cannot be found, converted or loaded; the message says how to fix it."""

    user = "Het taalmodel kon niet geladen worden. Meld het aan de beheerder."
