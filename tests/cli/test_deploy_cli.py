"""The production start (issue #17): `init` makes an empty deployment with its first
admin and refuses a data dir that holds data; `ingest --if-empty` (what `make run`
uses for the demo) never brings a deleted document back; `serve` refuses proxy
settings that cannot be right; a data dir of a newer version is refused."""
from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from store import SCHEMA_VERSION

ROOT = Path(__file__).resolve().parents[2]
PASSWORD = "een lang genoeg wachtwoord"


def test_init_makes_an_empty_deployment_with_its_admin(cli, settings):
    code, out, err = cli("init", "--admin", "beheer", "--password-stdin", "--no-model", stdin=PASSWORD + "\n")
    assert code == 0 and "admin 'beheer' created" in out, err
    from store import open_store

    store = open_store(settings)
    try:
        assert store.accounts.verify_password("beheer", PASSWORD).is_admin
        assert store.catalogue.list_documents() == [] and store.accounts.communities() == []
        assert store.accounts.audit_log(1)[0][1:] == ("cli", "installatie aangemaakt met beheerder", "beheer")
    finally:
        store.close()


def test_init_refuses_a_data_dir_that_holds_data(cli, settings):
    assert cli("init", "--admin", "beheer", "--no-model", stdin=PASSWORD + "\n")[0] == 0
    before = _accounts(settings)
    code, out, err = cli("init", "--admin", "ander", "--no-model", stdin="nog een wachtwoord\n")
    option = "--database-url" if settings.database_url else "--data-dir"
    assert code == 2 and "already holds data" in err and f"another {option}" in err
    assert _accounts(settings) == before and [name for name, _ in before[0]] == ["beheer"]


def _accounts(settings) -> tuple[list, list]:
    """The users (with their password hashes) and the audit log, read through the store
    (the SQLite file or the PostgreSQL schema): what a second `init` could change."""
    from store import open_store

    store = open_store(settings)
    try:
        users = store.db.conn().execute("SELECT name, password_hash FROM users ORDER BY id").fetchall()
        return [tuple(row) for row in users], store.accounts.audit_log()
    finally:
        store.close()


def test_a_refused_password_leaves_nothing_so_init_can_run_again(cli, settings):
    code, out, err = cli("init", "--admin", "beheer", "--no-model", stdin="kort\n")
    assert code == 2 and "10 characters" in err
    assert not settings.db_path.exists()
    assert cli("init", "--admin", "beheer", "--no-model", stdin=PASSWORD + "\n")[0] == 0


def test_a_short_password_from_stdin_ends_init_saying_why_in_dutch(cli, settings):
    code, out, err = cli("init", "--admin", "beheer", "--password-stdin", "--no-model", stdin="negen4567\n")
    assert code == 2 and "minstens 10 tekens" in err and "niets aangemaakt" in err, err
    assert not settings.db_path.exists() and "created" not in out


class _Terminal:
    """A terminal's stdin: init asks for the password with getpass (replaced in the tests)."""

    def isatty(self) -> bool:
        return True

    def readline(self) -> str:   # never read: a terminal's password comes from getpass
        raise AssertionError("init read the password from stdin on a terminal")


def _typed(monkeypatch, answers: list[str]) -> list[str]:
    """Make getpass return `answers` in turn; returns the prompts it was given."""
    prompts: list[str] = []

    def getpass(prompt: str = "") -> str:
        prompts.append(prompt)
        if not answers:
            raise EOFError
        return answers.pop(0)

    monkeypatch.setattr("getpass.getpass", getpass)   # as cli._passwords calls it
    return prompts


