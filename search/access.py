"""Who may read and do what. The decisions are made here, once; enforcement is
the `Access` inside `Filters`, which the store applies in SQL for every read
path and inside both retrievers, before ranking and before counting.

Roles per community: lid (read), moderator (read, upload, delete, edit, session
pack), onderzoeker (read, themes). A beheerder (admin) manages users and
communities but reads only the communities they are a member of, like anyone:
client cases are not an administrator's business.
"""
from __future__ import annotations

import dataclasses

from store import Access, Filters, User

MODERATOR, RESEARCHER = "moderator", "onderzoeker"


def access_for(user: User | None) -> Access | None:
    """None (everything) only in local single-user mode, where there is no user."""
    if user is None:
        return None
    return Access(member_of=tuple(sorted(user.roles)), shared=True)


def restrict(filters: Filters, user: User | None, local_mode: bool) -> Filters:
    """The caller's filters with their access applied (nothing at all for an
    anonymous caller when accounts exist)."""
    if local_mode:
        return filters
    access = access_for(user) if user is not None else Access(member_of=(), shared=False)
    return dataclasses.replace(filters, access=access)


def can_moderate(user: User | None, community: str | None, local_mode: bool) -> bool:
    if local_mode:
        return True
    return user is not None and community is not None and user.roles.get(community) == MODERATOR


def moderated_communities(user: User | None) -> list[str]:
    return sorted(c for c, role in (user.roles if user else {}).items() if role == MODERATOR)


def can_see_themes(user: User | None, local_mode: bool) -> bool:
    return local_mode or (user is not None and any(r in (MODERATOR, RESEARCHER) for r in user.roles.values()))


def can_administer(user: User | None, local_mode: bool) -> bool:
    return local_mode or (user is not None and user.is_admin)
