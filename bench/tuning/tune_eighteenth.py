"""Eighteenth round (fusion and the floor's order): where the relevance floor's line falls in the fused ranking.

`python -m bench.tuning.tune_eighteenth SET... --data-dir DIR [--stage order|people]` reads
bench.tuning.tune_documents' per-set caches of the tuning halves (tune_fourth-<set>.pickle, made on first
use, as bench.tuning.tune_sixth and tune_seventeenth do; held-out questions are never loaded).

The seventeenth round found that the floor's reordering, not the fusion, costs hybrid most of its margin
over naive RRF: the product presented the confident documents of the judged head first, then the weaker
ones, so a document that fusion ranked 2nd but whose cosine is below the floor's line dropped below
confident documents ranked 5th. This round keeps the floor's decisions (whether there is an answer: a
confident document in the judged head) and moves only its ORDER. `--stage order` scores each on-topic
tuning question's product ranking (tune_sixth's legs fused as search._fusion.fuse_hybrid, PRODUCT of
tune_seventeenth) under each presentation against the eval's naive RRF (RRF k=60 of BM25+Snowball via
bm25s and dense); each document's confidence is search._floor.confidence's, with the fifteenth round's
statement weight (tune_sixth's question left it out). A presentation is the fused order cut by a line:

- today: the confident documents of the judged head first, then its weaker ones, then the rest;
- fused: the line after the last confident document of the judged head, nothing moved;
- k-th: the line after the k-th confident document (k 1, 2, 3, 5, 10), today's order below it;
- within N: the line after the last confident document among the first N places (N 3, 5, 10, 20);
- own evidence: the line after the last confident document, but a weaker document above it keeps its
  place only with some evidence of its own: a confidence within `delta` of the line (0.005 ... 0.05),
  or found by the lexical legs too; the others move below the line, in fused order (0.01 is the product
  since this round: search._floor.split with `Floor.kept_within`).

No presentation changes which questions are answered: each only permutes the judged head (`cut`), so a
confident document stands above its line exactly when the floor found one there (the script counts the
answered questions per presentation and stops if any count differs; `praktijkgeheugen eval` before and
after the change shows it for on-topic and off-topic questions alike).
A family with a parameter is chosen leave-one-set-out (tune_seventeenth.loso: per set, the best worst
margin over the other sets, the macro breaking ties, scored on the set left out).

`--stage people` asks what the new order means for "wie nog?" (people are named only from confident
answers, search.PEOPLE_FROM): per people set (people.tsv), its tuning queries with people are searched
through the product (search.search, on `praktijkgeheugen eval`'s ingested corpus) and the panel
(search.people_from_hits of the first 20 answers) is scored by recall@5 (bench.people) with the people
taken from the answers of today's presentation, of the fused order or of the adopted one, or from the
confident documents alone (search.people_hits; today's list, which kept them in fused order).

Measured (docs/history/searching-rounds.md, "Fusion, eighteenth round (7 December)", has the per-set table): eighteen tuning
halves (demo/eval, Rijksoverheid, eval-cases, -2 ... -15, eval-oneline; 898 on-topic questions, 888 answered
under every presentation), ingested afresh at 12d46b1. On this ingest today's order is not what costs
hybrid most: against naive RRF its worst margin is -0.37 (eval-cases-8), macro 0.8594 (naive RRF 0.8471),
above naive RRF on 15 of 18 halves (-2.01 on the seventeenth round's older ingest).
- fused order (the round's lead candidate): worst -0.19 (eval-cases), macro 0.8584, above on 16 of 18; it
  costs eval-cases-4 1.8 +- 1.5 points and -12 1.1 +- 1.1 where the floor's order helped. Worst margin up,
  macro down: not adopted.
- a weaker document above the line keeps its place within 0.01 of it (the others go first among the
  weaker ones): worst -0.19, macro 0.8599, above on 16 of 18; chosen in every leave-one-set-out fold of
  its family (0.005-0.05, or "found by the lexical legs"), held back worst -0.19, mean margin +1.27
  (today +1.23). Every set moves within one standard error; choosing in the family or today on random
  halves of the questions: worst margin +0.09 points on the other halves (better in 26% of 200 splits,
  worse in 19%), macro -0.03. Adopted (search._floor.split, `Floor.kept_within`): it wins on the worst
  margin and the macro, in-sample and held back, by amounts inside the noise. `praktijkgeheugen eval SETS
  --half tune` gives hybrid the figures printed here, before and after, on all eighteen halves, with every
  on-topic kept and off-topic answered count the same.
- the line after the k-th confident (k 1-10): held back worst -0.16, mean +1.08 (k 1 in most folds);
  the line after the last confident of the first N (3-20): held back -0.59.
People (`--stage people`, fifteen people sets' tuning halves): recall@5 from today's confident list 0.8662;
from every answer of the fused order or of the adopted presentation 0.8709, but eval-cases-11 -0.026 and
-12 -0.021 (the twenty-ninth round's rule allows 0.02): "wie nog?" keeps reading the confident documents
alone (search._floor.confident_only), so its panel is today's.
"""
from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path

