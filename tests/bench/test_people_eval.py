"""eval-people: recall@5 of "wie nog?" per half, the product against the old
"who typed most" rule, and weights chosen on the tuning half only."""
from __future__ import annotations

import json

from bench.people import load_people, people_eval
from fakes import FakeEmbedder


def _set(root):
    corpus = root / "corpus"
    corpus.mkdir(parents=True)
    text = "De buurtkamer blijft leeg en de eenzame bewoner komt niet meer."
    (corpus / "casus.md").write_text(
        f'---\ntype: casus\nauthors:\n  - "Leen Peeters (OCMW), inbreng"\n---\n{text}\n', "utf-8")
    for n in range(6):
        (corpus / f"verslag-{n}.md").write_text(
            f'---\ntype: sessieverslag\nauthors:\n  - "Typist {n} (LDC), verslag"\n---\nSessie {n}. {text}\n', "utf-8")
    queries = [{"_id": "q1", "text": "buurtkamer eenzame bewoner", "split": "tune"},
               {"_id": "q2", "text": "eenzame bewoner buurtkamer leeg", "split": "heldout"}]
    (root / "queries.jsonl").write_text("\n".join(json.dumps(q) for q in queries), "utf-8")
    (root / "people.tsv").write_text("query-id\tname\tgrade\nq1\tLeen Peeters\t2\nq2\tLeen Peeters\t2\n"
                                     "q2\tNiemand\t0\n", "utf-8")
    return root, corpus


def test_people_recall_per_half_against_the_typists_rule(tmp_path):
    root, corpus = _set(tmp_path / "set")
    assert load_people(root) == {"q1": {"Leen Peeters"}, "q2": {"Leen Peeters"}}
    report = people_eval(root, corpus, FakeEmbedder(), tune=True)
    assert report["queries"] == 2
    assert report["product"] == {"heldout": 1.0, "tune": 1.0}
    assert set(report["tuned on the tune half"]["recall"]) == {"heldout", "tune"}


def test_one_half_searches_only_that_halfs_queries(tmp_path, monkeypatch):
    import search

    root, corpus = _set(tmp_path / "set")
    asked: list[str] = []
    real = search.people_hits  # the confident documents "wie nog?" weighs

    def counting(store, embedder, query, *args, **kwargs):
        asked.append(query)
        return real(store, embedder, query, *args, **kwargs)

    with monkeypatch.context() as m:
        m.setattr(search, "people_hits", counting)
        report = people_eval(root, corpus, FakeEmbedder(), tune=True, half="tune")
    assert asked == ["buurtkamer eenzame bewoner"]  # the held-out query is never run
    assert report["queries"] == 1
    assert report["product"] == {"tune": 1.0}
    assert report["tuned on the tune half"]["recall"] == {"tune": 1.0}


def test_eval_people_takes_the_half_on_the_command_line(tmp_path, cli):
    root, corpus = _set(tmp_path / "set")
    code, out, _ = cli("eval-people", root, "--corpus", corpus, "--half", "tune")
    assert code == 0
    report = json.loads(out)
    assert report["queries"] == 1 and report["product"] == {"tune": 1.0}
    code, _, err = cli("eval-people", root, "--corpus", corpus, "--half", "heldout", "--tune")
    assert code != 0 and "--tune needs it" in err


def test_a_half_without_queries_is_refused_before_anything_is_ingested(tmp_path, cli, monkeypatch):
    """A set whose queries carry no split (demo/eval) searched nothing for '--half tune'
    and reported 'queries: 0' after ingesting the whole corpus, and '--tune' failed with a
    KeyError ('tune'). Both are refused with a message, before the corpus is read."""
    import pytest

    import ingest

    root, corpus = _set(tmp_path / "set")
    lines = (root / "queries.jsonl").read_text("utf-8").splitlines()
    (root / "queries.jsonl").write_text("\n".join(json.dumps({k: v for k, v in json.loads(line).items()
                                                              if k != "split"}) for line in lines), "utf-8")
    with monkeypatch.context() as m:
        m.setattr(ingest, "ingest_paths", lambda *a, **k: pytest.fail("the corpus was ingested"))
        with pytest.raises(ValueError, match="no query in the tune half"):
            people_eval(root, corpus, FakeEmbedder(), half="tune")
        with pytest.raises(ValueError, match="no query in the tune half"):
            people_eval(root, corpus, FakeEmbedder(), tune=True)
    code, _, err = cli("eval-people", root, "--corpus", corpus, "--half", "tune")
    assert code != 0 and "no query in the tune half" in err
