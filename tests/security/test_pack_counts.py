"""The menu's pack count ("Pakket (n)") counted every reference in the pack being
filled, also one to another group's document that was closed after it was added:
the pack page showed none while the menu said one, and the count dropped only when
that group deleted the document (telling a moderator of another group whether PG
Noord closed or erased it). Counted as the pack page counts: what the caller may see."""
from __future__ import annotations

import re

from access_world import SOUTH, form_csrf

COUNT = re.compile(r'<span class="count">\((\d+)')


def _menu_count(client) -> int:
    found = COUNT.search(client.get("/bladeren").text)
    return int(found.group(1)) if found else 0


def test_the_menu_counts_only_the_sources_the_caller_may_see(world):
    moderator = world.client("mod-zuid")
    csrf = form_csrf(moderator, "/pakketten")
    made = moderator.post("/pakketten", data={"naam": "Sessie 5", "groep": SOUTH, "doc_id": "noord/gedeeld.md",
                                             "csrf": csrf}, follow_redirects=False)
    assert made.status_code == 303, made.text
    moderator.cookies.update(made.cookies)
    assert _menu_count(moderator) == 1   # the probe works: the shared document is in the pack
    world.store.accounts.set_document_sharing("noord/gedeeld.md", "closed")   # PG Noord closes it
    closed = _menu_count(moderator)
    assert world.store.catalogue.delete_document("noord/gedeeld.md")
    assert closed == _menu_count(moderator) == 0
