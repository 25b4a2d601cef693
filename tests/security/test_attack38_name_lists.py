"""Privacy attack 38: a client's name on the group's member list or keep list.

A moderator puts someone on the member list who turns out to be a client ("Rosalie
Vanquaethem", taken for a volunteer), or a venue named after a client's family on the
keep list ("Huize Vanquaethem"), and then lists the client (the correction on a document
page, `clients add`, the group's name page). The documents were pseudonymised again, but
the lists kept the entries as typed: the client's name in plain text in the database (and
so in every backup), on /groep/namen and the admin's group page. The keep list refused a
new entry holding a listed name (tests/security/test_keep_list_names.py) and showed an
older one as refused, kept; the member list took any name, a listed client's too. Now a
listing removes every member and keep entry on which a listed name occurs, and the member
list refuses such an entry as the keep list does (an admin without a role in the group
adds to neither: a refusal would tell which clients the group lists)."""
from __future__ import annotations

import pytest

from access_world import EAST, SOUTH, form_csrf

CLIENT = "Rosalie Vanquaethem"
SURNAME = "Vanquaethem"
VENUE = "Huize Vanquaethem"


def _post(client, path: str, **data):
    return client.post(path, data={"csrf": form_csrf(client, "/upload"), **data}, follow_redirects=False)


def _files_holding(root, word: str) -> list[str]:
    needles = (word.lower().encode(), word.lower().encode("utf-16-le"))
    return [str(p.relative_to(root)) for p in root.rglob("*") if p.is_file()
            and any(n in p.read_bytes().lower() for n in needles)]


def _lists(world, community: str = SOUTH) -> list[str]:
    return [*world.store.accounts.community_names(community, "member"),
            *world.store.accounts.community_names(community, "keep")]


@pytest.mark.parametrize("how", ["document page", "group page", "cli"])
def test_listing_a_client_removes_the_member_and_keep_entries_that_name_them(world, cli, how):
    moderator = world.client("mod-zuid")
    assert _post(moderator, "/api/groep/namen", groep=SOUTH, soort="member", namen=CLIENT).status_code == 200
    assert _post(moderator, "/api/groep/namen", groep=SOUTH, soort="keep",
                 namen=f"{VENUE}\nBuurthuis De Linde").status_code == 200
    [row] = world.upload(moderator, [("gesprek.md", f"Gesprek met {CLIENT} in {VENUE}.\n".encode())],
                         SOUTH)["files"]
    assert SURNAME in world.store.catalogue.get_document(row["doc_id"]).text   # a member's name, kept
    if how == "document page":
        csrf = form_csrf(moderator, f"/documenten/{row['doc_id']}")
        answer = moderator.post(f"/api/documents/{row['doc_id']}/client-names", data={"namen": SURNAME, "csrf": csrf,
                                                                                      "bevestig": "1"})
        assert answer.status_code == 200, answer.text   # a listed member's name: asked first, confirmed here
    elif how == "group page":
        assert _post(moderator, "/api/groep/clientnamen", groep=SOUTH, namen=SURNAME).status_code == 409
        # a listed member's name: asked first as on the document page, confirmed here
        assert _post(moderator, "/api/groep/clientnamen", groep=SOUTH, namen=SURNAME, bevestig="1").status_code == 200
    else:
        assert cli("clients", "add", "--community", SOUTH, SURNAME, "--yes")[0] == 0
    assert _lists(world) == ["Buurthuis De Linde"]
    for page in ("/groep/namen?groep=" + SOUTH, "/api/groep/namen?groep=" + SOUTH):
        assert SURNAME not in moderator.get(page).text, page
    if world.store.db.dialect == "sqlite":
        world.store.close()
        assert _files_holding(world.data_dir, SURNAME) == []


def test_the_member_list_refuses_a_listed_clients_name(world, cli):
    world.store.clients.add_client_names(SOUTH, [SURNAME])
    moderator = world.client("mod-zuid")
    for entry in (CLIENT, SURNAME, "rosalie vanquaethem"):
        answer = _post(moderator, "/api/groep/namen", groep=SOUTH, soort="member", namen=f"Griet Van Hecke\n{entry}")
        assert answer.status_code == 422 and "Regel 2" in answer.json()["error"], entry
        assert entry not in answer.text
    page = _post(moderator, "/groep/namen", groep=SOUTH, soort="member", namen=CLIENT)
    assert page.status_code == 422 and "cliëntnaam" in page.text
    for entry in (CLIENT, "Rosalie Vanquae\u00adthem"):   # a soft hyphen shows nothing
        code, _, err = cli("members", "add", "--community", SOUTH, entry)
        assert code == 2 and SURNAME not in err, entry
    assert _lists(world) == []
    assert _post(moderator, "/api/groep/namen", groep=SOUTH, soort="member", namen="Griet Van Hecke").status_code == 200
    assert _lists(world) == ["Griet Van Hecke"]


def test_an_admin_without_a_role_learns_nothing_and_stores_nothing(world):
    world.store.clients.add_client_names(EAST, [SURNAME])
    admin = world.client("beheerder")
    listed = _post(admin, "/beheer/groep/namen", naam=EAST, soort="member", namen=CLIENT)
    unlisted = _post(admin, "/beheer/groep/namen", naam=EAST, soort="member", namen="Griet Van Hecke")
    assert listed.status_code == unlisted.status_code == 422
    assert listed.text.replace(CLIENT, "") == unlisted.text.replace("Griet Van Hecke", "")
    assert _lists(world, EAST) == []
    world.store.accounts.grant("beheerder", EAST, "lid")
    assert _post(admin, "/beheer/groep/namen", naam=EAST, soort="member", namen=CLIENT).status_code == 422
    assert _post(admin, "/beheer/groep/namen", naam=EAST, soort="member", namen="Griet Van Hecke").status_code == 303
    assert _lists(world, EAST) == ["Griet Van Hecke"]
