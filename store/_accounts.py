"""Accounts: communities and their policies, users, memberships, API tokens,
web sessions and the audit log. Passwords are hashed with Argon2id (argon2-cffi,
the reference implementation's binding); tokens and session ids are random and
stored only as SHA-256 hashes.

The store's `accounts` part (`store.accounts.add_user(...)`).
"""
from __future__ import annotations

import datetime as dt
import functools
import hashlib
import re
import secrets
import time
import unicodedata
from contextlib import AbstractContextManager, nullcontext
from dataclasses import dataclass, field
from typing import Callable, Collection

from errors import PraktijkgeheugenError
from store._db import META_UPSERT, Database
from store._opaque_ids import new_id
from store._person_links import forget_unnamed, relink

ROLES = ("lid", "moderator", "onderzoeker")
SHARING = ("shared", "closed")
SESSION_HOURS = 12
MAX_EMAIL = 254  # characters; the longest address SMTP can carry (RFC 5321)
_EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s]+")
MAX_LABEL_CHARS = 100  # a token's label ("laptop", "script verslagen")
RESET_NOTICE_DAYS = 30  # how long a new-password link made for an account is shown to its owner
MAX_TOKEN_DAYS = 3650  # `users token NAME --days N`: ten years is "no end" by another name
_UNLOCKED = "login_unlocked:"  # meta key prefix, per case-folded user name
# The audit line of `users passwd`: the server's owner set a password it knows, so whoever
# ran it can log in as the account; its owner is told as of a reset link (reset_links).
PASSWORD_SET = "wachtwoord gezet door de eigenaar van de server"
_DELETED = "gebruiker verwijderd"
GROUP_DELETED = "groep verwijderd"   # a group's history ends here (Accounts.group_changes)
SETTING_CHANGED = "groep gewijzigd: "   # a setting's line, written with its change (Accounts.set_community)
# The lines of who may read a group (group_changes), each written in the transaction of its
# change (grant, revoke, delete_user, Invitations.invite): "rol gegeven: lid in PG Noord".
ROLE_GIVEN, ROLE_TAKEN, INVITED = "rol gegeven", "rol ingetrokken", "gebruiker uitgenodigd"
# A line's statistic of a group's documents or client-name list after what it keeps: how many
# names were new, how many documents were pseudonymised again (web.views.group_names,
# correction, admin_communities; `clients add`, `communities set --pseudonymise`). Read only by
# whoever reads the group (Accounts.audit_log's `reads`): whether a closed group's documents
# name someone is not an admin's to learn without a role there (test_audit_group_statistics.py).
_GROUP_STATISTIC = re.compile(r"(cliëntnamen toegevoegd: \d+|cliëntnaam toegevoegd: \d+ (?:naam|namen)"
                              r"|opnieuw gepseudonimiseerd)(?=[ ,:]).+", re.S)
# A line of a change to a group's member or keep list (web.views.admin_communities.change_names):
# its count is a statistic of the lists, which only whoever reads the group sees (listing a
# client removes the entries it occurs on, so a moderator's '0 verwijderd' for an entry the
# admin saw added told that a client was listed on it). Read without the count otherwise.
_LIST_COUNT = re.compile(r"(leden wier naam blijft|namen die blijven): \d+ (toegevoegd|verwijderd)")
# The audit log's actors that are no account: the server's owner at the command line ("cli",
# "opdrachtregel": shown as "de eigenaar van de server (opdrachtregel)"), local mode, a
# restore. No account may take such a name, or its lines would read as the owner's (tenancy 29).
RESERVED_ACTORS = ("cli", "opdrachtregel", "lokaal", "restore")
OWNER_ACTORS = ("cli", "opdrachtregel")   # the server's owner at the command line
OWNER_SHOWN = "de eigenaar van de server (opdrachtregel)"   # how the audit log names them
# The stored codes of a group's or a document's sharing and a group's pseudonymisation, as
# the pages name them (admin.html, status.html, document.html): the log keeps the codes
# (API consumers and tests read them), a person reads audit_said's Dutch (QA, 7 December:
# "groep gewijzigd: sharing: shared -> closed" on /beheer/audit and /groep/namen).
_SHARING_SAID = {"shared": "gedeeld", "closed": "gesloten"}
_DOCUMENT_SHARING_SAID = {"shared": "gedeeld met het netwerk", "closed": "alleen voor de eigen groep"}
_ON_SAID = {"on": "aan", "off": "uit"}
_SAID = (
    (re.compile(r"(groep gewijzigd: )sharing: (shared|closed) -> (shared|closed)"),
     lambda m: f"{m[1]}van {_SHARING_SAID[m[2]]} naar {_SHARING_SAID[m[3]]}"),
    (re.compile(r"(groep gewijzigd: )pseudonymise: (on|off) -> (on|off)"),
     lambda m: f"{m[1]}pseudonimiseren van {_ON_SAID[m[2]]} naar {_ON_SAID[m[3]]}"),
    (re.compile(r"(groep aangemaakt: )(shared|closed)(,.*)", re.S), lambda m: f"{m[1]}{_SHARING_SAID[m[2]]}{m[3]}"),
    (re.compile(r"(delen: )(shared|closed)"), lambda m: f"{m[1]}{_DOCUMENT_SHARING_SAID[m[2]]}"),
)


def audit_said(action: str) -> str:
    """An audit line's action as a person reads it: the stored codes of sharing and
    pseudonymisation in the pages' Dutch words; any other line as it is stored."""
    for pattern, said in _SAID:
        match = pattern.fullmatch(action)
        if match:
            return said(match)
    return action


class AccountError(PraktijkgeheugenError):
    """An account operation that cannot be done as asked (unknown user, bad role...)."""

    user = "Dit kan niet zoals gevraagd: controleer de naam van de gebruiker, de groep of het document."


