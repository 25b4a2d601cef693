"""One-time links: an admin invites a user, or resets a forgotten password, and
sends the link by their own mail; whoever opens it sets the account's password.

A link carries a random token (256 bits); only its SHA-256 hash is stored, like
API tokens and session ids, so a copy of the database opens no account. A link
works once, for `LINK_DAYS` days, and only the newest link of an account works
(a second reset ends the first). An invited account starts with a password
nobody knows, and a reset replaces the old password by one nobody knows at
once (a reset is asked for because the password is lost or known to someone
else), ending the account's sessions and API tokens. Redeeming is one
transaction that claims the link only if it is still unused and unexpired, so
two people opening the same link cannot both set a password.

Issuing a link holds the data dir's writer lock, as every change of who may read what
does (store._rights): an admin's request that made a link for someone else's account is
checked again there, and one whose admin flag or account went while it waited makes no
link (tenancy round 28).
"""
from __future__ import annotations

import datetime as dt
import secrets
from contextlib import AbstractContextManager, nullcontext
from dataclasses import dataclass
from typing import Callable

from store._accounts import INVITED, ROLES, AccountError, check_user_name, give_role, insert_user, secret_hash
from store._accounts import _audit as audit_line
from store._accounts import _check_password as check_password
from store._accounts import _hasher as password_hasher
from store._db import Database

LINK_DAYS = 7   # how long a link works: a week covers a weekend and a holiday Monday
PURPOSES = ("invite", "reset")
# A reset link's audit line; its account's owner is told of it at login (Accounts.reset_links).
RESET_MADE = "wachtwoordlink gemaakt (oud wachtwoord en tokens beëindigd)"


class LinkError(AccountError):
    """A link that cannot be used; `reason` is 'unknown', 'used' or 'expired'."""

    def __init__(self, reason: str) -> None:
        super().__init__(f"this link is {reason}")
        self.reason = reason


@dataclass(frozen=True)
class Link:
    user: str
    purpose: str      # 'invite' or 'reset'
    expires_at: str   # UTC, ISO 8601


def _utcnow() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc)


