"""Where a document's id is written outside its own rows, and how it moves or goes.

A document id can name a client ("PG Noord/casus-bosmans.md"): a missed-name
correction gives the document a new id with the name hidden, and every row that
names the old id (pack items, metadata history, watch records, the audit log) moves
to the new one in the transaction that publishes the new version
(`move_document_id`, called by Catalogue.publish). A deleted document's id is
replaced in the audit log by a keyed digest (`Traces.forget`): the log still says
that something was deleted, by whom and when, but not what it was called. That rewrite and
the deletion's own line are made in the transaction that marks the document's versions
'deleting' (Catalogue.delete_document), before their rows go: done after the purge, a crash
in between left the id in the log for good (a re-run found no document, the next write
session's clean-up purged without touching the log).
"""
from __future__ import annotations

import hmac
import unicodedata
from typing import Sequence

from store._accounts import GROUP_DELETED
from store._accounts import _audit as audit_line
from store._clients import fold_name, secret_key
from store._db import Database

# The tables (besides `documents`) whose `doc_id` column names a document.
DOC_ID_TABLES = ("pack_items", "document_edits", "watch_files")
DIGEST_CHARS = 16  # 64 bits of a keyed SHA-256: tells deleted documents apart, names none
AUTHOR_PREFIX = "auteur:"   # keys an author's digest apart from a document id's
RECORRECTED = "namen opnieuw vervangen na gegevenswijziging"   # its audit log action (ingest._correct)
RETYPED, AUTHORS_GONE = " type ", " zonder auteurs "   # the parts of its target after the document's label


def recorrection_target(label: str, retyped: str | None, authors_gone: Sequence[str]) -> str:
    """The audit target of such a correction: 'document #<digest> type casus zonder auteurs <d1>,<d2>'."""
    return (label + (f"{RETYPED}{retyped}" if retyped else "")
            + (f"{AUTHORS_GONE}{','.join(authors_gone)}" if authors_gone else ""))


def read_recorrection(target: str) -> tuple[str, str | None, set[str]]:
    """(label, new type or None, digests of the authors taken away) of such a target."""
    rest, _, gone = target.partition(AUTHORS_GONE)
    label, _, retyped = rest.partition(RETYPED)
    return label, retyped or None, {d for d in gone.split(",") if d}


def _author_key(name: str) -> str:
    """An author's name as two writings of one person share it: case, spacing and accents folded
    as client names are (store._clients.fold_name), invisible characters dropped. Digested as
    written, the same file with 'TRUUS VERHOEVEN' or 'Truus  Verhoeven' in its front matter had the
    client a moderator took off as its author back, her name whole in the text (privacy attack 40,
    tests/security/test_attack40_held_spelling.py)."""
    return fold_name("".join(ch for ch in name if unicodedata.category(ch) != "Cf"))


def move_document_id(conn, old: str, new: str) -> None:
    """Every row naming document `old` names `new` instead (inside the caller's transaction)."""
    conn.execute("UPDATE documents SET doc_id = ? WHERE doc_id = ?", (new, old))
    for table in DOC_ID_TABLES:
        conn.execute(f"UPDATE {table} SET doc_id = ? WHERE doc_id = ?", (new, old))
    retarget_audit(conn, old, new)


def retarget_audit(conn, old: str, shown: str) -> int:
    """Audit entries whose target is the id `old`, alone or after a pack ("pakket 3: <id>"),
    get `shown` in its place; returns how many. Portable SQL (substr, length)."""
    rows = conn.execute("SELECT id, target FROM audit_log WHERE target = ?"
                        " OR substr(target, length(target) - ?) = ?", (old, len(old) + 1, ": " + old)).fetchall()
    for pk, target in rows:
        conn.execute("UPDATE audit_log SET target = ? WHERE id = ?", (target[: len(target) - len(old)] + shown, pk))
    return len(rows)