@dataclass(frozen=True)
class User:
    id: int
    name: str
    is_admin: bool
    roles: dict[str, str] = field(default_factory=dict)  # community -> role


@dataclass(frozen=True)
class Verified(User):
    """The account whose password `verify_password` just checked, with the password hash
    it checked against: a login's session is made only while the account still has it
    (create_session), so a reset link, `users passwd` or a deletion (and a new account of
    the name, on SQLite with the old number) between the check and the session opens nothing."""
    password_hash: str = field(default="", repr=False, compare=False)


@dataclass(frozen=True)
class Community:
    name: str
    sharing: str
    pseudonymise: bool
    documents: int


def secret_hash(secret: str) -> str:
    """How a bearer secret (API token, session id, one-time link) is stored: its SHA-256,
    so a copy of the database opens no account. The secrets are 256 random bits, so a
    fast hash is enough (a password gets Argon2id)."""
    return hashlib.sha256(secret.encode()).hexdigest()


def _hasher():
    from argon2 import PasswordHasher

    return PasswordHasher()


def _under_writer(method):
    """A change of who may read or write what holds the writer lock, so that it never
    falls between a write's check of its caller's rights and the write (store._rights),
    and a request that changes rights is itself checked again there."""
    @functools.wraps(method)
    def held(self, *args, **kwargs):
        with self._writer():
            return method(self, *args, **kwargs)
    return held


