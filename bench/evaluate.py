"""`praktijkgeheugen eval`: retrieval quality on BEIR-layout datasets, per half.

Every set is split into a tuning half and a held-out half. Parameters are chosen
on tuning halves only (bench/tuning/tune.py reads nothing else); the README reports the
held-out halves. The split rule, for sets that do not state one:

    half(query id) = "tune" if sha1(id as UTF-8).digest()[0] is even, else "heldout"

A set may state its own split: a `split`/`half` field on each query (and on each
off-topic question), or `qrels/tune.tsv` beside `qrels/heldout.tsv`.

The corpus is ingested with the real pipeline into a data dir kept under
`<data dir>/cache/eval/`, keyed by the corpus bytes, the model and the source of
the ingest and analysis code, so a re-run with unchanged code costs no ingest at
all (and passage embeddings come from the embedder's cache after any change).
Every query then runs through the public search facade in each mode, so the
figures describe what users get, next to naive baselines measured side by side:
plain BM25 with a Snowball stemmer (bm25s over whole documents), dense alone
(the e5 model, which is what mode `dense` is) and naive RRF (k=60) of the two.
Where a set has `offtopic.jsonl` (questions the corpus cannot answer; otherwise
demo/offtopic-general.jsonl), the share of them that got a confident answer
(`results` not empty) is reported; a baseline, which has no floor, answers
whenever it ranks anything.
"""
from __future__ import annotations

import csv
import hashlib
import json
import shutil
import time
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Iterator

import ingest
import search
from bench.metrics import ndcg_at, recall_at
from settings import Settings
from store import Store, open_store

if TYPE_CHECKING:  # numpy is imported where it is used
    import numpy as np

HALVES = ("tune", "heldout")
BASELINES = ("bm25+snowball", "naive-rrf")
SYSTEMS = search.MODES + BASELINES
NAIVE_RRF_K = 60
# Off-topic questions for sets without their own (demo/eval, the Rijksoverheid FAQ set):
# generic ones that neither care reports nor government FAQs answer (demo/eval-cases/README.md).
GENERAL_OFFTOPIC = Path(__file__).resolve().parent.parent / "demo" / "offtopic-general.jsonl"
_CODE = ("ingest", "store/_write.py")
_ANALYSIS_CODE = ("text/_analysis.py", "text/_compounds.py")


def half_of(query_id: str) -> str:
    """The documented split rule (see the module docstring)."""
    return "tune" if hashlib.sha1(query_id.encode("utf-8")).digest()[0] % 2 == 0 else "heldout"


@dataclass
class Dataset:
    name: str
    corpus: Path                      # corpus.jsonl or a folder of documents
    queries: list[dict]               # {"id", "text", "half", optional "category"}
    qrels: dict[str, dict[str, int]]  # query id -> doc id -> grade
    offtopic: list[dict] = field(default_factory=list)  # {"id", "text", "half"}

    def half(self, name: str) -> list[dict]:
        return [q for q in self.queries if q["half"] == name]


