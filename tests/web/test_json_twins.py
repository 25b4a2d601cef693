"""The JSON twins of four pages that had none: a document's deletion (`POST
/api/documents/<id>/delete`) and sharing (`POST /api/documents/<id>/sharing`), a group's
settings (`POST /api/beheer/groep/instellingen`) and a group's deletion (`POST
/api/beheer/groep/verwijderen`), each from the same function as its page
(web.views.moderation.delete_document and change_sharing, web.views.admin_communities.
change_settings and delete_community), through the real app: CSRF for a web session, the same
rights, bad input refused with a Dutch message (422, `error` and `detail`), nothing changed."""
from __future__ import annotations

from fastapi.testclient import TestClient

from access_world import EAST, SOUTH, form_csrf, log_in

DOC = "zuid/dicht.md"   # Wijkteam Zuid's (mod-zuid moderates it; onderzoeker only reads it)
MISSING = "Deze pagina of dit document bestaat niet, of u heeft er geen toegang toe."   # every 404's


def _ids(app) -> set[str]:
    return {d.doc_id for d in app.state.runtime.store.catalogue.list_documents()}


def _lines(app) -> list[tuple]:
    return [line[1:] for line in app.state.runtime.store.accounts.audit_log(50)]


def test_a_moderator_deletes_a_document_through_its_json_twin(app):
    moderator = log_in(app, "mod-zuid")
    assert moderator.post(f"/api/documents/{DOC}/delete").status_code == 403   # a session's post needs its CSRF token
    answer = moderator.post(f"/api/documents/{DOC}/delete", data={"csrf": form_csrf(moderator)})
    assert answer.status_code == 200, answer.text
    assert answer.json() == {"deleted": DOC, "title": "Verslag over de boterbloem"}
    assert DOC not in _ids(app) and moderator.get(f"/api/documents/{DOC}").status_code == 404
    assert ("mod-zuid", "verwijderd", app.state.runtime.store.traces.label(DOC)) in _lines(app)
    assert moderator.post(f"/api/documents/{DOC}/delete", data={"csrf": form_csrf(moderator)}).status_code == 404


def test_the_document_twin_refuses_whom_the_page_refuses(app):
    for name, status, message in (("onderzoeker", 403, "Alleen moderatoren van deze groep mogen dit."),   # reads it
                                  ("mod-oost", 404, MISSING)):   # cannot see it: as a missing document
        caller = log_in(app, name)
        answer = caller.post(f"/api/documents/{DOC}/delete", data={"csrf": form_csrf(caller)})
        assert (answer.status_code, answer.json()["detail"]) == (status, message), name
    assert DOC in _ids(app)


def test_a_script_deletes_with_a_moderators_token(app):
    """Deletions keep working with a token (scripts delete), without CSRF, as uploads do."""
    token = app.state.runtime.store.accounts.create_token("mod-zuid")
    api = TestClient(app, headers={"Authorization": f"Bearer {token}"})
    assert api.post(f"/api/documents/{DOC}/delete").json()["deleted"] == DOC
    assert DOC not in _ids(app)


def _admin(app):
    admin = log_in(app, "beheerder")
    return admin, form_csrf(admin, "/beheer")


def test_an_admin_changes_a_groups_settings_through_its_json_twin(app):
    admin, csrf = _admin(app)
    answer = admin.post("/api/beheer/groep/instellingen",
                        data={"naam": SOUTH, "delen": "closed", "pseudonimiseren": "0", "csrf": csrf})
    assert answer.status_code == 200, answer.text
    body = answer.json()
    assert body["changed"] == ["sharing: shared -> closed"] and body["sharing"] == "closed" and body["name"] == SOUTH
    assert ("beheerder", "groep gewijzigd: sharing: shared -> closed", SOUTH) in _lines(app)
    again = admin.post("/api/beheer/groep/instellingen",
                       data={"naam": SOUTH, "delen": "closed", "pseudonimiseren": "0", "csrf": csrf})
    assert again.json()["changed"] == []


