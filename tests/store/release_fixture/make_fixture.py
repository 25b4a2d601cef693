"""Make `schema7.sql`: a small data dir's database as the previous release wrote it.

Run with the previous release's code on the path (it is not this checkout's code):

    git archive 96ce6a6 | tar -x -C /tmp/release
    PYTHONPATH=/tmp/release:/tmp/release/tests python tests/store/release_fixture/make_fixture.py

96ce6a6 is main before the session that added the production start (schema 7). The
data dir gets a closed community, an admin, a moderator, one ingested document
(without pseudonymisation, so deduce is not needed) and an audit line; its
database is dumped as SQL text (`sqlite3 .dump`), so the fixture can be read and
diffed. test_upgrade.py loads it into a fresh data dir and opens it with this
version's store.
"""
from __future__ import annotations

import io
import os
import subprocess
import sys
import tempfile
from pathlib import Path
from unittest import mock

PASSWORD = "oud-maar-goed-1"
DOCUMENT = """---
title: "Sessie 2: een buurman die niemand meer ziet"
type: sessieverslag
community: "PG Noord"
cycle: "2023-2024"
session: 2
authors:
  - "Els Claes (OCMW Gent), verslag"
---
De groep besprak een buurman die sinds de dood van zijn vrouw niemand meer ziet.
Een vrijwilliger van het buurtcentrum belt hem nu elke week op.
"""


def main() -> None:
    from web.cli import main as cli

    from fakes import FakeEmbedder

    out = Path(__file__).with_name("schema7.sql")
    with tempfile.TemporaryDirectory() as tmp:
        data = Path(tmp) / "data"
        os.environ.update(PRAKTIJKGEHEUGEN_DATA=str(data), PRAKTIJKGEHEUGEN_MODEL=FakeEmbedder.name)
        source = Path(tmp) / "verslag.md"
        source.write_text(DOCUMENT, encoding="utf-8")

        def run(*args: str, stdin: str = "") -> None:
            with mock.patch("sys.stdin", io.StringIO(stdin)):
                assert cli(list(args)) == 0, args

        with mock.patch("web.runtime.models.get_embedder", lambda model, cache: FakeEmbedder()):
            run("communities", "add", "PG Noord", "--closed")
            run("communities", "set", "PG Noord", "--no-pseudonymise")
            run("users", "add", "beheer", "--admin", "--password-stdin", stdin=PASSWORD + "\n")
            run("users", "add", "els", "--password-stdin", stdin=PASSWORD + "\n")
            run("users", "grant", "els", "--community", "PG Noord", "--role", "moderator")
            run("ingest", str(source))
        dump = subprocess.run(["sqlite3", str(data / "praktijkgeheugen.sqlite3"), ".dump"],
                              check=True, capture_output=True, text=True).stdout
    out.write_text(dump, encoding="utf-8")
    print(f"wrote {out} ({len(dump)} characters)", file=sys.stderr)


if __name__ == "__main__":
    main()
