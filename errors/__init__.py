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

import traceback

__all__ = ["PraktijkgeheugenError", "kind_of", "without_message"]


def kind_of(error: BaseException) -> str:
    """An error's kind with its library's code where it has one ("OperationalError
    SQLITE_BUSY", a PostgreSQL SQLSTATE): what an operator needs, and never a quoted value."""
    code = getattr(error, "sqlite_errorname", None) or getattr(error, "sqlstate", None)
    return f"{type(error).__name__} {code}" if code else type(error).__name__


def without_message(error: BaseException) -> str:
    """An unexpected error as a server's log may keep it: its kind and its frames, never its
    message. A library's message quotes the values it failed on (an upload's part name, a
    search's words, a row of any group: "fts5: syntax error near 'jansen'"), which nothing
    pseudonymised and which would stay in the log and its copies; the frames (file, line,
    function, the source line) say where it broke."""
    frames = "".join(traceback.format_tb(error.__traceback__)).rstrip()
    return f"{kind_of(error)} (message left out: it may quote a document or a search)\n{frames}".rstrip()


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
