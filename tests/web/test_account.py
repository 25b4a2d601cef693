"""Self-service at /account (issue #17): every user changes their password (the
current one asked), display name, organisation, e-mail and consent to be contacted
(person pages show the address only then), and their own API tokens. Attacked
with a wrong current password, an API token, a missing CSRF token, another
user's token number, and as a logged-out visitor."""
from __future__ import annotations

import re

from fastapi.testclient import TestClient

from access_world import SOUTH, app_for, form_csrf, log_in, password

TOKEN = re.compile(r'id="nieuw-token" class="link" value="(pg_[^"]+)"')


def _post(client: TestClient, url: str, **data):
    return client.post(url, data={"csrf": form_csrf(client, "/account"), **data}, follow_redirects=False)


def test_account_page_and_its_json_twin(app):
    member = log_in(app, "lid-noord")
    page = member.get("/account")
    assert page.status_code == 200 and "lid in PG Noord" in page.text and 'href="/account"' in page.text
    data = member.get("/api/account").json()
    assert data["profile"]["name"] == "lid-noord" and data["roles"] == {"PG Noord": "lid"} and data["tokens"] == []
    assert TestClient(app).get("/api/account").status_code == 401
    assert TestClient(app).get("/account", follow_redirects=False).status_code == 303


def test_an_account_without_a_role_is_told_whom_to_ask_and_an_admin_is_not_told_to_ask_himself(app):
    def text(name: str) -> str:
        return " ".join(re.sub(r"<[^>]+>", "", log_in(app, name).get("/account").text).split())

    assert "U heeft nog geen rol in een groep: vraag de beheerder." in text("nieuw")
    admin = text("beheerder")
    assert "vraag de beheerder" not in admin and "Rollen geeft u op Beheer." in admin


def test_change_password_needs_the_current_one(app):
    member = log_in(app, "lid-noord")
    other_browser = log_in(app, "lid-noord")
    for current, new, again, why in ((password("lid-noord") + "x", "nieuw wachtwoord", "nieuw wachtwoord", "klopt niet"),
                                     (password("lid-noord"), "kort", "kort", "minstens 10"),
                                     (password("lid-noord"), "nieuw wachtwoord", "ander wachtwoord", "niet gelijk")):
        answer = _post(member, "/account/wachtwoord", huidig=current, nieuw=new, herhaal=again)
        assert answer.status_code == 422 and why in answer.text
    done = _post(member, "/account/wachtwoord", huidig=password("lid-noord"), nieuw="nieuw wachtwoord",
                 herhaal="nieuw wachtwoord")
    assert done.status_code == 200 and "Uw wachtwoord is gewijzigd" in done.text
    assert member.get("/account").status_code == 200                                 # still logged in here
    # the new password ended the device tokens earned with the old one; this browser gets a new one
    logins, cookie = app.state.runtime.store.logins, member.cookies.get("praktijkgeheugen_apparaat", "")
    assert logins.trusted_device("lid-noord", cookie) is not None
    assert logins.trusted_device("lid-noord", other_browser.cookies.get("praktijkgeheugen_apparaat", "")) is None
    assert other_browser.get("/account", follow_redirects=False).status_code == 303  # not elsewhere
    log_in(app, "lid-noord", "nieuw wachtwoord")
    assert ("lid-noord", "eigen wachtwoord gewijzigd (0 API-token(s) beëindigd)", "lid-noord") in \
        [e[1:] for e in app.state.runtime.store.accounts.audit_log()]


def test_guessing_the_current_password_is_limited_like_a_login(app):
    member = log_in(app, "lid-noord")
    for _ in range(5):
        _post(member, "/account/wachtwoord", huidig="geraden?", nieuw="nieuw wachtwoord", herhaal="nieuw wachtwoord")
    blocked = _post(member, "/account/wachtwoord", huidig=password("lid-noord"), nieuw="nieuw wachtwoord",
                    herhaal="nieuw wachtwoord")
    assert blocked.status_code == 422 and "Te veel mislukte pogingen" in blocked.text
    assert app.state.runtime.store.accounts.verify_password("lid-noord", "nieuw wachtwoord") is None


