"""Tenancy round 28, what it left: one's own profile and token revocations, and metadata
edits, are checked again under the writer lock.

As in test_tenancy28_writes.py: the test holds the writer lock, a request starts and asks
for it, the caller's rights change while it waits, and the lock comes free. Before, the
profile form (display name, organisation, e-mail, contact consent) and a token's
revocation on /account took no lock: a session of an account deleted meanwhile, whose
name was given to a new account, changed the new account's profile and tokens (they were
found by name). A metadata edit is checked for the document's group only: a moderator of
two groups who loses one edits on in the other, and is refused in the one she lost (this
held since round 28, whose acting_on names the document's group: the metadata form goes
through correction.moderated; before it, at 5314e62, the first of these was refused).
And the newest account's number, on SQLite, goes to the next account: a request is checked
by the session or token it came with too, which the deleted account took along.
Runs on PostgreSQL too (PRAKTIJKGEHEUGEN_TEST_BACKEND=postgresql).
"""
from __future__ import annotations

from urllib.parse import quote

from test_tenancy28_writes import _moderates_two
from test_write_timing import _refused, _while_waiting

from access_world import BY_ID, EAST, SOUTH, form_csrf, password

PROFILE = {"weergavenaam": "Door de oude sessie gekozen", "organisatie": "Oude organisatie",
           "email": "oud@organisatie.be", "contact": "ja"}


def _replace(world, name="mod-zuid"):
    """Delete the account and give its name to a new one (no role, a password of its own)."""
    def replace():
        world.store.accounts.delete_user(name)
        world.store.accounts.add_user(name, "het eigen wachtwoord van de nieuwe")
        world.store.profiles.set(name, "De nieuwe", "Nieuwe organisatie", "nieuw@organisatie.be", False)
    return replace


def _gone(response) -> None:
    assert response.status_code in (401, 409), (response.status_code, response.text)


def test_a_profile_change_lands_on_no_account_that_took_the_name(world, monkeypatch):
    old = world.client("mod-zuid")
    csrf = form_csrf(old, "/account")
    response = _while_waiting(world, monkeypatch, lambda: old.post(
        "/account/gegevens", data={"csrf": csrf, **PROFILE}, follow_redirects=False), _replace(world))
    _gone(response)
    profile = world.store.profiles.get("mod-zuid")
    assert (profile.display_name, profile.organisation, profile.email, profile.contact) == (
        "De nieuwe", "Nieuwe organisatie", "nieuw@organisatie.be", False)
    assert not [e for e in world.store.accounts.audit_log() if e[2] == "eigen gegevens gewijzigd"]


def test_a_profile_change_still_works_after_a_role_elsewhere_went(world, monkeypatch):
    """The control: one's own profile needs the account, not a role."""
    mod = world.client("mod-zuid")
    csrf = form_csrf(mod, "/account")
    response = _while_waiting(world, monkeypatch, lambda: mod.post(
        "/account/gegevens", data={"csrf": csrf, **PROFILE}, follow_redirects=False),
        lambda: world.store.accounts.revoke("mod-zuid", SOUTH))
    assert response.status_code == 303, response.text
    assert world.store.profiles.get("mod-zuid").display_name == "Door de oude sessie gekozen"


def test_a_token_revocation_reaches_no_token_of_the_account_that_took_the_name(world, monkeypatch):
    """The old session revokes its token; meanwhile the account is deleted (its tokens with it)
    and the new account of that name gets a token of that id (as one the old session learned
    would): the new account's token stays."""
    old = world.client("mod-zuid")
    world.store.accounts.create_token("mod-zuid", label="oud")
    [mine] = world.store.profiles.tokens("mod-zuid")
    csrf = form_csrf(old, "/account")

    def replace():
        _replace(world)()
        world.store.accounts.create_token("mod-zuid", label="van de nieuwe")
        with world.store.db.transaction() as conn:
            conn.execute("UPDATE api_tokens SET public_id = ? WHERE label = ?", (mine.id, "van de nieuwe"))

    response = _while_waiting(world, monkeypatch, lambda: old.post(
        "/account/tokens/intrekken", data={"csrf": csrf, "nummer": mine.id}, follow_redirects=False), replace)
    _gone(response)
    assert [t.label for t in world.store.profiles.tokens("mod-zuid")] == ["van de nieuwe"]


