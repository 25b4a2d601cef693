"""Tagging quality on a labelled set of passages (`praktijkgeheugen themes eval`)."""
from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from search.themes import Vocabulary, tag_texts


@dataclass
class TagReport:
    passages: int
    precision: float
    recall: float
    f1: float
    threshold: float
    per_theme: dict[str, dict[str, float]]

    def as_dict(self) -> dict:
        return self.__dict__


def _prf(predicted: np.ndarray, gold: np.ndarray) -> tuple[float, float, float]:
    tp = int((predicted & gold).sum())
    precision = tp / predicted.sum() if predicted.sum() else 0.0
    recall = tp / gold.sum() if gold.sum() else 0.0
    return precision, recall, (2 * precision * recall / (precision + recall) if tp else 0.0)


def evaluate_tagging(path: Path, vocabulary: Vocabulary, embedder, cache_dir: Path | None = None) -> TagReport:
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    texts, labels = [r["text"] for r in rows], vocabulary.labels
    gold = np.array([[label in r.get("themes", []) for label in labels] for r in rows])
    tags, threshold = tag_texts(vocabulary, embedder, texts, cache_dir)
    predicted = np.array([[label in tag for label in labels] for tag in tags])
    per_theme = {label: dict(zip(("precision", "recall", "f1"),
                                 (round(x, 3) for x in _prf(predicted[:, t], gold[:, t]))))
                 for t, label in enumerate(labels)}
    precision, recall, f1 = _prf(predicted, gold)
    return TagReport(len(rows), round(precision, 4), round(recall, 4), round(f1, 4),
                     round(threshold, 3), per_theme)