class Invitations:
    """Reached as `store.invitations`. `now` is the clock links expire by (a test
    moves it rather than waiting a week)."""

    def __init__(self, db: Database, now: Callable[[], dt.datetime] = _utcnow,
                 writer: Callable[[], AbstractContextManager[None]] = nullcontext) -> None:
        self.db = db
        self.now = now
        self._writer = writer   # Store.writer: the caller's rights are checked again there

    def issue(self, user: str, purpose: str, actor: str | None = None, address: str | None = None) -> str:
        """A new link token for `user`; earlier unused links of the account stop
        working, and for a reset so do its password, sessions and API tokens. With `actor`
        (the web admin), a reset's line RESET_MADE (from the client's `address`) is written in
        the same transaction: its account's owner is told of the link at login by that line
        (Accounts.reset_links), and a crash after a link made without it left them untold."""
        if purpose not in PURPOSES:
            raise AccountError(f"purpose must be one of {', '.join(PURPOSES)}")
        token = secrets.token_urlsafe(32)
        unusable = password_hasher().hash(secrets.token_urlsafe(32)) if purpose == "reset" else None
        with self._writer(), self.db.transaction() as conn:
            user_id = _user_id(conn, user)
            self._link(conn, user_id, purpose, token)
            if unusable:
                _end_access(conn, user_id, unusable)
            if actor is not None and purpose == "reset":
                audit_line(conn, actor, RESET_MADE, user, address)
        return token

    def invite(self, user: str, admin: bool, community: str | None, role: str, actor: str,
               address: str | None = None) -> str:
        """A new account `user` (an admin when `admin`) with a password nobody knows, its role
        in `community` (none when None) and its one-time link; the link's token. The account,
        role, link and the line `gebruiker uitgenodigd[ (beheerder)][: ROLE in GROUP]` (by
        `actor`, from `address`) are one transaction: made one after another, a crash could
        leave an account with a role in a closed group and no line in the group's history
        (Accounts.group_changes), or an account nobody could open."""
        check_user_name(user)
        if community is not None and role not in ROLES:
            raise AccountError(f"role must be one of {', '.join(ROLES)}")
        token = secrets.token_urlsafe(32)
        unusable = password_hasher().hash(secrets.token_urlsafe(32))   # slow: outside the transaction
        with self._writer(), self.db.transaction() as conn:
            user_id = insert_user(conn, user, unusable, admin)
            if community is not None:
                group = conn.execute("SELECT id FROM communities WHERE name = ?", (community,)).fetchone()
                if group is None:
                    raise AccountError(f"unknown community '{community}'")
                give_role(conn, user_id, group[0], role)
            self._link(conn, user_id, "invite", token)
            audit_line(conn, actor, INVITED + (" (beheerder)" if admin else "")
                       + (f": {role} in {community}" if community is not None else ""), user, address)
        return token

    def _link(self, conn, user_id: int, purpose: str, token: str) -> None:
        """The account's new link, its earlier unused ones ended (in the caller's transaction)."""
        now = self.now()
        conn.execute("DELETE FROM invitations WHERE user_id = ? AND used_at IS NULL", (user_id,))
        conn.execute("INSERT INTO invitations(token_hash, user_id, purpose, created_at, expires_at)"
                     " VALUES (?, ?, ?, ?, ?)", (secret_hash(token), user_id, purpose, now.isoformat(),
                                                (now + dt.timedelta(days=LINK_DAYS)).isoformat()))

    def find(self, token: str) -> Link:
        """The link's account and purpose; LinkError when it cannot be used."""
        row = self.db.conn().execute(
            "SELECT u.name, i.purpose, i.expires_at, i.used_at FROM invitations i"
            " JOIN users u ON u.id = i.user_id WHERE i.token_hash = ?", (secret_hash(token),)).fetchone()
        if row is None:
            raise LinkError("unknown")
        if row["used_at"] is not None:
            raise LinkError("used")
        if row["expires_at"] <= self.now().isoformat():
            raise LinkError("expired")
        return Link(row["name"], row["purpose"], row["expires_at"])

    def redeem(self, token: str, password: str) -> str:
        """Set the password through the link and use the link up; the account's name.
        A password that is refused leaves the link usable."""
        self.find(token)
        check_password(password)
        hashed = password_hasher().hash(password)   # slow: outside the transaction
        with self.db.transaction() as conn:
            row = conn.execute("UPDATE invitations SET used_at = ? WHERE token_hash = ? AND used_at IS NULL"
                               " AND expires_at > ? RETURNING user_id",
                               (self.now().isoformat(), secret_hash(token), self.now().isoformat())).fetchone()
            if row is None:   # used or expired between find and now
                raise LinkError("used")
            _end_access(conn, row[0], hashed)
            return conn.execute("SELECT name FROM users WHERE id = ?", (row[0],)).fetchone()[0]

    def pending(self) -> dict[str, Link]:
        """User name -> their unused, unexpired link (for the admin's overview)."""
        rows = self.db.conn().execute(
            "SELECT u.name, i.purpose, i.expires_at FROM invitations i JOIN users u ON u.id = i.user_id"
            " WHERE i.used_at IS NULL AND i.expires_at > ?", (self.now().isoformat(),))
        return {row[0]: Link(*row) for row in rows}


def _user_id(conn, name: str) -> int:
    row = conn.execute("SELECT id FROM users WHERE name = ?", (name,)).fetchone()
    if row is None:
        raise AccountError(f"unknown user '{name}'")
    return row[0]


def _end_access(conn, user_id: int, password_hash: str) -> None:
    """A new password hash; every session and API token of the account ends."""
    conn.execute("UPDATE users SET password_hash = ? WHERE id = ?", (password_hash, user_id))
    conn.execute("DELETE FROM web_sessions WHERE user_id = ?", (user_id,))
    conn.execute("DELETE FROM api_tokens WHERE user_id = ?", (user_id,))
