"""Twenty-first floor round: the question's closeness to a passage *beyond* what every passage of the corpus shares
(the e5 cosines of a care corpus all lie near 0.85: the corpus's common direction carries most of any care
question's cosine, near-domain or not). `python -m bench.tuning.tune_twentyfirst_floor SET... --data-dir DIR
[--stage dump|score|heads] [--only NAME...] [--verbose]` (docs/history/searching-rounds.md, "Floor, twenty-first round").

The idea, not read by the twenty rounds before: **centred cosines**. The mean of the visible passages' vectors, m,
is the corpus's typical in-domain text; a question answered by a passage should stay close to it after m is taken
from both (q - m against p - m), while a near-domain question, close to every passage for the same reason (it is
care talk), should lose its lead. The same with the corpus's first principal directions removed as well
("all-but-the-top", Mu and Viswanath 2018: the few directions every embedding of a corpus shares). The earlier
rounds read the question's cosine to the mean passage (`mean_all`, `centroid`: a scalar, q . m) and the gap at the
top of the raw cosines; not the cosines in the centred space, which reorder the passages.

`--stage dump` reads the ingested stores the eighteenth round's dumps were made from (DIR/cache/eval/NAME-*, so the
documents' keys are theirs) and each tuning input's question vector from tune_seventeenth_floor's dump, and writes
per input (DIR/cache/floor-twentyfirst/NAME.pkl), over every passage of the set (no filter, as `praktijkgeheugen
eval` asks):

- `ctr_best`: the best centred cosine; `ctr_at_best`: the centred cosine of the best raw-cosine passage; `ctr_z`: the
  best centred cosine less their mean, over their sd; `ctr_gap10`: the best less the 10th; `ctr_doc_gap`: the same
  over documents (each document's best); `ctr_same_doc`: 1 when the centred and the raw best passage are of one
  document; `ctr_lex3`: 1 when the centred best passage's document is among the lexical leg's first three;
- `qc_norm`: |q - m| (how far the question lies from the corpus's centre), `pc_norm`: |p - m| of its best raw
  passage (a passage near the centre attracts every question);
- `abtt{D}_best`, `abtt{D}_gap10`: the best centred cosine, and the best less the 10th, with the corpus's first D
  principal directions (of the centred passage vectors) removed too, D 1, 3, 10;
- vectors for heads: `_qmm` (q - m) and `_cqp` (the centred, normalised question less its centred best passage).

In the product every one of them is arithmetic over what exact search already holds (the question's cosine to
every visible passage) and a per-catalogue cache of m, m . p and |p - m| per passage (and, for D > 0, the D
directions and each passage's D projections): no model pass. Like the spread, none is measured where an unfiltered
HNSW search scores only part of the passages.

**The bar, written before any result of this round was computed** (the twentieth round's, unchanged). The baseline
is the product's decision (`head:qmp@C0.001`, the line refitted so that every training set keeps today's count of
on-topic inputs), refitted in every leave-one-set-out fold (tune_twentieth_floor.Fold). A candidate is adopted only
if, leave-one-set-out over the seen tuning halves, it (1) answers at least 10% fewer off-topic inputs held back than
the baseline, summed over the held-back sets, and at least 5 fewer naburig ones; (2) keeps, on every held-back set,
at least as many on-topic inputs as the baseline keeps there; then (3) in the product, on the seen held-out halves,
keeps on every set at least as many on-topic questions as the product before it and answers fewer off-topic ones
in total; (4) needs no model pass.

Candidates (`--stage score`): `head+F`, the baseline's score + d x F / sd(F), d of either sign
(tune_sixteenth_floor.SCALED), the line refitted (tune_twentieth_floor.Fold.plus), for each feature above; `--pairs`
two of them. `--stage heads`: heads in place of the baseline's (tune_twentieth_floor.Fold with another input):
`head:qmm` (the question less the corpus's centre: the question's own direction, the corpus's location taken out),
`head:cqp` (the centred difference), `head:ctr` (the baseline's q - p beside today's rule's inputs and the centred
features); as a control, `head:cfeat` (q - p beside the centred features, without today's rule's inputs: the
twentieth round's `head:base` is the control without the centred features).

The sets: the twentieth round's twenty tuning halves (its DIR: demo/eval, rijksoverheid-faq, eval-cases, -2 ... -16,
eval-oneline and the copy of eval-cases-17's tuning half). Sets being written now (`UNSEEN`) are refused by name.
`--stage answertype`: a probe of the expected answer's type (`answer_type`). `--stage heldout` counts the seen
held-out halves once (the bar's (3)); with `--extra DIR...` instead both halves of
sets none of whose lines the fits read (eval-cases-18, ingested by `praktijkgeheugen eval --data-dir DIR`).

Measured (8 December; 982 on-topic and 581 off-topic tuning inputs, 230 naburig): held back, the baseline answers 69
(naburig 35), keeping 971. No `head+F` meets the bar (`qc_norm` 53 (26) loses demo/eval's and rijksoverheid-faq's
inputs; the others 68-71). `head:qmm` 78-112 (demo/eval 33/35 at every C), `head:cqp` 73-104; `head:ctr` meets (1) and
(2): 61 (29) at C 0.001, 49 (23) at C 0.003, no set below the baseline (the controls: `head:base` 69 (36) / 48 (25),
`head:cfeat` 68 (30) / 53 (23), each losing inputs). On the seen held-out halves (941 on-topic, 553 off-topic, 214
naburig) the product keeps 927 and answers 92 (48); `head:ctr` 929, 65 (31) at C 0.001 and 927, 51 (29) at C 0.003,
but eval-cases-4 keeps 32 of 36 where the product keeps 34: (3) refuses it. On eval-cases-18, out of fit: tuning half
41/42, 12 of 32 answered (the product 42/42, 11), held-out half 40/40, 11 (12); naburig 12 and 10 of 16 (11 and 11).
The answer-type probe: 3 of the 27 naburig inputs the baseline answers (fitted on all) ask for an amount, and all three
best passages hold a number.
Not adopted (docs/history/searching-rounds.md, "Floor, twenty-first round").
"""
from __future__ import annotations