class Accounts:
    """Communities, users, memberships, tokens, web sessions and the audit log."""

    def __init__(self, db: Database, writer: Callable[[], AbstractContextManager[None]] = nullcontext) -> None:
        self.db = db
        self._writer = writer   # Store.writer: rights changes and the writes they govern take turns (store._rights)

    def changing(self) -> AbstractContextManager[None]:
        """Hold the writer lock over a change and its audit line (the CLI's `users ...`):
        no request's check of its rights falls between them."""
        return self._writer()

    # --- communities -------------------------------------------------------
    def add_community(self, name: str, sharing: str = "shared", pseudonymise: bool = True) -> None:
        """Create a community; an existing one is refused, never changed (changing
        settings is `set_community`'s, so re-running a setup script changes nothing)."""
        if sharing not in SHARING:
            raise AccountError(f"sharing must be one of {', '.join(SHARING)}")
        _check_community_name(name)
        with self.db.transaction() as conn:
            taken = _names_like(conn, "communities", name)
            if taken:
                raise AccountError(f"community '{taken[0]}' already exists; change its settings with"
                                   f" `communities set`" if taken[0] == name else
                                   f"community '{taken[0]}' already exists; '{name}' differs from it only"
                                   f" in case, spacing or the form of its letters")
            if _held_under(conn, name):
                raise AccountError(f"community '{name}' cannot be created: documents of other communities have"
                                   f" ids under '{name}/', where its uploads would land (the server's owner"
                                   " deletes them first, or names the community otherwise)")
            conn.execute("INSERT INTO communities(name, sharing, pseudonymise) VALUES (?, ?, ?)",
                         (name, sharing, int(pseudonymise)))

    def twin_community(self, name: str) -> str | None:
        """The existing community whose name `name` differs from only in case, spacing or
        the form of its letters (name_key); None when there is none or it is `name` itself."""
        return next((other for other in _names_like(self.db.conn(), "communities", name) if other != name), None)

    def twin_user(self, name: str) -> str | None:
        """The existing account whose name is `name` or differs from it only as name_key allows."""
        return next(iter(_names_like(self.db.conn(), "users", name)), None)

    def held_under(self, name: str) -> bool:
        """Whether a document of another community (or of none) has an id under `name/`."""
        return _held_under(self.db.conn(), name)

    def has_community(self, name: str) -> bool:
        return self.db.conn().execute("SELECT 1 FROM communities WHERE name = ?", (name,)).fetchone() is not None

    @_under_writer
    def set_community(self, name: str, sharing: str | None = None, pseudonymise: bool | None = None,
                      actor: str | None = None, address: str | None = None) -> list[str]:
        """Change a community's settings; what changed, as "setting: old -> new". With `actor`
        (the web admin, `cli`, `restore`), each change's audit line `groep gewijzigd: ...` (from
        the client's `address`) is written in the transaction that reads the settings and changes
        the row: a line written after it could follow a deletion of the group that came in
        between, and a group later made under the name would show it in its history
        (group_changes; tenancy round 37). Without, no line (a test's or a script's setup)."""
        if sharing is not None and sharing not in SHARING:
            raise AccountError(f"sharing must be one of {', '.join(SHARING)}")
        with self.db.transaction() as conn:
            current = conn.execute("SELECT sharing, pseudonymise FROM communities WHERE name = ?", (name,)).fetchone()
            if current is None:
                raise AccountError(f"unknown community '{name}'")
            changes = []
            if sharing is not None and sharing != current[0]:
                changes.append(f"sharing: {current[0]} -> {sharing}")
            if pseudonymise is not None and pseudonymise != bool(current[1]):
                changes.append(f"pseudonymise: {_on(bool(current[1]))} -> {_on(pseudonymise)}")
            if changes:
                conn.execute("UPDATE communities SET sharing = COALESCE(?, sharing),"
                             " pseudonymise = COALESCE(?, pseudonymise) WHERE name = ?",
                             (sharing, None if pseudonymise is None else int(pseudonymise), name))
                if sharing is not None and sharing != current[0]:
                    relink(conn, name)   # who reads its documents changed: so may their authors' links
            for change in changes:
                if actor is not None:
                    _audit(conn, actor, f"{SETTING_CHANGED}{change}", name, address)
        return changes

    def set_pseudonymise(self, community: str, enabled: bool) -> None:
        self.set_community(community, pseudonymise=enabled)

    def communities(self) -> list[Community]:
        rows = self.db.conn().execute(
            "SELECT c.name, c.sharing, c.pseudonymise, COUNT(d.id) FROM communities c"
            " LEFT JOIN documents d ON d.community_id = c.id AND d.state = 'ready'"
            " GROUP BY c.id ORDER BY c.name")
        return [Community(r[0], r[1], bool(r[2]), r[3]) for r in rows]

    @_under_writer
    def set_document_sharing(self, doc_id: str, sharing: str | None) -> bool:
        """A moderator's per-document override; None follows the community. Only the
        committed version changes, under the writer lock: a version still being written
        (an upload, `ingest --move`) takes the override of the version it replaces when
        it is published (Catalogue.publish), and the group whose links are made again is
        the committed version's, not that of a staged move to another group."""
        if sharing is not None and sharing not in SHARING:
            raise AccountError(f"sharing must be one of {', '.join(SHARING)} or empty")
        with self.db.transaction() as conn:
            changed = conn.execute("UPDATE documents SET sharing = ? WHERE doc_id = ? AND state = 'ready'",
                                   (sharing, doc_id)).rowcount > 0
            row = conn.execute("SELECT c.name FROM documents d JOIN communities c ON c.id = d.community_id"
                               " WHERE d.doc_id = ? AND d.state = 'ready'", (doc_id,)).fetchone()
            if changed and row:
                relink(conn, row[0], doc_id)   # who reads it changed: so may its authors' links (and others')
            return changed

    def document_sharing(self, doc_id: str) -> tuple[str | None, str]:
        """(the document's own override or None, its community's policy)."""
        row = self.db.conn().execute(
            "SELECT d.sharing, COALESCE(c.sharing, 'closed') FROM documents d"
            " LEFT JOIN communities c ON c.id = d.community_id WHERE d.doc_id = ? AND d.state = 'ready'",
            (doc_id,)).fetchone()
        if row is None:
            raise AccountError(f"unknown document '{doc_id}'")
        return row[0], row[1]

    def community_names(self, community: str | None, kind: str) -> list[str]:
        """A community's listed members ('member') or names that stay ('keep')."""
        rows = self.db.conn().execute(
            "SELECT n.name FROM community_names n JOIN communities c ON c.id = n.community_id"
            " WHERE c.name = ? AND n.kind = ? ORDER BY n.name", (community, kind))
        return [r[0] for r in rows]

    @_under_writer
    def add_community_names(self, community: str, kind: str, names: list[str]) -> int:
        """Add names to a community's member or keep list; returns how many were new."""
        if kind not in ("member", "keep"):
            raise AccountError("kind must be 'member' or 'keep'")
        pk = self._community_pk(community)
        rows = [(pk, kind, " ".join(n.split())) for n in names if n and n.strip()]
        with self.db.transaction() as conn:
            return conn.executemany("INSERT INTO community_names(community_id, kind, name) VALUES (?, ?, ?)"
                                    " ON CONFLICT DO NOTHING", rows).rowcount

    @_under_writer
    def remove_community_names(self, community: str, kind: str, names: list[str]) -> int:
        pk = self._community_pk(community)
        with self.db.transaction() as conn:
            return sum(conn.execute("DELETE FROM community_names WHERE community_id = ? AND kind = ? AND name = ?",
                                    (pk, kind, " ".join(n.split()))).rowcount for n in names)

    @_under_writer
    def delete_community(self, name: str, actor: str | None = None, address: str | None = None) -> None:
        """Remove a community whose documents are gone (ingest.delete_community deletes
        them first, each by the document delete path): its row, and with it (ON DELETE
        CASCADE) its roles, member and keep lists, listed client names' digests and packs
        (items and notes); the watch folders that filled it. Refused while a version of a
        document still belongs to it. The erasure is marked pending, so the writer's end
        rewrites what held the deleted rows (SQLite's secure_delete zeroes them too).
        The audit line `groep verwijderd` (by `actor`, the server's owner `cli` when None, from
        the client's `address`) is written in the same transaction as the row goes: a group
        later made under this name begins its history there (group_changes), so no deletion
        may lack its line."""
        with self.db.transaction() as conn:
            pk = conn.execute("SELECT id FROM communities WHERE name = ?", (name,)).fetchone()
            if pk is None:
                raise AccountError(f"unknown community '{name}' (onbekende groep)")
            if conn.execute("SELECT 1 FROM documents WHERE community_id = ? LIMIT 1", (pk[0],)).fetchone():
                raise AccountError(f"community '{name}' still has documents; delete them first")
            conn.execute("DELETE FROM watch_folders WHERE community = ?", (name,))
            conn.execute("DELETE FROM communities WHERE id = ?", (pk[0],))
            conn.execute(META_UPSERT, ("erase_pending", "1"))
            _audit(conn, actor or "cli", GROUP_DELETED, name, address)   # always: see group_changes

    def _community_pk(self, name: str) -> int:
        return community_pk(self.db, name)

    # --- users ---------------------------------------------------------------
    def has_users(self) -> bool:
        return self.db.conn().execute("SELECT 1 FROM users LIMIT 1").fetchone() is not None

    @_under_writer
    def add_user(self, name: str, password: str, admin: bool = False) -> None:
        """Add an account. Its name is refused when it differs from an existing one only
        in case or spacing ("lien" beside "Lien"): people, authorship and member lists
        match names case-insensitively, so two such accounts would share a person page,
        a contact address and a place on every member list. The web's invitation
        checked this; `users add` did not (tests/store/test_user_names.py)."""
        check_user_name(name)
        _check_password(password)
        hashed = _hasher().hash(password)   # slow: outside the transaction
        with self.db.transaction() as conn:
            insert_user(conn, name, hashed, admin)

    @_under_writer
    def set_password(self, name: str, password: str, keep_tokens: bool = False) -> int:
        """A new password ends the user's web sessions and, unless `keep_tokens`, their
        API tokens too (a password is changed because someone else may know it, and
        that someone may have made a token); returns how many tokens ended."""
        _check_password(password)
        hashed = _hasher().hash(password)
        with self.db.transaction() as conn:   # the number read where it is written (_user_id)
            number = _user_id(conn, name)
            conn.execute("UPDATE users SET password_hash = ? WHERE id = ?", (hashed, number))
            conn.execute("DELETE FROM web_sessions WHERE user_id = ?", (number,))
            if keep_tokens:
                return 0
            return conn.execute("DELETE FROM api_tokens WHERE user_id = ?", (number,)).rowcount

    @_under_writer
    def delete_user(self, name: str, remove_authorship: bool = False, actor: str | None = None,
                    address: str | None = None) -> int:
        """Remove an account (sessions, tokens, memberships); optionally also the
        person's name from the documents they wrote, and return how many names went.
        Those are the documents of the communities the account was a member of: a
        person of the same name in another community is someone else (a namesake's
        authorship there used to go too), and an account's name says nothing about
        documents outside its communities. With `actor`, the deletion's lines (one per
        group it had a role in: deletion_actions) are written in its transaction, so that a
        crash leaves both or neither, as for a role (grant)."""
        with self.db.transaction() as conn:
            number = _user_id(conn, name)
            if actor is not None:
                roles = dict(conn.execute("SELECT c.name, m.role FROM memberships m JOIN communities c"
                                          " ON c.id = m.community_id WHERE m.user_id = ?", (number,)).fetchall())
                for action in deletion_actions(roles, remove_authorship):
                    _audit(conn, actor, action, name, address)
            removed = 0
            if remove_authorship:
                removed = conn.execute(
                    "DELETE FROM authorship WHERE person_id IN (SELECT id FROM people WHERE name = ?)"
                    " AND document_id IN (SELECT d.id FROM documents d JOIN memberships m"
                    " ON m.community_id = d.community_id WHERE m.user_id = ?)", (name, number)).rowcount
                forget_unnamed(conn)
            conn.execute("DELETE FROM users WHERE id = ?", (number,))
        return removed

    @_under_writer
    def set_contact(self, name: str, email: str | None = None, contact: bool | None = None) -> tuple[str | None, bool]:
        """Set a user's e-mail address ('' removes it) and/or their consent to be
        contacted through it; returns both as they now are. Person pages show the
        address only with consent (store._people)."""
        if email:
            email = email.strip()
            if len(email) > MAX_EMAIL or not _EMAIL.fullmatch(email):
                raise AccountError(f"'{email}' is not an e-mail address")
        with self.db.transaction() as conn:
            number = _user_id(conn, name)
            if email is not None:
                conn.execute("UPDATE users SET email = ? WHERE id = ?", (email or None, number))
            if contact is not None:
                conn.execute("UPDATE users SET contact = ? WHERE id = ?", (int(contact), number))
        return self.contact_of(name)

    def contact_of(self, name: str) -> tuple[str | None, bool]:
        """(e-mail address or None, agreed to be contacted) of a user."""
        row = self.db.conn().execute("SELECT email, contact FROM users WHERE id = ?", (self.user(name).id,)).fetchone()
        return row[0], bool(row[1])

    def user(self, name: str) -> User:
        with self.db.reading() as conn:   # the account and its roles at one moment (`_user`)
            row = conn.execute("SELECT id, name, is_admin FROM users WHERE name = ?", (name,)).fetchone()
            if row is None:
                raise AccountError(f"unknown user '{name}'")
            return self._user(row)

    def users(self) -> list[User]:
        with self.db.reading() as conn:
            rows = conn.execute("SELECT id, name, is_admin FROM users ORDER BY name").fetchall()
            return [self._user(row) for row in rows]

    def verify_password(self, name: str, password: str) -> User | None:
        from argon2.exceptions import VerificationError

        with self.db.reading() as conn:
            row = conn.execute("SELECT id, name, is_admin, password_hash FROM users WHERE name = ?",
                               (name,)).fetchone()
            user = self._user(row) if row else None
        try:
            _hasher().verify(row["password_hash"] if row else _dummy_hash(), password)
        except VerificationError:
            return None
        assert user is not None
        return Verified(user.id, user.name, user.is_admin, user.roles, password_hash=row["password_hash"])

    @_under_writer
    def grant(self, name: str, community: str, role: str, actor: str | None = None,
              address: str | None = None) -> None:
        """Give `name` the `role` in `community` (or change its role there). With `actor` (the
        web admin, `cli`), its line `rol gegeven: ROLE in GROUP` (from the client's `address`)
        is written in the same transaction: written after it, under the same writer hold, a
        crash between the two left a role that the group's history (group_changes) never
        showed its moderators, or a failed change's line. Without, no line (setups, tests)."""
        if role not in ROLES:
            raise AccountError(f"role must be one of {', '.join(ROLES)}")
        self.user(name)   # an unknown user is named first, as before the write read its number itself
        pk = self._community_pk(community)
        with self.db.transaction() as conn:
            give_role(conn, _user_id(conn, name), pk, role)
            if actor is not None:
                _audit(conn, actor, f"{ROLE_GIVEN}: {role} in {community}", name, address)

    @_under_writer
    def revoke(self, name: str, community: str, actor: str | None = None, address: str | None = None) -> bool:
        """Take `name`'s role in `community`; False when it had none. With `actor`, the line
        `rol ingetrokken: ROLE in GROUP` (the role as it was) in the same transaction (grant)."""
        self.user(name)
        pk = self._community_pk(community)
        with self.db.transaction() as conn:
            taken = conn.execute("DELETE FROM memberships WHERE user_id = ? AND community_id = ? RETURNING role",
                                 (_user_id(conn, name), pk)).fetchone()
            if taken is not None and actor is not None:
                _audit(conn, actor, f"{ROLE_TAKEN}: {taken[0]} in {community}", name, address)
            return taken is not None

    @_under_writer
    def unlock_login(self, name: str) -> None:
        """Forget the user's failed logins up to now (an admin's `users unlock`); a time
        in the database, so it reaches a running server's login limiter."""
        self.user(name)
        self.db.set_meta(_UNLOCKED + name.casefold(), repr(time.time()))

    def login_unlocked_at(self, name: str) -> float:
        """When the user's failed logins were last forgotten (0: never)."""
        return float(self.db.get_meta(_UNLOCKED + name.casefold()) or 0.0)

    def _user(self, row) -> User:
        """The account of `row` with its roles, read by the row's number: callers read the row
        in the same read transaction. SQLite gives a deleted account's number to the next
        account, so a second read of its own let a removed member's request under way run
        with the roles of whoever was invited next (tests/security/test_account_reused_rows.py)."""
        roles = self.db.conn().execute(
            "SELECT c.name, m.role FROM memberships m JOIN communities c ON c.id = m.community_id"
            " WHERE m.user_id = ? ORDER BY c.name", (row["id"],))
        return User(row["id"], row["name"], bool(row["is_admin"]), {r[0]: r[1] for r in roles})

    # --- tokens and sessions -------------------------------------------------
    @_under_writer
    def create_token(self, name: str, days: int | None = None, label: str | None = None) -> str:
        """A new API token; with `days`, refused from that many days from now on; the
        optional label tells its owner's tokens apart (store._profiles lists them)."""
        if days is not None and not 1 <= days <= MAX_TOKEN_DAYS:
            raise AccountError(f"a token lasts between 1 and {MAX_TOKEN_DAYS} days")
        label = clean_text(label, MAX_LABEL_CHARS, "a label")
        token = "pg_" + secrets.token_urlsafe(32)
        expires = (self._now() + dt.timedelta(days=days)).isoformat() if days else None
        with self.db.transaction() as conn:
            conn.execute("INSERT INTO api_tokens(token_hash, user_id, expires_at, label, public_id) VALUES (?, ?, ?, ?, ?)",
                         (secret_hash(token), _user_id(conn, name), expires, label, new_id()))
        return token

    @_under_writer
    def revoke_tokens(self, name: str) -> int:
        """End every API token of a user (a leaked token, a laptop gone); how many there were.
        Under the writer lock as every change of who may act as whom (tenancy round 29: a
        web admin demoted while it waited revoked them all the same)."""
        with self.db.transaction() as conn:
            return conn.execute("DELETE FROM api_tokens WHERE user_id = ?", (_user_id(conn, name),)).rowcount

    def user_for_token(self, token: str) -> User | None:
        with self.db.reading() as conn:
            row = conn.execute(
                "SELECT u.id, u.name, u.is_admin FROM api_tokens t JOIN users u ON u.id = t.user_id"
                " WHERE t.token_hash = ? AND (t.expires_at IS NULL OR t.expires_at > ?)",
                (secret_hash(token), self._now().isoformat())).fetchone()
            return self._user(row) if row else None

    def create_session(self, user: User, action: str | None = None,
                       address: str | None = None) -> tuple[str, str]:
        """A fresh session id (never reused from before login) and its CSRF token; with
        `action`, its audit line ("ingelogd") in the same transaction. Refused (AccountError)
        when the account is no longer the one `user` was read as: deleted (on SQLite its
        number may be a new account's of the same name), or, for a `Verified` login, its
        password changed since it was checked (a reset link, `users passwd`: tenancy 29).
        Not under the writer lock: a login must not wait behind an upload, and the check
        is in the transaction that inserts, which a deletion's or reset's cannot split."""
        session_id, csrf = secrets.token_urlsafe(32), secrets.token_urlsafe(32)
        expires = (dt.datetime.now(dt.timezone.utc) + dt.timedelta(hours=SESSION_HOURS)).isoformat()
        with self.db.transaction() as conn:
            conn.execute("DELETE FROM web_sessions WHERE expires_at < ?", (dt.datetime.now(dt.timezone.utc).isoformat(),))
            row = conn.execute("SELECT id, password_hash FROM users WHERE name = ?", (user.name,)).fetchone()
            if row is None or row[0] != user.id or (isinstance(user, Verified) and row[1] != user.password_hash):
                raise AccountError(f"unknown user '{user.name}'")   # deleted, replaced or its password changed
            conn.execute("INSERT INTO web_sessions(id_hash, user_id, csrf, expires_at) VALUES (?, ?, ?, ?)",
                         (secret_hash(session_id), user.id, csrf, expires))
            if action:
                _audit(conn, user.name, action, None, address)
        return session_id, csrf

    def session(self, session_id: str) -> tuple[User, str] | None:
        with self.db.reading() as conn:
            row = conn.execute(
                "SELECT u.id, u.name, u.is_admin, s.csrf FROM web_sessions s JOIN users u ON u.id = s.user_id"
                " WHERE s.id_hash = ? AND s.expires_at > ?",
                (secret_hash(session_id), dt.datetime.now(dt.timezone.utc).isoformat())).fetchone()
            return (self._user(row), row["csrf"]) if row else None

    def end_session(self, session_id: str, action: str | None = None, address: str | None = None) -> str | None:
        """End a session; with `action`, its audit line ("uitgelogd") in the same transaction,
        under the name of the account the session still belongs to. A session that ended
        already (its account deleted, a password changed) writes no line and is no error:
        the name may be another account's by now (tenancy 29). Returns that name, or None."""
        with self.db.transaction() as conn:
            row = conn.execute("SELECT u.name FROM web_sessions s JOIN users u ON u.id = s.user_id"
                               " WHERE s.id_hash = ?", (secret_hash(session_id),)).fetchone()
            conn.execute("DELETE FROM web_sessions WHERE id_hash = ?", (secret_hash(session_id),))
            if row is not None and action:
                _audit(conn, row[0], action, None, address)
        return row[0] if row else None

    @staticmethod
    def _now() -> dt.datetime:
        """The time tokens expire by (a test moves it, rather than waiting)."""
        return dt.datetime.now(dt.timezone.utc)

    # --- audit ---------------------------------------------------------------
    def audit(self, actor: str, action: str, target: str | None = None, address: str | None = None) -> None:
        """One line of the audit log; `address` is the client's (web.proxy), None from the CLI.
        It takes no writer lock of its own: an account change writes its line inside its own
        hold of the lock (the web admin's and one's own account routes, the CLI's
        `accounts.changing()`), so the line follows the change's check and is written only when
        the change was made; a read's line (a view, a download, an export) must not wait behind
        an upload. A group's settings change, a role given or taken, an invitation, a reset link
        and an account's deletion write theirs in their own transaction (set_community, grant,
        revoke, delete_user, Invitations.invite and issue: a crash leaves both or neither).
        Other changes (uploads, packs, a group's lists) write theirs right after their hold
        (tenancy round 29, docs/access.md)."""
        with self.db.transaction() as conn:
            _audit(conn, actor, action, target, address)

    def audit_log(self, limit: int = 200, addresses: bool = False,
                  reads: Collection[str] | None = None) -> list[tuple]:
        """The newest lines first, as (at, actor, action, target), with the client's
        address as a fifth field when `addresses`. `reads`: the groups the reader has a role
        in (a web admin); a line about another group, or about a document not (or no longer)
        in one of them, keeps what was done but not its statistic of the group (how many of
        its documents a client-name addition pseudonymised again, how many names were new,
        how many entries a change of its member or keep list added or removed: _LIST_COUNT),
        as the admin's own form tells an admin without a role nothing of them
        (web.views.admin_communities.reads_community). None: every line whole (the server's
        owner, local mode)."""
        columns = "id, at, actor, action, target" + (", address" if addresses else "")
        with self.db.reading() as conn:
            rows = [list(row) for row in conn.execute(f"SELECT {columns} FROM audit_log ORDER BY id DESC LIMIT ?",
                                                      (limit,))]
            if reads is not None:
                for row in rows:
                    statistic = _GROUP_STATISTIC.fullmatch(row[3])
                    listed = _LIST_COUNT.fullmatch(row[3])
                    shown = statistic.group(1) if statistic else f"{listed.group(1)}: {listed.group(2)}" if listed else None
                    if shown and _group_of(conn, row[4], row[0]) not in reads:
                        row[3] = shown
        return [tuple(row[1:]) for row in rows]

    def audit_entries(self, limit: int, reads: Collection[str] | None) -> list[dict]:
        """The audit log as /api/beheer/audit and `praktijkgeheugen audit` give it, newest
        first, each line with `by_owner` when the server's owner wrote it at the command line.
        Before, only /beheer/audit showed it (HTML, at most 5,000 lines): a script had to scrape
        it, and with the web down the owner could not read it. `action` as stored (its codes
        stay stable for scripts), `tekst` as a person reads it (audit_said). `reads` as
        audit_log's, without a default: the twin read every line whole and gave an admin
        without a role in a closed group how many of its documents a client name changed
        (tenancy attack 39); every caller says who reads (None: the server's owner)."""
        return [{"at": str(at), "actor": actor, "by_owner": actor in OWNER_ACTORS, "action": action,
                 "tekst": audit_said(action), "target": target, "address": address}
                for at, actor, action, target, address in self.audit_log(limit, addresses=True, reads=reads)]

    def group_changes(self, community: str, limit: int = 20) -> list[tuple]:
        """What was done to who may read `community`, newest first, as (at, actor, action,
        target): roles given or taken, invitations into it and accounts with a role in it
        deleted (an admin's own name as the target is an admin who gave itself a role), and
        its settings changed; by a web admin or by the server's owner at the command line. For the
        group's moderators: an admin's powers reach a closed group's cases (a role for
        itself, an invitation, opening the group), and they must not be silent there. Only
        the lines since the name's last group was deleted: a group deleted and made again
        under its name is another group."""
        # each line by its whole text, not by its end: a group's name may hold ' in '
        # ("Buurtzorg in PG Oost" ends in " in PG Oost"), and another group's lines would match
        actions = [f"{what}: {role} in {community}" for role in ROLES for what in (
            ROLE_GIVEN, ROLE_TAKEN, INVITED, INVITED + " (beheerder)",
            _DELETED, _DELETED + " met auteurschap")]
        # only this group's: a deleted group's name may be given to a new group, whose
        # moderators must not read who had roles in the old one (a closed group's members,
        # tenancy round 31). A group's lines begin after the name's last deletion, whose line
        # is written with the row's deletion. Not after its creation line: that is written
        # after the creation's hold, so a role given at once could precede it and be hidden
        rows = self.db.conn().execute(
            f"SELECT at, actor, action, target FROM audit_log WHERE (action IN ({', '.join('?' * len(actions))})"
            " OR (action LIKE 'groep gewijzigd: %' AND target = ?))"
            " AND id > COALESCE((SELECT MAX(id) FROM audit_log WHERE action = ? AND target = ?), 0)"
            " ORDER BY id DESC LIMIT ?", (*actions, community, GROUP_DELETED, community, limit))
        return [tuple(row) for row in rows]

    def reset_links(self, name: str, days: int = RESET_NOTICE_DAYS) -> list[tuple]:
        """The new-password links made for the account `name` in the last `days` days, and
        the passwords the server's owner set for it (`users passwd`), newest first, as (at,
        who, 'link' or 'password'): shown to the account's owner, since a link lets whoever
        holds it log in as them (an admin included), and so does a password someone else set."""
        since = (dt.datetime.now(dt.timezone.utc) - dt.timedelta(days=days)).strftime("%Y-%m-%d %H:%M:%S")
        conn = self.db.conn()
        # only this account's: a deleted account's name may be given again, and its links
        # are not the new owner's (deleted on the web: the audit line; at the command line:
        # the new account's creation time)
        created = conn.execute("SELECT created_at FROM users WHERE name = ?", (name,)).fetchone()
        since = max(since, str(created[0])[:19].replace("T", " ")) if created else since
        rows = conn.execute(
            "SELECT at, actor, action FROM audit_log WHERE target = ?"
            " AND (action LIKE 'wachtwoordlink gemaakt%' OR action = ?)"
            " AND id > COALESCE((SELECT MAX(id) FROM audit_log WHERE target = ? AND action LIKE 'gebruiker verwijderd%'), 0)"
            " ORDER BY id DESC", (name, PASSWORD_SET, name)).fetchall()
        return [(str(at), actor, "password" if action == PASSWORD_SET else "link")
                for at, actor, action in rows if str(at)[:19].replace("T", " ") >= since]


