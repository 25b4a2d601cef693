"""Opaque ids for packs, pack items and API tokens (schema 16).

Their integer keys count rows across the whole network: a moderator who made a pack
or added an item learned from the jump in numbers how much other groups, closed ones
included, use packs, and a user how many tokens had been issued network-wide. Pages,
forms, JSON and links name these rows by `public_id` instead, a random string made at
insert (96 random bits: no count, no order, never guessed); the integer key stays
inside the store. Unlike people (store._person_ids) nothing is shared across groups
here, so a random id per row hides everything a keyed hash would.
"""
from __future__ import annotations

import re
import secrets

TABLES = ("packs", "pack_items", "api_tokens")
ID_BYTES = 12                                   # 96 bits: 16 URL-safe characters
SHAPE = re.compile(r"[A-Za-z0-9_-]{16}")        # what new_id makes; anything else is unknown


def new_id() -> str:
    return secrets.token_urlsafe(ID_BYTES)


def well_formed(value: object) -> bool:
    """Whether `value` could be a public id (an old number or junk never is)."""
    return isinstance(value, str) and SHAPE.fullmatch(value) is not None


def fill_opaque_ids(conn) -> int:
    """Give every row of TABLES without a public id one (a database or backup made
    before schema 16); how many rows got one."""
    filled = 0
    for table in TABLES:
        key = "rowid" if table == "api_tokens" else "id"
        rows = conn.execute(f"SELECT {key} FROM {table} WHERE public_id IS NULL").fetchall()
        conn.executemany(f"UPDATE {table} SET public_id = ? WHERE {key} = ?", [(new_id(), r[0]) for r in rows])
        filled += len(rows)
    return filled
