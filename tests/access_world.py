"""A small network with closed and shared communities, users of every role and
documents that each carry unique words, for the access and leak-probe tests.

Every document has a `phrase` (what a prober searches for) and `markers` (its
title word, canary word, author and id) that never appear in a query, so a
response that contains a marker shows something of that document.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from fastapi.testclient import TestClient

NORTH, EAST, SOUTH = "PG Noord", "PG Oost", "Wijkteam Zuid"
COMMUNITIES = {NORTH: "closed", EAST: "closed", SOUTH: "shared"}


@dataclass(frozen=True)
class Doc:
    doc_id: str
    community: str
    phrase: str      # searched for by the probes
    title_word: str  # in the title only
    canary: str      # in the text only, next to the phrase
    author: str
    sharing: str | None = None   # the moderator's per-document override

    @property
    def markers(self) -> tuple[str, ...]:
        return (self.title_word, self.canary, self.author, self.doc_id)

    def text(self) -> str:
        return f"""---
title: "Verslag over de {self.title_word}"
type: sessieverslag
community: "{self.community}"
cycle: "2023-2024"
session: 1
date: 2023-10-10
authors:
  - name: "{self.author}"
    organisation: "Organisatie {self.title_word}"
---
# Wat we bespraken

De groep sprak over de {self.phrase} in de wijk. Een deelnemer vertelde over {self.canary}
en over wat de buren samen deden. We spraken af om de {self.phrase} in de volgende sessie
opnieuw te bespreken, samen met de thuiszorg.
"""


DOCS = (
    Doc("noord/geheim.md", NORTH, "zilverreiger", "hazelworm", "kanarieaap", "Noor Geheimers"),
    Doc("noord/gedeeld.md", NORTH, "kwartelkoning", "ijsvogeltje", "kanariebeer", "Noor Delers", "shared"),
    Doc("oost/geheim.md", EAST, "koraalduiker", "wolfsmelk", "kanariecavia", "Otto Verborgen"),
    Doc("zuid/open.md", SOUTH, "zandloper", "dotterbloem", "kanariedas", "Zeno Openhart"),
    Doc("zuid/dicht.md", SOUTH, "nachtvlinder", "boterbloem", "kanarie-eend", "Zeno Dichtbij", "closed"),
)
BY_ID = {doc.doc_id: doc for doc in DOCS}
SHARED = {"noord/gedeeld.md", "zuid/open.md"}

# name -> (admin, {community: role}); every role, an admin without memberships, and
# accounts without any role: a new one and one whose only role was revoked.
USERS = {
    "lid-noord": (False, {NORTH: "lid"}),
    "mod-oost": (False, {EAST: "moderator"}),
    "mod-zuid": (False, {SOUTH: "moderator"}),
    "onderzoeker": (False, {NORTH: "onderzoeker", SOUTH: "onderzoeker"}),
    "beheerder": (True, {}),
    "nieuw": (False, {}),
    "ingetrokken": (False, {}),
}
REVOKED = {"ingetrokken": SOUTH}  # granted lid, then revoked
WITHOUT_ROLE = ("beheerder", "nieuw", "ingetrokken")
# What each user must see: their own communities' documents and what is shared.
VISIBLE = {
    "lid-noord": {"noord/geheim.md", "noord/gedeeld.md", "zuid/open.md"},
    "mod-oost": {"oost/geheim.md", "noord/gedeeld.md", "zuid/open.md"},
    "mod-zuid": {"zuid/open.md", "zuid/dicht.md", "noord/gedeeld.md"},
    "onderzoeker": {"noord/geheim.md", "noord/gedeeld.md", "zuid/open.md", "zuid/dicht.md"},
    # Shared means shared with the members of the network's communities: no role, nothing.
    "beheerder": set(),
    "nieuw": set(),
    "ingetrokken": set(),
}


def password(name: str) -> str:
    return f"wachtwoord van {name}"


def build(store, embedder, folder: Path) -> None:
    """Communities, documents (with their overrides) and users in `store`."""
    import ingest

    for name, sharing in COMMUNITIES.items():
        store.accounts.add_community(name, sharing)
        store.accounts.set_pseudonymise(name, False)   # the words here are not client names
    for doc in DOCS:
        path = folder / doc.doc_id
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(doc.text(), "utf-8")
    report = ingest.ingest_paths(store, embedder, [folder])
    assert {o.doc_id for o in report.outcomes} == set(BY_ID), report.outcomes
    for doc in DOCS:
        if doc.sharing:
            store.accounts.set_document_sharing(doc.doc_id, doc.sharing)
    for name, (admin, roles) in USERS.items():
        store.accounts.add_user(name, password(name), admin)
        for community, role in roles.items():
            store.accounts.grant(name, community, role)
    for name, community in REVOKED.items():
        store.accounts.grant(name, community, "lid")
        store.accounts.revoke(name, community)


def app_for(store, embedder):
    from web.app import create_app
    from web.runtime import Runtime

    runtime = Runtime(store.settings, store=store, embedder=embedder)
    return create_app(runtime, warm_up=False)


def log_in(app, name: str, secret: str | None = None) -> TestClient:
    """A browser that logged in through the login form (CSRF token and all)."""
    client = TestClient(app)
    client.get("/inloggen")
    response = client.post("/inloggen", data={"naam": name, "wachtwoord": secret or password(name),
                                              "csrf": form_csrf(client, "/inloggen"), "terug": "/"},
                           follow_redirects=False)
    assert response.status_code == 303, response.text
    return client


CSRF_FIELD = re.compile(r'name="csrf" value="([^"]+)"')


def form_csrf(client: TestClient, page: str = "/pakket") -> str:
    """The CSRF token a page's forms carry."""
    return CSRF_FIELD.search(client.get(page).text).group(1)


def route_paths(routes, method: str) -> set[str]:
    """The app's paths for `method`, also inside included routers (FastAPI keeps
    those as one entry); mounts (static files) count as GET."""
    paths = set()
    for route in routes:
        if hasattr(route, "original_router"):
            paths |= route_paths(route.original_router.routes, method)
        elif method in (getattr(route, "methods", None) or {"GET"}):
            paths.add(route.path)
    return paths
