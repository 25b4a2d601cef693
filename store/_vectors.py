"""The vectors: each chunk's vector in SQLite (the truth), an in-process copy for
exact search, and one Chroma collection (embedded or on a server) for HNSW.

Only vector ids, embeddings and the owning document's primary key are kept in
Chroma; everything else lives in SQLite. The collection name carries the
deployment id so two data dirs can share one Chroma server without seeing each
other's vectors.

Two ways to find nearest vectors, chosen by the caller (store._dense):
* `exact`: brute-force cosine over a given set of ids (the chunks a filter allows,
  or all of them), up to a size where that is still cheap. Measured at 100k
  vectors: ~8 ms in numpy with perfect recall, where Chroma's HNSW query took
  ~74 ms and its metadata filter ~94 ms for 10% of them. Its vectors come from an
  in-process copy (`VectorCopy`), filled on first use from the `chunk_vectors`
  table, never from Chroma: an embedded Chroma store read while another process
  writes it failed 7,228 of 8,931 searches of the load test ("Error finding id"),
  where SQLite's WAL gives every read a committed snapshot. A vector id names one
  chunk text, so a copied vector only goes stale when the model changes.
* `query`: Chroma's HNSW graph over the whole collection, for larger indexes.
"""
from __future__ import annotations

import logging
import threading
import time
from collections import OrderedDict
from pathlib import Path
from urllib.parse import urlparse

import numpy as np

_GET_BATCH = 5000  # ids per Chroma get (a server limits the request size)
_READ_BATCH = 900  # ids per read: one parameter each, under SQLite's oldest limit of 999
_MODIFY_ATTEMPTS = 5  # tries of the one collection change made at open (see _raise_search_breadth)
_MODIFY_PAUSE_S = 0.2  # seconds before the 2nd try, growing by as much for each next one
log = logging.getLogger(__name__)
KEPT_RESOLUTIONS = 64  # id lists whose mirror rows are kept (one per kept filter)
# The HNSW graph: twice Chroma's default links per node and search breadth. On
# 10k generated Dutch chunks (sentences recombined, so many near neighbours) the
# defaults found 0.89 of the exact top 10, ef_search 200 alone 0.96, all three
# 0.98, with queries still a few ms; a denser graph costs ~30% longer inserts.
HNSW = {"hnsw:space": "cosine", "hnsw:M": 32, "hnsw:construction_ef": 200, "hnsw:search_ef": 200}


