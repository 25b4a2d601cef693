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

import errno
import os
import traceback
from pathlib import Path

__all__ = ["DISK_FULL", "READ_ONLY", "STORAGE_USER", "PraktijkgeheugenError", "backup_storage_message", "kind_of",
           "storage_message", "storage_problem", "without_message"]

DISK_FULL = "full"
READ_ONLY = "read-only"
_FULL_ERRNOS = {errno.ENOSPC, errno.EDQUOT}
_SQLITE_FULL = ("database or disk is full", "disk is full")
_SQLITE_READ_ONLY = ("readonly database", "read-only database")
_SQLITE_IO = ("disk i/o error",)
_PG_FULL = {"53100"}   # PostgreSQL's disk_full


def storage_problem(error: BaseException, folder: Path | None = None) -> str | None:
    """DISK_FULL or READ_ONLY when `error` (or what caused it) is the disk of the data dir
    running full or turning read-only, else None. An OSError says so by its errno, SQLite by
    its message (a full disk is often only "disk I/O error": then `folder`'s file system is
    asked whether it is full or mounted read-only), PostgreSQL by its SQLSTATE."""
    seen: set[int] = set()
    current: BaseException | None = error
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        code = getattr(current, "errno", None)
        if isinstance(current, OSError) and code in _FULL_ERRNOS:
            return DISK_FULL
        if isinstance(current, OSError) and code == errno.EROFS:
            return READ_ONLY
        if getattr(current, "sqlstate", None) in _PG_FULL:
            return DISK_FULL
        if type(current).__module__.startswith("sqlite3"):
            text = str(current).lower()
            if any(words in text for words in _SQLITE_FULL):
                return DISK_FULL
            if any(words in text for words in _SQLITE_READ_ONLY):
                return READ_ONLY
            if any(words in text for words in _SQLITE_IO) and folder is not None:
                return _file_system_state(folder)
        current = current.__cause__ or current.__context__
    return None


def _file_system_state(folder: Path) -> str | None:
    """What the file system under `folder` says: mounted read-only, or (almost) no room left."""
    place = Path(folder)
    while not place.exists() and place != place.parent:
        place = place.parent
    try:
        stat = os.statvfs(place)
    except OSError:
        return None
    if stat.f_flag & os.ST_RDONLY:
        return READ_ONLY
    if stat.f_bavail * stat.f_frsize < 1024 * 1024:
        return DISK_FULL
    return None


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


# What a person on a web page reads when the data dir's disk is full or read-only (never a path).
STORAGE_USER = {
    DISK_FULL: ("Er kan op dit moment niets worden opgeslagen: de schijf van de server is vol. Wat al"
                " bewaard was, gaat niet verloren. Meld het aan de beheerder en probeer het opnieuw"
                " zodra er weer ruimte is."),
    READ_ONLY: ("Er kan op dit moment niets worden opgeslagen: de schijf van de server is alleen-lezen."
                " Wat al bewaard was, gaat niet verloren. Meld het aan de beheerder."),
}


def storage_message(problem: str, folder: Path) -> str:
    """The operator's message, English then Dutch, for the CLI and the server's log."""
    if problem == DISK_FULL:
        english = (f"the disk of the data dir {folder} is full: nothing more could be written. What was"
                   " stored before is kept; a write that was cut off is cleaned up by the next one"
                   " (or `praktijkgeheugen check --repair`). Free some space and run it again.")
        dutch = (f"de schijf van de gegevensmap {folder} is vol: er kon niets meer worden geschreven. Wat"
                 " al bewaard was, blijft bewaard; wat half geschreven werd, ruimt de volgende opdracht op"
                 " (of `praktijkgeheugen check --repair`). Maak ruimte vrij en probeer het opnieuw.")
    else:
        english = (f"the data dir {folder} is on a read-only disk: nothing could be written. What was"
                   " stored before is kept. Make it writable again (a disk that turned read-only after an"
                   " error: check it first) and run it again.")
        dutch = (f"de gegevensmap {folder} staat op een schijf die alleen-lezen is: er kon niets worden"
                 " geschreven. Wat al bewaard was, blijft bewaard. Maak de schijf weer beschrijfbaar (werd"
                 " ze alleen-lezen na een fout, controleer ze dan eerst) en probeer het opnieuw.")
    return f"{english}\nfout: {dutch}"


def backup_storage_message(problem: str, folder: Path) -> str:
    """The operator's message, English then Dutch, when the disk a backup is written to is
    full or read-only. A backup writes only there (store._backup stages beside its target), so
    that disk is named, not the data dir's: a nightly backup to a full backups disk said "the
    disk of the data dir is full" while the data dir had room, and the coordinator would clean
    the wrong disk."""
    if problem == DISK_FULL:
        english = (f"the disk of the backup folder {folder} is full: the backup was not written (nothing"
                   " half-written is left there; the data dir is unchanged). Free some space there (older"
                   " backups), or write the backup to another disk, and run it again.")
        dutch = (f"de schijf van de back-upmap {folder} is vol: de back-up is niet geschreven (er blijft niets"
                 " half geschreven staan; de gegevensmap is niet veranderd). Maak daar ruimte vrij (oudere"
                 " back-ups), of schrijf de back-up naar een andere schijf, en probeer het opnieuw.")
    else:
        english = (f"the backup folder {folder} is on a read-only disk: the backup was not written (the data"
                   " dir is unchanged). Make that disk writable again, or write the backup to another disk.")
        dutch = (f"de back-upmap {folder} staat op een schijf die alleen-lezen is: de back-up is niet geschreven"
                 " (de gegevensmap is niet veranderd). Maak die schijf weer beschrijfbaar, of schrijf de"
                 " back-up naar een andere schijf.")
    return f"{english}\nfout: {dutch}"