import pickle
import re
import sys
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from bench.tuning import command, tune_seventeenth_floor, tune_twentieth_floor
from bench.tuning.tune_twentieth_floor import BASE, Fold, Half, cell, report

UNSEEN = ("eval-cases-19", "eval-notes-25")   # being written this session: never loaded
CACHE = "floor-twentyfirst"
DIRECTIONS = (1, 3, 10)                       # principal directions removed beside the centre (all-but-the-top)
FEATURES = ("ctr_best", "ctr_at_best", "ctr_z", "ctr_gap10", "ctr_doc_gap", "ctr_same_doc", "ctr_lex3", "qc_norm",
            "pc_norm", *(f"abtt{d}_{k}" for d in DIRECTIONS for k in ("best", "gap10")))
TOP = 10     # the gap's depth (the 10th passage or document)


def seen(directory: Path) -> Path:
    """`directory`, unless it is (or is a copy named after) a set being written now (`UNSEEN`)."""
    name = directory.resolve().name
    if name in UNSEEN or name.startswith(UNSEEN):
        raise SystemExit(f"{directory} is being written and is never tuned on")
    return directory


@dataclass
class Corpus:
    """A set's visible passages, as the centred space reads them."""
    matrix: np.ndarray          # passages x 384, the stored vectors
    owner: np.ndarray           # each passage's document key
    centre: np.ndarray          # m, the mean passage vector
    directions: np.ndarray      # the centred passages' principal directions, largest first (max(DIRECTIONS) x 384)


def corpus(matrix: np.ndarray, owner: list[int]) -> Corpus:
    matrix = np.asarray(matrix, np.float64)
    centre = matrix.mean(axis=0)
    _, _, vt = np.linalg.svd(matrix - centre, full_matrices=False)
    return Corpus(matrix, np.asarray(owner), centre, vt[:max(DIRECTIONS)])


def _unit(x: np.ndarray) -> np.ndarray:
    norms = np.linalg.norm(x, axis=-1, keepdims=True)
    return x / np.where(norms > 0, norms, 1.0)


def _gap(scores: np.ndarray, depth: int = TOP) -> float:
    top = np.sort(scores)[::-1]
    return float(top[0] - top[min(depth, len(top)) - 1])


