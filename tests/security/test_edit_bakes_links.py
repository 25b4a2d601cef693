"""Tenancy attack 11, hole 1: a metadata correction or a client-name correction wrote
the author links it read into the new version.

"Karin" (no organisation) in a document is linked, when read, to the one person of the
community a document readable by all its readers names with an organisation ("Karin
Geheim (Org Geheim)"), and only while that holds (store._person_links): closing or
deleting that document shows the plain "Karin" again. But the document page's
correction form, and the correction of a missed client name, started from the authors
as shown, so the next version named "Karin Geheim (Org Geheim)" itself: a closed
document of Wijkteam Zuid linked from another closed one, whose date the moderator then
corrected and which the group then shared, showed the network the surname and
organisation only the first, closed document holds; and a shared one kept them after
the document stating them was deleted. Now both start from the authors as the document
wrote them, and the new version is linked again among what its readers may read.
"""
from __future__ import annotations

import re
from html import unescape
from urllib.parse import quote

import pytest

from access_world import SOUTH, form_csrf
from security_world import add_document

STATING, LINKING = "zuid-karin-geheim.md", "zuid-karin.md"
SECRET = ("Geheim", "Org Geheim")
BODY = "De buurtwerker sprak over de thuiszorg en mevrouw Bosmans. Inbreng Karin."


def _world(world, tmp_path, stating: bool, linking_sharing: str):
    """Wijkteam Zuid's closed document naming 'Karin Geheim (Org Geheim)' (when
    `stating`), and one naming only 'Karin' with the given sharing."""
    if stating:
        add_document(world, tmp_path / "a", STATING, "Karin Geheim vertelde over de thuiszorg.", SOUTH,
                     {"authors": [{"name": "Karin Geheim", "organisation": "Org Geheim"}]})
        world.store.accounts.set_document_sharing(STATING, "closed")
    add_document(world, tmp_path / "b", LINKING, BODY, SOUTH, {"authors": [{"name": "Karin", "role": "inbreng"}]})
    world.store.accounts.set_document_sharing(LINKING, linking_sharing)


def _form_authors(client, doc_id: str) -> str:
    page = client.get(f"/documenten/{quote(doc_id, safe='/')}").text
    return unescape(re.search(r'<textarea id="g-authors"[^>]*>(.*?)</textarea>', page, re.S).group(1))


def _edit_date(client, doc_id: str) -> None:
    """mod-zuid corrects the date on the page's form, leaving every other field as shown."""
    authors = _form_authors(client, doc_id)
    data = {"title": "Verslag", "type": "casus", "authors": authors, "cycle": "2023-2024", "session": "2",
            "date": "2023-11-12", "themes": "", "csrf": form_csrf(client, f"/documenten/{quote(doc_id, safe='/')}")}
    response = client.post(f"/gegevens/{quote(doc_id, safe='/')}", data=data, follow_redirects=False)
    assert response.status_code == 303, response.text


def _correct_name(client, doc_id: str) -> None:
    """mod-zuid lists a missed client name the document holds."""
    path = quote(doc_id, safe="/")
    response = client.post(f"/api/documents/{path}/client-names", data={"namen": "Bosmans"},
                           headers={"x-csrf-token": form_csrf(client, f"/documenten/{path}"),
                                    "accept": "application/json"})
    assert response.status_code == 200, response.text


def _as_seen(world, name: str, doc_id: str) -> list[tuple[str, str | None]]:
    answer = world.client(name).get(f"/api/documents/{quote(doc_id, safe='/')}")
    assert answer.status_code == 200, answer.text
    return [(a["name"], a["organisation"]) for a in answer.json()["authors"]]


@pytest.mark.parametrize("write", [_edit_date, _correct_name], ids=["metadata", "client-name"])
def test_a_closed_link_written_down_is_not_shown_once_the_document_is_shared(world, tmp_path, write):
    _world(world, tmp_path, stating=True, linking_sharing="closed")
    moderator = world.client("mod-zuid")
    assert ("Karin Geheim", "Org Geheim") in _as_seen(world, "mod-zuid", LINKING)   # the group reads both
    write(moderator, LINKING)
    assert not [a for a in _as_seen(world, "mod-zuid", LINKING) if a[1] == "Org Geheim" and a[0] != "Karin Geheim"]
    response = moderator.post(f"/delen/{LINKING}", data={"sharing": "shared", "csrf": form_csrf(moderator)},
                              follow_redirects=False)
    assert response.status_code == 303
    seen = _as_seen(world, "mod-oost", LINKING)
    assert not any(secret in (part or "") for author in seen for part in author for secret in SECRET), seen
    assert ("Karin", None) in seen
    page = world.client("mod-oost").get(f"/documenten/{LINKING}").text
    assert "Org Geheim" not in page and "Karin Geheim" not in page


@pytest.mark.parametrize("write", [_edit_date, _correct_name], ids=["metadata", "client-name"])
def test_a_link_written_down_goes_with_the_document_that_stated_it(world, tmp_path, write):
    """Both shared: the link is shown to everyone; once the stating document is deleted,
    the corrected one shows the plain 'Karin' as if it had never been there."""
    _world(world, tmp_path, stating=True, linking_sharing="shared")
    world.store.accounts.set_document_sharing(STATING, "shared")
    assert ("Karin Geheim", "Org Geheim") in _as_seen(world, "mod-oost", LINKING)
    write(world.client("mod-zuid"), LINKING)
    assert ("Karin Geheim", "Org Geheim") in _as_seen(world, "mod-oost", LINKING)   # still linked, as shown
    assert world.store.catalogue.delete_document(STATING)
    assert _as_seen(world, "mod-oost", LINKING) == [("Karin", None)]


def test_the_form_shows_the_authors_as_the_document_wrote_them(world, tmp_path):
    _world(world, tmp_path, stating=True, linking_sharing="closed")
    assert _form_authors(world.client("mod-zuid"), LINKING).strip() == "Karin, inbreng"
