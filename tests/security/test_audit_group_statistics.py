"""The admin's audit log (/beheer/audit) gives no statistic of a group the admin has no role in.

A moderator who adds client names to their group (on /groep/namen, on a document's page, or
the owner with `clients add`) writes how many names were new and how many of the group's
documents were pseudonymised again ("cliëntnamen toegevoegd: 1 (nieuw: 1), 1 document(en)
opnieuw gepseudonimiseerd"). An admin without a role in a closed group who adds names there
is not told these counts (test_admin_client_names.py), but read them in the audit log after
the group's moderator had added a name: whether the closed group's documents name someone.
Now the store's audit_log leaves these counts out of the lines about a group the reader has
no role in (store.Accounts.audit_log, `reads`), as the admin's own form does. Runs on
PostgreSQL too (PRAKTIJKGEHEUGEN_TEST_BACKEND=postgresql).
"""
from __future__ import annotations

import re

import pytest

from access_world import EAST, form_csrf

NAMED, UNKNOWN = "Verborgen", "Onbekendenaam"   # an author's surname in oost/geheim.md; in no document


def _add(world, how: str, name: str) -> None:
    """mod-oost, a moderator of the closed group PG Oost, adds `name` to its client names."""
    moderator = world.client("mod-oost")
    csrf = form_csrf(moderator, "/groep/namen?groep=" + EAST)
    if how == "group":   # an author's name: confirmed, as the group page asks it too
        answer = moderator.post("/api/groep/clientnamen", data={"groep": EAST, "namen": name, "csrf": csrf,
                                                                "bevestig": "1"})
    else:   # the document page's correction (its id is renamed when it held the name: not here)
        answer = moderator.post("/api/documents/oost/geheim.md/client-names",   # an author's name: confirmed
                                data={"namen": name, "csrf": csrf, "bevestig": "1"})
    assert answer.status_code == 200, answer.text


def _newest(world, admin: str) -> str:
    """What the admin's audit page shows of the newest line about client names, its time left out."""
    page = world.client(admin).get("/beheer/audit")
    assert page.status_code == 200
    row = next(row for row in re.findall(r"<tr>(.*?)</tr>", page.text, re.S) if "toegevoegd" in row)
    return re.sub(r"<td>[^<]*\d\d:\d\d:\d\d[^<]*</td>", "", row)


@pytest.mark.parametrize("how", ["group", "document"])
def test_an_admin_without_a_role_reads_no_count_of_a_closed_groups_documents(world, how):
    _add(world, how, UNKNOWN)
    unknown = _newest(world, "beheerder")
    _add(world, how, NAMED)
    named = _newest(world, "beheerder")
    assert "document(en)" not in named and "nieuw:" not in named, named
    assert named == unknown
    assert "toegevoegd: 1" in named   # the line is there: what was typed, how many names


@pytest.mark.parametrize("how", ["group", "document"])
def test_an_admin_with_a_role_in_the_group_reads_the_counts(world, how):
    world.store.accounts.grant("beheerder", EAST, "lid")
    _add(world, how, NAMED)
    assert "1 document(en) opnieuw gepseudonimiseerd" in _newest(world, "beheerder")


def test_the_store_leaves_out_the_counts_for_a_reader_without_the_group(world):
    """The owner's `clients add` line and a switch's count, read through the store: whole for
    the server's owner (reads None), without the counts for a reader of other groups."""
    accounts = world.store.accounts
    accounts.audit("opdrachtregel", "cliëntnamen toegevoegd: 2 (nieuw: 1)", EAST)
    accounts.audit("cli", "opnieuw gepseudonimiseerd: 3 document(en)", EAST)
    assert [line[2] for line in accounts.audit_log(2)] == ["opnieuw gepseudonimiseerd: 3 document(en)",
                                                          "cliëntnamen toegevoegd: 2 (nieuw: 1)"]
    assert [line[2] for line in accounts.audit_log(2, reads={"PG Noord"})] == ["opnieuw gepseudonimiseerd",
                                                                               "cliëntnamen toegevoegd: 2"]
    assert [line[2] for line in accounts.audit_log(2, reads={EAST})][0] == "opnieuw gepseudonimiseerd: 3 document(en)"
