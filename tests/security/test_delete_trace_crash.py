"""A deleted document's id leaves the audit log with its deletion, crash or not.

A document id can name a client; its deletion replaces it in the audit log by a keyed digest
and writes the `verwijderd` line under that digest, the line by which `restore` deletes it
again (store.Traces, ingest.erase_again). The purge removed the document's rows first, in
transactions of its own, and the log was rewritten after, the web's `verwijderd` line after
the writer's hold: a crash in between left a deleted document whose id the log still named
for good (a re-run found no document; the next write session's clean-up purged a half-deleted
version without touching the log) and no line for restore to delete it again by. Now the
versions are marked 'deleting' in one transaction with the log's rewrite and the deletion's
line (Catalogue.delete_document's `forget`), and purged after it: a crash before leaves the
document as it was, a crash after leaves its purge to the next write session. Runs on
PostgreSQL too (PRAKTIJKGEHEUGEN_TEST_BACKEND=postgresql).
"""
from __future__ import annotations

from contextlib import contextmanager

import pytest

import store._traces as traces_module
from access_world import form_csrf, log_in

DOC = "zuid/dicht.md"   # Wijkteam Zuid's, closed by its moderator


class Crash(Exception):
    """The process died here."""


@contextmanager
def crash(target, name: str):
    def fail(*args, **kwargs):
        raise Crash("stroom uitgevallen")
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(target, name, fail)
        yield


def _delete(world):
    moderator = log_in(world.app, "mod-zuid")
    assert moderator.get("/documenten/" + DOC).status_code == 200   # a line that names it: 'bekeken'
    csrf = form_csrf(moderator, "/verwijderen/" + DOC)
    return lambda: moderator.post("/verwijderen/" + DOC, data={"csrf": csrf})


def _named(world) -> list[tuple]:
    return [line for line in world.store.accounts.audit_log(200) if DOC in (line[3] or "")]


def _erased(world) -> bool:
    """The id is in no line, and the deletion's line is there under its digest."""
    label = world.store.traces.label(DOC)
    return not _named(world) and ("mod-zuid", "verwijderd", label) in [
        line[1:] for line in world.store.accounts.audit_log(200)]


def test_a_crash_before_the_log_is_rewritten_leaves_the_document_as_it_was(world):
    delete = _delete(world)
    named = _named(world)
    assert named
    with crash(traces_module, "retarget_audit"), pytest.raises(Crash):
        delete()
    assert DOC in {d.doc_id for d in world.store.catalogue.list_documents()}   # neither the deletion
    assert _named(world) == named                                               # nor the log's rewrite
    assert delete().status_code == 200
    assert DOC not in {d.doc_id for d in world.store.catalogue.list_documents()}
    assert _erased(world)


def test_a_crash_during_the_purge_leaves_the_log_rewritten_and_the_rest_to_the_next_writer(world):
    delete = _delete(world)
    with crash(world.store.catalogue, "forget_files"), pytest.raises(Crash):
        delete()
    assert _erased(world)   # the log rewritten with the deletion's mark, the line there
    assert world.client("mod-zuid").get("/documenten/" + DOC).status_code == 404
    with world.store.writer():
        assert world.store.catalogue.cleanup_incomplete() == 1   # the next write session purges it
    assert not world.store.db.conn().execute("SELECT 1 FROM documents WHERE doc_id = ?", (DOC,)).fetchall()
    assert _erased(world)