import numpy as np

from bench.tuning import command
from bench.tuning.tune_seventeenth import PRODUCT, loso
from bench.tuning.tune_sixth import (
    Question,
    Tuning,
    best_of,
    cross_validate,
    each_question,
    loaded_sets,
    question_of,
)
from search._floor import declarative, floor_for

MODEL = "multilingual-e5-small@onnx-int8"
LEXICAL_LEGS = (1, 2, 3)  # the passage leg, whole-document lemmas and stems (tune_sixth's legs)


class Question18(Question):
    """tune_sixth's question with each candidate's confidence (search._floor.confidence, with the
    statement weight) and whether the lexical legs found it."""

    confidence: np.ndarray
    lexical: np.ndarray
    threshold: float

    def with_confidence(self, confidence: np.ndarray, threshold: float) -> Question18:
        self.confidence, self.threshold = confidence, threshold
        self.sure = confidence >= threshold
        self.lexical = np.isfinite(self.rank[list(LEXICAL_LEGS)]).any(axis=0)
        return self

    def presented(self, present: Presentation) -> np.ndarray:
        """The product's candidates as `present` orders them (indices into the candidates)."""
        return present(self.fused(PRODUCT), self)[0]

    def answered(self, present: Presentation) -> bool:
        """Whether the page has answers (any document above the line)."""
        return present(self.fused(PRODUCT), self)[1] > 0


Presentation = Callable[[np.ndarray, Question18], tuple[np.ndarray, int]]


def cut(order: np.ndarray, q: Question18, line: int, keep: np.ndarray | None = None) -> tuple[np.ndarray, int]:
    """The fused `order` with the floor's line after place `line` of the judged head (-1: no line,
    today's order throughout): above it the documents kept in place (`keep`, default all) and the
    confident ones, in fused order; then the head's other confident documents, its other weaker ones,
    and the rest, each in fused order. Returns the order and how many of it are answers (the
    documents above the line and the head's other confident ones)."""
    head, rest = order[:q.judged], order[q.judged:]
    above, below = head[:line + 1], head[line + 1:]
    kept = q.sure[above] | (np.ones(len(above), bool) if keep is None else keep[above])
    answers = [above[kept], below[q.sure[below]]]
    return (np.concatenate(answers + [above[~kept], below[~q.sure[below]], rest]),
            sum(len(a) for a in answers))


def last_confident(order: np.ndarray, q: Question18, places: int | None = None) -> int:
    sure = np.flatnonzero(q.sure[order[:min(places or q.judged, q.judged)]])
    return int(sure[-1]) if len(sure) else -1


def today(order: np.ndarray, q: Question18) -> tuple[np.ndarray, int]:
    return cut(order, q, -1)


def fused(order: np.ndarray, q: Question18) -> tuple[np.ndarray, int]:
    return cut(order, q, last_confident(order, q))


def kth(k: int) -> Presentation:
    def present(order: np.ndarray, q: Question18) -> tuple[np.ndarray, int]:
        sure = np.flatnonzero(q.sure[order[:q.judged]])
        return cut(order, q, int(sure[min(k, len(sure)) - 1]) if len(sure) else -1)
    return present


def within(n: int) -> Presentation:
    def present(order: np.ndarray, q: Question18) -> tuple[np.ndarray, int]:
        return cut(order, q, last_confident(order, q, n))
    return present


def evidence_within(delta: float) -> Presentation:
    def present(order: np.ndarray, q: Question18) -> tuple[np.ndarray, int]:
        return cut(order, q, last_confident(order, q), q.confidence >= q.threshold - delta)
    return present


def lexical_too(order: np.ndarray, q: Question18) -> tuple[np.ndarray, int]:
    return cut(order, q, last_confident(order, q), q.lexical)


