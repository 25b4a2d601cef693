"""The ids people are shown under: a keyed hash of the person's name and organisation.

A person row is shared by the whole network (one row per name and organisation, so
that "wie nog?" and the person page gather someone's visible documents across
groups). Its integer primary key therefore told whoever linked an author whether the
row already existed, possibly only in a closed group's documents: a low, old number
instead of the next one (tests/security/test_person_ids.py). Pages, JSON and links
name a person only by `people.public_id`, and the primary key stays inside the store.

Not a random token per row: a row lives as long as some document names the person,
so after the attacker deletes their document and uploads it again a random token
would come back unchanged exactly when someone else's document kept the row. A keyed
hash of what identifies the row (name and organisation, exactly as stored) is the
same whether the row was reused or made anew, today or after any delete; the key
(`meta` PERSON_KEY_META, random per deployment, carried by backups) makes the ids
unguessable, so nobody can look a name up without having seen the person.
"""
from __future__ import annotations

import hashlib
import hmac
import re
import secrets

PERSON_KEY_META = "person_id_key"
ID_CHARS = 24  # hex characters shown (96 bits): collisions are not a practical concern
ID_PATTERN = re.compile(rf"[0-9a-f]{{{ID_CHARS}}}")


def person_key(conn) -> bytes:
    """This deployment's key, made on first use (on both backends, in the caller's transaction)."""
    conn.execute("INSERT INTO meta(key, value) VALUES (?, ?) ON CONFLICT DO NOTHING",
                 (PERSON_KEY_META, secrets.token_hex(32)))
    return bytes.fromhex(conn.execute("SELECT value FROM meta WHERE key = ?", (PERSON_KEY_META,)).fetchone()[0])


def public_id(key: bytes, name: str, organisation: str) -> str:
    """The id a person with this name and organisation ('' for none) is shown under."""
    message = f"{name}\x00{organisation}".encode("utf-8")
    return hmac.new(key, message, hashlib.sha256).hexdigest()[:ID_CHARS]


def person_row(conn, name: str, organisation: str) -> int:
    """The primary key of the person of this name and organisation ('' for none), made
    when new with its public id (the one a reused row has too)."""
    conn.execute("INSERT INTO people(name, organisation, public_id) VALUES (?, ?, ?) ON CONFLICT DO NOTHING",
                 (name, organisation, public_id(person_key(conn), name, organisation)))
    return conn.execute("SELECT id FROM people WHERE name = ? AND organisation = ?",
                        (name, organisation)).fetchone()[0]


def fill_public_ids(conn) -> int:
    """Give every person row without one its public id (rows from before schema 14,
    or restored from an older backup); returns how many were filled."""
    rows = conn.execute("SELECT id, name, organisation FROM people WHERE public_id IS NULL").fetchall()
    if rows:
        key = person_key(conn)
        for pk, name, organisation in rows:
            conn.execute("UPDATE people SET public_id = ? WHERE id = ?", (public_id(key, name, organisation or ""), pk))
    return len(rows)
