"""A command run in-process closes the store it opened: its database connections and
its Chroma client (chromadb keeps a data dir's system, with its SQLite connections,
index files and threads' descriptors, until the last client of it closes). The `cli`
fixture ran hundreds of commands in one test process, and each left its store to the
garbage collector, its Chroma system held for good: one reason a full CI run's test
process held over 1024 descriptors (tests/store/test_store_descriptors.py has the others).
The collector is off here, so only what is closed counts."""
import gc
from collections import Counter

from _fdcheck import open_descriptors
from dutch_docs import write_docs

ROUNDS = 8   # a command pair that leaked one connection (2 descriptors) shows as 16, above the bound


def handed_over_bound() -> int:
    """Hybrid search runs BM25 on a pool of threads shared by every store
    (search._retrieve); each keeps its connection of a closed store until it next opens
    one (store._db.ThreadConnections): at most one SQLite connection, 2 descriptors
    (database and WAL), per pool thread, however many commands ran."""
    from search._retrieve import _BOTH

    return 2 * _BOTH._max_workers


def test_commands_leave_no_descriptor_open(cli, tmp_path):
    docs = str(write_docs(tmp_path / "docs"))
    gc.collect()
    gc.disable()
    try:
        assert cli("ingest", docs, "--create-communities", "--no-themes")[0] == 0
        assert cli("search", "huurachterstand woningcorporatie", "--json")[0] == 0   # what a process keeps, loaded
        before = open_descriptors()
        for _ in range(ROUNDS):
            assert cli("ingest", docs, "--create-communities", "--no-themes")[0] == 0
            assert cli("search", "huurachterstand woningcorporatie", "--json")[0] == 0
        after = open_descriptors()
    finally:
        gc.enable()
    assert len(after) <= len(before) + handed_over_bound(), Counter(after.values()) - Counter(before.values())