def _group_of(conn, target: str | None, line: int) -> str | None:
    """The group an audit line (row `line`) about `target` is about: a community's name, or a
    document's id (its newest version's group); None for anything else (a deleted document's
    digest), and for a group deleted after the line was written: a group made again under its
    name is another group, and a role in it read the deleted closed group's counts (tenancy
    attack 39; its moderators read only the lines since the deletion, group_changes)."""
    if target is None:
        return None
    group: str | None = target
    if not conn.execute("SELECT 1 FROM communities WHERE name = ?", (target,)).fetchone():
        row = conn.execute("SELECT c.name FROM documents d JOIN communities c ON c.id = d.community_id"
                           " WHERE d.doc_id = ? ORDER BY d.id DESC LIMIT 1", (target,)).fetchone()
        group = row[0] if row else None
    if group is not None and conn.execute("SELECT 1 FROM audit_log WHERE action = ? AND target = ? AND id > ?",
                                          (GROUP_DELETED, group, line)).fetchone():
        return None
    return group


def insert_user(conn, name: str, password_hash: str, admin: bool) -> int:
    """A new account's row in the caller's transaction; its number. A name that differs from
    an existing one only in case, spacing or the form of its letters is refused (add_user)."""
    taken = _names_like(conn, "users", name)
    if taken:
        raise AccountError(f"user '{taken[0]}' already exists" if taken[0] == name else
                           f"user '{taken[0]}' already exists; '{name}' differs from it only in"
                           f" case, spacing or the form of its letters")
    return conn.execute("INSERT INTO users(name, password_hash, is_admin) VALUES (?, ?, ?) RETURNING id",
                        (name, password_hash, int(admin))).fetchone()[0]


