"""Integrity of `demo/eval-oneline` (one-sentence inputs over `demo/corpus`), the set that
measures what a stricter floor for one declarative sentence costs on-topic members.

Its layout is demo/eval's (queries.jsonl with `id`, qrels.tsv, the corpus one folder up), so
tests/bench/test_eval_cases_data.py does not cover it. A judgement naming a document that is
gone, or a split chosen by anything but the id, would make its figures meaningless."""
from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest

SET = Path(__file__).resolve().parents[2] / "demo" / "eval-oneline"
CORPUS = SET.parent / "corpus"


def _rows(name: str) -> list[dict]:
    return [json.loads(line) for line in (SET / name).read_text("utf-8").splitlines() if line.strip()]


def _qrels() -> list[dict]:
    with (SET / "qrels.tsv").open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle, delimiter="\t"))


def test_every_judgement_names_a_document_of_the_demo_corpus_and_a_query_of_the_set():
    ids = {row["id"] for row in _rows("queries.jsonl")}
    for row in _qrels():
        assert row["query-id"] in ids, row
        assert (CORPUS / row["corpus-id"]).is_file(), row
        assert row["score"] in {"1", "2"}, row


def test_every_on_topic_input_has_a_document_of_grade_two():
    best: dict[str, int] = {}
    for row in _qrels():
        best[row["query-id"]] = max(best.get(row["query-id"], 0), int(row["score"]))
    assert {row["id"] for row in _rows("queries.jsonl")} == {q for q, grade in best.items() if grade == 2}


@pytest.mark.parametrize("name,key", [("queries.jsonl", "id"), ("offtopic.jsonl", "_id")])
def test_the_split_follows_the_id_only(name, key):
    """Odd ids tune, even ids held out: decided before the texts were written."""
    rows = _rows(name)
    assert len(rows) == 60 and len({row[key] for row in rows}) == 60
    for row in rows:
        number = int(row[key].rsplit("-", 1)[1][1:])
        assert row["split"] == ("tune" if number % 2 else "heldout"), row


def test_each_input_is_one_sentence():
    for row in _rows("queries.jsonl") + _rows("offtopic.jsonl"):
        text = row["text"].strip()
        assert text and not any(mark in text[:-1] for mark in ".?!\n"), row
