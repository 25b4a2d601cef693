"""Tenancy and privacy attack 41's probes: what broke, and a few of what held.

Broke (each fails on 1d611ba):

* A metadata correction that took a client typed as an author off a document (or retyped a
  publication as a case) pseudonymises it again by the rules (ingest._correct._by_the_rules),
  which hid the names found in the whole id, its community's prefix included: in 'Buurtteam
  Verhoeven', taking the client Truus Verhoeven off 'bezoek.md' moved the case to 'Buurtteam
  V./bezoek-<tag>.md', out of its group's namespace (into that of a group 'Buurtteam V.', whose
  name the admin could then no longer give), and the same file uploaded again became a second
  document beside it.
"""
from __future__ import annotations

from access_world import form_csrf

NAME = "Verhoeven"
CASE = f"# Huisbezoek\n\nIk bezocht Truus {NAME} thuis. Truus {NAME} woont alleen sinds haar man overleed.\n"
PROBE = f"# Vorming\n\nTruus {NAME} vertelde over de vorming rond eenzaamheid in de wijk.\n"
TEAM = f"Buurtteam {NAME}"


def _corrected(world, moderator_name: str, community: str, **fields) -> tuple[str, str]:
    """'bezoek.md' uploaded with `fields` (its type, its authors), then its authors set to
    someone else and its type to casus by the moderator: (id before, id after)."""
    moderator, store = world.client(moderator_name), world.store
    store.accounts.set_pseudonymise(community, True)
    [row] = world.upload(moderator, [("bezoek.md", CASE.encode())], community, **fields)["files"]
    document = store.catalogue.get_document(row["doc_id"])
    form = {"title": document.meta.title, "type": "casus", "authors": "Iemand Anders", "cycle": "",
            "session": "", "date": "", "themes": "", "csrf": form_csrf(moderator, f"/documenten/{document.doc_id}")}
    answer = moderator.post(f"/api/documents/{document.doc_id}/metadata", data=form)
    assert answer.status_code == 200, answer.text
    return row["doc_id"], answer.json()["doc_id"]


def _moderator_of_new_group(world, name: str, community: str, sharing: str = "closed") -> None:
    world.store.accounts.add_community(community, sharing)
    world.store.accounts.set_pseudonymise(community, True)
    world.store.accounts.add_user(name, f"wachtwoord van {name}", False)
    world.store.accounts.grant(name, community, "moderator")


def test_a_correction_keeps_the_document_in_its_groups_namespace(world):
    _moderator_of_new_group(world, "mod-team", TEAM, "shared")
    before, after = _corrected(world, "mod-team", TEAM, type="casus", authors=f"Truus {NAME}")
    assert after.startswith(f"{TEAM}/"), after
    assert NAME not in world.store.catalogue.get_document(after).text
    # the same file again is the corrected document, not a second one beside it
    again = world.upload(world.client("mod-team"), [("bezoek.md", CASE.encode())], TEAM, type="casus",
                         authors=f"Truus {NAME}")["files"]
    assert [row["doc_id"] for row in again] == [after], (before, after, again)
    ours = [d.doc_id for d in world.store.catalogue.list_documents() if d.meta.community == TEAM]
    assert ours == [after], ours
    assert all(NAME not in world.store.catalogue.get_document(doc_id).text for doc_id in ours)
