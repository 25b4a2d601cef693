"""Filters -> one SQL condition over `documents d LEFT JOIN communities c`.

Both retrievers and every listing use this one function, so a restriction
(access or user filter) can never be applied in one place and forgotten in another.
"""
from __future__ import annotations

from store._types import Access, Filters


def _in(column: str, values: tuple[str, ...]) -> tuple[str, list]:
    marks = ",".join("?" for _ in values)
    return f"{column} IN ({marks})", list(values)


def filter_sql(filters: Filters) -> tuple[str, list]:
    """SQL condition (always including d.state = 'ready') and its parameters."""
    parts: list[str] = ["d.state = 'ready'"]
    params: list = []
    if filters.access is not None:
        clause, values = access_sql(filters.access)
        parts.append(clause)
        params += values
    if filters.communities is not None:
        clause, values = _in("c.name", filters.communities) if filters.communities else ("1 = 0", [])
        parts.append(clause)
        params += values
    for column, wanted in (("d.cycle", filters.cycles), ("d.type", filters.types)):
        if wanted:
            clause, values = _in(column, wanted)
            parts.append(clause)
            params += values
    if filters.authors:
        clause, values = _in("p.name", filters.authors)
        parts.append(
            "d.id IN (SELECT a.document_id FROM authorship a JOIN people p ON p.id = a.person_id"
            f" WHERE {clause})"
        )
        params += values
    if filters.themes:
        clause, values = _in("t.theme", filters.themes)
        parts.append("d.id IN (SELECT ch.document_id FROM chunk_themes t JOIN chunks ch ON ch.id = t.chunk_id"
                     f" WHERE {clause})")
        params += values
    if filters.date_from:
        parts.append("d.date >= ?")
        params.append(filters.date_from)
    if filters.date_to:
        parts.append("d.date <= ?")
        params.append(filters.date_to)
    return " AND ".join(parts), params


def access_sql(access: Access) -> tuple[str, list]:
    """Own communities' documents, or documents shared with the network. Shared means
    shared with the members of the network's communities: a caller without any
    role (a new account, a revoked one, an admin without memberships) sees nothing,
    so no document, person, count or filter value reaches them through any path."""
    if not access.member_of:
        return "1 = 0", []
    own, values = _in("c.name", access.member_of)
    shared = "COALESCE(d.sharing, c.sharing) = 'shared'" if access.shared else "1 = 0"
    return f"({own} OR {shared})", values


def sees_members(conn, community: str | None, filters: Filters) -> bool:
    """Whether a caller with these filters may see who the members of `community` are
    (its moderators on a person page, who corrected a document): its own members, and
    anyone in the network for a shared community (local mode: the one user). A closed
    group's document shared with the network shows its community, not its people."""
    if filters.access is None or community in filters.access.member_of:
        return True
    row = conn.execute("SELECT sharing FROM communities WHERE name = ?", (community,)).fetchone()
    return bool(row) and row[0] == "shared" and filters.access.shared and bool(filters.access.member_of)
