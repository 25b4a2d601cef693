"""Tenancy round 31: a group made under a deleted group's name does not inherit its history.

A group's moderators read on /groep/namen (*Wie er toegang kreeg*, JSON `group_changes`)
every role given or taken in the group, every invitation into it, every account with a
role in it deleted and every change of its settings, from the audit log, matched by the
group's name. Since round 30 a group can be deleted (`communities delete`, the admin's
/beheer/groep/verwijderen), and its name is then free. A new group of that name, made by
another coordinator for other people, showed its moderators the whole membership history
of the deleted group: who was a member, moderator or researcher of a closed group, who was
invited, whose account went, and its settings. A closed group's members are its own
members' business (docs/access.md, "Who runs a closed group"); its history is no
inheritance. Now a group's lines begin after the name's last deletion, whose audit line is
written in the transaction that removes the group's row (a deletion cut off before a separate
line would have left the old history to the next group of the name). Runs on PostgreSQL too
(PRAKTIJKGEHEUGEN_TEST_BACKEND=postgresql).
"""
from __future__ import annotations

from access_world import NORTH, SOUTH, form_csrf, log_in

OLD_MEMBERS = ("ingetrokken", "lid-noord", "mod-zuid")


def _changes(world, who: str, group: str) -> list[str]:
    answer = world.client(who).get("/api/groep/namen", params={"groep": group})
    assert answer.status_code == 200, (who, group, answer.status_code)
    return answer.json()["group_changes"]


def _old_history(admin, csrf: str) -> None:
    """Lines about the closed PG Noord: roles given and taken, an invitation, its settings."""
    for data in ({"naam": "ingetrokken", "groep": NORTH, "rol": "lid"},
                 {"naam": "mod-zuid", "groep": NORTH, "rol": "onderzoeker"}):
        assert admin.post("/beheer/gebruiker/rol", data={**data, "csrf": csrf}, follow_redirects=False).status_code == 303
    assert admin.post("/beheer/gebruiker/rol-intrekken", data={"naam": "lid-noord", "groep": NORTH, "csrf": csrf},
                      follow_redirects=False).status_code == 303
    assert admin.post("/beheer/gebruiker/uitnodigen", data={"naam": "gast-noord", "groep": NORTH, "rol": "lid",
                                                            "csrf": csrf}, follow_redirects=False).status_code == 200
    assert admin.post("/beheer/groep/instellingen", data={"naam": NORTH, "delen": "closed", "csrf": csrf},
                      follow_redirects=False).status_code == 303


def test_a_group_made_again_under_a_deleted_groups_name_shows_none_of_its_history(world):
    admin = log_in(world.app, "beheerder")
    csrf = form_csrf(admin, "/beheer")
    _old_history(admin, csrf)
    answer = admin.post("/beheer/groep/verwijderen", data={"naam": NORTH, "bevestig": NORTH, "csrf": csrf},
                        follow_redirects=False)
    assert answer.status_code == 303
    assert admin.post("/beheer/groep/nieuw", data={"naam": NORTH, "delen": "shared", "csrf": csrf},
                      follow_redirects=False).status_code == 303
    assert admin.post("/beheer/gebruiker/rol", data={"naam": "nieuw", "groep": NORTH, "rol": "moderator",
                                                     "csrf": csrf}, follow_redirects=False).status_code == 303
    lines = _changes(world, "nieuw", NORTH)
    assert len(lines) == 1 and "nieuw de rol moderator" in lines[0], lines
    page = world.client("nieuw").get("/groep/namen", params={"groep": NORTH}).text
    for name in (*OLD_MEMBERS, "gast-noord", "gesloten"):
        assert name not in page, name


def test_the_owners_delete_and_add_start_a_new_history_too(world, cli):
    admin = log_in(world.app, "beheerder")
    _old_history(admin, form_csrf(admin, "/beheer"))
    assert cli("communities", "delete", NORTH, "--yes")[0] == 0
    assert cli("communities", "add", NORTH)[0] == 0
    assert cli("users", "grant", "nieuw", "--community", NORTH, "--role", "moderator")[0] == 0
    lines = _changes(world, "nieuw", NORTH)
    assert len(lines) == 1 and "nieuw" in lines[0], lines


def test_a_group_that_was_never_deleted_keeps_its_history(world):
    """The control: the same lines about a group that stays are all shown to its moderator."""
    admin = log_in(world.app, "beheerder")
    csrf = form_csrf(admin, "/beheer")
    for name in ("ingetrokken", "lid-noord"):
        assert admin.post("/beheer/gebruiker/rol", data={"naam": name, "groep": SOUTH, "rol": "lid", "csrf": csrf},
                          follow_redirects=False).status_code == 303
    assert admin.post("/beheer/gebruiker/rol-intrekken", data={"naam": "lid-noord", "groep": SOUTH, "csrf": csrf},
                      follow_redirects=False).status_code == 303
    assert len(_changes(world, "mod-zuid", SOUTH)) == 3


def test_every_deletion_has_its_line_whoever_calls_it(world):
    """The store writes the line with the row, also for a caller that names no actor: a
    deletion without its line would hand the old history to the next group of the name."""
    import ingest

    admin = log_in(world.app, "beheerder")
    _old_history(admin, form_csrf(admin, "/beheer"))
    ingest.delete_community(world.store, NORTH)
    world.store.accounts.add_community(NORTH, "shared")
    world.store.accounts.grant("nieuw", NORTH, "moderator")
    assert _changes(world, "nieuw", NORTH) == []
    assert ("cli", "groep verwijderd", NORTH) in [line[1:] for line in world.store.accounts.audit_log(50)]