def test_the_settings_twin_refuses_bad_input_in_dutch_and_changes_nothing(app):
    admin, csrf = _admin(app)
    cases = [({"naam": SOUTH, "delen": "open", "pseudonimiseren": "0"}, 422, "Kies gedeeld of gesloten."),
             ({"naam": SOUTH, "delen": "closed"}, 422, "Zeg of de groep cliëntnamen pseudonimiseert"),
             ({"naam": "PG Nergens", "delen": "closed", "pseudonimiseren": "0"}, 404, MISSING)]
    for form, status, message in cases:
        answer = admin.post("/api/beheer/groep/instellingen", data={**form, "csrf": csrf})
        assert answer.status_code == status and answer.json()["detail"].startswith(message), answer.text
        if status == 422:
            assert answer.json()["error"] == answer.json()["detail"]
    assert admin.post("/api/beheer/groep/instellingen",
                      data={"naam": SOUTH, "delen": "closed", "pseudonimiseren": "0"}).status_code == 403   # no CSRF
    sharing = {c.name: c.sharing for c in app.state.runtime.store.accounts.communities()}
    assert sharing[SOUTH] == "shared"


def test_an_admin_deletes_a_group_through_its_json_twin(app):
    admin, csrf = _admin(app)
    refused = admin.post("/api/beheer/groep/verwijderen", data={"naam": EAST, "bevestig": "PG Ost", "csrf": csrf})
    assert refused.status_code == 422
    assert refused.json()["detail"] == "Typ ter bevestiging de naam van de groep over. Er is niets verwijderd."
    assert app.state.runtime.store.accounts.has_community(EAST)
    answer = admin.post("/api/beheer/groep/verwijderen", data={"naam": EAST, "bevestig": EAST, "csrf": csrf})
    assert answer.status_code == 200, answer.text
    assert answer.json() == {"deleted": EAST, "documents": 1}
    assert not app.state.runtime.store.accounts.has_community(EAST) and "oost/geheim.md" not in _ids(app)
    assert ("beheerder", "groep verwijderd", EAST) in _lines(app)
    gone = admin.post("/api/beheer/groep/verwijderen", data={"naam": EAST, "bevestig": EAST, "csrf": csrf})
    assert gone.status_code == 404 and gone.json()["detail"] == MISSING


def test_the_admins_twins_refuse_a_token_and_anyone_but_an_admin(app):
    """As their pages: an admin's change of a group is made in the browser (tenancy 30)."""
    token = app.state.runtime.store.accounts.create_token("beheerder")
    api = TestClient(app, headers={"Authorization": f"Bearer {token}"})
    moderator = log_in(app, "mod-oost")
    csrf = form_csrf(moderator)
    for path, form in (("/api/beheer/groep/instellingen", {"naam": EAST, "delen": "shared", "pseudonimiseren": "1"}),
                       ("/api/beheer/groep/verwijderen", {"naam": EAST, "bevestig": EAST})):
        assert api.post(path, data=form).status_code == 403
        assert moderator.post(path, data={**form, "csrf": csrf}).status_code == 403
    assert app.state.runtime.store.accounts.has_community(EAST)
    assert {c.name: c.sharing for c in app.state.runtime.store.accounts.communities()}[EAST] == "closed"


def test_a_moderator_sets_a_documents_sharing_through_its_json_twin(app):
    """`POST /api/documents/<id>/sharing` (web.views.moderation.change_sharing, as `/delen/`):
    browser-only like the form (tenancy 30), the choice always said ('group' for the group's)."""
    moderator = log_in(app, "mod-zuid")
    csrf = form_csrf(moderator)
    store = app.state.runtime.store
    for given, message in (("", "Kies shared"), ("open", "Kies shared")):
        answer = moderator.post(f"/api/documents/{DOC}/sharing", data={"sharing": given, "csrf": csrf})
        assert answer.status_code == 422 and answer.json()["detail"].startswith(message), answer.text
    assert store.accounts.document_sharing(DOC) == ("closed", "shared")   # unchanged
    answer = moderator.post(f"/api/documents/{DOC}/sharing", data={"sharing": "group", "csrf": csrf})
    assert answer.json() == {"doc_id": DOC, "sharing": None, "community_sharing": "shared"}
    assert ("mod-zuid", "delen: zoals de groep", DOC) in _lines(app)
    assert moderator.post(f"/api/documents/{DOC}/sharing", data={"sharing": "closed", "csrf": csrf}).json()["sharing"] \
        == "closed"
    token = store.accounts.create_token("mod-zuid")
    api = TestClient(app, headers={"Authorization": f"Bearer {token}"})
    assert api.post(f"/api/documents/{DOC}/sharing", data={"sharing": "shared"}).status_code == 403
    reader = log_in(app, "onderzoeker")
    assert reader.post(f"/api/documents/{DOC}/sharing", data={"sharing": "shared", "csrf": form_csrf(reader)}
                       ).status_code == 403
    assert store.accounts.document_sharing(DOC) == ("closed", "shared")
