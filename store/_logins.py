"""Failed-login counts shared by every process that serves a data dir.

`serve --workers N` runs N processes; a count kept in one process's memory let an
attacker spread guesses over the workers (N times the limit) and forgot them at a
restart. The attempts are rows of `login_attempts` instead, counted and added in
one BEGIN IMMEDIATE transaction, so two processes (or threads) checking the same
name at once are serialised by SQLite: 60 parallel attempts still get exactly the
limit's number of password checks. Names and addresses are stored only as SHA-256
digests (a user who types a password into the name field leaves no password
behind), and rows older than the window are deleted at every attempt.
"""
from __future__ import annotations

import hashlib
from dataclasses import dataclass

from store._db import Database


@dataclass(frozen=True)
class LoginLimits:
    window: float       # s
    per_pair: int       # per (name, address)
    per_name: int       # per name, all addresses together
    per_address: int    # per address, all names together


def _key(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


class LoginAttempts:
    def __init__(self, db: Database) -> None:
        self.db = db

    def reserve(self, name: str, address: str, now: float, limits: LoginLimits,
                unlocked_at: float = 0.0) -> int | None:
        """Count an attempt and return its id, or None when a limit is reached.
        `unlocked_at` (an admin's unlock) forgets the name's earlier attempts; the
        address's own count is not forgiven by unlocking one name, but an unlocked name
        is no longer held by it: else one colleague failing with many names kept
        everyone behind the office's address out for the whole window and the admin
        could not let anyone in (tests/security/test_login_limit.py). The name's pair
        and name limits, counted from the unlock, still hold."""
        name_key, address_key = _key(name.casefold()), _key(address)
        start = now - limits.window
        since = max(start, unlocked_at)
        with self.db.transaction() as conn:
            conn.execute("DELETE FROM login_attempts WHERE at <= ?", (start,))
            count = lambda sql, *args: conn.execute(sql, args).fetchone()[0]  # noqa: E731
            if (count("SELECT COUNT(*) FROM login_attempts WHERE name_key = ? AND address_key = ? AND at > ?",
                      name_key, address_key, since) >= limits.per_pair
                    or count("SELECT COUNT(*) FROM login_attempts WHERE name_key = ? AND at > ?",
                             name_key, since) >= limits.per_name
                    or (unlocked_at <= start
                        and count("SELECT COUNT(*) FROM login_attempts WHERE address_key = ? AND at > ?",
                                  address_key, start) >= limits.per_address)):
                return None
            return conn.execute("INSERT INTO login_attempts(name_key, address_key, at) VALUES (?, ?, ?)"
                                " RETURNING id", (name_key, address_key, now)).fetchone()[0]

    def address_full(self, address: str, now: float, limits: LoginLimits) -> bool:
        """Whether `address` had used up its attempts for all names together before the
        attempt just reserved (which is counted, hence `>`). A name an
        admin unlocked still gets its password checked from there (`reserve`), but a
        wrong one is then answered as every other name from that address is, so that
        the answer does not tell an unlocked account from an unknown name. A read
        (it was a second write transaction on every wrong password, after `reserve`'s)."""
        with self.db.reading() as conn:
            return conn.execute("SELECT COUNT(*) FROM login_attempts WHERE address_key = ? AND at > ?",
                                (_key(address), now - limits.window)).fetchone()[0] > limits.per_address

    def locked(self, name: str, now: float, limits: LoginLimits, unlocked_at: float = 0.0) -> bool:
        """Whether logins as `name` are refused now: from some address (its pair limit)
        or from every address (the name's limit). For the admin's user page."""
        name_key = _key(name.casefold())
        since = max(now - limits.window, unlocked_at)
        conn = self.db.conn()
        by_name = conn.execute("SELECT COUNT(*) FROM login_attempts WHERE name_key = ? AND at > ?",
                               (name_key, since)).fetchone()[0]
        worst_pair = conn.execute("SELECT COUNT(*) AS n FROM login_attempts WHERE name_key = ? AND at > ?"
                                  " GROUP BY address_key ORDER BY n DESC LIMIT 1", (name_key, since)).fetchone()
        return by_name >= limits.per_name or (worst_pair is not None and worst_pair[0] >= limits.per_pair)

    def succeeded(self, attempt: int) -> None:
        """The password was right: the attempt is no failure."""
        with self.db.transaction() as conn:
            conn.execute("DELETE FROM login_attempts WHERE id = ?", (attempt,))

    def counted(self) -> int:
        """How many attempts are still counted (for tests and `status`)."""
        return self.db.conn().execute("SELECT COUNT(*) FROM login_attempts").fetchone()[0]
