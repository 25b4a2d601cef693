"""Tagging: the training set, front-matter themes, retagging after a vocabulary
change, and (slow, real model) precision and recall on the labelled Dutch set."""
import json
import re
from pathlib import Path

import pytest

import search.themes as themes
from search.themes._tagger import training_set
from store import Filters
from theme_docs import DOCS, SOUTH_THEME

EVAL = Path(__file__).resolve().parents[3] / "demo" / "eval-themes" / "passages.jsonl"


def _shingles(text: str, n: int = 8) -> set[tuple[str, ...]]:
    words = re.findall(r"\w+", text.lower())
    return {tuple(words[i:i + n]) for i in range(len(words) - n + 1)}


def test_training_set_is_large_labelled_and_written_apart_from_the_evaluation_set():
    rows, labels = training_set(), set(themes.load_vocabulary().labels)
    assert len(rows) >= 150
    assert all(set(found) <= labels for _, found in rows)
    assert {label for _, found in rows for label in found} == labels
    assert sum(not found for _, found in rows) >= 15   # passages about nothing in the vocabulary
    evaluation = set().union(*(_shingles(json.loads(line)["text"]) for line in EVAL.read_text("utf-8").splitlines()))
    assert not [text for text, _ in rows if _shingles(text) & evaluation]


def test_every_passage_is_tagged_and_front_matter_themes_are_kept(theme_store, fake_embedder, tmp_path):
    vocabulary = themes.load_vocabulary()
    tagged = themes.tag_pending(theme_store, fake_embedder, vocabulary, tmp_path / "cache")
    assert tagged > 0
    assert theme_store.tags.untagged_chunks(themes.tag_version(vocabulary, fake_embedder)) == []
    run = theme_store.health.last("themes")   # the admin's status page shows the run
    assert run.ok and run.detail == {"passages": tagged}
    quoted = {h.doc_id for h in themes.quotes(theme_store, Filters(), SOUTH_THEME, k=50)}
    assert "zuid/2023-2024/schulden.md" in quoted
    for doc_id, text in DOCS.items():
        own = json.loads(re.search(r"^themes: (\[.*\])$", text, re.M).group(1))
        for theme in own:
            assert doc_id in {h.doc_id for h in themes.quotes(theme_store, Filters(), theme, k=50)}
    assert themes.tag_pending(theme_store, fake_embedder, vocabulary, tmp_path / "cache") == 0


def test_a_failed_run_is_recorded_for_the_status_page(theme_store, fake_embedder, monkeypatch):
    def broken(*args):
        raise MemoryError("te weinig geheugen")
    monkeypatch.setattr(themes, "_trained", broken)
    with pytest.raises(MemoryError):
        themes.tag_pending(theme_store, fake_embedder, themes.load_vocabulary())
    run = theme_store.health.last("themes")
    assert run.ok is False and run.detail["error"] == "MemoryError" and run.detail["passages"] > 0


def test_a_document_replaced_while_a_run_tags_fails_nothing(theme_store, fake_embedder, tmp_path, monkeypatch):
    """The background run lists the untagged passages, then reads their vectors; a writer
    that replaced or deleted a document in between left its old passages without vectors,
    and the run failed on the mismatch (a ValueError in the features, 'themes' failed on the
    status page) until the next one. Such passages are skipped: they are pending no more."""
    vocabulary = themes.load_vocabulary()
    listed = theme_store.tags.untagged_chunks

    def deleted_meanwhile(version):
        pending = listed(version)
        with theme_store.writer():
            theme_store.catalogue.delete_document("zuid/2023-2024/schulden.md")
        return pending

    with monkeypatch.context() as patch:   # (the fixtures' own patches stay)
        patch.setattr(theme_store.tags, "untagged_chunks", deleted_meanwhile)
        tagged = themes.tag_pending(theme_store, fake_embedder, vocabulary, tmp_path / "cache")
    assert tagged > 0 and theme_store.health.last("themes").ok
    assert theme_store.tags.untagged_chunks(themes.tag_version(vocabulary, fake_embedder)) == []


def test_a_changed_vocabulary_retags_everything(theme_store, fake_embedder, tmp_path):
    data = tmp_path / "deployment"
    data.mkdir()
    default = themes.load_vocabulary(data)
    themes.tag_pending(theme_store, fake_embedder, default)
    (data / "themes.yaml").write_text(
        'mode: extend\nthemes:\n  - label: "hitte"\n    description: "Hittegolven en koelte"\n'
        '    lemmas: ["hitte", "hittegolf"]\n    examples: ["het was veel te warm in de flat"]\n', "utf-8")
    extended = themes.load_vocabulary(data)
    assert extended.labels == [*default.labels, "hitte"] and extended.version != default.version
    assert themes.tag_pending(theme_store, fake_embedder, extended) == len(theme_store.tags.scope_chunks(Filters()))
    assert themes.retag(theme_store, fake_embedder, extended) == len(theme_store.tags.scope_chunks(Filters()))


def test_a_replacing_vocabulary_and_broken_files(tmp_path):
    (tmp_path / "themes.yaml").write_text('mode: replace\nthemes:\n  - label: "valpreventie"\n', "utf-8")
    assert themes.load_vocabulary(tmp_path).labels == ["valpreventie"]
    (tmp_path / "themes.yaml").write_text("themes: [: kapot", "utf-8")
    with pytest.raises(themes.VocabularyError, match="not valid YAML"):
        themes.load_vocabulary(tmp_path)
    (tmp_path / "themes.yaml").write_text("themes:\n  - description: zonder label\n", "utf-8")
    with pytest.raises(themes.VocabularyError, match="label"):
        themes.load_vocabulary(tmp_path)


@pytest.mark.slow
def test_tagging_precision_and_recall_on_the_labelled_dutch_set(embedder, tmp_path):
    from bench.themes import evaluate_tagging

    report = evaluate_tagging(EVAL, themes.load_vocabulary(), embedder, tmp_path)
    assert report.passages == 181
    assert report.precision >= 0.75 and report.recall >= 0.75, report.as_dict()


def test_the_trained_tagger_is_kept_in_the_cache_dir(theme_store, fake_embedder, tmp_path, monkeypatch):
    vocabulary = themes.load_vocabulary()
    monkeypatch.setattr(themes, "_taggers", {})
    themes.tag_pending(theme_store, fake_embedder, vocabulary, tmp_path / "cache")
    assert (tmp_path / "cache" / f"theme-tagger-{themes.tag_version(vocabulary, fake_embedder)}.pickle").is_file()

    def no_training(*args):
        raise AssertionError("trained again")
    monkeypatch.setattr(themes, "_taggers", {})
    monkeypatch.setattr(themes, "train", no_training)
    assert themes.retag(theme_store, fake_embedder, vocabulary, tmp_path / "cache") > 0
