"""Trace attack 11: a refused file's report. `ingest` is run from cron and systemd, whose
output is kept in a log; the report of a file that was ingested hides the client names its
path holds ('casus-mevrouw-P.-3f9a2c.md'), but a refused file's line named the path as
given, in the text report, in --json and in the WARNING line of the log ('failed
casus-mevrouw-Quilfaila.md: ...'), and its reason quoted the refused value ("date 'bij
mevrouw Quildatum' is not a date", "unknown type 'casus van mevrouw Quiltype'"). Now a
refused file's path goes through its community's file-name rules as a stored id does,
the reason quotes no value that has a letter in it, and --show-names gives both back."""
from __future__ import annotations

import json
import logging

import pytest

NAMES = ("Quilfaila", "Quildatuma", "Quiltypa", "Quilrolla", "Quilcycla", "Quilsessa", "Quilauthla",
         "Quilopenba", "Quilpnga", "Quilleega", "Quilcomma")


def _folder(tmp_path):
    folder = tmp_path / "verslagen" / "PG Zuid" / "2023-2024"
    folder.mkdir(parents=True)
    files = {
        "casus-mevrouw-Quilfaila.md": "---\ndatum: gisteren\n---\nDe buurtwerker sprak met de mantelzorger.\n",
        "a.md": "---\ndatum: bij mevrouw Quildatuma\n---\nDe buurtwerker sprak.\n",
        "b.md": "---\ntype: casus van mevrouw Quiltypa\n---\nDe buurtwerker sprak.\n",
        "c.md": "---\nauthors: [\"Lien Baeten, mevrouw Quilrolla\"]\n---\nDe buurtwerker sprak.\n",
        "d.md": "---\ncyclus: mevrouw Quilcycla\n---\nDe buurtwerker sprak.\n",
        "e.md": "---\nsessie: mevrouw Quilsessa\n---\nDe buurtwerker sprak.\n",
        "f.md": "---\nauthors: [\"Lien Baeten (thuiszorg) mevrouw Quilauthla\"]\n---\nDe buurtwerker sprak.\n",
        "g.md": "---\nopenbaar: mevrouw Quilopenba\n---\nDe buurtwerker sprak.\n",
        "foto mevrouw Quilpnga.png": "x",
        "leeg mevrouw Quilleega.txt": "",
    }
    for name, body in files.items():
        (folder / name).write_text(body, encoding="utf-8")
    return folder.parent.parent


@pytest.mark.deduce
def test_a_refused_files_report_and_log_name_no_client(cli, tmp_path, caplog):
    folder = _folder(tmp_path)
    with caplog.at_level(logging.DEBUG):
        code, out, err = cli("ingest", str(folder), "--create-communities")
        assert code == 1 and out.count("\nfailed ") + out.startswith("failed ") == 10, out
        code, json_out, err2 = cli("ingest", str(folder), "--json")
        assert code == 1
    shown = (out + err + json_out + err2 + caplog.text).lower()
    assert [n for n in NAMES if n.lower() in shown] == [], out + json_out + caplog.text
    # what the reasons still say: the field and what it should be
    assert "date is not a date like 2023-11-14" in out and "unknown type (use one of:" in out
    assert "casus-mevrouw-Q." in out and "the file is empty" in out
    outcomes = json.loads(json_out)["outcomes"]
    assert all("given_id" not in o for o in outcomes)
    # asked for: the person checking sees the paths as given
    code, out, _ = cli("ingest", str(folder), "--json", "--show-names")
    given = {o.get("given_id") for o in json.loads(out)["outcomes"]}
    assert "PG Zuid/2023-2024/casus-mevrouw-Quilfaila.md" in given


def test_a_flags_value_without_letters_is_still_quoted():
    import ingest
    from ingest._errors import IngestError
    with pytest.raises(IngestError) as raised:
        ingest.checked_overrides(cycle="2024-2023")
    assert raised.value.detail == "cycle '2024-2023' ends before it starts"
