"""Theme tags per chunk, and the counts and passages researchers look at.

Tags are written by the tagger in search/themes; this module only stores them
and answers questions about them, always within the caller's Filters.
"""
from __future__ import annotations

import json
import uuid

from store._db import META_UPSERT, Database
from store._filters import filter_sql
from store._types import Filters

_JOIN = ("FROM chunk_themes t JOIN chunks ch ON ch.id = t.chunk_id"
         " JOIN documents d ON d.id = ch.document_id LEFT JOIN communities c ON c.id = d.community_id")


def _period(by: str) -> str:
    """A cycle, or a session as "2023-2024 #03" so that periods sort in time order."""
    return "d.cycle" if by == "cycle" else SESSION_PERIOD


# "2023-2024 #03" in SQL both backends run (SQLite's printf('%s #%02d') is not PostgreSQL's).
SESSION_PERIOD = ("(COALESCE(d.cycle, '?') || ' #' || CASE WHEN COALESCE(d.session, 0) < 10 THEN '0' ELSE '' END"
                  " || COALESCE(d.session, 0))")


# Moves with every write of tags (store._snapshot rule R8): what a theme filter allows.
TAGS_GENERATION = "tags_generation"


class Tags:
    """The store's `tags` part: theme tags per chunk, written by search.themes."""

    def __init__(self, db: Database) -> None:
        self.db = db

    def untagged_chunks(self, vocabulary: str) -> list[tuple[int, str, str, int, list[str]]]:
        """(chunk pk, vector id, lexical text, document pk, the document's own themes)
        of ready chunks not yet tagged with this vocabulary, whole documents at a time."""
        rows = self.db.conn().execute(
            "SELECT ch.id, ch.vector_id, f.body, d.id, d.themes FROM chunks ch"
            " JOIN documents d ON d.id = ch.document_id JOIN chunks_fts f ON f.rowid = ch.id"
            " LEFT JOIN chunk_tagged g ON g.chunk_id = ch.id"
            " WHERE d.state = 'ready' AND (g.vocabulary IS NULL OR g.vocabulary != ?)"
            " ORDER BY d.id, ch.ordinal", (vocabulary,))
        return [(r[0], r[1], r[2], r[3], json.loads(r[4])) for r in rows]

    def untagged_count(self, vocabulary: str) -> int:
        """How many ready chunks are not yet tagged with this vocabulary (cheap: a page asks it)."""
        return self.db.conn().execute(
            "SELECT COUNT(*) FROM chunks ch JOIN documents d ON d.id = ch.document_id"
            " LEFT JOIN chunk_tagged g ON g.chunk_id = ch.id"
            " WHERE d.state = 'ready' AND (g.vocabulary IS NULL OR g.vocabulary != ?)", (vocabulary,)).fetchone()[0]

    def tagged_within(self, vocabulary: str, filters) -> tuple[int, int]:
        """(tagged with this vocabulary, all) ready chunks the filters allow: the progress
        a caller is shown counts only passages they may see (a store-wide count told an
        outsider how many passages a closed group holds and when it added more)."""
        where, params = filter_sql(filters)
        row = self.db.conn().execute(
            "SELECT COUNT(CASE WHEN g.vocabulary = ? THEN 1 END), COUNT(*) FROM chunks ch"
            " JOIN documents d ON d.id = ch.document_id LEFT JOIN communities c ON c.id = d.community_id"
            f" LEFT JOIN chunk_tagged g ON g.chunk_id = ch.id WHERE {where}", [vocabulary, *params]).fetchone()
        return row[0], row[1]

    def scope_chunks(self, filters) -> list[tuple[int, str, str, str]]:
        """(chunk pk, vector id, lexical text, stored text) of every ready chunk the filters allow."""
        where, params = filter_sql(filters)
        rows = self.db.conn().execute(
            "SELECT ch.id, ch.vector_id, f.body, ch.text FROM chunks ch JOIN documents d ON d.id = ch.document_id"
            " JOIN chunks_fts f ON f.rowid = ch.id LEFT JOIN communities c ON c.id = d.community_id"
            f" WHERE {where} ORDER BY ch.id", params)
        return [(r[0], r[1], r[2], r[3]) for r in rows]

    def person_names(self, filters: Filters | None = None) -> list[str]:
        """The names discovered themes are never labelled with (issue 18: clusters were
        labelled "marc", "nadia"): every person's (author's) and account's, or within
        `filters` the authors of the documents they allow and the accounts of the caller's
        own communities. Not more: a closed group's author named like a word of the
        caller's passages took that word out of the caller's labels (a statistic)."""
        if filters is None:
            rows = self.db.conn().execute("SELECT name FROM people UNION SELECT name FROM users")
            return [r[0] for r in rows]
        where, params = filter_sql(filters)
        authors = ("SELECT p.name FROM people p JOIN authorship a ON a.person_id = p.id"
                   " JOIN documents d ON d.id = a.document_id LEFT JOIN communities c ON c.id = d.community_id"
                   f" WHERE {where}")
        if filters.access is None:
            return [r[0] for r in self.db.conn().execute(f"{authors} UNION SELECT name FROM users", params)]
        own = filters.access.member_of
        marks = ",".join("?" for _ in own) or "NULL"
        accounts = ("SELECT u.name FROM users u JOIN memberships m ON m.user_id = u.id"
                    f" JOIN communities c ON c.id = m.community_id WHERE c.name IN ({marks})")
        return [r[0] for r in self.db.conn().execute(f"{authors} UNION {accounts}", [*params, *own])]

    def save_tags(self, vocabulary: str, tags: dict[tuple[int, str], dict[str, float]]) -> None:
        """Replace the tags of these chunks, each named as `untagged_chunks` listed it
        (chunk pk, vector id), and mark them tagged with `vocabulary`. A chunk gone since
        the tagger read it (its document edited, corrected or deleted meanwhile: the
        background run tags while others write) is skipped, not an error; so is a row
        whose number now names another chunk. SQLite gives a deleted row's number to the
        next row inserted, so a closed group's passage deleted while the run tagged, and
        another group's passage uploaded then, shared a pk: the new passage got the closed
        one's themes (its front matter's free-text labels too) and counted as tagged. The
        vector id names one passage of one document version, so it decides."""
        with self.db.transaction() as conn:
            conn.execute(META_UPSERT, (TAGS_GENERATION, uuid.uuid4().hex))
            kept = {pk: themes for (pk, vector_id), themes in tags.items() if conn.execute(
                "SELECT 1 FROM chunks WHERE id = ? AND vector_id = ?", (pk, vector_id)).fetchone()}
            conn.executemany("DELETE FROM chunk_themes WHERE chunk_id = ?", [(pk,) for pk in kept])
            conn.executemany("INSERT INTO chunk_themes(chunk_id, theme, score) VALUES (?, ?, ?)",
                             [(pk, theme, score) for pk, themes in kept.items() for theme, score in themes.items()])
            conn.executemany("INSERT INTO chunk_tagged(chunk_id, vocabulary) VALUES (?, ?)"
                             " ON CONFLICT(chunk_id) DO UPDATE SET vocabulary = excluded.vocabulary",
                             [(pk, vocabulary) for pk in kept])

    def forget_tags(self) -> None:
        with self.db.transaction() as conn:
            conn.execute(META_UPSERT, (TAGS_GENERATION, uuid.uuid4().hex))
            conn.execute("DELETE FROM chunk_themes")
            conn.execute("DELETE FROM chunk_tagged")

    def theme_counts(self, filters, by: str = "cycle") -> list[tuple[str | None, str, str, int, int]]:
        """(community, theme, period, documents, passages) per community, theme and cycle (or session)."""
        where, params = filter_sql(filters)
        rows = self.db.conn().execute(
            f"SELECT c.name, t.theme, {_period(by)} AS period, COUNT(DISTINCT d.id), COUNT(*) {_JOIN}"
            f" WHERE {where} GROUP BY c.name, t.theme, period ORDER BY t.theme, period", params)
        return [(r[0], r[1], r[2], r[3], r[4]) for r in rows]

    def period_sizes(self, filters, by: str = "cycle") -> list[tuple[str | None, str, int, str | None]]:
        """(community, period, documents, latest date) of every ready document in scope,
        tagged or not: the denominators of the shares and what decides a running cycle."""
        where, params = filter_sql(filters)
        rows = self.db.conn().execute(
            f"SELECT c.name, {_period(by)} AS period, COUNT(*), MAX(d.date) FROM documents d"
            f" LEFT JOIN communities c ON c.id = d.community_id WHERE {where} GROUP BY c.name, period", params)
        return [(r[0], r[1], r[2], r[3]) for r in rows]

    def theme_passages(self, filters, theme: str, period: str | None = None,
                       limit: int = 50) -> list[tuple[int, float]]:
        """(chunk pk, score) of passages tagged with a theme, best first, equal scores by pk:
        which tied passages made the limit was PostgreSQL's plan's to choose, and every
        group's row counts choose the plan (tests/security/test_tenancy38_row_order.py)."""
        where, params = filter_sql(filters)
        if period is not None:
            where += f" AND (d.cycle = ? OR {SESSION_PERIOD} = ?)"
            params = [*params, period, period]
        rows = self.db.conn().execute(
            f"SELECT ch.id, t.score {_JOIN} WHERE t.theme = ? AND {where} ORDER BY t.score DESC, ch.id LIMIT ?",
            [theme, *params, limit])
        return [(r[0], r[1]) for r in rows]

    def chunk_themes(self, chunks: list[tuple[int, str]]) -> dict[int, list[str]]:
        """The themes of these passages, each named by (chunk pk, vector id), by pk, best
        first. A pk whose row now holds another passage (SQLite hands a deleted row's
        number to the next row: see `save_tags`) has none: a layout read seconds before
        (search.themes._discover clusters meanwhile) must not count another group's tags."""
        expected = dict(chunks)
        marks = ",".join("?" for _ in expected)
        rows = self.db.conn().execute(
            f"SELECT t.chunk_id, ch.vector_id, t.theme FROM chunk_themes t JOIN chunks ch ON ch.id = t.chunk_id"
            f" WHERE t.chunk_id IN ({marks}) ORDER BY t.score DESC, t.theme", list(expected))
        out: dict[int, list[str]] = {}
        for pk, vector_id, theme in rows:
            if expected[pk] == vector_id:
                out.setdefault(pk, []).append(theme)
        return out
