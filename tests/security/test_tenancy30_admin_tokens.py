"""Tenancy round 30: an admin's API token changes no account, role or group.

An API token is for scripts (the admin's JSON pages, /api/beheer...), and one's own
account was already changed from the browser only: a token that leaked must not make
more tokens or change the password. An admin's token could still post every admin
form: a new-password link for any account (its own included: the link outlives the
token it ends, so the token became a password of its own), an invitation, a role in a
closed group for itself (whose cases the token then read), a group opened to the
network, an account deleted. Now each of those changes needs the admin's web session
(403 with a token, nothing changed), as one's own account does; the admin's reads and
the documented POST /api/status/check keep working with a token.
"""
from __future__ import annotations

from fastapi.testclient import TestClient

from access_world import NORTH, form_csrf, log_in

SECRET = "noord/geheim.md"
CHANGES = [("/beheer/gebruiker/herstellen", {"naam": "lid-noord"}),
           ("/beheer/gebruiker/herstellen", {"naam": "beheerder"}),
           ("/beheer/gebruiker/uitnodigen", {"naam": "helper", "groep": NORTH, "rol": "moderator"}),
           ("/beheer/gebruiker/rol", {"naam": "beheerder", "groep": NORTH, "rol": "lid"}),
           ("/beheer/gebruiker/rol-intrekken", {"naam": "lid-noord", "groep": NORTH}),
           ("/beheer/gebruiker/ontgrendelen", {"naam": "lid-noord"}),
           ("/beheer/gebruiker/tokens-intrekken", {"naam": "lid-noord"}),
           ("/beheer/gebruiker/verwijderen", {"naam": "mod-oost", "bevestig": "mod-oost"}),
           ("/beheer/groep/nieuw", {"naam": "Nieuwe groep", "delen": "shared"}),
           ("/beheer/groep/instellingen", {"naam": NORTH, "delen": "shared", "pseudonimiseren": "1"}),
           ("/beheer/groep/namen", {"naam": NORTH, "soort": "member", "namen": "Jan Jansen"}),
           ("/beheer/groep/clientnamen", {"naam": NORTH, "namen": "Zilverreiger"})]


def _state(world) -> tuple:
    accounts = world.store.accounts
    return ([(u.name, u.is_admin, sorted(u.roles.items())) for u in accounts.users()],
            [(c.name, c.sharing, c.pseudonymise) for c in accounts.communities()],
            accounts.community_names(NORTH, "member"), world.store.clients.client_name_count(NORTH),
            len(world.store.profiles.tokens("lid-noord")), world.store.invitations.pending())


def test_an_admins_api_token_changes_no_account_role_or_group(world):
    token = world.store.accounts.create_token("beheerder", None, "script")
    world.store.accounts.create_token("lid-noord", None, "export")
    script = TestClient(world.app, headers={"Authorization": f"Bearer {token}"})
    before = _state(world)
    for url, data in CHANGES:
        response = script.post(url, data=data, follow_redirects=False)
        assert response.status_code == 403, (url, data, response.status_code)
        assert "uitnodiging/" not in response.text, url
    assert _state(world) == before
    assert script.get(f"/api/documents/{SECRET}").status_code == 404   # no role given to itself
    log_in(world.app, "lid-noord")   # its password still works: no reset link was made
    log_in(world.app, "beheerder")


def test_the_admins_reads_and_the_status_check_keep_working_with_a_token(world):
    """The control: what docs/beheer.md offers scripts, and the same changes in the browser."""
    token = world.store.accounts.create_token("beheerder", None, "script")
    script = TestClient(world.app, headers={"Authorization": f"Bearer {token}"})
    for url in ("/api/beheer", "/api/beheer/gebruiker?naam=lid-noord", f"/api/beheer/groep?naam={NORTH}",
                "/api/status"):
        assert script.get(url).status_code == 200, url
    assert script.post("/api/status/check").status_code == 200
    admin = log_in(world.app, "beheerder")
    csrf = form_csrf(admin, "/beheer")
    answer = admin.post("/beheer/gebruiker/ontgrendelen", data={"naam": "lid-noord", "csrf": csrf},
                        follow_redirects=False)
    assert answer.status_code == 303
    answer = admin.post("/beheer/gebruiker/rol", data={"naam": "nieuw", "groep": NORTH, "rol": "lid", "csrf": csrf},
                        follow_redirects=False)
    assert answer.status_code == 303 and world.store.accounts.user("nieuw").roles == {NORTH: "lid"}


def test_a_moderators_api_token_does_not_change_a_documents_sharing(world):
    """A moderator's token that leaked opened their closed case to the whole network with one
    POST (/delen); sharing now changes in the browser only, as a group's openness does."""
    token = world.store.accounts.create_token("mod-zuid", None, "script")
    script = TestClient(world.app, headers={"Authorization": f"Bearer {token}"})
    before = world.store.accounts.document_sharing("zuid/dicht.md")
    response = script.post("/delen/zuid/dicht.md", data={"sharing": "shared"}, follow_redirects=False)
    assert response.status_code == 403 and "browser" in response.text
    assert world.store.accounts.document_sharing("zuid/dicht.md") == before
    moderator = log_in(world.app, "mod-zuid")
    csrf = form_csrf(moderator, "/documenten/zuid/dicht.md")
    answer = moderator.post("/delen/zuid/dicht.md", data={"sharing": "closed", "csrf": csrf}, follow_redirects=False)
    assert answer.status_code == 303 and world.store.accounts.document_sharing("zuid/dicht.md")[0] == "closed"
