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

Clustering and labelling take 0.3 s on the demo corpus, and 2-5 s while the
background tagger shares the CPU (docs/themes.md). So the layout (which passages form
which cluster, in which order, under which label) is kept per store for one access
scope, filter choice and catalogue generation (rule R7 in store/_snapshot.py): a
repeat visit only reads the passages' current tags (one query), and a caller of
another scope never gets another scope's layout, since the scope is in the key.
"""
from __future__ import annotations

import hashlib
import math
import re
import threading
import weakref
from collections import Counter, OrderedDict
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from store import Filters, Snapshot, Store
from text import SNOWBALL_STOP, with_parts

NEW_BELOW = 0.6   # a cluster is new below this fraction of the scope's share of tagged passages
KEPT_LAYOUTS = 16  # per store: scopes (access and filter choice) whose layout is kept; each is ~10 KB


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


@dataclass(frozen=True)
class Layout:
    """The costly part of discovery for one scope: its passages and every cluster's label
    and members, each passage as (chunk pk, vector id), nearest the centre first. Tags
    are not part of it."""
    chunks: tuple[tuple[int, str], ...]
    clusters: tuple[tuple[tuple[str, ...], tuple[tuple[int, str], ...]], ...]


class Layouts:
    """R7: layouts kept per store (weakly: they go with their store, and a new store
    that reuses a freed one's id() never sees them) and per key (the Filters, access
    included, the cluster count asked for, and a digest of the names labels avoid),
    each filed under the catalogue generation read before its chunks and served only
    to a snapshot of that generation; at most KEPT_LAYOUTS per store, least recently
    used dropped first."""

    def __init__(self) -> None:
        self._kept: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()
        self._lock = threading.Lock()

    def get(self, store: Store, key: tuple, snapshot: Snapshot, compute: Callable[[], Layout]) -> Layout:
        with self._lock:
            kept: OrderedDict = self._kept.setdefault(store, OrderedDict())
            found = kept.get(key)
            if found is not None and snapshot.serves(found[0]):
                kept.move_to_end(key)
                return found[1]
        layout = compute()
        with self._lock:
            kept[key] = (snapshot.generation, layout)
            kept.move_to_end(key)
            while len(kept) > KEPT_LAYOUTS:
                kept.popitem(last=False)
        return layout


_layouts = Layouts()


def discover(store: Store, filters: Filters, k: int | None = None) -> list[Cluster]:
    """The scope's clusters, largest first, with their passages' current tags."""
    snapshot = store.catalogue.snapshot()   # read before the chunks (R7, as R1)
    people = store.tags.person_names(filters)
    names = hashlib.sha256("\n".join(sorted(people)).encode()).hexdigest()
    layout = _layouts.get(store, (filters, k, names), snapshot, lambda: cluster_scope(store, filters, k, people))
    if not layout.clusters:
        return []
    themes = store.tags.chunk_themes(list(layout.chunks))
    scope_share = sum(bool(themes.get(pk)) for pk, _ in layout.chunks) / len(layout.chunks)
    clusters = [_cluster(list(label), members, themes, scope_share) for label, members in layout.clusters]
    return sorted(clusters, key=lambda c: -c.size)


def cluster_scope(store: Store, filters: Filters, k: int | None, people: list[str]) -> Layout:
    """Cluster the scope's chunks and label the clusters (the costly part)."""
    from sklearn.cluster import KMeans

    chunks = store.tags.scope_chunks(filters)
    if len(chunks) < 6:
        return Layout(tuple((pk, vid) for pk, vid, *_ in chunks), ())
    vectors = store.vectors.get([vid for _, vid, _, _ in chunks])
    model = KMeans(n_clusters=k or _k(len(chunks)), n_init=10, random_state=0).fit(vectors)
    unfit = not_labels(people, [text for *_, text in chunks])
    labels = _ctfidf([[w for w in with_parts(body) if w not in unfit] for _, _, body, _ in chunks], model.labels_)
    found = sorted(set(model.labels_.tolist()))   # fewer than asked when passages embed alike (a 500 before)
    return Layout(tuple((pk, vid) for pk, vid, *_ in chunks),
                  tuple((tuple(labels[c]), _members(chunks, vectors, model, c)) for c in found))


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


def _members(chunks, vectors, model, c: int) -> tuple[tuple[int, str], ...]:
    """Cluster c's (chunk pk, vector id), nearest its centre first."""
    members = np.flatnonzero(model.labels_ == c)
    distances = np.linalg.norm(vectors[members] - model.cluster_centers_[c], axis=1)
    return tuple((chunks[i][0], chunks[i][1]) for i in members[np.argsort(distances)])


def _cluster(label: list[str], members: tuple[tuple[int, str], ...], themes, scope_share: float) -> Cluster:
    tagged = [themes.get(pk, []) for pk, _ in sorted(members)]   # in chunk order: ties go as before
    counts = Counter(t for ts in tagged for t in ts)
    return Cluster(label, len(members), [vid for _, vid in members], [pk for pk, _ in members],
                   sum(bool(t) for t in tagged) / len(members), counts.most_common(1)[0][0] if counts else None,
                   scope_share)


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
