"""Tenancy attack 39: the audit log's JSON twin gave an admin the statistics of a closed
group it has no role in.

/beheer/audit leaves out of a line about a group the reader has no role in how many of its
documents a client-name addition pseudonymised again and how many names were new
(test_audit_group_statistics.py): whether a closed group's documents name someone. Its JSON
twin /api/beheer/audit (admin round 38) read the store's whole lines: the admin without a
role in PG Oost read '1 document(en) opnieuw gepseudonimiseerd' there after PG Oost's
moderator added a name its case holds, and '0 document(en)' for a name it does not hold.
Class: a reader of the log whose groups are not said. Accounts.audit_entries now takes
`reads` without a default (the page, its twin and the CLI each say who reads), and the
twin passes the admin's groups as the page does. Runs on PostgreSQL too
(PRAKTIJKGEHEUGEN_TEST_BACKEND=postgresql).
"""
from __future__ import annotations

import pytest
from test_audit_group_statistics import NAMED, UNKNOWN, _add  # mod-oost adds a client name to PG Oost

from access_world import EAST


def _newest(world, admin: str) -> dict:
    """The newest client-name line of /api/beheer/audit as `admin` reads it, its time left out."""
    answer = world.client(admin).get("/api/beheer/audit")
    assert answer.status_code == 200, answer.text
    entry = next(e for e in answer.json()["entries"] if "toegevoegd" in e["action"])
    return {key: value for key, value in entry.items() if key != "at"}


@pytest.mark.parametrize("how", ["group", "document"])
def test_the_audit_twin_gives_an_admin_without_a_role_no_count_of_a_closed_group(world, how):
    _add(world, how, UNKNOWN)
    unknown = _newest(world, "beheerder")
    _add(world, how, NAMED)
    named = _newest(world, "beheerder")
    for said in (named["action"], named["tekst"]):
        assert "document(en)" not in said and "nieuw:" not in said, named
    assert named == unknown
    assert "toegevoegd: 1" in named["action"]   # the line is there: what was done, how many names


@pytest.mark.parametrize("how", ["group", "document"])
def test_the_audit_twin_gives_an_admin_with_a_role_the_counts(world, how):
    world.store.accounts.grant("beheerder", EAST, "lid")
    _add(world, how, NAMED)
    assert "1 document(en) opnieuw gepseudonimiseerd" in _newest(world, "beheerder")["action"]



@pytest.mark.parametrize("page", ["/api/beheer/audit", "/beheer/audit"])
def test_a_namesake_groups_role_reads_no_count_of_the_deleted_closed_group(world, page):
    """PG Oost (closed, the admin had no role in it) is deleted and a new PG Oost made, in which
    the admin takes a role: the old group's line keeps its counts to itself, as the new group's
    moderators do not read the old group's history (Accounts.group_changes, tenancy round 31)."""
    import ingest

    _add(world, "group", NAMED)
    ingest.delete_community(world.store, EAST, "beheerder")
    world.store.accounts.add_community(EAST, "closed")
    world.store.accounts.grant("beheerder", EAST, "lid")
    answer = world.client("beheerder").get(page)
    assert answer.status_code == 200
    assert "toegevoegd: 1" in answer.text
    assert "document(en)" not in answer.text and "nieuw:" not in answer.text