def families() -> dict[str, dict[str, Presentation]]:
    """The presentations tried, by family (today first)."""
    return {
        "today": {"today (confident first)": today},
        "fused": {"fused order, line after the last confident": fused},
        "k-th": {f"line after the {k}th confident": kth(k) for k in (1, 2, 3, 5, 10)},
        "within": {f"line after the last confident of the first {n}": within(n) for n in (3, 5, 10, 20)},
        "evidence": {**{f"weaker above the line kept within {d:g} of it": evidence_within(d)
                        for d in (0.005, 0.01, 0.02, 0.03, 0.05)},
                     "weaker above the line kept if the lexical legs found it": lexical_too},
    }


def load(s: dict) -> Tuning:
    """Each on-topic tuning question with the product's legs and every candidate's confidence."""
    floor = floor_for(MODEL)
    questions: list[Question] = []
    baselines = []
    for i, q, _, measured in each_question(s):
        legs = [q.dense, q.passages, [(d, v) for d, v, _ in q.whole], [(d, v) for d, v, _ in q.stems]]
        question = question_of(s, i, q, legs)
        question.__class__ = Question18
        assert isinstance(question, Question18)
        lowest = min(q.cosine.values())
        stated = floor.declarative_weight if declarative(s["queries"][i]["text"]) else 0.0
        # search._floor.confidence with the spread measured (tune_sixth.legs_of: else the reference spread)
        # and no coverage (its weight is 0 since the seventh floor round)
        confidence = np.array([q.cosine.get(d, lowest) + floor.evidence_weight * q.evidence
                               - floor.spread_weight * q.spread - stated for d in question.pks.tolist()])
        questions.append(question.with_confidence(confidence, floor.threshold))
        baselines.append(measured)
    naive, bm25, dense_mode = np.array(baselines).T
    return Tuning(s["name"], questions, naive, bm25, dense_mode, {})


def order_stage(sets: list[Tuning], naive: np.ndarray, repeats: int = 200) -> None:
    """Every presentation's nDCG@10 per set against naive RRF, each family chosen leave-one-set-out and on
    random halves of the questions."""
    names = [t.name for t in sets]
    questions: list[list[Question18]] = [t.questions for t in sets]  # type: ignore[misc]
    labelled = {label: present for family in families().values() for label, present in family.items()}
    labels = list(labelled)
    tables = [np.array([[q.ndcg_of(q.presented(labelled[label])) for q in qs] for label in labels])
              for qs in questions]
    values = np.stack([tab.mean(axis=1) for tab in tables], axis=1)
    answered = np.array([[sum(q.answered(labelled[label]) for q in qs) for qs in questions] for label in labels])
    if (answered != answered[0]).any():
        raise SystemExit("a presentation changed which questions are answered: " + ", ".join(
            label for label, row in zip(labels, answered) if (row != answered[0]).any()))
    print(f"answered on-topic tuning questions, every presentation alike: {int(answered[0].sum())} of "
          f"{sum(len(t.questions) for t in sets)}")
    unfloored = np.array([np.mean([q.ndcg(PRODUCT, floor=False) for q in t.questions]) for t in sets])
    print("\n== nDCG@10 per set:", " ".join(names))
    width = max(len(label) for label in labels) + 2

    def row(label: str, v: np.ndarray) -> None:
        m = v - naive
        print(f"  {label:{width}s} " + " ".join(f"{x:.4f}" for x in v) + f"  macro {v.mean():.4f}  margins "
              + " ".join(f"{x * 100:+.2f}" for x in m) + f"  worst {m.min() * 100:+.2f} ({names[int(np.argmin(m))]})"
              + f"  above naive RRF on {int((m > 0).sum())} of {len(m)}")

    row("naive RRF", naive)
    for label, v in zip(labels, values):
        row(label, v)
    row("(tune_sixth's question: fused, no floor)", unfloored)
    base = labels.index("today (confident first)")
    new = labels.index("fused order, line after the last confident")
    adopted = labels.index("weaker above the line kept within 0.01 of it")
    for label, j in (("fused order", new), ("weaker kept within 0.01", adopted)):
        print(f"\n== {label} against today, per question (points, mean +- standard error):")
        for t, tab in zip(sets, tables):
            d = tab[j] - tab[base]
            moved = int((np.abs(d) > 1e-12).sum())
            print(f"  {t.name}: {d.mean() * 100:+.2f} +- {d.std(ddof=1) / np.sqrt(len(d)) * 100:.2f}"
                  f" ({moved} of {len(d)} questions move; {int((d > 1e-12).sum())} up, {int((d < -1e-12).sum())} down)")
    index = {label: j for j, label in enumerate(labels)}
    for name, family in families().items():
        if name in ("today", "fused"):
            continue
        rows = [index[label] for label in family]
        for by in ("worst", "mean"):
            m, picks = loso(values, naive, rows, by)
            print(f"\n== LOSO by the {by} margin, family {name} ({len(rows)} presentations)")
            print("  held back: " + " ".join(f"{n} {x * 100:+.2f}" for n, x in zip(names, m)))
            print(f"  LOSO worst margin {m.min() * 100:+.2f}, mean {m.mean() * 100:+.2f}; picks: "
                  + ", ".join(sorted({labels[i] for i in picks})))
        i = rows[best_of(values[rows], naive)]
        print(f"  chosen on every set: {labels[i]}")
        print("  " + cross_validate([tab[[base] + rows] for tab in tables], [t.naive for t in sets], repeats)
              + " (choosing in the family or today on random halves of every set's questions, against today)")
    print("\n== fused order alone: " + cross_validate([tab[[base, new]] for tab in tables], [t.naive for t in sets],
                                                     repeats) + " (today or the fused order, chosen on random halves)")
    everything = [j for j in range(len(labels)) if j != base]
    m, picks = loso(values, naive, everything)
    print("\n== LOSO by the worst margin over every presentation but today's")
    print("  held back: " + " ".join(f"{n} {x * 100:+.2f}" for n, x in zip(names, m)))
    print(f"  LOSO worst margin {m.min() * 100:+.2f}, mean {m.mean() * 100:+.2f}; picks: "
          + ", ".join(sorted({labels[i] for i in picks})))


