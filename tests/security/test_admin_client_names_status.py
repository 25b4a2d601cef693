"""A beheerder without a role in a closed group still learned whether its documents name
someone. Since the ninth attack the group's page no longer says how many documents a list
of client names changed (tests/security/test_admin_client_names.py), but the names were
still taken in and the group's documents pseudonymised again, and that showed elsewhere:
the status page (/status, /api/status, admins only) records the last theme tagging, which
every web correction starts for the new versions' passages. Adding 'kanarieaap' (a word in
PG Noord's closed case) to PG Noord's client names made a new run appear there with
'passages: 1'; a name no document holds left the last run as it was. (The data dir's
bytes per part and the consistency check's 'erase_pending' moved with it too.) Found by
the twentieth attack. Class: the effect of a change on documents the caller may not read,
observed through a store-wide record. Fix: an admin without a role in a group that holds
documents cannot list its client names on the web (the group's moderators can, on a
document's page, and the server's owner with `praktijkgeheugen clients add`); for a group
without documents nothing can show, so the list can still be prepared before its first
upload."""
from __future__ import annotations

import re

import search.themes as themes
from access_world import NORTH, form_csrf


def _status(client) -> dict:
    status = client.get("/api/status").json()
    return {"runs": status["runs"], "totals": status["totals"], "communities": status["communities"]}


def _add(world, client, community: str, name: str):
    page = client.post("/beheer/groep/clientnamen", data={"csrf": form_csrf(client, "/beheer"), "naam": community,
                                                           "namen": name})
    themes.wait_for_tagging(world.store, 60)
    return page.status_code, re.sub(r'name="csrf" value="[^"]+"', "", page.text).replace(name, "NAAM")


def test_the_status_page_does_not_tell_whether_a_closed_groups_documents_name_someone(world):
    themes.tag_now(world.store, world.app.state.runtime.embedder, world.data_dir)   # nothing left to tag
    admin = world.client("beheerder")
    before = _status(admin)
    unknown = _add(world, admin, NORTH, "Onbekendenaam")
    after_unknown = _status(admin)
    named = _add(world, admin, NORTH, "kanarieaap")   # PG Noord's closed case says it
    assert before == after_unknown == _status(admin)
    assert named == unknown
    document = world.client("lid-noord").get("/api/documents/noord/geheim.md").json()
    assert "kanarieaap" in document["text"]   # not pseudonymised at an outsider's word


def test_a_group_without_documents_can_get_its_list_before_its_first_upload(world):
    world.store.accounts.add_community("PG Nieuw", "closed")
    admin = world.client("beheerder")
    status, page = _add(world, admin, "PG Nieuw", "Vandamme")
    assert status == 200 and "1 cliëntnaam verwerkt" in page
    assert world.store.clients.client_name_spans("PG Nieuw", "mevrouw Vandamme belde") != []