class VectorIndex:
    def __init__(self, chroma_dir: Path, chroma_url: str | None, deployment_id: str) -> None:
        import chromadb
        from chromadb.config import Settings as ChromaSettings

        chroma_settings = ChromaSettings(anonymized_telemetry=False, allow_reset=False)
        if chroma_url:
            url = urlparse(chroma_url)
            self._client = chromadb.HttpClient(
                host=url.hostname or "localhost",
                port=url.port or 8000,
                ssl=url.scheme == "https",
                settings=chroma_settings,
            )
        else:
            chroma_dir.mkdir(parents=True, exist_ok=True)
            self._client = chromadb.PersistentClient(path=str(chroma_dir), settings=chroma_settings)
        self.name = f"praktijkgeheugen_{deployment_id[:12]}"
        self._collection = self._client.get_or_create_collection(self.name, metadata=HNSW)
        self._raise_search_breadth()

    def _raise_search_breadth(self) -> None:
        """An index made with smaller settings gets the wider search at once; its links
        per node are fixed when it is built (`praktijkgeheugen reindex` builds it anew).
        Embedded Chroma answers "database is locked" while its own background work holds
        its SQLite file (seen once in a test on a machine at load 8 on 2 cores): the
        change is tried again a few times, then left for the next open with a warning,
        since the wider search only matters above the exact-search size and is no
        reason to refuse to open the store."""
        from chromadb.errors import ChromaError

        hnsw = (self._collection.configuration or {}).get("hnsw") or {}
        if hnsw.get("ef_search", HNSW["hnsw:search_ef"]) >= HNSW["hnsw:search_ef"]:
            return
        for attempt in range(_MODIFY_ATTEMPTS):
            try:
                self._collection.modify(configuration={"hnsw": {"ef_search": HNSW["hnsw:search_ef"]}})
                return
            except ChromaError as exc:
                if attempt + 1 == _MODIFY_ATTEMPTS:
                    log.warning("vectors: the wider HNSW search is left for the next open (%s)", exc)
                    return
                time.sleep(_MODIFY_PAUSE_S * (attempt + 1))

    def upsert(self, ids: list[str], vectors: np.ndarray, document_pk: int) -> None:
        if not ids:
            return
        self._collection.upsert(ids=ids, embeddings=vectors.astype(np.float32),
                                metadatas=[{"doc": document_pk} for _ in ids])

    def delete(self, ids: list[str]) -> None:
        if ids:
            self._collection.delete(ids=ids)

    def query(self, vector: np.ndarray, limit: int) -> list[tuple[str, float]]:
        """Nearest vectors in the whole collection as (id, cosine similarity), via HNSW."""
        result = self._collection.query(
            query_embeddings=[vector.astype(np.float32)], n_results=limit, include=["distances"])
        return [(i, 1.0 - d) for i, d in zip(result["ids"][0], result["distances"][0])]

    def ids(self) -> set[str]:
        """All vector ids (for consistency checks)."""
        return set(self._collection.get(include=[])["ids"])

    def count(self) -> int:
        return self._collection.count()

    def fetch(self, ids: list[str]) -> tuple[list[str], np.ndarray]:
        """(ids Chroma holds, their vectors): only to fill `chunk_vectors` of a data dir
        made before schema 4 (store._migrate), by a writer."""
        found, vectors = [], []
        for start in range(0, len(ids), _GET_BATCH):
            result = self._collection.get(ids=ids[start:start + _GET_BATCH], include=["embeddings"])
            found += result["ids"]
            vectors += list(result["embeddings"])
        return found, np.array(vectors, dtype=np.float32)


def write_vectors(conn, table: str, chunk_pks: list[int], vectors: np.ndarray) -> None:
    """Keep chunks' vectors in SQLite (`chunk_vectors`, or its staging twin), as float32."""
    rows = np.ascontiguousarray(vectors, dtype="<f4")
    conn.executemany(f"INSERT INTO {table}(chunk_id, vector) VALUES (?, ?)"
                     " ON CONFLICT(chunk_id) DO UPDATE SET vector = excluded.vector",
                     [(pk, rows[n].tobytes()) for n, pk in enumerate(chunk_pks)])


def read_vectors(conn, ids: list[str]) -> tuple[list[str], np.ndarray]:
    """(ids that have a vector in SQLite, their vectors). A vector never changes
    under its id, so batches need no common snapshot."""
    found, blobs = [], []
    for start in range(0, len(ids), _READ_BATCH):
        rows = conn.execute(
            "SELECT ch.vector_id, v.vector FROM chunks ch JOIN chunk_vectors v ON v.chunk_id = ch.id"
            f" WHERE ch.vector_id IN ({','.join('?' * len(ids[start:start + _READ_BATCH]))})",
            ids[start:start + _READ_BATCH]).fetchall()
        found += [row[0] for row in rows]
        blobs += [row[1] for row in rows]
    if not found:
        return [], np.zeros((0, 0), np.float32)
    return found, np.frombuffer(b"".join(blobs), dtype="<f4").reshape(len(found), -1).astype(np.float32)


def best_first(scores: np.ndarray, limit: int) -> np.ndarray:
    """The positions of the `limit` best scores, best first, equal scores in the order of
    `scores` (the ids' order: an allowed set's is chunk pk, store.Catalogue._read_allowed),
    as the lexical legs break ties by document pk (store._bm25_documents._best). Passages
    with the same embedding text tie exactly, and a sort that is not stable, or ids in the
    order a database plan gave them, ordered them by what other groups hold
    (tests/security/test_tenancy38_row_order.py). Only the scores at least the `limit`-th
    best are sorted."""
    if limit <= 0:
        return np.zeros(0, np.int64)
    candidates = np.arange(len(scores))
    if len(scores) > limit:
        kth = np.partition(scores, len(scores) - limit)[len(scores) - limit]
        candidates = np.flatnonzero(scores >= kth)
    return candidates[np.lexsort((candidates, -scores[candidates]))][:limit]


