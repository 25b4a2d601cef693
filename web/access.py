"""What the caller may see and do, for the views. The decisions live in
search.access; this module only connects them to the request. Every view
passes its filters through `restrict`, which adds the caller's Access, so the
store applies it inside both retrievers, before ranking and counting."""
from __future__ import annotations

from fastapi import HTTPException, Request

from search import access as policy
from store import Filters
from web.auth import identify
from web.proxy import client_address


def restrict(request: Request, filters: Filters) -> Filters:
    caller = identify(request)
    return policy.restrict(filters, caller.user, caller.local_mode)


def upload_communities(request: Request) -> list[str] | None:
    """Communities the caller may upload to; None means any (local mode)."""
    caller = identify(request)
    return None if caller.local_mode else policy.moderated_communities(caller.user)


def upload_refusal(request: Request, community: str | None) -> str | None:
    """Why the caller may not upload into `community` (None: they may)."""
    allowed = upload_communities(request)
    if allowed is not None and community not in allowed:
        return "Kies een groep waarvan u moderator bent: " + (", ".join(allowed) or "u modereert geen groep") + "."
    if community and not request.app.state.runtime.store.accounts.has_community(community):
        return "Deze groep bestaat niet. Kies een bestaande groep, of vraag de beheerder om haar aan te maken."
    return None


def can_upload(request: Request) -> bool:
    communities = upload_communities(request)
    return communities is None or bool(communities)


def may_moderate(request: Request, community: str | None) -> bool:
    caller = identify(request)
    return policy.can_moderate(caller.user, community, caller.local_mode)


def require_moderator(request: Request, community: str | None) -> None:
    if not may_moderate(request, community):
        raise HTTPException(403, "Alleen moderatoren van deze groep mogen dit.")


def require_admin(request: Request) -> None:
    caller = identify(request)
    if not policy.can_administer(caller.user, caller.local_mode):
        raise HTTPException(403, "Alleen beheerders mogen dit.")


def actor(request: Request) -> tuple[str, str | None]:
    """Who acts in the audit log and from where: (account name or "lokaal", client address),
    for a store change that writes its line in its own transaction (Accounts.set_community)."""
    caller = identify(request)
    return (caller.user.name if caller.user else "lokaal"), client_address(request)


def audit(request: Request, action: str, target: str | None = None) -> None:
    """Who did what (never what they searched for: queries may describe clients)."""
    name, address = actor(request)
    request.app.state.runtime.store.accounts.audit(name, action, target, address)