def features(c: Corpus, q: np.ndarray, lexical: list[int]) -> dict:
    """One question's centred readings (the module's docstring); `lexical`: the lexical leg's documents, best first."""
    q = np.asarray(q, np.float64)
    raw = c.matrix @ q
    centred_passages = c.matrix - c.centre
    qc = q - c.centre
    ctr = _unit(centred_passages) @ _unit(qc)
    best, at_best = int(np.argmax(ctr)), int(np.argmax(raw))
    documents: dict[int, float] = {}
    for d, s in zip(c.owner.tolist(), ctr.tolist()):
        documents[d] = max(documents.get(d, -2.0), s)
    sd = float(ctr.std()) or 1.0
    f = {"ctr_best": float(ctr[best]), "ctr_at_best": float(ctr[at_best]),
         "ctr_z": float((ctr[best] - ctr.mean()) / sd), "ctr_gap10": _gap(ctr),
         "ctr_doc_gap": _gap(np.array(list(documents.values()))),
         "ctr_same_doc": float(c.owner[best] == c.owner[at_best]),
         "ctr_lex3": float(int(c.owner[best]) in lexical[:3]),
         "qc_norm": float(np.linalg.norm(qc)), "pc_norm": float(np.linalg.norm(centred_passages[at_best]))}
    for depth in DIRECTIONS:
        v = c.directions[:depth]
        kept_q = qc - (v @ qc) @ v
        kept_p = centred_passages - (centred_passages @ v.T) @ v
        s = _unit(kept_p) @ _unit(kept_q)
        f[f"abtt{depth}_best"], f[f"abtt{depth}_gap10"] = float(s.max()), _gap(s)
    f["_qmm"] = qc
    f["_cqp"] = _unit(qc) - _unit(centred_passages[best])
    return f


def dump(sets: list[Path], data_dir: Path, out: Path) -> None:
    """Per set not dumped yet: every tuning input's centred readings (the module's docstring)."""
    out.mkdir(parents=True, exist_ok=True)
    for name in command.set_names([seen(s) for s in sets]):
        target = out / f"{name}.pkl"
        if target.exists():
            continue
        joint = pickle.loads((data_dir / "cache" / tune_seventeenth_floor.CACHE / f"{name}.pkl").read_bytes())
        rule = pickle.loads((data_dir / "cache" / "floor-rule" / f"{name}.pkl").read_bytes())
        assert [r["text"] for r in joint] == [r["text"] for r in rule], name
        store = tune_seventeenth_floor.store_of(data_dir, name)
        try:
            documents = store.catalogue.list_documents()
            chunks = [(d.pk, c) for d in documents for c in store.catalogue.chunks_of(d.pk)]
            matrix = store.vectors.get([c.vector_id for _, c in chunks])
        finally:
            store.close()
        c = corpus(matrix, [pk for pk, _ in chunks])
        rows = [{"text": j["text"], **features(c, j["pairs"][0]["q"], r["lexical"])} for j, r in zip(joint, rule)]
        drift = max(abs(float(np.max(c.matrix @ np.asarray(j["pairs"][0]["q"], np.float64)))
                        - j["pairs"][0]["stored_cos"]) for j in joint)
        target.write_bytes(pickle.dumps(rows))
        print(f"{name}: {len(rows)} inputs over {len(chunks)} passages (best cosine within {drift:.5f} of the "
              "seventeenth round's dump)", flush=True)


def halves(data_dir: Path, directories: list[Path]) -> list[Half]:
    """The twentieth round's halves, their feature matrix replaced by this round's (FEATURES), the head vectors added."""
    every = tune_twentieth_floor.halves(data_dir, [seen(d) for d in directories])
    for h in every:
        rows = pickle.loads((data_dir / "cache" / CACHE / f"{h.name}.pkl").read_bytes())
        assert [r["text"] for r in rows] == [f["text"] for _, f in h.questions], h.name
        for (_, f), r in zip(h.questions, rows):
            f.update(r)
            f["_ctr"] = np.concatenate([f["_qmp"], [float(f[n]) for n in BASE + FEATURES]])
            f["_base"] = np.concatenate([f["_qmp"], [float(f[n]) for n in BASE]])
            f["_cfeat"] = np.concatenate([f["_qmp"], [float(f[n]) for n in FEATURES]])
        h.features = np.array([[float(r[n]) for n in FEATURES] for r in rows])
    return every


def means(every: list[Half]) -> None:
    """Each feature's mean over: on-topic inputs, the hardest kept (baseline score within 0.015 over its line), the
    naburig inputs the baseline answers, the other off-topic inputs it answers, and the off-topic it refuses
    (fitted on all halves: description, not a decision)."""
    fold = Fold(every, every)
    groups: dict[str, list[np.ndarray]] = {k: [] for k in ("on", "hard", "naburig answered", "other answered",
                                                           "refused")}
    for h in every:
        s = fold.score[h.name]
        yes = s >= fold.line
        groups["on"].append(h.features[~h.off])
        groups["hard"].append(h.features[~h.off & yes & (s < fold.line + 0.015)])
        groups["naburig answered"].append(h.features[h.near & yes])
        groups["other answered"].append(h.features[h.off & ~h.near & yes])
        groups["refused"].append(h.features[h.off & ~yes])
    print("means: " + " / ".join(f"{k} ({sum(len(g) for g in v)})" for k, v in groups.items()))
    for j, n in enumerate(FEATURES):
        print(f"  {n:16s} " + " / ".join(f"{np.concatenate(v)[:, j].mean():.4f}" for v in groups.values()),
              flush=True)
    # how well each separates the answered naburig inputs from the hardest on-topic ones (0.5: not at all)
    hard, near = np.concatenate(groups["hard"]), np.concatenate(groups["naburig answered"])
    print("  P(naburig answered > hardest kept): " + ", ".join(
        f"{n} {np.mean(near[:, j][:, None] > hard[:, j][None, :]) + 0.5 * np.mean(near[:, j][:, None] == hard[:, j][None, :]):.2f}"
        for j, n in enumerate(FEATURES)), flush=True)


