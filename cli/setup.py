"""`praktijkgeheugen init`: a new, empty deployment and its first admin.

The production start (docs/installatie.md): no demo, one admin who then sets up
communities and users on the web (/beheer) or with `communities` and `users`.
A data dir that already holds data is refused, so running init twice, or against
the wrong folder, never touches a deployment.
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from cli._common import EXIT_ERROR, add_data_options
from cli._passwords import ask_new_password
from settings import Settings
from store import MIN_PASSWORD, AccountError, holds_data, open_store

_ACTOR = "cli"


def register(commands) -> None:
    p = commands.add_parser("init", help="make a new, empty deployment in the data dir, with its first admin")
    p.add_argument("--admin", metavar="NAME", help="the first admin's user name (asked for when not given)")
    p.add_argument("--password-stdin", action="store_true",
                   help="read the admin's password from stdin (also whenever stdin is not a terminal)")
    p.add_argument("--no-model", action="store_true",
                   help="do not convert the bundled embedding model now (the first start then does it)")
    add_data_options(p)
    p.set_defaults(handler=cmd_init)


def cmd_init(args: argparse.Namespace) -> int:
    settings = args.settings
    if holds_data(settings):
        where, option = ("the database at --database-url", "--database-url") if settings.database_url else (
            settings.data_dir, "--data-dir")
        print(f"error: {where} already holds data (a database, vectors or uploads); init only"
              f" makes a new, empty deployment. Choose another {option}, or manage this one with"
              " `praktijkgeheugen users` and `praktijkgeheugen communities`.", file=sys.stderr)
        return EXIT_ERROR
    name = (args.admin or _ask_name()).strip()
    if not name:
        raise AccountError("the admin needs a user name (--admin NAME)")
    password = _password(args)
    if password is None:
        return EXIT_ERROR
    _create(settings, name, password)
    print(f"new deployment in {settings.data_dir}; admin '{name}' created")
    if not args.no_model:
        _prepare_model(settings)
    print(f"next: praktijkgeheugen serve --data-dir {settings.data_dir} (docs/installatie.md:"
          " behind a reverse proxy, as a service)")
    return 0


def _ask_name() -> str:
    if not sys.stdin.isatty():
        raise AccountError("give the admin's user name with --admin NAME (stdin is not a terminal)")
    return input("Gebruikersnaam van de eerste beheerder: ")


def _password(args: argparse.Namespace) -> str | None:
    """The first admin's password, checked before anything is made. On a terminal a
    password that is too short or typed differently the second time is explained in
    Dutch and asked again (cli._passwords.ASKS times at most); from stdin (a script, --password-stdin)
    a refused one ends init with a message in English and Dutch. None: nothing was
    made and init exits 2, having said why."""
    if args.password_stdin or not sys.stdin.isatty():
        password = sys.stdin.readline().rstrip("\n")
        if len(password) >= MIN_PASSWORD:
            return password
        print(f"error: the password read from stdin is too short: a password needs at least {MIN_PASSWORD}"
              " characters; nothing was made.\n"
              f"fout: het wachtwoord is te kort: een wachtwoord heeft minstens {MIN_PASSWORD} tekens. Er is niets"
              " aangemaakt; geef init opnieuw, met een langer wachtwoord.", file=sys.stderr)
        return None
    password = ask_new_password("er is niets aangemaakt")
    if password is None:
        print("Geef init opnieuw.", file=sys.stderr)
    return password


def _create(settings: Settings, name: str, password: str) -> None:
    """The database and the admin, or nothing: a refused name or password removes the
    database just made, so init can simply be run again."""
    store = open_store(settings)
    try:
        store.accounts.add_user(name, password, admin=True)
        store.accounts.audit(_ACTOR, "installatie aangemaakt met beheerder", name)
    except BaseException:
        store.close()
        for suffix in ("", "-wal", "-shm"):
            Path(f"{settings.db_path}{suffix}").unlink(missing_ok=True)
        raise
    store.close()


def _prepare_model(settings: Settings) -> None:
    """Convert the bundled model now (install time), not at the first start."""
    import models

    print(f"preparing the embedding model {settings.model} ...", flush=True)
    models.prepare_model(settings.model, settings.models_dir)
