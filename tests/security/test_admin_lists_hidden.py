"""Attack on round 41: which client a closed group listed, read off its name lists by an
admin without a role in it.

docs/access.md promised that such an admin is never shown which client names a group
listed. But listing a client removes every member and keep entry the name occurs on
(privacy attack 38, ingest.forget_listed): PG Oost keeps "Huize Vanquaethem", its
moderator lists the client "Vanquaethem", and the admin's group page (and its JSON twin
/api/beheer/groep) went from ['Huize Vanquaethem'] to [] beside the audit line
'cliëntnaam toegevoegd'. The lists' counts and whether they were empty told the same, and
so did the count of a moderator's removal in the audit log ('0 verwijderd' for an entry
the admin saw added). Now such an admin is shown none of the group's lists (a Dutch note
says who sees them and how to get a role, which is audited), changes none of them, and
reads the lists' lines in the audit log without their counts. The group's moderators
and an admin with a role there see and manage the lists as before. Runs on PostgreSQL too."""
from __future__ import annotations

import re

import search.themes as themes
from access_world import EAST, form_csrf

VENUE, MEMBER, SURNAME = "Huize Vanquaethem", "Karel Vanquaethem", "Vanquaethem"
CASE = f"# Bezoek\n\nIk sprak mevrouw {SURNAME} over de zorg thuis en de buren.\n"
LISTS_NOTE = "ziet alleen wie een rol in de groep heeft"


def _post(client, path: str, **data):
    return client.post(path, data={"csrf": form_csrf(client, "/upload"), **data}, follow_redirects=False)


def _lists_section(page: str) -> str:
    """The admin page from its first list section up to the client-name section."""
    start = page.index('<section aria-labelledby="namenlijsten">' if LISTS_NOTE in page
                       else '<section aria-labelledby="lijst-member">')
    return re.sub(r'name="csrf" value="[^"]+"', "", page[start:page.index('<section aria-labelledby="clientnamen">')])


def _seen(world, who: str) -> dict:
    client = world.client(who)
    audit = [e["tekst"] for e in client.get("/api/beheer/audit", params={"limit": 500}).json()["entries"]
             if e["target"] == EAST and ("blijft" in e["tekst"] or "blijven" in e["tekst"])]
    status = client.get("/api/status").json()
    return {"json": client.get("/api/beheer/groep", params={"naam": EAST}).json(),
            "lists": _lists_section(client.get("/beheer/groep", params={"naam": EAST}).text),
            "audit": audit, "status": [c for c in status["communities"] if c["name"] == EAST]}


def _group_with_lists(world) -> None:
    """PG Oost with a case naming the client, and its moderator's lists (made before the
    client was known, by the moderator's own page)."""
    moderator = world.client("mod-oost")
    world.store.accounts.set_pseudonymise(EAST, True)
    world.upload(moderator, [("bezoek.md", CASE.encode())], EAST)
    themes.wait_for_tagging(world.store, 60)
    assert _post(moderator, "/api/groep/namen", groep=EAST, soort="keep", namen=VENUE).status_code == 200
    assert _post(moderator, "/api/groep/namen", groep=EAST, soort="member", namen=MEMBER).status_code == 200


def _moderator_lists_the_client(world) -> None:
    answer = _post(world.client("mod-oost"), "/api/groep/clientnamen", groep=EAST, namen=SURNAME, bevestig="1")
    assert answer.status_code == 200, answer.text
    themes.wait_for_tagging(world.store, 60)
    assert world.store.accounts.community_names(EAST, "keep") == []   # attack 38: the entries went


def test_an_admin_without_a_role_sees_the_same_before_and_after_the_group_lists_a_client(world):
    _group_with_lists(world)
    before = _seen(world, "beheerder")
    _moderator_lists_the_client(world)
    after = _seen(world, "beheerder")
    assert before == after
    # nothing of the lists at all, and the note in Dutch
    assert before["json"]["members"] is None and before["json"]["keep"] is None
    assert before["json"]["keep_refused"] is None and LISTS_NOTE in before["lists"]
    assert VENUE not in before["lists"] and "Nog geen" not in before["lists"] and "(1)" not in before["lists"]
    assert before["audit"] and not any(re.search(r"\d", line) for line in before["audit"]), before["audit"]


def test_a_moderator_and_an_admin_with_a_role_still_see_the_change(world):
    _group_with_lists(world)
    world.store.accounts.grant("beheerder", EAST, "lid")
    moderator = world.client("mod-oost")
    names = moderator.get("/api/groep/namen", params={"groep": EAST}).json()
    assert names["keep"] == [VENUE] and names["members"] == [MEMBER]
    before = _seen(world, "beheerder")
    assert before["json"]["keep"] == [VENUE] and VENUE in before["lists"]
    assert "namen die blijven: 1 toegevoegd" in before["audit"]
    _moderator_lists_the_client(world)
    names = moderator.get("/api/groep/namen", params={"groep": EAST}).json()
    assert names["keep"] == [] and names["members"] == []
    after = _seen(world, "beheerder")
    assert after["json"]["keep"] == [] and after["json"]["members"] == [] and VENUE not in after["lists"]


def test_an_admin_without_a_role_changes_no_list_of_the_group(world):
    """A removal's count ('0 verwijderd', on the page's notice or in the log) told whether
    the entry was still there; so such an admin removes nothing either, whatever it names."""
    _group_with_lists(world)
    admin = world.client("beheerder")
    gone = _post(admin, "/beheer/groep/namen", naam=EAST, soort="keep", actie="verwijderen", namen=VENUE)
    never = _post(admin, "/beheer/groep/namen", naam=EAST, soort="keep", actie="verwijderen", namen="Iets Anders")
    assert gone.status_code == never.status_code == 422
    assert gone.text.replace(VENUE, "") == never.text.replace("Iets Anders", "")
    assert world.store.accounts.community_names(EAST, "keep") == [VENUE]
