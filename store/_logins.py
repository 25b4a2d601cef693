"""Failed-login counts shared by every process that serves a data dir.

`serve --workers N` runs N processes; a count kept in one process's memory let an
attacker spread guesses over the workers (N times the limit) and forgot them at a
restart. The attempts are rows of `login_attempts` instead, counted and added in
one BEGIN IMMEDIATE transaction, so two processes (or threads) checking the same
name at once are serialised by SQLite: 60 parallel attempts still get exactly the
limit's number of password checks. Names and addresses are stored only as SHA-256
digests (a user who types a password into the name field leaves no password
behind), and rows older than the window are deleted at every attempt.

**Device tokens** (OWASP's "device cookies"): a browser that logged in as a name gets a
token for that name, an HMAC under a key of this deployment (`meta` DEVICE_KEY_META) of the
account's id and current password hash (a new password ends every token earned with the
old one, as it ends sessions and API tokens). An
attempt that brings one is counted under the token instead of the address, and only the
pair limit holds for it: a colleague behind the same office address who types the name
wrong five times, or tries fifty names, locks out the browsers that never logged in as
that name, not the user's own. A stolen token still gets five guesses per window.
"""
from __future__ import annotations

import hashlib
import hmac
import re
import secrets
from dataclasses import dataclass

from store._db import Database


@dataclass(frozen=True)
class LoginLimits:
    window: float       # s
    per_pair: int       # per (name, address)
    per_name: int       # per name, all addresses together
    per_address: int    # per address, all names together


DEVICE_KEY_META = "login_device_key"
DEVICE_TOKENS = 4   # names one browser is trusted for (a shared office computer)


def _key(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


_TOKEN = re.compile(r"[A-Za-z0-9_-]{1,64}\.[0-9a-f]{32}")


def _device_mac(key: bytes, account: str, nonce: str) -> str:
    return hmac.new(key, f"{account}\x00{nonce}".encode("utf-8"), hashlib.sha256).hexdigest()[:32]


def _account(conn, name: str) -> str | None:
    """What a token is bound to: the account of exactly this name (its id) with its current
    password hash, so a token dies with a password change, a reset or the account, and an
    account whose name differs only in case ("Jan", "jan") is another one."""
    row = conn.execute("SELECT id, password_hash FROM users WHERE name = ?", (name,)).fetchone()
    return f"{row[0]}\x00{row[1]}" if row else None


class LoginAttempts:
    def __init__(self, db: Database) -> None:
        self.db = db

    def device_tokens(self, name: str, cookie: str) -> str:
        """The cookie's tokens with a new one for `name` first (the name's older ones
        dropped), at most DEVICE_TOKENS: given to a browser at a login that succeeded."""
        with self.db.transaction() as conn:
            conn.execute("INSERT INTO meta(key, value) VALUES (?, ?) ON CONFLICT DO NOTHING",
                         (DEVICE_KEY_META, secrets.token_hex(32)))
            key = bytes.fromhex(conn.execute("SELECT value FROM meta WHERE key = ?", (DEVICE_KEY_META,)).fetchone()[0])
            account = _account(conn, name)
        nonce, older = secrets.token_urlsafe(12), cookie.split("~")[:DEVICE_TOKENS]
        others = [t for t in older if _TOKEN.fullmatch(t) and (account is None or self._nonce(key, account, t) is None)]
        mine = [f"{nonce}.{_device_mac(key, account, nonce)}"] if account else []
        return "~".join([*mine, *others][:DEVICE_TOKENS])

    def trusted_device(self, name: str, cookie: str) -> str | None:
        """The device this browser's cookie names for `name` (a token issued to it), or None."""
        if not cookie:
            return None
        with self.db.reading() as conn:
            row = conn.execute("SELECT value FROM meta WHERE key = ?", (DEVICE_KEY_META,)).fetchone()
            account = _account(conn, name)
        if row is None or account is None:
            return None
        key = bytes.fromhex(row[0])
        return next((nonce for t in cookie.split("~")[:DEVICE_TOKENS] if (nonce := self._nonce(key, account, t))), None)

    @staticmethod
    def _nonce(key: bytes, account: str, token: str) -> str | None:
        """The token's nonce if it was issued for `account` (a malformed token: None)."""
        if not _TOKEN.fullmatch(token):
            return None
        nonce, _, mac = token.partition(".")
        return nonce if hmac.compare_digest(mac, _device_mac(key, account, nonce)) else None

    def reserve(self, name: str, address: str, now: float, limits: LoginLimits,
                unlocked_at: float = 0.0, device: str | None = None) -> int | None:
        """Count an attempt and return its id, or None when a limit is reached.
        `unlocked_at` (an admin's unlock) forgets the name's earlier attempts; the
        address's own count is not forgiven by unlocking one name, but an unlocked name
        is no longer held by it: else one colleague failing with many names kept
        everyone behind the office's address out for the whole window and the admin
        could not let anyone in (tests/security/test_login_limit.py). The name's pair
        and name limits, counted from the unlock, still hold. An attempt from a trusted
        `device` (`trusted_device`) is counted under the device, and only its pair limit holds."""
        name_key, address_key = _key(name.casefold()), _key(f"device:{device}" if device else address)
        start = now - limits.window
        since = max(start, unlocked_at)
        with self.db.transaction() as conn:
            conn.execute("DELETE FROM login_attempts WHERE at <= ?", (start,))
            count = lambda sql, *args: conn.execute(sql, args).fetchone()[0]  # noqa: E731
            if (count("SELECT COUNT(*) FROM login_attempts WHERE name_key = ? AND address_key = ? AND at > ?",
                      name_key, address_key, since) >= limits.per_pair
                    or device is None and count("SELECT COUNT(*) FROM login_attempts WHERE name_key = ? AND at > ?",
                             name_key, since) >= limits.per_name
                    or (device is None and unlocked_at <= start
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