class VectorCopy:
    """An in-process copy of vectors by id for exact search, filled on demand by
    `fetch` (from SQLite); safe for a thread pool. `key` names the model whose
    vectors it holds (the store starts a new copy when the model changes).

    Rows are only ever appended (growing copies them to a larger matrix), so the
    rows found for a list of ids stay right: given a `key` (the serial of the
    allowed set the ids are, rule R4 of store._snapshot) they are kept for the
    last few sets, sparing a dict lookup per id.
    """

    def __init__(self, key: str | None, fetch) -> None:
        self.key = key
        self._fetch = fetch
        self._row: dict[str, int] = {}
        self._matrix = np.zeros((0, 0), np.float32)
        self._lock = threading.Lock()
        self._resolved: OrderedDict[int, tuple[list[str], np.ndarray]] = OrderedDict()  # R4: by set serial

    def exact(self, vector: np.ndarray, ids: list[str], limit: int,
              key: int | None = None) -> list[tuple[str, float]]:
        """Nearest among ``ids`` as (id, cosine), by brute force (vectors are L2-normalised);
        `key` names this list of ids for good (an allowed set's serial), None: unnamed."""
        return self.exact_spread(vector, ids, limit, key)[0]

    def exact_spread(self, vector: np.ndarray, ids: list[str], limit: int,
                     key: int | None = None) -> tuple[list[tuple[str, float]], float, int]:
        """`exact`, with the standard deviation of the cosines of all of ``ids`` that have a
        vector and their number (the relevance floor's spread, search._floor), from the
        same product."""
        known, scores = self.scores(ids, vector.astype(np.float32), key)
        if not known:
            return [], 0.0, 0
        return [(known[i], float(scores[i])) for i in best_first(scores, limit)], float(np.std(scores)), len(known)

    def rows(self, ids: list[str]) -> tuple[list[str], np.ndarray]:
        """(ids that have a vector, their vectors as one matrix), fetching unknown ids first."""
        known, rows = self._resolve(ids)
        with self._lock:
            return known, self._matrix[rows]

    def scores(self, ids: list[str], vector: np.ndarray, key: int | None = None) -> tuple[list[str], np.ndarray]:
        """(ids that have a vector, their cosine to `vector`). For a large share of all
        rows, scoring the whole matrix and picking is cheaper than copying the rows out."""
        known, rows = self._resolve(ids, key)
        if not known:
            return known, np.zeros(0, np.float32)
        with self._lock:  # rows below `size` never change, so the product needs no lock
            matrix, size = self._matrix, len(self._row)
        if len(rows) * 3 > size:
            return known, (matrix[:size] @ vector)[rows]
        return known, matrix[rows] @ vector

    def _resolve(self, ids: list[str], key: int | None = None) -> tuple[list[str], np.ndarray]:
        with self._lock:
            if key is not None and key in self._resolved:
                self._resolved.move_to_end(key)
                return self._resolved[key]
        missing = [i for i in ids if i not in self._row]
        if missing:
            self.add(*self._fetch(missing))
        with self._lock:
            known = [i for i in ids if i in self._row]
            rows = np.array([self._row[i] for i in known], dtype=np.int64)
            if key is not None and len(known) == len(ids):  # else look for the missing ones again next time
                self._resolved[key] = (known, rows)
            while len(self._resolved) > KEPT_RESOLUTIONS:
                self._resolved.popitem(last=False)
        return known, rows

    def add(self, ids: list[str], vectors: np.ndarray) -> None:
        if not ids:
            return
        with self._lock:
            new = [n for n, i in enumerate(ids) if i not in self._row]
            size = len(self._row)
            if size + len(new) > len(self._matrix):
                grown = np.zeros((max(2 * len(self._matrix), size + len(new)), vectors.shape[1]), np.float32)
                if size:
                    grown[:size] = self._matrix[:size]
                self._matrix = grown
            self._matrix[size:size + len(new)] = vectors[new]
            self._row.update((ids[n], size + k) for k, n in enumerate(new))
