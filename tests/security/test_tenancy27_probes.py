"""Probes on tenancy round 27's new pages that held when written: who may read a group's
"Wie er toegang kreeg" (group_changes) and try its keep list, and whether a crafted name
in an audit line or a keep entry reaches a page as markup. Each asserts the answer a
caller without the right gets, so a later change that opens one fails here."""
from __future__ import annotations

from fastapi.testclient import TestClient

from access_world import EAST, NORTH, form_csrf

CRAFTED = '<img src=x onerror="alert(1)">'


def _post(client: TestClient, url: str, **data):
    return client.post(url, data={"csrf": form_csrf(client, "/beheer"), **data}, follow_redirects=False)


def test_only_the_groups_moderator_reads_its_changes_or_tries_its_keep_list(world):
    admin = world.client("beheerder")
    assert _post(admin, "/beheer/gebruiker/uitnodigen", naam="Verborgen Deelnemer", groep=EAST,
                 rol="lid").status_code in (200, 303)
    for name in ("lid-noord", "mod-zuid", "onderzoeker", "nieuw", "beheerder"):
        client = world.client(name)
        for url in ("/api/groep/namen", "/groep/namen"):
            answer = client.get(url, params={"groep": EAST})
            assert answer.status_code == 404 and "Verborgen" not in answer.text, (name, url)
        csrf = form_csrf(client, "/account")
        for kind, names in (("keep", "Peeters"), ("keep", "Jan Peeters"), ("member", "Jan Peeters")):
            answer = client.post("/api/groep/namen", data={"csrf": csrf, "groep": EAST, "soort": kind,
                                                           "namen": names}, follow_redirects=False)
            assert answer.status_code == 404, (name, kind, answer.status_code)   # as a group that is not there
    assert "Verborgen" not in world.client("lid-noord").get("/api/account").text


def test_a_crafted_name_in_an_audit_line_or_keep_entry_is_text(world):
    admin = world.client("beheerder")
    refused = _post(admin, "/beheer/gebruiker/uitnodigen", naam=CRAFTED, groep=EAST, rol="lid")
    # a new user name holds no '<' since workflow 40 (store._accounts): refused, the name shown as text
    assert refused.status_code >= 400 and "<img" not in refused.text and "&lt;img" in refused.text
    from store._accounts import _hasher, insert_user

    accounts = world.store.accounts
    with accounts.db.transaction() as conn:   # an account an older version let in
        insert_user(conn, CRAFTED, _hasher().hash("een goed wachtwoord"), False)
    accounts.grant(CRAFTED, EAST, "lid", actor="beheerder")   # an audit line naming it
    moderator = world.client("mod-oost")
    csrf = form_csrf(moderator, "/groep/namen?groep=" + EAST)
    moderator.post("/groep/namen", data={"csrf": csrf, "groep": EAST, "soort": "keep", "namen": CRAFTED})
    page = moderator.get("/groep/namen", params={"groep": EAST}).text
    assert "<img" not in page
    assert "&lt;img" in page   # the role given to the old account is there, as text
    mod_north = world.client("lid-noord").get("/groep/namen", params={"groep": NORTH})
    assert mod_north.status_code == 404
