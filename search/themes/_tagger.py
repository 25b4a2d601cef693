"""The theme tagger: which vocabulary themes a passage is about.

Per theme, a logistic regression over three kinds of evidence:
- dense: the passage embedding, and its best similarity to the theme's
  description and example phrases (so a theme is found in other words);
- lexical: how many of the theme's lemmas occur in the passage's lemmas
  (including compound parts: "mantelzorgers" counts for "mantelzorg").
It is trained on the vocabulary's own examples plus a labelled Dutch training set
shipped with the package (written apart from the evaluation set), and its
decision threshold is calibrated by cross-validation on that training data.
"""
from __future__ import annotations

import hashlib
import io
import json
import os
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

import numpy as np

from search.themes._vocabulary import Vocabulary
from text import LEMMAS_AND_PARTS, analyze_many

# Feature scales (the regularisation sees them): e5 vectors have unit norm, so each
# component is tiny; scaling them up lets the classifier use them. Chosen by 5-fold
# cross-validation on the training set (F1 flat within 0.01 for 3-4 and C 4-16).
VECTOR_WEIGHT, LEXICAL_WEIGHT, SIMILARITY_WEIGHT = 3.0, 0.3, 5.0
C = 16.0
# A second or third theme must be at least this fraction as likely as the passage's
# main one (raised cross-validated F1 on the training set from 0.741 to 0.749).
RELATIVE = 0.5
CV_REPEATS = 3   # the threshold is chosen on F1 averaged over repeated 5-fold splits


def training_set() -> list[tuple[str, list[str]]]:
    path = resources.files("search.themes").joinpath("training_nl.jsonl")
    if not path.is_file():
        return []
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    return [(row["text"], row.get("themes", [])) for row in rows]


@dataclass
class Tagger:
    vocabulary: Vocabulary
    models: list            # one classifier per theme
    threshold: float
    example_vectors: np.ndarray
    example_theme: np.ndarray   # theme index of each example vector

    def probabilities(self, vectors: np.ndarray, terms: list[set[str]]) -> np.ndarray:
        features = _features(self, vectors, terms)
        return np.stack([m.predict_proba(features)[:, 1] for m in self.models], axis=1)

    def decide(self, probabilities: np.ndarray) -> list[dict[str, float]]:
        """Themes over the calibrated threshold (and near the main theme), per passage."""
        labels = self.vocabulary.labels
        return [{labels[t]: round(float(p[t]), 4) for t in np.flatnonzero(chosen)}
                for p, chosen in zip(probabilities, _chosen(probabilities, self.threshold))]


def _chosen(probabilities: np.ndarray, threshold: float) -> np.ndarray:
    top = probabilities.max(axis=1, keepdims=True) if len(probabilities) else 0.0
    return (probabilities >= threshold) & (probabilities >= RELATIVE * top)


def lemma_hits(vocabulary: Vocabulary, terms: list[set[str]]) -> np.ndarray:
    hits = np.zeros((len(terms), len(vocabulary.themes)), dtype=np.float32)
    for t, theme in enumerate(vocabulary.themes):
        wanted = [set(lemma.split()) for lemma in theme.lemmas]
        hits[:, t] = [sum(words <= have for words in wanted) for have in terms]
    return np.minimum(hits, 3)


def _features(tagger: Tagger, vectors: np.ndarray, terms: list[set[str]]) -> np.ndarray:
    similarity = vectors @ tagger.example_vectors.T
    best = np.stack([similarity[:, tagger.example_theme == t].max(axis=1)
                     for t in range(len(tagger.vocabulary.themes))], axis=1)
    return np.hstack([VECTOR_WEIGHT * vectors, LEXICAL_WEIGHT * lemma_hits(tagger.vocabulary, terms), SIMILARITY_WEIGHT * best])


def terms_of(texts: list[str]) -> list[set[str]]:
    return [set(t) for t in analyze_many(texts, analysis=LEMMAS_AND_PARTS)]


def train(vocabulary: Vocabulary, embedder, cache_dir: Path | None = None) -> Tagger:
    """Fit the per-theme classifiers and calibrate one threshold (max F1 in 5-fold CV)."""
    labels = vocabulary.labels
    examples = [(text, [t.label]) for t in vocabulary.themes for text in (t.description, *t.examples) if text]
    data = [(text, [x for x in themes if x in labels]) for text, themes in training_set()] + examples
    texts = [text for text, _ in data]
    vectors = _embedded(embedder, texts, cache_dir)
    y = np.array([[label in themes for label in labels] for _, themes in data])
    example_vectors = embedder.embed_queries([text for text, _ in examples])
    example_theme = np.array([labels.index(themes[0]) for _, themes in examples])
    shell = Tagger(vocabulary, [], 0.5, example_vectors, example_theme)
    features = _features(shell, vectors, terms_of(texts))
    shell.threshold = _calibrate(features, y, len(data) - len(examples))
    shell.models = [_fit(features, y[:, t]) for t in range(len(labels))]
    return shell


def _fit(features: np.ndarray, target: np.ndarray):
    from sklearn.linear_model import LogisticRegression

    return LogisticRegression(C=C, class_weight="balanced", max_iter=3000).fit(features, target)


def _calibrate(features: np.ndarray, y: np.ndarray, passages: int) -> float:
    """The threshold with the best F1 over held-out training passages, averaged over
    repeated 5-fold splits (one split alone picks a noisy point of a flat curve).
    The first `passages` rows are passages; the vocabulary's short examples after
    them are always trained on and never scored: they do not look like a chunk."""
    runs = [_held_out(features, y, passages, seed) for seed in range(CV_REPEATS)]
    return max(np.arange(0.2, 0.96, 0.025),
               key=lambda th: sum(_f1(_chosen(p, th), y[:passages]) for p in runs))


def _held_out(features: np.ndarray, y: np.ndarray, passages: int, seed: int) -> np.ndarray:
    from sklearn.model_selection import KFold

    examples = np.arange(passages, len(features))
    probabilities = np.zeros((passages, y.shape[1]))
    for train_idx, test_idx in KFold(5, shuffle=True, random_state=seed).split(features[:passages]):
        fit_idx = np.concatenate([train_idx, examples])
        for t in range(y.shape[1]):
            model = _fit(features[fit_idx], y[fit_idx, t])
            probabilities[test_idx, t] = model.predict_proba(features[test_idx])[:, 1]
    return probabilities


def _f1(predicted: np.ndarray, y: np.ndarray) -> float:
    tp = (predicted & y).sum()
    return 2 * tp / (predicted.sum() + y.sum()) if tp else 0.0


def _embedded(embedder, texts: list[str], cache_dir: Path | None) -> np.ndarray:
    """Training embeddings are cached on disk: they only change with the data or model."""
    key = hashlib.sha256(json.dumps([embedder.name, texts]).encode()).hexdigest()[:16]
    path = cache_dir / f"theme-training-{key}.npy" if cache_dir else None
    if path is not None and path.exists():
        return np.load(path)
    vectors = embedder.embed_passages(texts)
    if path is not None:
        buffer = io.BytesIO()
        np.save(buffer, vectors)
        write_atomically(path, buffer.getvalue())
    return vectors


def write_atomically(path: Path, data: bytes) -> None:
    """Write a cache file whole or not at all: with `serve --workers N` another worker
    may read it while this one writes, and a half-written file must never be read."""
    path.parent.mkdir(parents=True, exist_ok=True)
    part = path.with_name(f".{path.name}.{os.getpid()}.part")
    part.write_bytes(data)
    os.replace(part, path)
