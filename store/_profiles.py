"""What a user keeps up themselves: the name shown for them, their organisation,
and their personal API tokens (listed by a number and an optional label, never by
the token, of which only a hash is kept). Reached as `store.profiles`.

The login name stays the admin's: it is the person's name as documents write it,
which person pages match on for the e-mail address (store._people). A display
name a user chose matches nothing, so nobody can put their address on somebody
else's person page by calling themselves after them.
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from contextlib import AbstractContextManager, nullcontext
from dataclasses import dataclass

from store._accounts import _EMAIL as EMAIL
from store._accounts import MAX_EMAIL, AccountError, clean_text
from store._db import Database

MAX_PROFILE_CHARS = 200   # a display name or an organisation: a long Flemish organisation name fits


@dataclass(frozen=True)
class Profile:
    name: str                   # the login name
    display_name: str | None
    organisation: str | None
    email: str | None
    contact: bool               # agreed to be contacted through the e-mail address


@dataclass(frozen=True)
class TokenInfo:
    id: str                     # the public id (store._opaque_ids), never the row's number
    label: str | None
    created_at: str             # UTC, 'YYYY-MM-DD HH:MM:SS'
    expires_at: str | None      # UTC, ISO 8601; None: until revoked
    expired: bool


class Profiles:
    def __init__(self, db: Database, writer: Callable[[], AbstractContextManager[None]] = nullcontext) -> None:
        self.db = db
        # Store.writer: a change of one's own profile or tokens is checked again under it (store._rights),
        # as a password change is: a session of an account deleted while the request waited, its name
        # given to a new account, would otherwise write on the new account (found by name)
        self._writer = writer

    def get(self, name: str) -> Profile:
        row = self.db.conn().execute("SELECT name, display_name, organisation, email, contact FROM users"
                                     " WHERE name = ?", (name,)).fetchone()
        if row is None:
            raise AccountError(f"unknown user '{name}'")
        return Profile(row[0], row[1], row[2], row[3], bool(row[4]))

    def set(self, name: str, display_name: str | None, organisation: str | None, email: str | None,
            contact: bool) -> Profile:
        """Replace the whole profile at once ('' removes a field): every field is checked
        before anything is written, so a bad address loses no other change. Consent
        without an address is no consent."""
        shown = clean_text(display_name, MAX_PROFILE_CHARS, "a display name")
        works_at = clean_text(organisation, MAX_PROFILE_CHARS, "an organisation")
        email = (email or "").strip() or None
        if email and (len(email) > MAX_EMAIL or not EMAIL.fullmatch(email)):
            raise AccountError(f"'{email}' is not an e-mail address")
        with self._writer(), self.db.transaction() as conn:
            if conn.execute("UPDATE users SET display_name = ?, organisation = ?, email = ?, contact = ?"
                            " WHERE name = ?", (shown, works_at, email, int(bool(contact and email)), name)
                            ).rowcount == 0:
                raise AccountError(f"unknown user '{name}'")
        return self.get(name)

    def tokens(self, name: str, now: dt.datetime | None = None) -> list[TokenInfo]:
        """The user's API tokens, newest first."""
        at = (now or dt.datetime.now(dt.timezone.utc)).isoformat()
        rows = self.db.conn().execute(
            "SELECT t.public_id, t.label, t.created_at, t.expires_at FROM api_tokens t JOIN users u ON u.id = t.user_id"
            " WHERE u.name = ? ORDER BY t.created_at DESC, t.rowid DESC", (name,))
        return [TokenInfo(r[0], r[1], r[2], r[3], r[3] is not None and r[3] <= at) for r in rows]

    def revoke_token(self, name: str, token_id: str) -> bool:
        """End one of the user's own tokens; False when they have none of that id
        (another user's token, an old number or junk counts as none)."""
        with self._writer(), self.db.transaction() as conn:
            return conn.execute("DELETE FROM api_tokens WHERE public_id = ? AND user_id ="
                                " (SELECT id FROM users WHERE name = ?)", (token_id, name)).rowcount > 0
