"""Tenancy round 27, item 3: the keep list takes no person's and no client's name.

Names on a community's keep list stay wherever they occur; a moderator (or an admin, or
the owner's `keep add`) who put a client's name there made the pseudonymiser keep it in
every document added afterwards. A person's name alone (a given name of the lexicon,
with or without a surname) and an entry holding one of the group's known client names
are refused, in Dutch on the web, saying what to do instead (ingest._keep). Runs on
PostgreSQL too (PRAKTIJKGEHEUGEN_TEST_BACKEND=postgresql)."""
from __future__ import annotations

import pytest

from access_world import SOUTH, form_csrf

PEOPLE = ["Jan Peeters", "Anna", "Marie van den Berg", "fatima el amrani"]
KEPT = ["Buurthuis De Linde", "AZ Maria Middelares", "OCMW Gent", "Dina Wonen"]


def _post(world, who: str, path: str, **data):
    client = world.client(who)
    return client.post(path, data={"csrf": form_csrf(client, "/upload"), **data})


@pytest.mark.parametrize("name", PEOPLE)
def test_a_moderator_cannot_keep_a_persons_name(world, name):
    page = _post(world, "mod-zuid", "/groep/namen", groep=SOUTH, soort="keep", namen=f"De Kring\n{name}")
    assert page.status_code == 422
    assert "Regel 2 is de naam van een persoon" in page.text and "ledenlijst" in page.text
    api = _post(world, "mod-zuid", "/api/groep/namen", groep=SOUTH, soort="keep", namen=name)
    assert api.status_code == 422 and "organisaties, plaatsen en projecten" in api.json()["error"]
    assert world.store.accounts.community_names(SOUTH, "keep") == []


def test_a_known_client_name_cannot_be_kept_in_any_form(world):
    world.store.clients.add_client_names(SOUTH, ["Vandamme"])
    for entry in ("Vandamme", "Bakkerij Vandamme", "vandamme"):
        answer = _post(world, "mod-zuid", "/api/groep/namen", groep=SOUTH, soort="keep", namen=entry)
        assert answer.status_code == 422, entry
    world.store.accounts.grant("beheerder", SOUTH, "lid")   # without a role: refused (test_keep_refusal_outsider)
    admin_page = _post(world, "beheerder", "/beheer/groep/namen", naam=SOUTH, soort="keep", namen="Vandamme")
    assert admin_page.status_code == 422 and "cliëntnaam" in admin_page.text
    assert world.store.accounts.community_names(SOUTH, "keep") == []


def test_places_and_organisations_are_kept_and_people_go_on_the_member_list(world):
    answer = _post(world, "mod-zuid", "/api/groep/namen", groep=SOUTH, soort="keep", namen="\n".join(KEPT))
    assert answer.status_code == 200, answer.text
    assert world.store.accounts.community_names(SOUTH, "keep") == sorted(KEPT)
    member = _post(world, "mod-zuid", "/api/groep/namen", groep=SOUTH, soort="member", namen="Jan Peeters")
    assert member.status_code == 200 and world.store.accounts.community_names(SOUTH, "member") == ["Jan Peeters"]


def test_the_cli_refuses_a_persons_or_clients_name_on_the_keep_list(world, cli):
    world.store.clients.add_client_names(SOUTH, ["Vandamme"])
    for name in ("Jan Peeters", "Vandamme"):
        code, _, err = cli("keep", "add", "--community", SOUTH, name)
        assert code == 2 and "member list" in err and name not in err
    assert world.store.accounts.community_names(SOUTH, "keep") == []
    assert cli("keep", "add", "--community", SOUTH, "Buurthuis De Linde")[0] == 0
    assert world.store.accounts.community_names(SOUTH, "keep") == ["Buurthuis De Linde"]


def test_a_refused_keep_entry_leaves_the_name_replaced_in_new_documents(world):
    _post(world, "mod-zuid", "/api/groep/namen", groep=SOUTH, soort="keep", namen="Jan Peeters")
    world.store.accounts.set_pseudonymise(SOUTH, True)
    [row] = world.upload(world.client("mod-zuid"), [("belde.md", b"Jan Peeters belde over de huur.\n")],
                         SOUTH)["files"]
    assert "Peeters" not in world.store.catalogue.get_document(row["doc_id"]).text