def loso(every: list[Half], only: list[str], pairs: bool, verbose: bool) -> None:
    """Every `head+F` fitted on all sets but one, counted on the held-back one, beside the baseline and today's rule
    (tune_twentieth_floor.loso over this round's FEATURES)."""
    tune_twentieth_floor.loso(every, only, pairs, verbose, FEATURES)


def heads(every: list[Half], kinds: tuple[str, ...], strengths: tuple[float, ...] = (0.0003, 0.001, 0.003)) -> None:
    """Heads of this round's inputs in place of the baseline's, leave-one-set-out."""
    folds = [Fold(every[:i] + every[i + 1:], every) for i in range(len(every))]
    base = [cell(h, fold.score[h.name], fold.line) for h, fold in zip(every, folds)]
    report("baseline", every, base, base, None, True)
    for kind in kinds:
        for strength in strengths:
            cells = [cell(h, fold.score[h.name], fold.line) for h, fold in
                     ((h, Fold(every[:i] + every[i + 1:], every, kind, strength)) for i, h in enumerate(every))]
            report(f"head:{kind[1:]}@C{strength:g}", every, cells, base, None, True)
            fitted = Fold(every, every, kind, strength)   # fitted on every half and counted on them (in sample)
            t = [sum(col) for col in zip(*(cell(h, fitted.score[h.name], fitted.line) for h in every))]
            print("      fitted on all: {}/{}, {}/{}, {}/{}".format(*t) + f" (c {fitted.c:g}, line {fitted.line:.5f})",
                  flush=True)


def heldout(every: list[Half], data_dir: Path, directories: list[Path], extra: list[Path],
            fitted: tuple[tuple[str, float], ...] = (("_ctr", 0.001), ("_ctr", 0.003))) -> None:
    """The seen held-out halves, counted once (tune_twentieth_floor.heldout's way: each question through the product's
    own retrieval and floor, hybrid, no filters, the stores the dumps were made from): the product as it is, the
    baseline and this round's heads fitted on every tuning half (never on a held-out question; nothing chosen here).
    With `extra`, only those sets, none of whose lines the fits read (their store ingested by `praktijkgeheugen eval
    --data-dir DIR`), counted on both halves."""
    import models
    from bench.evaluate import load_dataset
    from search._retrieve import by_document, lexical, query_terms_for_index
    from store import Filters

    fits = {"baseline (refit on all)": Fold(every, every)}
    fits.update({f"head:{k[1:]}@C{c:g}": Fold(every, every, k, c) for k, c in fitted})
    embedder = models.get_embedder(models.DEFAULT_MODEL, data_dir / "models")
    totals: dict[str, list[int]] = {}
    runs = [(h.name, Path(tune_twentieth_floor.HELD_OUT.get(h.name, str(d))), "heldout")
            for h, d in zip(every, directories)]
    if extra:   # only sets no fit has read a line of (their tuning halves not among the SETs): both halves
        runs = [(load_dataset(d).name, d, half) for d in extra for half in ("tune", "heldout")]
    for name, directory, half in runs:
        dataset = load_dataset(directory)
        store = tune_seventeenth_floor.store_of(data_dir, name)
        try:
            chunks = [(d.pk, c) for d in store.catalogue.list_documents() for c in store.catalogue.chunks_of(d.pk)]
            c = corpus(store.vectors.get([ch.vector_id for _, ch in chunks]), [pk for pk, _ in chunks])
            inputs = [(False, "on", q["text"]) for q in dataset.half(half)] + [
                (True, q.get("category", "algemeen"), q["text"]) for q in dataset.offtopic if q["half"] == half]
            rows = []
            for off, category, text in inputs:
                f = tune_twentieth_floor.heldout_features(store, embedder, text)
                q = embedder.embed_queries([text])[0]
                ranked = [d.document_pk for d in by_document(store, lexical(store, query_terms_for_index(text),
                                                                            Filters()))[:3]]
                f.update(features(c, q, ranked))
                f["_ctr"] = np.concatenate([f["_qmp"], [float(f[n]) for n in BASE + FEATURES]])
                rows.append((off, category, f))
        finally:
            store.close()
        cells = {"today's rule": [f["rule"] >= tune_twentieth_floor.LINE for _, _, f in rows],
                 "product": [f["product"] for _, _, f in rows]}
        cells.update({label: [fold.apply(f) >= fold.line for _, _, f in rows] for label, fold in fits.items()})
        line = []
        for label, yes in cells.items():
            counted = tune_twentieth_floor.tally(yes, rows)
            if half == "heldout":
                totals[label] = [a + b for a, b in zip(totals.get(label, [0] * 6), counted)]
            line.append(f"{label} " + "{}/{},{}/{},{}/{}".format(*counted))
        print(f"  {half} {name:22s} " + " | ".join(line), flush=True)
    for label, t in totals.items():
        print(f"  all held-out halves: {label:24s} " + "on {}/{}, off {}/{}, naburig {}/{}".format(*t), flush=True)