def test_init_on_a_terminal_asks_again_after_a_short_password(cli, settings, monkeypatch):
    prompts = _typed(monkeypatch, ["kort", PASSWORD, "een ander wachtwoord", PASSWORD, PASSWORD])
    monkeypatch.setattr("sys.stdin", _Terminal())
    from cli import main

    code = main(["init", "--admin", "beheer", "--no-model"])
    assert code == 0
    assert prompts == ["Wachtwoord (minstens 10 tekens): ", "Wachtwoord (minstens 10 tekens): ",
                       "Nog eens, ter controle: ", "Wachtwoord (minstens 10 tekens): ", "Nog eens, ter controle: "]
    from store import open_store

    store = open_store(settings)
    try:
        assert store.accounts.verify_password("beheer", PASSWORD).is_admin
    finally:
        store.close()


def test_init_on_a_terminal_says_why_it_asks_again(cli, settings, monkeypatch, capsys):
    _typed(monkeypatch, ["kort", PASSWORD, "anders dan eerst", PASSWORD, PASSWORD])
    monkeypatch.setattr("sys.stdin", _Terminal())
    from cli import main

    assert main(["init", "--admin", "beheer", "--no-model"]) == 0
    err = capsys.readouterr().err
    assert "Dit wachtwoord is te kort: een wachtwoord heeft minstens 10 tekens." in err
    assert "De twee wachtwoorden zijn niet gelijk. Typ het opnieuw." in err


def test_init_on_a_terminal_gives_up_after_five_refused_passwords(cli, settings, monkeypatch, capsys):
    _typed(monkeypatch, ["kort"] * 5 + [PASSWORD, PASSWORD])
    monkeypatch.setattr("sys.stdin", _Terminal())
    from cli import main

    assert main(["init", "--admin", "beheer", "--no-model"]) == 2
    err = capsys.readouterr().err
    assert err.count("te kort") == 5 and "na 5 pogingen" in err and not settings.db_path.exists()


def test_init_on_a_terminal_stops_at_ctrl_d(cli, settings, monkeypatch, capsys):
    _typed(monkeypatch, ["kort"])   # then EOFError, as getpass raises at Ctrl+D
    monkeypatch.setattr("sys.stdin", _Terminal())
    from cli import main

    assert main(["init", "--admin", "beheer", "--no-model"]) == 2
    assert "geen wachtwoord gegeven" in capsys.readouterr().err and not settings.db_path.exists()


def test_init_without_a_terminal_needs_the_admin_name(cli, settings):
    code, out, err = cli("init", "--no-model", stdin=PASSWORD + "\n")
    assert code == 2 and "--admin NAME" in err and not settings.db_path.exists()


def _demo_folder(tmp_path: Path) -> Path:
    folder = tmp_path / "demo"
    for name in ("een.md", "twee.md"):
        path = folder / "PG Demo" / "2024-2025" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(f"# Verslag {name}\n\nDe groep sprak over buurtwerk en vrijwilligers.\n", "utf-8")
    return folder


def test_the_demo_is_ingested_only_into_a_data_dir_that_never_held_documents(cli, tmp_path):
    folder = _demo_folder(tmp_path)
    code, out, err = cli("ingest", str(folder), "--create-communities", "--if-empty")
    assert code == 0 and "2 ingested" in out, err
    [first, second] = sorted(line.split("\t")[0] for line in cli("documents")[1].splitlines())
    assert cli("delete", first)[0] == 0
    code, out, err = cli("ingest", str(folder), "--create-communities", "--if-empty")   # `make run` again
    assert code == 0 and out.startswith("skipped:")
    assert first not in cli("documents")[1] and second in cli("documents")[1]
    assert cli("delete", second)[0] == 0   # every document gone: still no demo coming back
    assert cli("ingest", str(folder), "--create-communities", "--if-empty")[1].startswith("skipped:")
    assert cli("documents")[1].strip() == ""


@pytest.mark.skipif(shutil.which("make") is None, reason="make is not installed")
def test_make_run_ingests_the_demo_only_if_the_data_dir_never_held_documents():
    plan = subprocess.run(["make", "-n", "-B", "run", "DATA=/tmp/pg-plan"], cwd=ROOT, capture_output=True,
                          text=True, check=True).stdout
    [ingest] = [line for line in plan.splitlines() if " ingest demo/corpus" in line]
    assert "--if-empty" in ingest and "--data-dir /tmp/pg-plan" in ingest


