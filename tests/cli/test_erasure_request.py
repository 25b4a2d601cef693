"""docs/beheer.md, "Een verzoek om alles over een cliënt te wissen": its commands run in
order on a group whose notes name a client, as the coordinator types them. The search
finds the mention pseudonymisation missed, `clients add` replaces it in every document,
the search then finds nothing, and `delete` removes the document about the client while
the other stays; the audit log names neither the client nor the deleted id."""
from __future__ import annotations

import json
import re
import shlex
from pathlib import Path

GUIDE = Path(__file__).resolve().parents[2] / "docs" / "beheer.md"
SECTION = "## Een verzoek om alles over een cliënt te wissen"
BLOCK = re.compile(r"```sh\n(.*?)```", re.S)
# The mail about the client, uploaded as the web names it ("PG Noord/<file>"); a second
# note names her without any title, which the recogniser cannot know is a client.
MAIL = "Beste collega's,\n\nDe buren maken zich zorgen: ze verdwaalde twee keer in de wijk.\n"
NOTE = "Overleg over de dagopvang.\n\nClaeys wil niet naar de dagopvang; we proberen het opnieuw.\n"


def _section_commands() -> list[list[str]]:
    """The `praktijkgeheugen` lines of the section's shell blocks (a `| grep` left off)."""
    text = GUIDE.read_text(encoding="utf-8")
    section = text[text.index(SECTION):]
    section = section[:section.index("\n## ", 1)]
    lines = [line.strip() for block in BLOCK.findall(section) for line in block.splitlines()]
    return [shlex.split(line.split(" | ")[0])[1:] for line in lines if line.startswith("praktijkgeheugen ")]


def test_the_erasure_request_runs_as_the_guide_says(cli, store, tmp_path):
    commands = _section_commands()
    assert [words[0] for words in commands] == ["search", "clients", "documents", "delete"]
    store.accounts.add_community("PG Noord", "shared")
    store.accounts.set_pseudonymise("PG Noord", False)   # only the listed name is replaced: no model needed
    folder = tmp_path / "upload"
    (folder / "PG Noord").mkdir(parents=True)
    (folder / "PG Noord" / "mail-dementie.eml").write_text(
        f"From: sien@example.org\nSubject: Zorgen om de buurvrouw\nContent-Type: text/plain; charset=utf-8\n\n{MAIL}",
        encoding="utf-8")
    (folder / "PG Noord" / "overleg.txt").write_text(NOTE, encoding="utf-8")
    assert cli("ingest", str(folder), "--community", "PG Noord")[0] == 0
    said = {}
    for words in commands:
        code, out, err = cli(*words)
        assert code == 0, (words, out, err)
        said.setdefault(words[0], []).append(out)
    assert "PG Noord/overleg.txt" in said["search"][0]
    assert "1 documents pseudonymised again, 1 mentions replaced" in said["clients"][0]
    assert "PG Noord/mail-dementie.eml" in said["documents"][0]
    assert said["delete"][0].strip() == "deleted: PG Noord/mail-dementie.eml"
    code, out, _ = cli("search", "Claeys", "--community", "PG Noord", "--mode", "lexical", "--json")
    assert code == 0 and json.loads(out)["results"] == []
    code, out, _ = cli("documents")
    assert "PG Noord/overleg.txt" in out and "mail-dementie" not in out
    assert "C. wil niet naar de dagopvang" in store.catalogue.get_document("PG Noord/overleg.txt").text
    log = " ".join(str(entry) for entry in store.accounts.audit_log())
    assert "verwijderd" in log and "Claeys" not in log and "mail-dementie" not in log
