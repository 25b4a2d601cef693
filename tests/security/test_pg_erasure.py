"""Erasure on PostgreSQL: a backup made after a document was deleted (every table by
COPY, and the data dir's Chroma collection) holds no byte of its text or vectors."""
from __future__ import annotations

import tarfile

import pytest

from dutch_docs import write_docs

PHRASE = "Zwoerkelmansstraat"
SECRET = f"""---
title: "Casus: mevrouw aan de {PHRASE}"
type: casus
community: "PG Noord"
---
Mevrouw woont alleen aan de {PHRASE} en vraagt hulp bij de administratie van haar {PHRASE}-huurcontract.
"""


@pytest.fixture
def on_postgres(tmp_path, postgres_server, monkeypatch, cli):
    from store import scratch_database
    with scratch_database(postgres_server, "erase") as url:
        monkeypatch.setenv("PRAKTIJKGEHEUGEN_DATABASE_URL", url)
        yield cli


def _members_holding(backup, needles: list[bytes]) -> list[str]:
    found = []
    with tarfile.open(backup) as tar:
        for member in tar.getmembers():
            if member.isfile():
                raw = tar.extractfile(member).read()
                if any(n in raw or n in raw.lower() for n in needles):
                    found.append(member.name)
    return found


def test_a_backup_after_a_delete_holds_nothing_of_the_document(on_postgres, tmp_path):
    cli = on_postgres
    docs = write_docs(tmp_path / "docs")
    (docs / "geheim.md").write_text(SECRET, encoding="utf-8")
    assert cli("ingest", str(docs), "--create-communities")[0] == 0
    needles = [PHRASE.encode(), PHRASE.lower().encode()]
    before = tmp_path / "voor.tar.gz"
    assert cli("backup", str(before))[0] == 0
    assert _members_holding(before, needles)   # the probe works
    code, out, err = cli("delete", "geheim.md")
    assert code == 0, err
    after = tmp_path / "na.tar.gz"
    assert cli("backup", str(after))[0] == 0
    assert _members_holding(after, needles) == []