class Traces:
    """What is left of a deleted document's id: a keyed digest in the audit log."""

    def __init__(self, db: Database) -> None:
        self.db = db

    def label(self, doc_id: str) -> str:
        """The audit log's name for a deleted document: the same for the same id (a
        moderator can match entries), unreadable without the data dir's secret key."""
        digest = hmac.digest(secret_key(self.db), doc_id.encode("utf-8"), "sha256").hex()
        return f"document #{digest[:DIGEST_CHARS]}"

    def author_label(self, name: str, community: str | None) -> str:
        """A keyed digest of an author's name as a document of `community` states it: the audit
        log's way to say which authors a correction took away without naming them (a client typed
        as the author is the reason it was taken away), so that a restore can take them away again
        (store.recorrections, ingest.correct_again). Keyed with the group too: a batch's authors
        are members unless a correction took them away (ingest._privacy.Privacy._policy), and
        with one digest for every group, a closed group's correction turned another group's
        upload's 'Truus Verhoeven' into 'T. V.': its moderator could test whether some closed
        group took a name away as a client's (tenancy attack 40,
        tests/security/test_attack40_authors_gone.py). Of the name as people are matched, not as
        typed (_author_key: case, spacing, accents, invisible characters): from the name exactly as
        typed, a file stating the client as 'TRUUS VERHOEVEN' was not the author taken away, and
        her name stayed (privacy attacks 39 and 40). The digests written before these changes (the
        same day the correction was made, no release between) were of the exact name without the
        group."""
        keyed = f"{AUTHOR_PREFIX}{community or ''}\x1f{_author_key(name)}"
        return hmac.digest(secret_key(self.db), keyed.encode("utf-8"), "sha256").hex()[:DIGEST_CHARS]

    def recorrected(self, community: str | None = None) -> dict[str, tuple[str | None, set[str]]]:
        """Each document label (self.label) a moderator's metadata correction pseudonymised
        again by taking away a reason its names stayed: (the type it was given, None if it was
        not retyped; the digests of the authors taken away), all corrections of it merged in
        their order. Ingest keeps the correction when the same file comes again
        (ingest._document.prepare): before, its front matter's 'type: publicatie' or client
        typed as its author brought the name back (privacy attack 39). For a `community`, only
        the lines since the name's last group was deleted: the digests are keyed with the
        group's name, and a group made again under it is another group. Before, a deleted
        closed group's correction turned the new group's upload's 'Truus Verhoeven' (an author
        of the batch, a member) into 'T. V.': its moderator could test which names the deleted
        group took away as clients' (tenancy attack 41, as Accounts.group_changes starts at the
        deletion; tests/security/test_attack41_probes.py)."""
        held: dict[str, tuple[str | None, set[str]]] = {}
        since = self.db.conn().execute("SELECT MAX(id) FROM audit_log WHERE action = ? AND target = ?",
                                       (GROUP_DELETED, community)).fetchone()[0] if community is not None else None
        rows = self.db.conn().execute("SELECT target FROM audit_log WHERE action = ? AND target IS NOT NULL"
                                      " AND id > ? ORDER BY id", (RECORRECTED, since or 0)).fetchall()
        for (target,) in rows:
            label, retyped, gone = read_recorrection(str(target))
            earlier_type, earlier_gone = held.get(label, (None, set()))
            held[label] = (retyped or earlier_type, earlier_gone | gone)
        return held

    def forget(self, conn, doc_id: str, shown: str, actor: str | None = None, address: str | None = None) -> None:
        """In the caller's transaction, the one that marks the document's versions 'deleting':
        replace `doc_id` in the audit log by its label `shown` (self.label, made before: its key
        may need a transaction of its own) and, with `actor`, write the deletion's line
        `verwijderd` under it (from the client's `address`), by which restore deletes it again."""
        retarget_audit(conn, doc_id, shown)
        if actor:
            audit_line(conn, actor, "verwijderd", shown, address)