PEOPLE_WAYS = {"today's confident list": 0.0, "fused order, line after the last confident": 1.0,
               "weaker kept within 0.01 of the line": 0.01}  # the presentation as Floor.kept_within


def people_stage(paths: list[Path], data_dir: Path) -> None:
    """recall@5 of "wie nog?" per people set's tuning half, with the people taken from the answers the
    product presents under each of PEOPLE_WAYS (search.search's hits with the floor's `kept_within`
    set: 0 is today's confident list, 1 keeps every document above the line in its fused place), or
    from the confident documents alone (search.people_hits, what "wie nog?" reads since this round)."""
    import dataclasses

    import models
    import search
    from bench.evaluate import CachedQueries, ingested, load_dataset
    from bench.people import PANEL, load_people
    from search import _floor

    embedder = CachedQueries(models.get_embedder(models.DEFAULT_MODEL, data_dir / "models"))
    floor = floor_for(embedder.name)
    ways = list(PEOPLE_WAYS) + ["confident documents alone (the product)"]
    totals: dict[str, list[float]] = {w: [] for w in ways}
    for directory in paths:
        if not (directory / "people.tsv").exists():
            continue
        dataset = load_dataset(directory)
        people = load_people(directory)
        queries = [q for q in dataset.half("tune") if q["id"] in people]
        recall: dict[str, list[float]] = {w: [] for w in ways}
        with ingested(dataset, embedder, data_dir / "cache" / "eval") as (store, _):
            for query in queries:
                lists = {}
                for way, kept_within in PEOPLE_WAYS.items():
                    _floor.FLOORS[embedder.name] = dataclasses.replace(floor, kept_within=kept_within)
                    lists[way] = search.search(store, embedder, query["text"], search.PEOPLE_FROM, snippets=False).hits
                _floor.FLOORS[embedder.name] = floor
                lists[ways[-1]] = search.people_hits(store, embedder, query["text"])
                for way, hits in lists.items():
                    named = {p.name for p in search.people_from_hits(hits, PANEL)}
                    recall[way].append(len(named & people[query["id"]]) / len(people[query["id"]]))
        print(f"{dataset.name} ({len(queries)} tuning queries with people): " + "; ".join(
            f"{w} {np.mean(r):.3f}" for w, r in recall.items()), flush=True)
        for w in ways:
            totals[w].append(float(np.mean(recall[w])))
    print("macro recall@5: " + "; ".join(f"{w} {np.mean(v):.4f} (worst set against today "
                                         f"{min(np.array(v) - np.array(totals[ways[0]])):+.3f})"
                                         for w, v in totals.items()))


def main(argv: list[str]) -> int:
    parser = command.arguments()
    parser.add_argument("--stage", choices=("order", "people"), default="order")
    parser.add_argument("--repeats", type=int, default=200, help="random question halves of the cross-validated check")
    args = parser.parse_args(argv)
    if args.stage == "people":
        people_stage(args.sets, args.data_dir)
        return 0
    sets, naive = loaded_sets(args.sets, args.data_dir, load)
    order_stage(sets, naive, args.repeats)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
