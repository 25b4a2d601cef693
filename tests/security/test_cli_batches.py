"""Item 13 of issue 14: a file whose name is not valid UTF-8 is one refused file in
the CLI's report, never a traceback that stops the batch."""
from __future__ import annotations

import json
import os

import pytest


@pytest.fixture
def batch(tmp_path):
    folder = tmp_path / "batch"
    folder.mkdir()
    try:
        (folder / os.fsdecode(b"casus-caf\xe9.md")).write_text("Latin-1 in de naam.\n", "utf-8")
    except (OSError, UnicodeError):
        pytest.skip("this file system refuses names that are not UTF-8")
    (folder / "verslag.md").write_text("---\ncommunity: Wijkteam Zuid\n---\nVerslag over de buurt.\n", "utf-8")
    return folder


def test_a_name_that_is_not_utf8_is_one_refused_file(world, cli, batch):
    code, out, err = cli("ingest", batch, "--json")
    assert code == 1 and "Traceback" not in err
    report = json.loads(out)
    assert report["counts"] == {"ingested": 1, "replaced": 0, "unchanged": 0, "failed": 1}
    [failed] = [o for o in report["outcomes"] if o["status"] == "failed"]
    # Since late attack 11 the name is read as Latin-1 (then its client names hidden), so the
    # report shows a readable name that encodes as UTF-8, not the escaped byte.
    assert failed["code"] == "bad_name" and failed["source"].endswith("casus-café.md")
    failed["source"].encode("utf-8")
    assert world.store.catalogue.get_document("verslag.md") is not None


def test_the_text_report_and_a_file_named_directly_too(world, cli, batch):
    named = batch / os.fsdecode(b"casus-caf\xe9.md")
    code, out, err = cli("ingest", named, batch / "verslag.md")
    assert code == 1 and "Traceback" not in err
    assert "failed" in out and "not valid UTF-8" in out and "1 ingested" in out
