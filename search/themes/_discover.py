"""Discovery: themes the vocabulary does not name.

The chunks in scope are clustered on their embeddings (k-means from
scikit-learn, seeded, so a rerun gives the same clusters) and each cluster is
labelled with its most distinctive lemmas by class-based TF-IDF (as BERTopic
does): a lemma scores high when it is frequent in the cluster and rare in the
others. Labels never hold a person's name (an author's or account's, or any word
the passages write as a name: capitalised mid-sentence more often than not, which
also catches names the pseudonymiser spared as members') nor a stop word.
A cluster is "new" when markedly fewer of its passages carry a vocabulary theme
than passages in the scope generally do (relative, because how densely a corpus is
tagged differs: in session reports nearly every passage has some theme).
"""
from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import dataclass

import numpy as np

from store import Filters, Store
from text import SNOWBALL_STOP, with_parts

NEW_BELOW = 0.6   # a cluster is new below this fraction of the scope's share of tagged passages


@dataclass
class Cluster:
    label: list[str]              # most distinctive lemmas
    size: int
    chunk_ids: list[str]          # vector ids, best representative first
    chunk_pks: list[int]          # the same passages' chunk keys
    tagged_share: float           # share of its passages with a vocabulary theme
    top_theme: str | None
    scope_share: float = 1.0      # the same share over every passage in scope

    @property
    def in_vocabulary(self) -> bool:
        return self.top_theme is not None and self.tagged_share >= NEW_BELOW * self.scope_share

    def as_dict(self) -> dict:
        return {"label": self.label, "size": self.size, "chunk_ids": self.chunk_ids[:5],
                "tagged_share": round(self.tagged_share, 2), "top_theme": self.top_theme,
                "in_vocabulary": self.in_vocabulary}


def _k(n: int) -> int:
    return max(2, min(30, round(math.sqrt(n))))


def discover(store: Store, filters: Filters, k: int | None = None) -> list[Cluster]:
    from sklearn.cluster import KMeans

    chunks = store.tags.scope_chunks(filters)
    if len(chunks) < 6:
        return []
    vectors = store.vectors.get([vid for _, vid, _, _ in chunks])
    model = KMeans(n_clusters=k or _k(len(chunks)), n_init=10, random_state=0).fit(vectors)
    themes = store.tags.chunk_themes([pk for pk, _, _, _ in chunks])
    unfit = not_labels(store.tags.person_names(), [text for *_, text in chunks])
    labels = _ctfidf([[w for w in with_parts(body) if w not in unfit] for _, _, body, _ in chunks], model.labels_)
    clusters = [_cluster(chunks, vectors, model, c, labels[c], themes) for c in range(model.n_clusters)]
    scope_share = sum(bool(themes.get(pk)) for pk, *_ in chunks) / len(chunks)
    for cluster in clusters:
        cluster.scope_share = scope_share
    return sorted(clusters, key=lambda c: -c.size)


_WORD = re.compile(r"\w+")
_BREAK = re.compile(r"[.!?:;#*•>|\n\"“(\[-]")   # between two words: the second may start a sentence


def not_labels(people: list[str], texts: list[str]) -> set[str]:
    """Words a label must not show: the stop words, every word of a person's name,
    and words the texts write as names (see `written_as_names`)."""
    names = {w.lower() for name in people for w in _WORD.findall(name)}
    return set(SNOWBALL_STOP) | names | written_as_names(texts)


def written_as_names(texts: list[str]) -> set[str]:
    """Lower-cased words written capitalised (Marc, Nadia, De Vennen) inside a sentence
    more often than lower-case: names of people and places, not themes. A word seen
    only at the start of sentences says nothing either way and is kept."""
    capital: Counter[str] = Counter()
    lower: Counter[str] = Counter()
    for text in texts:
        end = 0
        for match in _WORD.finditer(text):
            word, starts = match.group(), end == 0 or _BREAK.search(text, end, match.start())
            end = match.end()
            if starts or not word[0].isalpha():
                continue
            (capital if word[0].isupper() and not word.isupper() else lower)[word.lower()] += 1
    return {w for w, n in capital.items() if n > lower[w]}


def _cluster(chunks, vectors, model, c: int, label: list[str], themes) -> Cluster:
    members = np.flatnonzero(model.labels_ == c)
    distances = np.linalg.norm(vectors[members] - model.cluster_centers_[c], axis=1)
    ordered = members[np.argsort(distances)]
    tagged = [themes.get(chunks[i][0], []) for i in members]
    counts = Counter(t for ts in tagged for t in ts)
    return Cluster(label, len(members), [chunks[i][1] for i in ordered], [chunks[i][0] for i in ordered],
                   sum(bool(t) for t in tagged) / len(members), counts.most_common(1)[0][0] if counts else None)


def _too_common(docs: list[list[str]], assignment: np.ndarray, share: float = 0.5) -> set[str]:
    """Lemmas found in more than `share` of the clusters say nothing about any one
    of them (in session reports: sessie, afspraken, bewoner...). Counted per cluster,
    not per passage, so that a small scope's one coherent cluster keeps its words."""
    clusters = set(assignment.tolist())
    spread = Counter(w for c in clusters for w in {w for d, a in zip(docs, assignment) if a == c for w in d})
    return {w for w, n in spread.items() if n > share * len(clusters)}


def _ctfidf(docs: list[list[str]], assignment: np.ndarray, top: int = 6) -> dict[int, list[str]]:
    """Class-based TF-IDF: per cluster, lemmas weighted by tf in the cluster and
    log(1 + average words per cluster / frequency across all clusters)."""
    common = _too_common(docs, assignment)
    per_cluster = {c: Counter(w for d, a in zip(docs, assignment) if a == c for w in d
                              if len(w) > 3 and w not in common)
                   for c in set(assignment.tolist())}
    overall: Counter[str] = Counter()
    for counts in per_cluster.values():
        overall.update(counts)
    average = sum(overall.values()) / len(per_cluster)
    labels = {}
    for c, counts in per_cluster.items():
        total = sum(counts.values()) or 1
        score = {w: (n / total) * math.log(1 + average / overall[w]) for w, n in counts.items() if n > 1}
        labels[c] = [w for w, _ in sorted(score.items(), key=lambda x: -x[1])[:top]]
    return labels
