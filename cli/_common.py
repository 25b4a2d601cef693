"""Shared CLI plumbing: data options on every data command, and one place where
domain errors become a clear one-line message and an exit status."""
from __future__ import annotations

import argparse
import difflib
import select
import sys
from pathlib import Path

import models
from errors import PraktijkgeheugenError, storage_message, storage_problem
from settings import Settings
from store import DOCUMENT_TYPES, interrupted_restore, unreachable
from web.runtime import Runtime

EXIT_ERROR = 2
# Standard output's reader gone (`praktijkgeheugen status --json | head -1`): the code of a
# process SIGPIPE ended (128 + 13), as `cat` and `grep` end there; Python ignores SIGPIPE,
# so a write raises BrokenPipeError instead, and that was printed as "error: [Errno 32] Broken pipe".
EXIT_CLOSED_PIPE = 141
# --type of ingest and watch: every type a document may have (Dutch aliases such as 'verslag' work too)
TYPE_HELP = f"type for documents that do not name one: {', '.join(DOCUMENT_TYPES)}"


def add_data_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--data-dir", help="data folder (env PRAKTIJKGEHEUGEN_DATA, default ./data)")
    parser.add_argument("--model", help="embedding model: the bundled default or a sentence-transformers"
                        " name/path (env PRAKTIJKGEHEUGEN_MODEL)")
    parser.add_argument("--chroma-url", help="use a Chroma server, e.g. http://127.0.0.1:8001"
                        " (env PRAKTIJKGEHEUGEN_CHROMA_URL)")
    parser.add_argument("--database-url", help="use a PostgreSQL database, e.g. postgresql://user:pw@host/db"
                        " (env PRAKTIJKGEHEUGEN_DATABASE_URL); default: SQLite in the data dir")


def add_themes_option(parser: argparse.ArgumentParser) -> None:
    """For commands that write new versions: their passages are tagged before they end."""
    parser.add_argument("--no-themes", action="store_true",
                        help="leave the new passages without themes (the next theme page or `themes` command"
                             " tags them); by default they are tagged before the command ends")


class LazyEmbedder:
    """The model loads only when a document changes (listing a name or switching a
    setting alone needs none)."""

    def __init__(self, rt) -> None:
        self._rt = rt

    def __getattr__(self, name: str):
        return getattr(self._rt.embedder, name)


def tag_themes(rt: Runtime, args: argparse.Namespace) -> int | None:
    """Tag the passages a write left untagged, now, with a progress bar on stderr;
    how many, or None when skipped (`--no-themes`) or failed. A failure is a warning:
    the write is done and stays, and the next theme page or `themes` command retries."""
    if args.no_themes:
        return None
    from tqdm import tqdm

    import search.themes as themes

    bar = None

    def on_batch(done: int, total: int) -> None:
        nonlocal bar
        if bar is None:
            bar = tqdm(total=total, unit="passage", desc="themes", file=sys.stderr, leave=False)
        bar.update(done - bar.n)

    try:
        return themes.tag_now(rt.store, rt.embedder, rt.settings.data_dir, rt.settings.cache_dir, on_batch)
    except Exception as exc:   # noqa: BLE001 - the write succeeded; the themes are tagged later
        print(f"warning: the new passages were not tagged with themes ({type(exc).__name__}: {exc});"
              " the next theme page or `praktijkgeheugen themes` command tags them", file=sys.stderr)
        return None
    finally:
        if bar is not None:
            bar.close()


def print_tagged(tagged: int | None) -> None:
    if tagged:
        print(f"{tagged} passages tagged with themes")


def load_settings(args: argparse.Namespace) -> Settings:
    """The composition root's one `Settings`: flags, then environment variables, then
    defaults; the process's own services (where deduce's lists are, whether the model
    hub may be asked) are set from it."""
    settings = Settings.load(getattr(args, "data_dir", None), getattr(args, "model", None),
                             getattr(args, "chroma_url", None),
                             database_url=getattr(args, "database_url", None))
    models.use_deidentifier_cache(settings.deduce_cache, settings.cache_home)
    models.use_hub_offline(settings.hub_offline)
    return settings


def reads_deployment(parser: argparse.ArgumentParser) -> None:
    """Mark a command that only reads a deployment (a listing, `check`, `status`): run on a
    data dir without a database it says so instead of making an empty one there. A mistyped
    `users list --data-dir /srv/praktijkgeheugen/dat` answered nothing with exit 0 (has
    everything gone?) and left a new deployment in the wrong folder."""
    parser.set_defaults(reads_deployment=True)


def missing_deployment(settings: Settings) -> str | None:
    """The message when the data dir (with PostgreSQL: the folder beside the database) is not there."""
    there = settings.data_dir.is_dir() if settings.database_url else settings.db_path.exists()
    if there or interrupted_restore(settings.data_dir):   # `check` says so, `check --repair` clears it
        return None
    return (f"there is no data dir with a database at {settings.data_dir}: check --data-dir (or"
            " PRAKTIJKGEHEUGEN_DATA); nothing was made there.\n"
            f"fout: in {settings.data_dir} staat geen gegevensmap met een database: controleer --data-dir"
            " (of PRAKTIJKGEHEUGEN_DATA); daar is niets aangemaakt.")


