"""Tenancy attack 26's probes that held, kept as tests (the holes it found are
test_pack_two_groups.py and test_person_membership.py).

* A moderator removed from her group mid-session keeps her browser session, the cookie
  of the pack she was filling and an API token made before: none of them reads or
  changes the group's packs, counts the pack in the menu, reads the group's closed
  document, uploads, moderates (sharing, delete, metadata, client names) or sees themes;
  she reads what her remaining role (a member of PG Noord) reads.
"""
from __future__ import annotations

from access_world import BY_ID, NORTH, SOUTH, form_csrf

SECRET = BY_ID["zuid/dicht.md"]   # Wijkteam Zuid's document that Zuid closed


def test_a_moderator_removed_mid_session_keeps_nothing_of_the_role(world):
    moderator = world.client("mod-zuid")
    csrf = form_csrf(moderator, "/pakketten")
    pack = moderator.post("/api/packs", data={"naam": "Sessie", "groep": SOUTH, "csrf": csrf}).json()["id"]
    assert moderator.post(f"/api/packs/{pack}/items", data={"doc_id": SECRET.doc_id, "csrf": csrf}).status_code == 200
    moderator.cookies.set("praktijkgeheugen_pakket", pack)
    token = {"authorization": "Bearer " + world.store.accounts.create_token("mod-zuid", None, "script")}
    world.store.accounts.revoke("mod-zuid", SOUTH)   # the admin removes her from Wijkteam Zuid
    world.store.accounts.grant("mod-zuid", NORTH, "lid")
    for headers in ({}, token):
        for url in ("/", "/documenten/zuid/open.md", "/api/search?q=thuiszorg+wijk&k=100", "/api/documents?limit=1000"):
            response = moderator.get(url, headers=headers)
            assert response.status_code == 200, url
            assert not any(marker in response.text for marker in SECRET.markers), url
            assert 'class="count"' not in response.text, url   # no pack in the menu
        for url in (f"/api/packs/{pack}", f"/pakketten/{pack}", f"/pakketten/{pack}/export.md", "/api/packs",
                    "/pakket", "/upload", "/api/themes", "/mappen"):
            assert moderator.get(url, headers=headers).status_code == 403, url
        for url in (f"/documenten/{SECRET.doc_id}", f"/api/documents/{SECRET.doc_id}", f"/bron/{SECRET.doc_id}"):
            assert moderator.get(url, headers=headers).status_code == 404, url
    csrf = form_csrf(moderator, "/")
    for url, data, refused in ((f"/api/packs/{pack}/items", {"doc_id": "zuid/open.md"}, 403),
                               ("/pakket/toevoegen", {"doc_id": "zuid/open.md"}, 403),
                               (f"/delen/{SECRET.doc_id}", {"sharing": "shared"}, 404),
                               ("/delen/zuid/open.md", {"sharing": "closed"}, 403),
                               ("/verwijderen/zuid/open.md", {}, 403),
                               ("/api/documents/zuid/open.md/metadata", {"title": "Weg"}, 404),
                               ("/api/documents/zuid/open.md/client-names", {"namen": "Zandloper"}, 404)):
        assert moderator.post(url, data={**data, "csrf": csrf}, follow_redirects=False).status_code == refused, url
    assert world.store.accounts.document_sharing(SECRET.doc_id)[0] == "closed"
    assert world.store.accounts.document_sharing("zuid/open.md")[0] is None
    assert world.store.catalogue.get_document("zuid/open.md").meta.title == "Verslag over de dotterbloem"
    assert [i.doc_id for i in world.store.packs.items(pack, None)] == [SECRET.doc_id]