def give_role(conn, user_id: int, community_pk: int, role: str) -> None:
    """A role in the caller's transaction (a second one in the same group replaces the first)."""
    conn.execute("INSERT INTO memberships(user_id, community_id, role) VALUES (?, ?, ?)"
                 " ON CONFLICT(user_id, community_id) DO UPDATE SET role = excluded.role",
                 (user_id, community_pk, role))


def _audit(conn, actor: str, action: str, target: str | None, address: str | None) -> None:
    conn.execute("INSERT INTO audit_log(actor, action, target, address) VALUES (?, ?, ?, ?)",
                 (actor, action, target, address))


def deletion_actions(roles: dict[str, str], authorship: bool = False) -> list[str]:
    """The audit lines of an account's deletion: one per group it had a role in, so that the
    group's moderators read it among who may read their group (group_changes), or one
    without a group."""
    what = _DELETED + (" met auteurschap" if authorship else "")
    return [f"{what}: {role} in {community}" for community, role in sorted(roles.items())] or [what]


def _names_like(conn, table: str, name: str) -> list[str]:
    """The names in `table` ("users" or "communities") that `name` equals by name_key: the one
    comparison behind add_user, add_community, twin_user and twin_community."""
    assert table in ("users", "communities")
    key = name_key(name)
    return [row[0] for row in conn.execute(f"SELECT name FROM {table}") if name_key(row[0]) == key]


