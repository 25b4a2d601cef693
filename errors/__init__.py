"""One base for the errors Praktijkgeheugen raises on purpose.

Every such error carries two messages: `str(exc)`, in English, for the log and the
CLI (it may name a path, a model or a user), and `exc.user`, in Dutch, for the person
on a web page, which never quotes a value (a rejected value may be a client's name).
`exc.log_message` is what may be logged; a subclass whose English text can quote a
document's own values (ingest's) narrows it.

This package imports nothing of the project, so every package can import it
without a cycle. How the web answers each kind (the HTTP status) is decided in one
place, web/app.py; the CLI prints `error: <English message>` (cli/_common.py).
"""
from __future__ import annotations

__all__ = ["PraktijkgeheugenError"]


class PraktijkgeheugenError(Exception):
    """An error with an English message for logs and a Dutch one (`user`) for people.

    Subclasses set a class-wide Dutch `user` text; a raise may give a more specific
    one with `user=...`."""

    user = ("Er ging iets mis aan onze kant. Probeer het later opnieuw; blijft het gebeuren,"
            " meld het dan aan de beheerder.")

    def __init__(self, *args: object, user: str | None = None) -> None:
        super().__init__(*args)
        if user is not None:
            self.user = user

    @property
    def log_message(self) -> str:
        """What the log may say: the class and the English message."""
        return f"{type(self).__name__}: {self}"