def _jsonl(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def _read_qrels(path: Path, into: dict[str, dict[str, int]], halves: dict[str, str], half: str | None) -> None:
    with path.open(encoding="utf-8") as handle:
        for row in csv.reader(handle, delimiter="\t"):
            if len(row) >= 3 and row[2].strip().lstrip("-").isdigit():
                into.setdefault(row[0], {})[row[1]] = int(row[2])
                if half:
                    halves[row[0]] = half


def _stated_half(record: dict, halves: dict[str, str]) -> str:
    stated = record.get("split") or record.get("half") or halves.get(record["id"])
    if stated in ("tuning", "tune", "dev"):
        return "tune"
    if stated in ("heldout", "held-out", "held_out", "test"):
        return "heldout"
    return half_of(record["id"])


def load_dataset(directory: Path, corpus: Path | None = None) -> Dataset:
    """A BEIR-layout set: queries.jsonl, qrels (qrels.tsv, qrels/test.tsv or
    qrels/tune.tsv + qrels/heldout.tsv), corpus.jsonl or corpus/ (else ../corpus/,
    as demo/eval uses demo/corpus), offtopic.jsonl."""
    queries = _jsonl(directory / "queries.jsonl")
    for query in queries:
        query["id"] = str(query.get("id", query.get("_id")))
    qrels: dict[str, dict[str, int]] = {}
    halves: dict[str, str] = {}
    for name, half in (("qrels.tsv", None), ("qrels/test.tsv", None), ("qrels/tune.tsv", "tune"),
                       ("qrels/heldout.tsv", "heldout")):
        if (directory / name).exists():
            _read_qrels(directory / name, qrels, halves, half)
    if not qrels:
        raise FileNotFoundError(f"no qrels.tsv, qrels/test.tsv or qrels/tune.tsv in {directory}")
    judged = [q for q in queries if q["id"] in qrels]
    for query in judged:
        query["half"] = _stated_half(query, halves)
    own = directory / "offtopic.jsonl"
    offtopic = _jsonl(own if own.exists() else GENERAL_OFFTOPIC) if own.exists() or GENERAL_OFFTOPIC.exists() else []
    for question in offtopic:
        question["id"] = str(question.get("id", question.get("_id")))
        question["half"] = _stated_half(question, {})
    if corpus is None:
        corpus = directory / "corpus.jsonl"
        for fallback in (directory / "corpus", directory.parent / "corpus"):  # demo/eval -> demo/corpus
            if not corpus.exists() and fallback.is_dir():
                corpus = fallback
    return Dataset(directory.resolve().name, corpus, judged, qrels, offtopic)


def _digest(files: list[Path], digest=None) -> str:
    digest = digest or hashlib.sha1()
    for path in files:
        if path.is_file():
            digest.update(str(path.name).encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def _code(names: tuple[str, ...]) -> list[Path]:
    root = Path(__file__).resolve().parent.parent
    return [p for name in names for p in (sorted((root / name).rglob("*.py")) if (root / name).is_dir() else [root / name])]


def _fingerprint(dataset: Dataset, model: str) -> str:
    """Corpus bytes, model, and the code that chunks and embeds them."""
    corpus = sorted(dataset.corpus.rglob("*")) if dataset.corpus.is_dir() else [dataset.corpus]
    return _digest(corpus + _code(_CODE), hashlib.sha1(model.encode()))


@contextmanager
def ingested(dataset: Dataset, embedder, cache_root: Path) -> Iterator[tuple[Store, float]]:
    """The set's corpus in a store, ingested now or reused; yields (store, ingest seconds)."""
    directory = cache_root / f"{dataset.name}-{_fingerprint(dataset, embedder.name)}"
    seconds = 0.0
    if not (directory / "complete").exists():
        shutil.rmtree(directory, ignore_errors=True)
        for stale in cache_root.glob(f"{dataset.name}-*"):
            if stale.name.rsplit("-", 1)[0] == dataset.name:  # not "eval-cases-..." for "eval"
                shutil.rmtree(stale, ignore_errors=True)
        directory.mkdir(parents=True)
        store = open_store(Settings(data_dir=directory, model=embedder.name))
        started = time.perf_counter()
        report = ingest.ingest_paths(store, embedder, [dataset.corpus])
        seconds = time.perf_counter() - started
        store.close()
        if report.failed:
            raise OSError(f"{len(report.failed)} documents of {dataset.corpus} failed to ingest")
        renamed = {o.given_id: o.doc_id for o in report.outcomes if o.given_id and o.doc_id}
        (directory / "renamed.json").write_text(json.dumps(renamed, ensure_ascii=False))
        (directory / "complete").write_text("ingested\n")
    renames = directory / "renamed.json"
    _rename_judged(dataset, json.loads(renames.read_text()) if renames.exists() else {})
    store = open_store(Settings(data_dir=directory, model=embedder.name))
    analysis = _digest(_code(_ANALYSIS_CODE))
    if (directory / "analysis").exists() and (directory / "analysis").read_text() != analysis:
        store.db.set_meta("analyzer_version", "changed")  # the analyser's code changed: re-analyse only
    ingest.relex(store)
    (directory / "analysis").write_text(analysis)
    try:
        yield store, seconds
    finally:
        store.close()


def _rename_judged(dataset: Dataset, renamed: dict[str, str]) -> None:
    """Judgements name documents by the ids the corpus gave; ingest hides a client
    name its pseudonymisation found in the text in the id too ("casus-jansen.md" ->
    "casus-J..md"), so the judged ids follow the stored ones."""
    for judged in dataset.qrels.values():
        for given, stored in renamed.items():
            if given in judged:
                judged[stored] = judged.pop(given)


class CachedQueries:
    """An embedder whose query vectors are computed once per text (every system
    and the baselines embed the same queries), each text on its own, as a search
    embeds its query: the bundled model is quantised dynamically (int8 scales per
    batch), so a question embedded in a batch of others gets a slightly different
    vector, and a tuner that batched its questions ranked them differently from
    `praktijkgeheugen eval` (naive RRF 0.869 against 0.855 on eval-cases-3's tuning
    half)."""

    def __init__(self, embedder) -> None:
        self._embedder = embedder
        self._vectors: dict[str, np.ndarray] = {}   # query text: its vector
        self.name, self.dim = embedder.name, embedder.dim

    def embed_queries(self, texts: list[str]):
        import numpy as np

        missing = [t for t in dict.fromkeys(texts) if t not in self._vectors]
        if missing:
            self._vectors.update((text, self._embedder.embed_queries([text])[0]) for text in missing)
        return np.stack([self._vectors[t] for t in texts])

    def embed_passages(self, texts: list[str], batch_size: int = 16):
        return self._embedder.embed_passages(texts, batch_size)


class Bm25Snowball:
    """The lexical baseline: bm25s (Lucene BM25, k1=1.5, b=0.75) over whole
    documents (title and text), tokenised by bm25s with its Dutch stop words and
    the Snowball Dutch stemmer (PyStemmer)."""

    def __init__(self, store) -> None:
        import logging

        import bm25s
        import Stemmer

        logging.getLogger("bm25s").setLevel(logging.WARNING)
        self._bm25s, self._stemmer = bm25s, Stemmer.Stemmer("dutch")
        documents = store.catalogue.list_documents()
        self.doc_ids = [d.doc_id for d in documents]
        self._index = bm25s.BM25()
        self._index.index(self._tokens([f"{d.meta.title or ''}\n{d.text}" for d in documents]), show_progress=False)

    def _tokens(self, texts: list[str]):
        return self._bm25s.tokenize(texts, stopwords="nl", stemmer=self._stemmer, return_ids=False,
                                    show_progress=False)

    def rank(self, query: str, k: int = 100) -> list[str]:
        tokens = [t for t in self._tokens([query])[0] if t in self._index.vocab_dict]
        if not tokens:
            return []
        docs, scores = self._index.retrieve([tokens], k=min(k, len(self.doc_ids)), show_progress=False, n_threads=1)
        return [self.doc_ids[i] for i, s in zip(docs[0], scores[0]) if s > 0]


def naive_rrf(rankings: list[list[str]], k: int = NAIVE_RRF_K) -> list[str]:
    scores: dict[str, float] = {}
    for ranking in rankings:
        for rank, doc_id in enumerate(ranking):
            scores[doc_id] = scores.get(doc_id, 0.0) + 1.0 / (k + rank + 1)
    return sorted(scores, key=lambda d: -scores[d])


def rankings(store, embedder, baseline: Bm25Snowball, text: str, k: int) -> dict[str, tuple[list[str], bool]]:
    """Each system's document ranking for one question, and whether it answered."""
    out = {}
    for mode in search.MODES:
        result = search.search(store, embedder, text, k, mode=mode, snippets=False)
        out[mode] = ([h.doc_id for h in result.hits + result.weaker], bool(result.hits))
    bm25 = baseline.rank(text, k)
    out["bm25+snowball"] = (bm25, bool(bm25))
    out["naive-rrf"] = (naive_rrf([bm25, out["dense"][0]])[:k], True)
    return out


def evaluate_set(dataset: Dataset, embedder, cache_root: Path, k: int = 100,
                 halves: tuple[str, ...] = HALVES) -> dict:
    """Per half and system: nDCG@10, Recall@10, the share of on-topic questions that
    kept a confident answer and of off-topic questions that got one. Only `halves` are
    run: a tuner asking for the tuning half never gets the held-out figures, not even in
    the JSON (they used to be computed and only left unprinted)."""
    embedder = CachedQueries(embedder)
    with ingested(dataset, embedder, cache_root) as (store, seconds):
        stats = store.catalogue.stats()
        baseline = Bm25Snowball(store)
        figures = {half: _half(store, embedder, baseline, dataset, half, k) for half in halves}
    return {"set": dataset.name, "documents": stats["documents"], "chunks": stats["chunks"],
            "ingest_seconds": round(seconds, 1), "halves": figures}


def _half(store, embedder, baseline, dataset: Dataset, half: str, k: int) -> dict:
    rows: dict[str, list[dict]] = {s: [] for s in SYSTEMS}
    categories: dict[str, dict[str, list[int]]] = {"ontopic": {}, "offtopic": {}}
    for query in dataset.half(half):
        qrels = dataset.qrels[query["id"]]
        for system, (ranked, answered) in rankings(store, embedder, baseline, query["text"], k).items():
            rows[system].append({"ndcg@10": ndcg_at(ranked, qrels), "recall@10": recall_at(ranked, qrels, 10),
                                 "answered": float(answered)})
            if system == "hybrid":
                _count(categories["ontopic"], query, answered)
    offtopic = [q for q in dataset.offtopic if q["half"] == half]
    answered_off: dict[str, list[float]] = {s: [] for s in SYSTEMS}
    for question in offtopic:
        for system, (_, answered) in rankings(store, embedder, baseline, question["text"], k).items():
            answered_off[system].append(float(answered))
            if system == "hybrid":
                _count(categories["offtopic"], question, answered)
    systems: dict[str, dict[str, float | None]] = {}
    for system in SYSTEMS:
        figures: dict[str, float | None] = {key: _mean([r[key] for r in rows[system]])
                                            for key in ("ndcg@10", "recall@10")}
        figures["ontopic_answered"] = _mean([r["answered"] for r in rows[system]])
        figures["offtopic_answered"] = _mean(answered_off[system]) if offtopic else None
        systems[system] = figures
    return {"queries": len(rows["hybrid"]), "offtopic_questions": len(offtopic), "systems": systems,
            "hybrid_answered_by_category": categories}


def _count(counts: dict[str, list[int]], question: dict, answered: bool) -> None:
    """[answered, asked] per category of the set's own labels (`situatie`, `naburig`, ...), so
    a floor round sees which kind of question it keeps or refuses; questions without one
    count under "-"."""
    tally = counts.setdefault(str(question.get("category") or "-"), [0, 0])
    tally[0] += int(answered)
    tally[1] += 1


def _mean(values: list[float]) -> float:
    return round(sum(values) / len(values), 4) if values else 0.0


def evaluate(datasets: list[Dataset], embedder, cache_root: Path, halves: tuple[str, ...] = HALVES) -> dict:
    """Every set, then the macro average per half (each set counts once); only `halves`."""
    sets = [evaluate_set(d, embedder, cache_root, halves=halves) for d in datasets]
    macro = {half: {system: {key: _mean([s["halves"][half]["systems"][system][key] for s in sets])
                             for key in ("ndcg@10", "recall@10")}
                    for system in SYSTEMS}
             for half in halves}
    return {"sets": sets, "macro": macro}


def _cell(value) -> str:
    return "-" if value is None else f"{value:.3f}"


def _category_lines(categories: dict[str, dict[str, list[int]]]) -> list[str]:
    """"hybrid answered, on-topic: situatie 10/10, wie 9/10; off-topic: naburig 5/16, ...",
    only where a set labels its questions with more than one category."""
    parts = [f"{side}: " + ", ".join(f"{name} {got}/{asked}" for name, (got, asked) in sorted(counts.items()))
             for side, counts in (("on-topic", categories.get("ontopic", {})),
                                  ("off-topic", categories.get("offtopic", {})))
             if counts and set(counts) != {"-"}]
    return [f"hybrid answered by category, {'; '.join(parts)}"] if parts else []


def format_tables(report: dict, halves: tuple[str, ...] = HALVES) -> str:
    """Markdown: one table per set and half (systems as rows), then the macro average."""
    lines = []
    for result in report["sets"]:
        for half in halves:
            figures = result["halves"][half]
            lines += [f"**{result['set']}**, {half} half: {figures['queries']} queries,"
                      f" {figures['offtopic_questions']} off-topic questions; {result['documents']} documents,"
                      f" {result['chunks']} chunks", "",
                      "| system | nDCG@10 | Recall@10 | on-topic answered | off-topic answered |",
                      "|---|---|---|---|---|"]
            for system, f in figures["systems"].items():
                lines.append(f"| {system} | {_cell(f['ndcg@10'])} | {_cell(f['recall@10'])} |"
                             f" {_cell(f['ontopic_answered'])} | {_cell(f['offtopic_answered'])} |")
            lines += ["", *_category_lines(figures.get("hybrid_answered_by_category", {})), ""]
    for half in halves:
        lines += [f"**macro average**, {half} halves", "", "| system | nDCG@10 | Recall@10 |", "|---|---|---|"]
        for system, f in report["macro"][half].items():
            lines.append(f"| {system} | {_cell(f['ndcg@10'])} | {_cell(f['recall@10'])} |")
        lines.append("")
    return "\n".join(lines)