def runtime(args: argparse.Namespace, settings: Settings | None = None) -> Runtime:
    """A runtime on the command's settings (or `settings`), closed when the command ends (`run`)."""
    rt = Runtime(settings or args.settings)
    args.__dict__.setdefault("runtimes", []).append(rt)
    return rt


def run(args: argparse.Namespace) -> int:
    """Run the chosen command; domain errors become `error: ...` on stderr."""
    try:
        args.settings = load_settings(args)
        missing = missing_deployment(args.settings) if getattr(args, "reads_deployment", False) else None
        if missing:
            print(f"error: {missing}", file=sys.stderr)
            return EXIT_ERROR
        try:
            return args.handler(args) or 0
        finally:
            for rt in args.__dict__.pop("runtimes", []):
                rt.close()
    except Exception as exc:
        if isinstance(exc, BrokenPipeError) and stdout_closed():
            raise   # not an error of the command: the CLI's main ends quietly (EXIT_CLOSED_PIPE)
        settings = getattr(args, "settings", None)
        problem = storage_problem(exc, settings.data_dir if isinstance(settings, Settings) else None)
        if problem is not None and isinstance(settings, Settings):
            # A full or read-only disk: said as such (in Dutch too), not as a traceback
            # or a bare "disk I/O error" (SQLite's word for a full disk, often).
            print(f"error: {storage_message(problem, settings.data_dir)}", file=sys.stderr)
            return EXIT_ERROR
        if (database := unreachable(exc)) is not None:   # --database-url: no such database, password, port
            print(f"error: {database}", file=sys.stderr)
            return EXIT_ERROR
        if isinstance(exc, (PraktijkgeheugenError, OSError)):
            print(f"error: {exc}", file=sys.stderr)
            return EXIT_ERROR
        raise
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130


def stdout_closed() -> bool:
    """Whether standard output's reader is gone: flushing it fails with EPIPE or, where
    nothing is left to flush, poll says the pipe has no reader (POLLERR). A broken pipe
    elsewhere (a server's socket, a child process) stays an error of the command."""
    try:
        sys.stdout.flush()
    except BrokenPipeError:
        return True
    except (OSError, ValueError):
        return False
    try:
        poller = select.poll()
        poller.register(sys.stdout.fileno(), select.POLLOUT)
        return any(events & select.POLLERR for _, events in poller.poll(0))
    except (OSError, ValueError, AttributeError):   # no file descriptor (a test's StringIO)
        return False


class NoSuchFolder(PraktijkgeheugenError):
    """A file to write into a folder that is not there."""


def folder_of(target: Path) -> Path:
    """The folder `target` is written into, refused (NoSuchFolder) when it does not exist
    or is no folder: a typo in a path (`backup /srv/back-ups/x.tar.gz` for /srv/backups)
    silently made a new folder, where the file holding every case then lay unnoticed, and
    the next backup went to the folder meant. Nothing is created; the message says how."""
    folder = target.resolve().parent
    if folder.exists() and not folder.is_dir():
        raise NoSuchFolder(f"{folder} is a file, not a folder: check the path (dit is geen map: verbeter het pad);"
                           " nothing was written")
    if not folder.is_dir():
        raise NoSuchFolder(f"the folder {folder} does not exist: check the path for a typo, or make the folder"
                           f" first (mkdir -p '{folder}') (deze map bestaat niet: verbeter het pad of maak de map"
                           " eerst aan); nothing was written")
    return folder


def write_out(data: bytes, output: Path | None) -> None:
    """An export to its file (in a folder that exists: folder_of), or to standard output
    as it is (CSV keeps its BOM)."""
    if output:
        folder_of(output)
        output.write_bytes(data)
    else:
        sys.stdout.buffer.write(data) if hasattr(sys.stdout, "buffer") else sys.stdout.write(data.decode("utf-8"))
        sys.stdout.flush()


class UnknownName(PraktijkgeheugenError):
    """A community (or other name) the command was given that is not there."""


def nearest(value: str, names: list[str]) -> str:
    """'; did you mean X?' for the name nearest a mistyped one (or one holding it), else ''."""
    close = difflib.get_close_matches(value, names, n=1, cutoff=0.5)
    close = close or [n for n in names if value.casefold() in n.casefold()][:1]
    return f"; did you mean '{close[0]}'? (bedoelt u '{close[0]}'?)" if close else ""


def known_community(store, name: str, option: str = "") -> str:
    """`name` if it is a community, else UnknownName with the nearest one: a list command
    given a mistyped community printed nothing (members, keep) or '0 known client names in
    Gent', and a filter 'no results', as if the group were empty. The CLI is the server
    owner's, who may know every community's name."""
    names = [c.name for c in store.accounts.communities()]
    if name not in names:
        raise UnknownName(f"{option}unknown community '{name}' (onbekende groep){nearest(name, names)};"
                          " `praktijkgeheugen communities list` names them all")
    return name
