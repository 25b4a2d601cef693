"""The load test, shortened: searches against the real server while another process
ingests (and a backup is taken), embedded and with a Chroma server. Any failed
search fails the test; latency is reported by `make loadtest`, never asserted."""
import argparse

import pytest

from bench import loadtest


@pytest.mark.slow
@pytest.mark.parametrize("chroma_server", [False, True], ids=["embedded", "chroma-server"])
def test_no_search_fails_while_another_process_ingests(tmp_path, bundled_model_dir, chroma_server):
    args = argparse.Namespace(users=10, docs=40, max_seconds=600, models_from=bundled_model_dir.parent,
                              chroma_server=chroma_server)
    figures = loadtest.run(tmp_path, args)
    print(figures)
    assert figures["requests"] > 0 and figures["ingest"]["exit"] == 0
    assert figures["errors"] == 0, figures["first_errors"]
    assert loadtest.passed(figures), figures["backup"]
