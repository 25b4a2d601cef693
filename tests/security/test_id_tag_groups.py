"""The keyed tag of an id a client's name was hidden from (store.ClientNames.id_tag)
says nothing to another group. The tag was an HMAC of the file name as given, without
its community: Wijkteam Zuid's shared 'casus_mevrouw_Vandamme.md' became
'Wijkteam Zuid/casus_mevrouw_V.-<tag>.md', and a moderator of PG Oost who read it and
uploaded 'casus_mevrouw_Vandamme.md' into her own group got 'PG Oost/casus_mevrouw_V.-<tag>.md'
with the same six digits, and another tag for 'casus_mevrouw_Verbeke.md': whoever moderates
any group could confirm a guessed client name behind another group's case, one upload per
guess (and delete it again). Found by the twentieth attack. The tag is now keyed with the
id as stored (the community's namespace included), so only the same group's same file
gets the same id back."""
from __future__ import annotations

import pytest

from access_world import EAST, SOUTH

BODY = b"---\ntitle: Casus eenzaamheid\n---\nIk bezocht mevrouw V. Ze woont alleen sinds de zomer.\n"


def _tag(doc_id: str) -> str:
    return doc_id.rsplit("-", 1)[1].split(".")[0]


@pytest.mark.deduce
def test_another_groups_upload_of_the_same_file_name_gets_another_tag(world):
    for community in (SOUTH, EAST):
        world.store.accounts.set_community(community, pseudonymise=True)
    [theirs] = world.upload(world.client("mod-zuid"), [("casus_mevrouw_Vandamme.md", BODY)], SOUTH)["files"]
    assert theirs["status"] == "ingested" and "Vandamme" not in theirs["doc_id"], theirs
    prober = world.client("mod-oost")
    assert prober.get(f"/api/documents/{theirs['doc_id']}").status_code == 200   # shared: she reads its id
    [guess] = world.upload(prober, [("casus_mevrouw_Vandamme.md", BODY)], EAST)["files"]
    [other] = world.upload(prober, [("casus_mevrouw_Verbeke.md", BODY)], EAST)["files"]
    assert guess["doc_id"].startswith(f"{EAST}/casus_mevrouw_V.-"), guess
    assert _tag(guess["doc_id"]) != _tag(theirs["doc_id"])   # the right guess looks like any other
    assert _tag(guess["doc_id"]) != _tag(other["doc_id"])