@pytest.mark.parametrize("option, message", [
    (["--trusted-proxies", "proxy.example.org"], "not an IP address or network"),
    (["--trusted-proxies", "10.0.0.1,*"], "not an IP address or network"),
    (["--root-path", "praktijkgeheugen"], "must be a path"),
    (["--workers", "0"], "--workers is 1 to"),
])
def test_serve_refuses_proxy_settings_that_cannot_be_right(cli, option, message):
    code, out, err = cli("serve", *option)
    assert code == 2 and message in err


def test_a_data_dir_of_a_newer_version_is_refused_with_a_clear_message(cli, settings):
    assert cli("init", "--admin", "beheer", "--no-model", stdin=PASSWORD + "\n")[0] == 0
    from store import open_store

    store = open_store(settings)   # the SQLite file or the PostgreSQL schema, as a later version leaves it
    store.db.set_meta("schema_version", str(int(SCHEMA_VERSION) + 1))
    store.close()
    for command in (["documents"], ["serve"], ["users", "list"]):
        code, out, err = cli(*command)
        assert code == 2 and "made by a newer version of Praktijkgeheugen" in err, command
        assert "praktijkgeheugen restore" in err


def test_users_add_on_a_terminal_asks_again_after_a_short_password(cli, settings, monkeypatch, capsys):
    """`users add` and `users passwd` share init's loop (cli._passwords): a short password
    is explained in Dutch and asked again, not refused at the first try."""
    assert cli("init", "--admin", "beheer", "--password-stdin", "--no-model", stdin=PASSWORD + "\n")[0] == 0
    prompts = _typed(monkeypatch, ["kort", PASSWORD, PASSWORD])
    monkeypatch.setattr("sys.stdin", _Terminal())
    from cli import main

    assert main(["users", "add", "an"]) == 0
    assert len(prompts) == 3 and "te kort" in capsys.readouterr().err
    new = "een ander lang wachtwoord"
    _typed(monkeypatch, ["kort", new, "niet hetzelfde", new, new])
    assert main(["users", "passwd", "an"]) == 0
    err = capsys.readouterr().err
    assert "te kort" in err and "niet gelijk" in err
    from store import open_store

    store = open_store(settings)
    try:
        assert store.accounts.verify_password("an", new) is not None
    finally:
        store.close()


def test_users_add_on_a_terminal_stops_at_ctrl_d_and_adds_no_one(cli, settings, monkeypatch, capsys):
    assert cli("init", "--admin", "beheer", "--password-stdin", "--no-model", stdin=PASSWORD + "\n")[0] == 0
    _typed(monkeypatch, ["kort"])   # then EOFError
    monkeypatch.setattr("sys.stdin", _Terminal())
    from cli import main

    assert main(["users", "add", "an"]) == 2
    assert "er is niemand toegevoegd" in capsys.readouterr().err
    assert [name for name, _ in _accounts(settings)[0]] == ["beheer"]


def test_a_full_disk_is_said_in_english_and_dutch_with_the_data_dir_not_as_a_traceback(cli, settings, monkeypatch):
    import sqlite3

    assert cli("init", "--admin", "beheer", "--password-stdin", "--no-model", stdin=PASSWORD + "\n")[0] == 0

    def full(*args, **kwargs):
        raise sqlite3.OperationalError("database or disk is full")
    monkeypatch.setattr("store._accounts.Accounts.add_community", full)
    code, out, err = cli("communities", "add", "PG Noord")
    assert code == 2 and "Traceback" not in err
    assert f"the disk of the data dir {settings.data_dir} is full" in err
    assert f"fout: de schijf van de gegevensmap {settings.data_dir} is vol" in err and "check --repair" in err
