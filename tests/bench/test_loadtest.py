"""The load test, shortened: searches against the real server while another process
ingests (and a backup is taken), embedded and with a Chroma server. Any failed
search fails the test; latency is reported by `make loadtest`, never asserted.

Shortened to what the property needs: the users search from before the ingest
process starts until it has ended, so however few documents it writes, every one
of its writes (and the backup) happens under concurrent searches. 4 users keep
several requests in the server at once; 12 documents put the backup in the middle
of an ingest of 6 more; the data dir starts with one demo group's cycle (6
documents) rather than the whole demo corpus, whose ingest with the real model was
half of the test's time (4.5 of ~10 min per run on a busy 2-core machine).
`make loadtest` keeps the full size (20 users, 200 documents, the demo corpus)."""
import argparse

import pytest

from bench import loadtest

BASE = loadtest.CORPUS / "pg-gent-oost" / "2023-2024"


@pytest.mark.slow
@pytest.mark.parametrize("chroma_server", [False, True], ids=["embedded", "chroma-server"])
def test_no_search_fails_while_another_process_ingests(tmp_path, bundled_model_dir, chroma_server):
    args = argparse.Namespace(users=4, docs=12, max_seconds=600, models_from=bundled_model_dir.parent,
                              chroma_server=chroma_server, corpus=BASE)
    figures = loadtest.run(tmp_path, args)
    print(figures)
    assert figures["requests"] > 0 and figures["ingest"]["exit"] == 0
    assert figures["errors"] == 0, figures["first_errors"]
    assert loadtest.passed(figures), figures["backup"]
