"""A community's listed client names are never stored: not in an author's name or
organisation either. Front matter, a JSONL line or a moderator's metadata form that
named a listed client as an author (or in an author's organisation) stored the name
as a person, shown on the document, in "wie nog?" and on a person page; a correction
did not look at authors at all."""
from __future__ import annotations

import pytest

from access_world import SOUTH, form_csrf

NAME = "Bosmans"


def _authors(world, doc_id: str) -> str:
    return " ".join(f"{a.name} {a.organisation or ''}" for a in world.store.catalogue.get_document(doc_id).meta.authors)


def _people(world) -> str:
    return " ".join(f"{n} {o}" for n, o in world.store.db.conn().execute("SELECT name, organisation FROM people"))


def test_a_listed_name_is_hidden_in_uploaded_and_corrected_authors(world):
    world.store.clients.add_client_names(SOUTH, [NAME])
    moderator = world.client("mod-zuid")
    body = (f"---\nauthors:\n  - name: {NAME}\n  - name: Els Wouters\n    organisation: Huis {NAME}\n---\n"
            "Verslag over de buurt en de thuiszorg.\n").encode()
    [row] = world.upload(moderator, [("verslag.md", body)], SOUTH)["files"]
    assert row["status"] == "ingested", row
    assert NAME not in _authors(world, row["doc_id"]) and "Els Wouters" in _authors(world, row["doc_id"])
    form = {"title": "Verslag", "type": "sessieverslag", "authors": f"{NAME} (Organisatie dotterbloem)",
            "cycle": "2023-2024", "session": "1", "date": "2023-10-10", "themes": "",
            "csrf": form_csrf(moderator, "/documenten/zuid/open.md")}
    assert moderator.post("/api/documents/zuid/open.md/metadata", data=form).status_code == 200
    assert NAME not in _authors(world, "zuid/open.md")
    assert NAME not in _people(world)


def test_a_correction_hides_a_name_only_an_author_held(world):
    moderator = world.client("mod-zuid")
    body = f"---\nauthors:\n  - name: Jan {NAME}\n---\nVerslag over de buurt en de thuiszorg.\n".encode()
    [row] = world.upload(moderator, [("verslag.md", body)], SOUTH)["files"]
    assert NAME in _authors(world, row["doc_id"])   # not listed yet: an author like any other
    csrf = form_csrf(moderator, f"/documenten/{row['doc_id']}")
    asked = moderator.post(f"/api/documents/{row['doc_id']}/client-names", data={"namen": NAME, "csrf": csrf})
    assert asked.status_code == 409 and asked.json()["people"] == [f"Jan {NAME}"]   # an author's name: asked first
    fixed = moderator.post(f"/api/documents/{row['doc_id']}/client-names",
                           data={"namen": NAME, "csrf": csrf, "bevestig": "1"})
    assert fixed.status_code == 200 and fixed.json()["documents"], fixed.text
    assert NAME not in _authors(world, row["doc_id"]) and NAME not in _people(world)


@pytest.mark.deduce
def test_the_rules_run_on_uploaded_themes_where_the_text_never_names_the_client(world):
    """Pseudonymisation on, nothing listed: a front-matter theme 'zorgen om mevrouw
    Yilmaz' over a text that never names her was stored as written (the form's typed
    themes went through the rules, an upload's did not)."""
    world.store.accounts.set_community(SOUTH, pseudonymise=True)
    body = ("---\ntitle: Casus over rouw\nthemes: [rouw, \"zorgen om mevrouw Yilmaz\"]\n---\n"
            "De buurtwerker sprak met de mantelzorger over eenzaamheid.\n").encode()
    [row] = world.upload(world.client("mod-zuid"), [("casus.md", body)], SOUTH)["files"]
    themes = world.store.catalogue.get_document(row["doc_id"]).meta.themes
    assert themes[0] == "rouw" and len(themes) == 2 and "Yilmaz" not in themes[1] and "Y." in themes[1]