def _held_under(conn, name: str) -> bool:
    """Whether a document not of community `name` has an id under 'name/': where that
    community's uploads land (ingest.Scope.check_place)."""
    prefix = name + "/"
    return conn.execute("SELECT 1 FROM documents d LEFT JOIN communities c ON c.id = d.community_id"
                        " WHERE substr(d.doc_id, 1, ?) = ? AND (c.name IS NULL OR c.name <> ?) LIMIT 1",
                        (len(prefix), prefix, name)).fetchone() is not None


def _user_id(conn, name: str) -> int:
    """An account's number, read in the transaction that writes by it: SQLite gives a
    deleted account's number to the next account, so a number read before (a separate
    `user()`) could name whoever was invited in between (tests/security/test_account_reused_writes.py)."""
    row = conn.execute("SELECT id FROM users WHERE name = ?", (name,)).fetchone()
    if row is None:
        raise AccountError(f"unknown user '{name}'")
    return row[0]


def community_pk(db: Database, name: str) -> int:
    """A community's primary key (AccountError when there is no such community)."""
    row = db.conn().execute("SELECT id FROM communities WHERE name = ?", (name,)).fetchone()
    if row is None:
        raise AccountError(f"unknown community '{name}'")
    return row[0]


def _on(enabled: bool) -> str:
    return "on" if enabled else "off"


