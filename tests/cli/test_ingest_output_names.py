"""A scheduled `ingest` whose output a cron job appends to a log file: the report said
"replaced: mevrouw Peeters -> mevrouw P.", so the log kept the client names that the
store never holds. The default report (text and --json) now gives per document the
number of names replaced and what replaced them, never the names found or kept, nor an
id or path as given where a name found in the text was hidden from it; --show-names
prints them for a person who asks. The log holds none of them either."""
from __future__ import annotations

import json
import logging

CASE = ("---\ncommunity: PG Noord\ncycle: 2023-2024\n---\n# Huisbezoek\n\n"
        "Ik bezocht mevrouw Peeters thuis. Mevrouw Peeters wil niet naar het dagcentrum.\n")


def _folder(tmp_path):
    folder = tmp_path / "verslagen"
    folder.mkdir()
    (folder / "huisbezoek-peeters.md").write_text(CASE, encoding="utf-8")
    return folder


def test_the_ingest_report_and_the_log_name_no_client_unless_asked(cli, tmp_path, caplog):
    folder = _folder(tmp_path)
    with caplog.at_level(logging.DEBUG):
        code, out, err = cli("ingest", str(folder), "--create-communities")
        assert code == 0, err
        assert "2 client names replaced: mevrouw P., Mevrouw P." in out
        assert "peeters" not in (out + err).lower()
        code, out, err = cli("ingest", str(folder), "--json")   # unchanged: still reported
        assert code == 0, err
        assert "peeters" not in (out + err).lower()
        [outcome] = json.loads(out)["outcomes"]
        assert outcome["names"]["count"] == 2 and outcome["names"]["replacements"] == ["mevrouw P.", "Mevrouw P."]
        assert "given_id" not in outcome and outcome["source"].endswith(outcome["doc_id"])
    assert "peeters" not in caplog.text.lower()
    # asked for: a person checks what was caught
    code, out, _ = cli("ingest", str(folder), "--json", "--show-names")
    [outcome] = json.loads(out)["outcomes"]
    assert ["mevrouw Peeters", "mevrouw P."] in outcome["names"]["replaced"]
    assert outcome["given_id"] == "huisbezoek-peeters.md"
    (folder / "huisbezoek-peeters.md").write_text(CASE + "Ze belt mevrouw Peeters morgen.\n", encoding="utf-8")
    code, out, _ = cli("ingest", str(folder), "--show-names")
    assert code == 0 and "replaced: mevrouw Peeters -> mevrouw P." in out
