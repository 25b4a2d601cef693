"""The tenth tenancy attack (helper tenancy10): a closed group's name, read through what an
upload's file name keeps. The words of a file name that look like a client's name are
hidden ('verslag_Quilclaara.md' -> 'verslag_Q.-<tag>.md'), except the words that stay
whatever they look like: the uploading group's members, its keep list, and the words of
every community's name (a folder may be one). Every community's: closed ones included. So
Wijkteam Zuid's moderator who uploaded 'verslag_Quilclaara.md' got the id, title and text
back with 'Quilclaara' kept exactly when some group, perhaps a closed one, had that word
in its name: an oracle for the names of closed groups, which the filters answer as never
made (tests/security/test_filter_values.py). The same for a file name quoted in a text
('zie notities_Quilclaara.docx'). Now only the document's own community's name and those
of communities shared with the network stay; a closed group's name is, to everyone
outside it, a word like any other."""
from __future__ import annotations

from access_world import SOUTH

BODY = "Huisbezoek. De cliënte woont alleen sinds de zomer en belde de thuiszorg zelf.\n"
QUOTED = BODY + "Zie ook notities_Quilclaara.docx voor het vervolg.\n"
WORD = "Quilclaara"


def _stored(world, client, file_name: str, body: str) -> tuple[str, str, str, str]:
    """(status, id, title, text) of one upload by Wijkteam Zuid's moderator."""
    [row] = world.upload(client, [(file_name, body.encode())], SOUTH)["files"]
    assert row["status"] != "failed", row
    document = client.get(f"/api/documents/{row['doc_id']}").json()
    return row["status"], row["doc_id"], document["title"], document["text"]


def test_a_closed_groups_name_is_not_kept_in_an_outsiders_file_names(world):
    world.store.accounts.set_community(SOUTH, pseudonymise=True)
    mod = world.client("mod-zuid")
    before = [_stored(world, mod, "verslag_Quilclaara.md", BODY), _stored(world, mod, "casus.md", QUOTED)]
    assert all(WORD not in "".join(answer) for answer in before), before

    world.store.accounts.add_community(f"Werkgroep {WORD}", "closed")   # mod-zuid has no role in it
    after = [_stored(world, mod, "verslag_Quilclaara.md", BODY), _stored(world, mod, "casus.md", QUOTED)]
    # the same ids, titles and texts: the same documents again, unchanged
    assert [answer[1:] for answer in after] == [answer[1:] for answer in before]
    assert [answer[0] for answer in after] == ["unchanged", "unchanged"]


def test_the_own_groups_name_and_a_shared_groups_name_stay(world):
    world.store.accounts.add_community(f"Werkgroep {WORD}", "shared")
    world.store.accounts.add_community("Team Zonnevelt", "closed")
    world.store.accounts.grant("mod-oost", "Team Zonnevelt", "moderator")
    mod = world.client("mod-oost")
    [shared] = world.upload(mod, [("verslag_Quilclaara.md", BODY.encode())], "Team Zonnevelt")["files"]
    [own] = world.upload(mod, [("verslag_Zonnevelt.md", BODY.encode())], "Team Zonnevelt")["files"]
    assert shared["doc_id"] == "Team Zonnevelt/verslag_Quilclaara.md", shared
    assert own["doc_id"] == "Team Zonnevelt/verslag_Zonnevelt.md", own