def test_profile_email_and_consent_reach_the_person_page(app):
    """An account named as its author writes: with consent, readers of the document
    see the address on the person page; without, they see none."""
    store = app.state.runtime.store
    store.accounts.add_user("Zeno Openhart", password("zeno"))
    store.accounts.grant("Zeno Openhart", SOUTH, "lid")
    zeno = log_in(app, "Zeno Openhart", password("zeno"))
    assert _post(zeno, "/account/gegevens", weergavenaam="Zeno O.", organisatie="Buurtwerk Zuid",
                 email="zeno@buurtwerk.be", contact="1").status_code == 303
    profile = store.profiles.get("Zeno Openhart")
    assert (profile.display_name, profile.organisation, profile.email, profile.contact) == \
        ("Zeno O.", "Buurtwerk Zuid", "zeno@buurtwerk.be", True)
    person = store.db.conn().execute("SELECT public_id FROM people WHERE name = 'Zeno Openhart'").fetchone()[0]
    reader = log_in(app, "mod-zuid")
    assert reader.get(f"/api/mensen/{person}").json()["contact"]["email"] == "zeno@buurtwerk.be"
    _post(zeno, "/account/gegevens", weergavenaam="Zeno O.", organisatie="", email="zeno@buurtwerk.be")
    assert reader.get(f"/api/mensen/{person}").json()["contact"]["email"] is None   # consent withdrawn
    for bad in ({"email": "geen adres"}, {"weergavenaam": "x" * 201}, {"organisatie": "a\x1bb"}):
        assert _post(zeno, "/account/gegevens", **bad).status_code == 422, bad
    assert store.profiles.get("Zeno Openhart").display_name == "Zeno O."


def test_personal_tokens_are_shown_once_listed_and_revoked(app):
    member, store = log_in(app, "lid-noord"), app.state.runtime.store
    answer = _post(member, "/account/tokens", label="laptop", dagen="30")
    token = TOKEN.search(answer.text).group(1)
    api = TestClient(app, headers={"Authorization": f"Bearer {token}"})
    assert api.get("/api/documents").status_code == 200
    listed = member.get("/api/account").json()["tokens"]
    assert [t["label"] for t in listed] == ["laptop"] and listed[0]["expires_at"]
    assert token not in member.get("/account").text and token not in str(listed)
    for bad in ({"dagen": "0"}, {"dagen": "veel"}, {"dagen": "99999"}, {"label": "x" * 101}):
        assert _post(member, "/account/tokens", **bad).status_code == 422, bad
    assert len(store.profiles.tokens("lid-noord")) == 1
    # Another user's token is not theirs to revoke: the same answer as no such token.
    other = store.accounts.create_token("mod-zuid")
    other_id = store.profiles.tokens("mod-zuid")[0].id
    assert _post(member, "/account/tokens/intrekken", nummer=str(other_id)).status_code == 404
    assert store.accounts.user_for_token(other) is not None
    assert _post(member, "/account/tokens/intrekken", nummer=str(listed[0]["id"])).status_code == 303
    assert api.get("/api/documents").status_code == 401


def test_an_api_token_changes_nothing_of_the_account(app):
    store = app.state.runtime.store
    api = TestClient(app, headers={"Authorization": f"Bearer {store.accounts.create_token('lid-noord')}"})
    assert api.get("/api/account").status_code == 200
    for url, data in (("/account/tokens", {}), ("/account/gegevens", {"weergavenaam": "X"}),
                      ("/account/wachtwoord", {"huidig": password("lid-noord"), "nieuw": "nieuw wachtwoord",
                                               "herhaal": "nieuw wachtwoord"})):
        assert api.post(url, data=data).status_code == 403, url
    assert len(store.profiles.tokens("lid-noord")) == 1 and store.profiles.get("lid-noord").display_name is None


def test_account_changes_need_the_csrf_token_and_a_login(app):
    member = log_in(app, "lid-noord")
    assert member.post("/account/gegevens", data={"weergavenaam": "X"}).status_code == 403
    assert member.post("/account/tokens", data={}).status_code == 403
    visitor = TestClient(app)
    assert visitor.post("/account/tokens", data={}, follow_redirects=False).status_code == 303
    assert app.state.runtime.store.profiles.tokens("lid-noord") == []


def test_local_mode_has_no_account_page(store, fake_embedder):
    assert TestClient(app_for(store, fake_embedder)).get("/account").status_code == 403
