"""`praktijkgeheugen eval`'s report: per half and per system the four figures, on a
tiny set with a fake encoder (the real-model run is tests/search/test_quality.py)."""
import importlib
import json

import pytest

from bench.evaluate import HALVES, SYSTEMS, evaluate_set, load_dataset
from fakes import FakeEmbedder

DOCS = {"thuiszorg.md": "Het wijkteam sprak over medicijnen in de thuiszorg en de apotheek.",
        "sport.md": "De sportclub zocht vrijwilligers voor het zomerkamp aan zee."}


def _write_set(tmp_path):
    root = tmp_path / "set"
    (root / "corpus").mkdir(parents=True)
    for name, text in DOCS.items():
        (root / "corpus" / name).write_text(f"---\ntitle: {name[:-3]}\ncommunity: Wijkteam\n---\n{text}\n",
                                            encoding="utf-8")
    queries = [{"id": "q1", "text": "medicijnen thuiszorg", "split": "tune"},
               {"id": "q2", "text": "vrijwilligers zomerkamp", "split": "heldout"}]
    (root / "queries.jsonl").write_text("".join(json.dumps(q) + "\n" for q in queries))
    (root / "qrels.tsv").write_text("q1\tthuiszorg.md\t2\nq2\tsport.md\t2\n")
    (root / "offtopic.jsonl").write_text(json.dumps({"id": "o1", "text": "recept appeltaart", "split": "tune"}) + "\n")
    return root


@pytest.mark.deduce
def test_the_report_gives_every_system_its_figures_per_half(tmp_path):
    report = evaluate_set(load_dataset(_write_set(tmp_path)), FakeEmbedder(), tmp_path / "cache")

    assert (report["documents"], report["chunks"] >= 2) == (2, True)
    assert set(report["halves"]) == set(HALVES)
    tune, heldout = report["halves"]["tune"], report["halves"]["heldout"]
    assert (tune["queries"], tune["offtopic_questions"]) == (1, 1)
    assert (heldout["queries"], heldout["offtopic_questions"]) == (1, 0)
    for half in (tune, heldout):
        assert set(half["systems"]) == set(SYSTEMS)
        for figures in half["systems"].values():
            assert set(figures) == {"ndcg@10", "recall@10", "ontopic_answered", "offtopic_answered"}
        assert half["systems"]["lexical"]["ndcg@10"] == 1.0   # the only document holding the words
    assert tune["systems"]["lexical"]["offtopic_answered"] is not None
    assert heldout["systems"]["lexical"]["offtopic_answered"] is None   # no off-topic question in that half


@pytest.mark.deduce
def test_the_report_counts_hybrid_answers_per_category_of_question(tmp_path, monkeypatch):
    """A floor round needs to see which kind of question it refuses (near-domain off-topic,
    one-sentence situations); the counts are the hybrid system's, per the set's own labels."""
    root = _write_set(tmp_path)
    queries = [{"id": "q1", "text": "medicijnen thuiszorg", "split": "tune", "category": "eenzin"}]
    (root / "queries.jsonl").write_text("".join(json.dumps(q) + "\n" for q in queries))
    (root / "offtopic.jsonl").write_text("".join(json.dumps(q) + "\n" for q in (
        {"id": "o1", "text": "recept appeltaart", "split": "tune", "category": "ver"},
        {"id": "o2", "text": "vrijwilligers zomerkamp", "split": "tune", "category": "naburig"},
        {"id": "o3", "text": "medicijnen apotheek", "split": "tune", "category": "naburig"})))
    evaluation = importlib.import_module("bench.evaluate")
    answers = {"medicijnen thuiszorg": True, "recept appeltaart": False,
               "vrijwilligers zomerkamp": True, "medicijnen apotheek": False}
    rankings = evaluation.rankings
    monkeypatch.setattr(evaluation, "rankings", lambda store, embedder, baseline, text, k: {
        system: (ranked, answers[text] if system == "hybrid" else True)
        for system, (ranked, _) in rankings(store, embedder, baseline, text, k).items()})
    report = evaluation.evaluate([load_dataset(root)], FakeEmbedder(), tmp_path / "cache", ("tune",))
    counts = report["sets"][0]["halves"]["tune"]["hybrid_answered_by_category"]
    assert counts == {"ontopic": {"eenzin": [1, 1]}, "offtopic": {"naburig": [1, 2], "ver": [0, 1]}}
    assert ("hybrid answered by category, on-topic: eenzin 1/1; off-topic: naburig 1/2, ver 0/1"
            in evaluation.format_tables(report, ("tune",)))


@pytest.mark.deduce
def test_asking_for_the_tuning_half_never_runs_a_held_out_question(tmp_path, monkeypatch):
    """`eval --half tune` used to compute the held-out half too and only leave it unprinted,
    so its `--json` handed a tuner the figures it must not see."""
    evaluation = importlib.import_module("bench.evaluate")   # the module: `bench.evaluate` is also a function
    asked, rankings = [], evaluation.rankings
    monkeypatch.setattr(evaluation, "rankings", lambda store, embedder, baseline, text, k:
                        asked.append(text) or rankings(store, embedder, baseline, text, k))
    report = evaluation.evaluate([load_dataset(_write_set(tmp_path))], FakeEmbedder(), tmp_path / "cache", ("tune",))
    assert sorted(asked) == ["medicijnen thuiszorg", "recept appeltaart"]
    assert list(report["sets"][0]["halves"]) == ["tune"] and list(report["macro"]) == ["tune"]


def test_questions_are_embedded_one_at_a_time_as_a_search_embeds_them():
    """The bundled model is quantised dynamically, so a question embedded in a batch gets
    a slightly different vector than alone; the tuners (bench.tuning.tune's `prepare`) embed
    through CachedQueries, and must see the vectors `praktijkgeheugen eval`'s searches see."""
    from bench.evaluate import CachedQueries

    calls = []

    class Recording(FakeEmbedder):
        def embed_queries(self, texts):
            calls.append(list(texts))
            return super().embed_queries(texts)

    cached = CachedQueries(Recording())
    vectors = cached.embed_queries(["mantelzorg", "dementie", "mantelzorg"])
    assert calls == [["mantelzorg"], ["dementie"]]
    assert (vectors[0] == vectors[2]).all() and len(vectors) == 3
    cached.embed_queries(["dementie"])
    assert len(calls) == 2   # kept
