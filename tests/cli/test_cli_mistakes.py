"""A coordinator's slips at the command line: an option the command does not know, an
option written before the command, a misspelt command or choice. Each is said with the
command's own usage and what to do, not with the top-level usage or a riddle."""
from __future__ import annotations

import pytest

from cli import main


def _refused(capsys, *argv: str) -> str:
    with pytest.raises(SystemExit) as stop:
        main(list(argv))
    assert stop.value.code == 2
    return " ".join(capsys.readouterr().err.split())


def test_an_unknown_option_is_said_with_the_commands_own_usage(capsys):
    """`communities add 'PG Open' --open` showed `usage: praktijkgeheugen [-h] COMMAND ...`
    (argparse's top level collects a sub-command's leftovers), which does not list
    --closed or --shared."""
    err = _refused(capsys, "communities", "add", "PG Open", "--open")
    assert "usage: praktijkgeheugen communities add" in err and "--shared" in err
    assert "unrecognized arguments: --open" in err
    assert "praktijkgeheugen communities add --help" in err


def test_an_option_before_the_command_says_where_it_goes(capsys):
    """`praktijkgeheugen --data-dir /srv/pg/data status` answered "invalid choice: '/srv/pg/data'"."""
    err = _refused(capsys, "--data-dir", "/srv/pg/data", "status", "--json")
    assert "invalid choice" not in err
    assert "praktijkgeheugen status --json --data-dir /srv/pg/data" in err


@pytest.mark.parametrize(("argv", "meant"), [
    (("stauts",), "status"),
    (("users", "grnat", "sien"), "grant"),
    (("users", "grant", "sien", "--community", "PG Noord", "--role", "moderater"), "moderator"),
])
def test_a_misspelt_command_or_choice_gets_the_nearest_one(capsys, argv, meant):
    err = _refused(capsys, *argv)
    assert f"did you mean '{meant}'?" in err and f"bedoelt u '{meant}'?" in err


@pytest.mark.parametrize("argv", [("search", "eenzaamheid", "-k", "0"), ("search", "eenzaamheid", "-k", "-3"),
                                  ("related", "a.md", "-k", "tien"), ("themes", "quotes", "mantelzorg", "-k", "1001")])
def test_a_number_of_results_that_is_none_is_refused(capsys, argv):
    """Workflow round 41: `search ... -k 0` answered 'no results' and `-k -3` a list cut short
    at its end, read as the answer; now refused before anything is read, with the range."""
    err = _refused(capsys, *argv)
    assert f"-k '{argv[-1]}' is not a number from 1 to 1000 (geen aantal van 1 tot 1000)" in err


@pytest.mark.parametrize("argv", [("users", "list"), ("communities", "list"), ("audit",), ("documents",),
                                  ("check",), ("status",), ("clients", "list", "--community", "PG Noord"),
                                  ("members", "list", "--community", "PG Noord"),
                                  ("keep", "list", "--community", "PG Noord")])
def test_a_mistyped_data_dir_is_said_and_not_made(cli, tmp_path, argv):
    """`users list --data-dir /srv/praktijkgeheugen/dat` answered nothing with exit 0 (no users:
    has everything gone?) and left a new, empty deployment in the mistyped folder; only
    `status` said there was none."""
    typo = tmp_path / "dat"
    code, out, err = cli(*argv, "--data-dir", str(typo))
    assert code == 2 and out == ""
    assert f"there is no data dir with a database at {typo}" in err and "check --data-dir" in err
    assert "fout: " in err and not typo.exists()


@pytest.mark.parametrize("command", ["clients", "members", "keep"])
def test_a_list_of_a_mistyped_community_says_there_is_none(cli, command):
    """`clients list --community "PG Nord"` answered '0 known client names in PG Nord' with
    exit 0, as if PG Noord's list were empty; the real community's list still answers."""
    assert cli("communities", "add", "PG Noord")[0] == 0
    code, out, err = cli(command, "list", "--community", "PG Nord")
    assert code == 2 and out == "" and "unknown community 'PG Nord'" in err
    code, out, err = cli(command, "list", "--community", "PG Noord")
    assert code == 0 and err == ""


NOWHERE = "postgresql://praktijk:geheim@127.0.0.1:1/praktijkgeheugen"   # port 1: refused at once


@pytest.mark.parametrize("argv", [
    ("init", "--admin", "beheer", "--password-stdin", "--no-model"),
    ("backup", "{tmp}/pg.tar.gz"),
    ("migrate", "--from-sqlite", "{tmp}/oud"),
    ("users", "list"),
    ("status",),
])
def test_a_database_url_that_cannot_be_reached_is_said_not_a_traceback(cli, tmp_path, argv):
    """The documented nightly `backup --database-url ...`, `init` and `migrate` against a
    database that does not exist yet (no `createdb`), a wrong password or port printed
    psycopg's traceback; `users list` already said "Cannot open the PostgreSQL database"."""
    from settings import Settings
    from store import open_store

    open_store(Settings(data_dir=tmp_path / "oud")).close()   # a SQLite deployment to migrate
    (tmp_path / "data").mkdir()
    args = [a.format(tmp=tmp_path) for a in argv]
    code, _, err = cli(*args, "--data-dir", str(tmp_path / "data"), "--database-url", NOWHERE,
                       stdin="een lang wachtwoord\n")
    assert code == 2 and "Traceback" not in err
    assert "PostgreSQL database given by --database-url" in err and "geheim" not in err
    # the Dutch line docs/installatie.md section 9 promises for every command; `status` and
    # `users list` (which open the store) had only psycopg's English reason
    assert "fout: de PostgreSQL-database van --database-url is niet te openen" in err


def test_serve_on_a_port_in_use_says_so_before_it_starts(cli, store, monkeypatch):
    """`serve` while the service already ran on the port printed "Praktijkgeheugen draait op
    http://127.0.0.1:8739/", then uvicorn's "ERROR: [Errno 98] ... address already in use"."""
    import socket

    monkeypatch.setattr("uvicorn.run", lambda *a, **k: pytest.fail("uvicorn started on a port in use"))
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        code, out, err = cli("serve", "--port", str(port))
    assert code == 2 and "draait op" not in out
    assert f"port {port} on 127.0.0.1 is already in use" in err and "--port" in err
    assert f"fout: poort {port} op 127.0.0.1 is al in gebruik" in err


def test_restore_of_a_file_that_is_not_there_names_the_folder_s_backups(cli, tmp_path):
    """A typo in the date ('pg-2026-12-1.tar.gz') said "... is not a Praktijkgeheugen backup
    ([Errno 2] No such file or directory ...)": as if the file were damaged."""
    folder = tmp_path / "backups"
    folder.mkdir()
    (folder / "pg-2026-12-01.tar.gz").write_bytes(b"")
    code, _, err = cli("restore", str(folder / "pg-2026-12-1.tar.gz"), "--data-dir", str(tmp_path / "nieuw"))
    assert code == 2 and "not a Praktijkgeheugen backup" not in err
    assert f"there is no file {folder / 'pg-2026-12-1.tar.gz'}" in err and "pg-2026-12-01.tar.gz" in err
    assert "fout: het bestand" in err and not (tmp_path / "nieuw").exists()
