"""Rights are checked again when a write gets the writer lock.

A web request checks its caller's rights when it starts, but a write waits for the
writer lock (store.Store.writer) behind an upload, a correction or `ingest --move`
that may take minutes. A moderator removed, an admin's flag taken away, or a document
moved to another group meanwhile still wrote when the lock came free (tenancy round
27). So the web marks what a request was allowed to do when it starts (`acting_as`:
the caller's account and roles; `acting_on`: the documents it authorised, with their
community) in a context variable, and the store checks that again, against the
database, each time a thread takes the writer lock (`recheck`), before anything is
written. It is one place for every write path: a new one that takes the writer lock
is checked without knowing of it, and a write that changes rights (a role, a
document's or a group's sharing, a name list, `ingest --move`) takes the lock too, so
nothing changes between the check and the write.

A request that says which groups it writes in (`acting_in`: an upload names its one
group, a pack change its pack's group, a name list change its group) needs the roles it
had in those groups only: a moderator of PG Zuid and PG Oost uploading into PG Zuid
while her role in PG Oost is taken away writes her upload (tenancy round 28; before, a
role lost in any group refused it). A request that says nothing is checked
conservatively: a moderator role lost anywhere refuses it. Always refused: an account
gone (or its name now another account's), the session or API token the request came with
ended (an account deleted takes them along, so this also tells a new account that got a
deleted one's name and, on SQLite, its number, which name and number alone did not:
tenancy round 28b), an admin flag taken away, and a document the
request changes that now belongs to another community or that the caller may no longer read. The CLI,
local mode and background jobs (threads of their own, which do not inherit a request's
context) set nothing and are not checked: the data dir's owner may write anywhere.
"""
from __future__ import annotations

from contextvars import ContextVar
from dataclasses import dataclass, field

from store._accounts import User, secret_hash
from store._errors import StoreError


class RightsChanged(StoreError):
    """The caller's rights changed while the request waited for the writer lock."""

    user = ("Uw rechten zijn gewijzigd terwijl uw verzoek wachtte (bijvoorbeeld: u bent geen moderator"
            " meer van de groep, of het document hoort nu bij een andere groep). Er is niets opgeslagen."
            " Laad de pagina opnieuw; vraag zo nodig de beheerder of een moderator van de groep.")


@dataclass
class Grant:
    """What a request was allowed when it started (see the module's text)."""

    user_id: int
    name: str
    admin: bool
    roles: dict[str, str]
    documents: dict[str, str | None] = field(default_factory=dict)   # doc id -> its community then
    groups: set[str] | None = None   # the groups it writes in (acting_in); None: not said, all are checked
    credential: tuple[str, str] | None = None   # ("session" or "token", its hash): what the request came with


_current: ContextVar[Grant | None] = ContextVar("praktijkgeheugen_grant", default=None)


def acting_as(user: User | None, session: str | None = None, token: str | None = None) -> None:
    """Mark the current request (its context) as acting for this account (None: for the
    owner, in local mode, or for nobody: nothing is checked), logged in by this web
    session id or API token (checked again too; neither: the account only)."""
    credential = ("token", secret_hash(token)) if token else ("session", secret_hash(session)) if session else None
    _current.set(None if user is None else Grant(user.id, user.name, user.is_admin, dict(user.roles),
                                                 credential=credential))


def acting_on(doc_id: str, community: str | None) -> None:
    """Note a document the current request was allowed to change, with its community."""
    grant = _current.get()
    if grant is not None:
        grant.documents[doc_id] = community
    if community is not None:
        acting_in(community)   # its group's role is what the change needs


def acting_in(*communities: str) -> None:
    """Note a group the current request writes in: its roles elsewhere are then not
    checked again (see the module's text)."""
    grant = _current.get()
    if grant is not None:
        grant.groups = (grant.groups or set()) | set(communities)


def current() -> Grant | None:
    return _current.get()


def recheck(conn, grant: Grant | None) -> None:
    """Raise RightsChanged when `grant` no longer holds in the database (`conn`, read
    under the writer lock). Nothing for the owner (no grant)."""
    if grant is None:
        return
    row = conn.execute("SELECT name, is_admin FROM users WHERE id = ?", (grant.user_id,)).fetchone()
    if row is None or row[0] != grant.name:   # gone (its number perhaps reused by another account)
        raise RightsChanged(f"account {grant.user_id} is gone")
    if grant.credential is not None:   # deleted with its account: a same-named newcomer has its own
        table, column = ("api_tokens", "token_hash") if grant.credential[0] == "token" else ("web_sessions", "id_hash")
        if conn.execute(f"SELECT 1 FROM {table} WHERE {column} = ? AND user_id = ?",
                        (grant.credential[1], grant.user_id)).fetchone() is None:
            raise RightsChanged(f"account {grant.user_id}: the {grant.credential[0]} the request came with ended")
    if grant.admin and not row[1]:
        raise RightsChanged(f"account {grant.user_id} is no longer an admin")
    roles = {r[0]: r[1] for r in conn.execute(
        "SELECT c.name, m.role FROM memberships m JOIN communities c ON c.id = m.community_id"
        " WHERE m.user_id = ?", (grant.user_id,))}
    lost = [c for c, role in grant.roles.items() if role == "moderator" and roles.get(c) != "moderator"
            and (grant.groups is None or c in grant.groups)]
    if lost:
        raise RightsChanged(f"account {grant.user_id} no longer moderates {len(lost)} communit(y/ies)")
    gone = [c for c in grant.groups or () if c in grant.roles and c not in roles]
    if gone:   # a role of any kind it acted by (an admin's keep list needs one in the group)
        raise RightsChanged(f"account {grant.user_id} has no role in {len(gone)} communit(y/ies) any more")
    for doc_id, community in grant.documents.items():
        now = conn.execute(
            "SELECT c.name, COALESCE(d.sharing, c.sharing, 'closed') FROM documents d"
            " LEFT JOIN communities c ON c.id = d.community_id WHERE d.doc_id = ? AND d.state = 'ready'",
            (doc_id,)).fetchone()
        if now is None:
            continue   # deleted meanwhile: each path answers a missing document itself
        if now[0] != community:
            raise RightsChanged(f"account {grant.user_id}: a document it changes moved to another community")
        if now[0] not in roles and now[1] != "shared":
            raise RightsChanged(f"account {grant.user_id}: a document it changes was closed to it")