_BLANK_LETTERS = frozenset("\u115f\u1160\u3164\uffa0\u2800")   # Hangul fillers, Braille blank: drawn as nothing
_LOOKALIKE_SCRIPTS = frozenset({"LATIN", "CYRILLIC", "GREEK"})   # alphabets that share letters' shapes


def drawn_like_another(name: str) -> str | None:
    """Why `name` could be drawn exactly as another name that name_key does not equal:
    letters of two alphabets in one word ('Liеn' with a Cyrillic 'е', 'PG Nοord' with a
    Greek 'ο') or a blank that is no space ('Lien' + a Hangul filler); None when neither."""
    if any(ch in _BLANK_LETTERS for ch in name):
        return "a blank character that is no space"
    for word in name.split():
        scripts = {unicodedata.name(ch, "").split(" ")[0] for ch in word if ch.isalpha()}
        if len(scripts & _LOOKALIKE_SCRIPTS) > 1:
            return "letters of different alphabets in one word"
    return None


def _check_drawn(name: str, what: str) -> None:
    problem = drawn_like_another(name)
    if problem:
        raise AccountError(f"a {what} name with {problem} looks like another name; type it in one alphabet,"
                           " with ordinary spaces")


def _check_community_name(name: str) -> None:
    """A name a page, a log line and a document id ("PG Noord/verslag.docx") can carry.
    No '/': an uploaded document's id is its community's name, '/' and the name it was
    given (ingest.Scope), and with a '/' in a name "Wijkteam" + "Oost/verslag.md" would be
    "Wijkteam/Oost" + "verslag.md": one group could probe and take another's ids
    (tests/security/test_id_namespaces.py)."""
    if not name.strip() or len(name) > 100 or any(unicodedata.category(ch).startswith("C") for ch in name) \
            or "/" in name:
        raise AccountError("a community name is 1 to 100 characters, without control characters or '/'")
    _check_drawn(name, "community")


