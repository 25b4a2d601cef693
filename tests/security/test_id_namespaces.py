"""A document id is its community's name and the name the file or line gave
("Wijkteam Gent/verslag.md"), so that another group's id lands in one's own
namespace. That holds only while no id of one community can be spelled as an id of
another: with a '/' in a community's name, "Wijkteam Gent" + "Oost/verslag.md" is
"Wijkteam Gent/Oost" + "verslag.md". A moderator of Wijkteam Gent then learnt which
file names the closed Wijkteam Gent/Oost holds (a refusal where a new id is
ingested), and could take an id before that group used it, refusing its upload.
So a community name holds no '/', wherever a community is made or named."""
from __future__ import annotations

import pytest

import ingest
from security_world import jsonl
from store import AccountError

SUB = "Wijkteam Zuid/Oost"


def test_no_community_is_named_with_a_slash(world, cli):
    with pytest.raises(AccountError):
        world.store.accounts.add_community(SUB, "closed")
    code, _, err = cli("communities", "add", SUB, "--closed")
    assert code != 0 and not world.store.accounts.has_community(SUB)
    with pytest.raises(ingest.IngestError):
        ingest.check_field("community", SUB)


def test_a_file_naming_a_community_with_a_slash_creates_none(world, tmp_path):
    path = tmp_path / "verslag.md"
    path.write_text(f'---\ncommunity: "{SUB}"\ntitle: Verslag\n---\nDe dotterbloem bloeit.\n', "utf-8")
    from fakes import FakeEmbedder
    report = ingest.ingest_paths(world.store, FakeEmbedder(), [path])
    assert [o.status for o in report.outcomes] == ["failed"]
    assert not world.store.accounts.has_community(SUB)


def test_a_line_id_with_a_slash_stays_in_the_writers_namespace(world):
    """The attack itself, on a data dir whose names a slash cannot join (the prefix
    community's moderator writes 'Oost/verslag.md'): the same answer for the id a
    group whose name would have continued it uses and for one never used."""
    text = "Zuid schrijft over de dotterbloem."
    rows = world.upload(world.client("mod-zuid"), [("lijn.jsonl", jsonl(
        {"id": "Oost/verslag.md", "text": text}, {"id": "Oost/nooit.md", "text": text}))], "Wijkteam Zuid")["files"]
    assert [r["status"] for r in rows] == ["ingested", "ingested"]
    assert [r["doc_id"] for r in rows] == ["Wijkteam Zuid/Oost/verslag.md", "Wijkteam Zuid/Oost/nooit.md"]