# A question that asks for an amount, a duration, a date or a price, and a passage that holds a number.
ASKS_AMOUNT = re.compile(r"\b(hoeveel|hoe lang|hoe vaak|hoe hoog|hoe duur|wat kost|wat kosten|hoe oud|vanaf welke leeftijd|"
                         r"wanneer|tot welke|welk bedrag|hoeveelheid|per maand|per jaar|percentage)\b", re.IGNORECASE)
HOLDS_NUMBER = re.compile(r"\d|\b(een|twee|drie|vier|vijf|zes|zeven|acht|negen|tien|twaalf|twintig|honderd|duizend)\s+"
                          r"(weken|dagen|maanden|jaar|uur|euro|procent|keer)\b", re.IGNORECASE)


def answer_type(every: list[Half], data_dir: Path) -> None:
    """The expected answer's type (a probe, not a decision): of the inputs that ask for an amount, a duration, a date
    or a price, per class under the baseline fitted on all halves, how many have a best-cosine passage holding a
    number. A naburig question the reports do not answer ("Hoeveel weken ouderschapsverlof ...?") should find none."""
    fold = Fold(every, every)
    groups: dict[str, list[int]] = {}
    for h in every:
        store = tune_seventeenth_floor.store_of(data_dir, h.name)
        try:
            chunks = [c for d in store.catalogue.list_documents() for c in store.catalogue.chunks_of(d.pk)]
            matrix = store.vectors.get([c.vector_id for c in chunks])
        finally:
            store.close()
        answered = fold.score[h.name] >= fold.line
        for (off, f), yes in zip(h.questions, answered):
            if ASKS_AMOUNT.search(f["text"]):
                best = chunks[int(np.argmax(matrix @ f["_pairs"][0]["q"]))]
                cell_ = groups.setdefault(f"{f['category'] if off else 'on-topic'} {'answered' if yes else 'refused'}",
                                          [0, 0])
                cell_[0] += 1
                cell_[1] += bool(HOLDS_NUMBER.search(best.text))
    for key, (asked, number) in sorted(groups.items()):
        print(f"  {key:20s} {asked} ask for an amount, {number} of their best passages hold a number", flush=True)


def main(argv: list[str]) -> int:
    extra: list[str] = []
    if "--extra" in argv:     # --extra DIR...: sets counted out of fit by --stage heldout (to the next option)
        at = argv.index("--extra")
        rest = argv[at + 1:]
        ends = next((i for i, a in enumerate(rest) if a.startswith("--")), len(rest))
        extra, argv = rest[:ends], argv[:at] + rest[ends:]
    args = command.floor_arguments(("dump", "score", "heads", "heldout", "answertype"), "dump: the centred readings; score: head+F "
                                   "leave-one-set-out (with --means: the features' means); heads: other heads"
                                   ).parse_args([a for a in argv if a not in ("--pairs", "--means")])
    if args.stage == "dump":
        dump(args.sets, args.data_dir, args.data_dir / "cache" / CACHE)
        return 0
    every = halves(args.data_dir, args.sets)
    if args.stage == "answertype":
        answer_type(every, args.data_dir)
        return 0
    if args.stage == "heldout":
        heldout(every, args.data_dir, args.sets, [seen(Path(d)) for d in extra])
        return 0
    if args.stage == "heads":
        heads(every, tuple(f"_{o}" for o in args.only) or ("_qmm", "_cqp", "_ctr", "_cfeat"))
        return 0
    if "--means" in argv:
        means(every)
    loso(every, args.only, "--pairs" in argv, args.verbose)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
