"""The cache rules of store._snapshot under readers and writers at once.

Writers only add documents here, so what a reader may be served is bounded on
both sides whatever the interleaving: everything committed before its snapshot
was taken, and nothing not yet committed when it got its answer. Each bound is
read in one SQLite transaction together with the generation, and asserted for
every answer; how the threads happened to interleave is never asserted.
"""
import threading

import numpy as np

from store import Access, ChunkDraft, DocumentDraft, DocumentMeta, Filters
from store._allowed import AllowedChunks
from store._vectors import VectorCopy
from text import analyze

WORD = "buurtzorg"
DOCS = 24
READERS = 3
MIN_ROUNDS = 4  # each reader checks at least this many answers, however the threads are scheduled
FILTERS = [Filters(), Filters(access=Access(member_of=("PG Noord",)))]


def _draft(n: int) -> DocumentDraft:
    text = f"Verslag {n}: {WORD} in de wijk, keer {n}."
    return DocumentDraft(f"doc-{n}.md", text, DocumentMeta(title=f"Verslag {n}", community="PG Noord"),
                         None, f"{n:064d}", [ChunkDraft(0, text, 0, len(text), None, " ".join(analyze(text)))])


def _ready(store) -> set[int]:
    """The chunks of ready documents, read in one transaction (the bound a reader is checked by)."""
    conn = store.db.conn()
    conn.execute("BEGIN")
    try:
        return {row[0] for row in conn.execute(
            "SELECT ch.id FROM chunks ch JOIN documents d ON d.id = ch.document_id WHERE d.state = 'ready'")}
    finally:
        conn.execute("COMMIT")


def _write(store, done: threading.Event, errors: list) -> None:
    try:
        with store.writer():
            for n in range(DOCS):
                store.catalogue.publish(store.catalogue.stage(_draft(n)))
    except Exception as exc:  # reported by the test, not lost in the thread
        errors.append(exc)
    finally:
        done.set()


def _read(store, done: threading.Event, errors: list, checked: list) -> None:
    terms = sorted(set(analyze(WORD, for_query=True)))
    rounds = 0
    try:
        while rounds < MIN_ROUNDS or not done.is_set():
            for filters in FILTERS:
                before = _ready(store)
                snapshot = store.catalogue.snapshot()
                allowed = store.catalogue.allowed_chunks(filters, snapshot)
                hits = {pk for pk, _ in store.lexical.search(terms, filters, 10 * DOCS, snapshot)}
                after = _ready(store)
                assert before <= allowed.pks <= after, "an allowed set older than its snapshot, or from nowhere"
                assert before <= hits <= after, "a lexical answer older than its snapshot, or from nowhere"
            rounds += 1
        checked.append(rounds)
    except Exception as exc:
        errors.append(exc)


def test_readers_never_get_an_answer_older_than_their_snapshot_while_a_writer_publishes(store):
    store.lexical.keep_copy()   # the in-memory BM25 copy and its rebuilds join in
    done, errors, checked = threading.Event(), [], []
    threads = [threading.Thread(target=_write, args=(store, done, errors))]
    threads += [threading.Thread(target=_read, args=(store, done, errors, checked)) for _ in range(READERS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors, errors
    assert len(checked) == READERS and min(checked) >= MIN_ROUNDS
    # Once quiet, every cache answers with exactly what is there.
    snapshot = store.catalogue.snapshot()
    everything = _ready(store)
    assert len(everything) == DOCS
    for filters in FILTERS:
        assert store.catalogue.allowed_chunks(filters, snapshot).pks == everything
        assert {pk for pk, _ in store.lexical.search([WORD], filters, 10 * DOCS, snapshot)} == everything


def test_rows_kept_for_one_allowed_set_are_never_used_for_another():
    """R4: memos are keyed by a set's serial, never by id() (which a freed list hands on)."""
    rng = np.random.default_rng(7)
    vectors = rng.normal(size=(6, 8)).astype(np.float32)
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
    source = {f"v{i}": vectors[i] for i in range(6)}
    copy = VectorCopy("model", lambda ids: ([i for i in ids if i in source],
                                            np.array([source[i] for i in ids if i in source])))
    first = AllowedChunks.of([("v0", 0), ("v1", 1), ("v2", 2)])
    second = AllowedChunks.of([("v3", 3), ("v4", 4), ("v5", 5)])
    assert first.serial != second.serial
    for allowed in (first, second, first, second):
        hits = copy.exact(vectors[4], allowed.ids, 3, allowed.serial)
        assert {vid for vid, _ in hits} == set(allowed.ids)
    assert copy.exact(vectors[4], second.ids, 1, second.serial)[0][0] == "v4"
    serials = {AllowedChunks.of([(f"x{n}", n)]).serial for n in range(100)}   # each freed at once
    assert len(serials) == 100