def test_a_token_revocation_still_works_after_a_role_elsewhere_went(world, monkeypatch):
    mod = world.client("mod-zuid")
    world.store.accounts.create_token("mod-zuid", label="oud")
    [mine] = world.store.profiles.tokens("mod-zuid")
    csrf = form_csrf(mod, "/account")
    response = _while_waiting(world, monkeypatch, lambda: mod.post(
        "/account/tokens/intrekken", data={"csrf": csrf, "nummer": mine.id}, follow_redirects=False),
        lambda: world.store.accounts.revoke("mod-zuid", SOUTH))
    assert response.status_code == 303, response.text
    assert world.store.profiles.tokens("mod-zuid") == []


# --- metadata edits -------------------------------------------------------------------

def _form(doc_id: str, csrf: str, title: str = "Een nieuwe titel") -> dict:
    doc = BY_ID[doc_id]
    return {"csrf": csrf, "title": title, "type": "sessieverslag", "authors": doc.author,
            "cycle": "2023-2024", "session": "1", "date": "2023-10-10", "themes": ""}


def _edit(client, doc_id: str, csrf: str, title: str = "Een nieuwe titel"):
    return client.post(f"/api/documents/{quote(doc_id)}/metadata", data=_form(doc_id, csrf, title))


def _title(world, doc_id: str) -> str | None:
    return world.store.catalogue.get_document(doc_id).meta.title


def test_a_metadata_edit_goes_on_when_a_role_in_another_group_went(world, monkeypatch):
    mod = _moderates_two(world)
    csrf = form_csrf(mod, "/account")
    response = _while_waiting(world, monkeypatch, lambda: _edit(mod, "zuid/open.md", csrf),
                              lambda: world.store.accounts.revoke("mod-zuid", EAST))
    assert response.status_code == 200, response.text
    assert _title(world, "zuid/open.md") == "Een nieuwe titel"


def test_a_metadata_edit_in_the_group_whose_role_went_is_refused(world, monkeypatch):
    mod = _moderates_two(world)
    csrf = form_csrf(mod, "/account")
    before = _title(world, "oost/geheim.md")
    response = _while_waiting(world, monkeypatch, lambda: _edit(mod, "oost/geheim.md", csrf),
                              lambda: world.store.accounts.revoke("mod-zuid", EAST))
    _refused(response)
    assert _title(world, "oost/geheim.md") == before
    assert world.store.history.of("oost/geheim.md") == []


def test_a_metadata_edit_by_an_account_whose_name_was_reused_meanwhile_is_refused(world, monkeypatch):
    old = world.client("mod-zuid")
    csrf = form_csrf(old, "/account")
    before = _title(world, "zuid/dicht.md")
    response = _while_waiting(world, monkeypatch, lambda: _edit(old, "zuid/dicht.md", csrf), _replace(world))
    _gone(response)
    assert _title(world, "zuid/dicht.md") == before
    assert world.store.history.of("zuid/dicht.md") == []