MAX_USER_NAME = 100   # characters of a user name, as of a community name
# Besides letters (any alphabet, with accents composed or not), digits and single spaces: the
# punctuation of a person's name or an e-mail address ("Lien Peeters-Claes", "D'Hondt",
# "l.peeters@ocmw.be", "mod_noord"). Anything else, "nieuw lid!", "lien,els", "<b>", was a slip
# an account keeps for good: the name is typed at every login, read on member lists, in the
# audit log and in addresses (/beheer/gebruiker?naam=), and a comma reads as two people.
USER_NAME_MARKS = frozenset(".-_'’@ ")


def user_name_refused_characters(name: str) -> str:
    """The characters of `name` a new user name may not hold (USER_NAME_MARKS), in order,
    each once; '' when none. Checked when an account is made (`users add`, an invitation),
    never when one signs in: accounts made before the rule keep their names."""
    refused = [ch for ch in name if not (ch.isalpha() or ch in USER_NAME_MARKS
                                         or unicodedata.category(ch) in ("Mn", "Mc", "Nd"))]
    return "".join(dict.fromkeys(refused))


def check_user_name(name: str) -> None:
    """A user name a login form, a page and a log line can carry: the rule the web's
    invitation form applies (web/views/admin.check_name), now for `users add` too."""
    if not name.strip() or name != name.strip() or len(name) > MAX_USER_NAME \
            or any(unicodedata.category(ch).startswith("C") for ch in name):
        raise AccountError(f"a user name is 1 to {MAX_USER_NAME} characters, without control characters"
                           f" or leading or trailing spaces")
    _check_drawn(name, "user")
    if refused := user_name_refused_characters(name):
        shown = " ".join(f"‘{ch}’" for ch in refused)
        raise AccountError(f"a user name holds letters, digits, spaces and . - _ ' @ only, not {shown} (een"
                           f" gebruikersnaam bevat alleen letters, cijfers, spaties en . - _ ' @; niet {shown})")
    if reserved_name(name):
        raise AccountError(f"'{name}' names the server's owner or local mode in the audit log; choose another"
                           " user name")


def reserved_name(name: str) -> bool:
    """Whether `name` is (by name_key) one of the audit log's actors that are no account."""
    return name_key(name) in RESERVED_ACTORS


def name_key(name: str) -> str:
    """What two names of accounts or communities must not share: "Lien" and " lien", and
    names that only look different: the same letters composed or decomposed (NFC "Liën",
    NFD "Lie\u0308n"), full-width or ligature forms ("Ｌｉｅｎ", "So\ufb01e"). Such twins are
    two identical lines on a member list and on the upload form's choice of group
    (tests/web/test_twin_names.py)."""
    folded = unicodedata.normalize("NFKC", unicodedata.normalize("NFKC", name).casefold())
    return " ".join(folded.split())


def clean_text(value: str | None, limit: int, what: str) -> str | None:
    """A one-line text of at most `limit` characters ('' or None: none): a label, a
    display name, an organisation."""
    value = " ".join((value or "").split())
    if len(value) > limit or any(unicodedata.category(ch).startswith("C") for ch in value):
        raise AccountError(f"{what} is at most {limit} characters, without control characters")
    return value or None


MIN_PASSWORD = 10   # characters; the web's forms and `init` say so before asking the store


def _check_password(password: str) -> None:
    if len(password) < MIN_PASSWORD:
        raise AccountError(f"a password needs at least {MIN_PASSWORD} characters",
                           user=f"Een wachtwoord heeft minstens {MIN_PASSWORD} tekens.")


@functools.lru_cache(maxsize=1)
def _dummy_hash() -> str:
    """What an unknown user name's password is checked against, so response times do
    not reveal which user names exist. Made with the hasher that makes real hashes,
    once per process: a fixed string kept the parameters of the day it was written,
    and would cost less or more to check than a real hash once those change."""
    return _hasher().hash(secrets.token_urlsafe(16))
