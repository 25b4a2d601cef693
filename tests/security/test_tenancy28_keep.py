"""Tenancy round 28, item 3: "Jan Bakker" is a person, and entries already on a keep list
are checked again where the list is applied.

"Bakker" opens organisations ("Bakker Jansen", a baker's shop), so "Jan Bakker", a common
given name and a common surname, passed the keep list's rule and would have stayed in
every new document. A word that opens organisations but is a listed surname names a
person after a given name; an organisation is written in full ("Huize Jan Bakker"). An
entry put on the list before (or one naming a client listed after it was added) was never
looked at again: now the list is applied without the entries it refuses now, which the
group's moderators see marked as refused, in Dutch. Runs on PostgreSQL too."""
from __future__ import annotations

import pytest

from access_world import SOUTH, form_csrf

REFUSED_MARK = "geweigerd: deze naam leest als de naam van een persoon"


def _post(world, who: str, path: str, **data):
    client = world.client(who)
    return client.post(path, data={"csrf": form_csrf(client, "/upload"), **data})


@pytest.mark.parametrize("name", ["Jan Bakker", "jan bakker", "Jan de Bakker", "Piet Slager", "Anna Hof"])
def test_a_given_name_and_a_surname_that_opens_shops_is_a_person(world, cli, name):
    answer = _post(world, "mod-zuid", "/api/groep/namen", groep=SOUTH, soort="keep", namen=name)
    assert answer.status_code == 422 and "naam van een persoon" in answer.json()["error"]
    assert cli("keep", "add", "--community", SOUTH, name)[0] == 2
    assert world.store.accounts.community_names(SOUTH, "keep") == []


@pytest.mark.parametrize("name", ["Huize Jan Bakker", "Bakkerij Jan", "Hof ter Linden", "Slagerij Piet"])
def test_an_organisation_written_in_full_is_kept(world, name):
    answer = _post(world, "mod-zuid", "/api/groep/namen", groep=SOUTH, soort="keep", namen=name)
    assert answer.status_code == 200, answer.text
    assert world.store.accounts.community_names(SOUTH, "keep") == [name]


def test_an_entry_already_on_the_list_is_not_applied_and_shown_as_refused(world, cli):
    # put there before the rule refused it (the store's own call: no check)
    world.store.accounts.add_community_names(SOUTH, "keep", ["Jan Bakker", "Huize Jan Bakker"])
    world.store.accounts.set_pseudonymise(SOUTH, True)
    [row] = world.upload(world.client("mod-zuid"), [(
        "belde.md", b"Jan Bakker belde over de huur. Hij woont in Huize Jan Bakker sinds mei.\n")], SOUTH)["files"]
    text = world.store.catalogue.get_document(row["doc_id"]).text
    assert "Jan Bakker belde" not in text   # replaced: the entry is not applied
    assert "Huize Jan Bakker" in text       # the organisation still stays
    names = world.client("mod-zuid").get("/api/groep/namen", params={"groep": SOUTH}).json()
    assert names["keep_refused"] == ["Jan Bakker"] and names["keep"] == ["Huize Jan Bakker", "Jan Bakker"]
    page = world.client("mod-zuid").get("/groep/namen", params={"groep": SOUTH}).text
    assert page.count(REFUSED_MARK) == 1 and "ledenlijst" in page
    code, out, _ = cli("keep", "list", "--community", SOUTH)
    assert code == 0 and "Jan Bakker\trefused" in out and "Huize Jan Bakker\trefused" not in out


def test_an_entry_naming_a_client_listed_later_is_refused_to_those_who_read_the_group_only(world):
    world.store.accounts.add_community_names(SOUTH, "keep", ["Bakkerij Vandamme", "Anna Hof"])
    world.store.clients.add_client_names(SOUTH, ["Vandamme"])
    assert world.client("mod-zuid").get("/api/groep/namen", params={"groep": SOUTH}).json()["keep_refused"] == [
        "Anna Hof", "Bakkerij Vandamme"]
    # an admin without a role in the group learns nothing of its client names: it is shown
    # none of its lists (a listing removes the entries a client's name occurs on,
    # test_admin_lists_hidden.py); with a role, what the moderators see
    admin = world.client("beheerder").get("/api/beheer/groep", params={"naam": SOUTH}).json()
    assert admin["keep_refused"] is None and admin["keep"] is None and admin["members"] is None
    world.store.accounts.grant("beheerder", SOUTH, "lid")
    admin = world.client("beheerder").get("/api/beheer/groep", params={"naam": SOUTH}).json()
    assert admin["keep_refused"] == ["Anna Hof", "Bakkerij Vandamme"]
    # a moderator of another group, a member, an account without a role: the page is not theirs
    for who in ("mod-oost", "lid-noord", "nieuw"):
        answer = world.client(who).get("/api/groep/namen", params={"groep": SOUTH})
        assert answer.status_code == 404 and "Vandamme" not in answer.text, who


def test_a_crafted_entry_is_shown_as_text(world):
    crafted = '<img src=x onerror="alert(1)"> Bakker'
    world.store.accounts.add_community_names(SOUTH, "keep", [crafted])
    page = world.client("mod-zuid").get("/groep/namen", params={"groep": SOUTH}).text
    assert "<img" not in page