def test_other_callers_and_crafted_ids_edit_no_metadata(world):
    """A moderator of another group (a closed group's document by its id, a shared one it
    can read), a member without the moderator role, accounts without any role, and crafted
    ids: 404 (or 403 for no role at all), nothing changed."""
    before = {d: _title(world, d) for d in BY_ID}
    other = world.client("mod-oost")
    csrf = form_csrf(other, "/account")
    for doc_id in ("zuid/dicht.md", "noord/geheim.md", "zuid/open.md", "noord/gedeeld.md"):
        assert _edit(other, doc_id, csrf).status_code == 404, doc_id
        assert other.post(f"/gegevens/{quote(doc_id)}", data=_form(doc_id, csrf),
                          follow_redirects=False).status_code == 404, doc_id
    for crafted in ("oost/geheim.md/../../zuid/dicht.md", "zuid/dicht.md%00", "zuid//dicht.md", "./zuid/dicht.md",
                    "ZUID/DICHT.MD", "1"):
        assert other.post(f"/api/documents/{crafted}/metadata", data=_form("zuid/dicht.md", csrf)).status_code in (
            404, 405), crafted
    for name in ("lid-noord", "onderzoeker", "nieuw", "ingetrokken", "beheerder"):
        client = world.client(name)
        csrf = form_csrf(client, "/account")
        for doc_id in ("noord/geheim.md", "zuid/dicht.md", "zuid/open.md"):
            assert _edit(client, doc_id, csrf).status_code in (403, 404), (name, doc_id)
    assert {d: _title(world, d) for d in BY_ID} == before
    assert all(world.store.history.of(d) == [] for d in BY_ID)


# --- the newest account: SQLite gives its number to the next one -----------------------

def test_a_write_by_the_newest_account_lands_on_no_account_that_took_its_name_and_number(world, monkeypatch):
    """SQLite gives a deleted newest account's number to the next account: a new account
    of the same name then has the old one's number and name, and a check by those two let
    the old session's profile change through onto it."""
    world.store.accounts.add_user("vertrekker", password("vertrekker"))
    number = world.store.accounts.user("vertrekker").id
    old = world.client("vertrekker")
    csrf = form_csrf(old, "/account")
    response = _while_waiting(world, monkeypatch, lambda: old.post(
        "/account/gegevens", data={"csrf": csrf, **PROFILE}, follow_redirects=False), _replace(world, "vertrekker"))
    if not world.store.settings.database_url:
        assert world.store.accounts.user("vertrekker").id == number   # the case this test is about
    _gone(response)
    assert world.store.profiles.get("vertrekker").display_name == "De nieuwe"


def test_a_token_of_the_newest_account_writes_nothing_for_the_account_that_took_its_place(world, monkeypatch):
    """The same by API token, where everything else matches too: the newcomer has the old
    account's name, number and role (a moderator of Wijkteam Zuid), but not its token."""
    world.store.accounts.add_user("vertrekker", password("vertrekker"))
    world.store.accounts.grant("vertrekker", SOUTH, "moderator")
    number = world.store.accounts.user("vertrekker").id
    token = world.store.accounts.create_token("vertrekker")
    api = world.client("nieuw")
    api.cookies.clear()
    before = _title(world, "zuid/dicht.md")

    def replace():
        _replace(world, "vertrekker")()
        world.store.accounts.grant("vertrekker", SOUTH, "moderator")

    response = _while_waiting(world, monkeypatch, lambda: api.post(
        "/api/documents/zuid/dicht.md/metadata", data=_form("zuid/dicht.md", ""),
        headers={"Authorization": f"Bearer {token}"}), replace)
    if not world.store.settings.database_url:
        assert world.store.accounts.user("vertrekker").id == number
    _gone(response)
    assert _title(world, "zuid/dicht.md") == before
    assert world.store.history.of("zuid/dicht.md") == []


def test_a_token_request_goes_on_when_its_token_stays(world, monkeypatch):
    """The control: an edit by API token whose account keeps its token and role."""
    token = world.store.accounts.create_token("mod-zuid")
    api = world.client("nieuw")
    api.cookies.clear()
    response = _while_waiting(world, monkeypatch, lambda: api.post(
        "/api/documents/zuid/dicht.md/metadata", data=_form("zuid/dicht.md", ""),
        headers={"Authorization": f"Bearer {token}"}), lambda: None)
    assert response.status_code == 200, response.text
    assert _title(world, "zuid/dicht.md") == "Een nieuwe titel"
