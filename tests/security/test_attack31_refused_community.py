"""Attack 31: a refused file's report quoted the community its front matter names, whole.

A file whose front matter names a group that does not exist ('groep: Dossier mevrouw
Zwanhilde Okonkwo', a writer who took the field for the case's name) is refused, and
`ingest` printed `community 'Dossier mevrouw Zwanhilde Okonkwo' does not exist; create it
first (praktijkgeheugen communities add "...")`: the report a scheduled run keeps in its log
(trace attack 11 hid the refused file's own id and the metadata values, not this one).
Reproduced by hand on a real data dir (`ingest corpus4`). Failed on 12d46b1. Now a community
named by the file itself is shown in a refusal with the client names in it hidden, as a
refused file's id is (ingest._pipeline._Refused); one given with --community is the owner's
own word and stays."""
from __future__ import annotations

from pathlib import Path

BODY = "De buurtwerker sprak met de mantelzorger over eenzaamheid en de thuiszorg.\n"


def _file(folder: Path, community: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "verslag.md").write_text(f"---\ngroep: {community}\n---\n{BODY}", encoding="utf-8")
    return folder


def test_a_refused_files_community_from_its_front_matter_names_no_client(cli, tmp_path):
    code, out, err = cli("ingest", str(_file(tmp_path / "docs", "Dossier mevrouw Zwanhilde Okonkwo")))
    assert "does not exist" in out and "verslag.md" in out, out
    assert "Okonkwo" not in out + err and "Zwanhilde" not in out + err, out + err


def test_a_community_given_with_the_flag_is_the_owners_word(cli, tmp_path):
    folder = tmp_path / "docs"
    folder.mkdir()
    (folder / "verslag.md").write_text(BODY, encoding="utf-8")
    code, out, err = cli("ingest", str(folder), "--community", "Wijkteam Zuidd")
    assert "community 'Wijkteam Zuidd' does not exist" in out, out
