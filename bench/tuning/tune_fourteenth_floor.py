"""Fourteenth round: the floor asks for several of the question's terms together, and for the whole-document
lexical leg's agreement with the dense leg's best documents; tuning halves only, decided leave-one-set-out
(`python -m bench.tuning.tune_fourteenth_floor SET... --data-dir DIR [--stage dump|score] [--keep 0.95]`;
docs/history/searching-rounds.md, "Floor, fourteenth round").

`--stage dump` writes, per set, bench.tuning.tune_floor_rule's dump (under DIR/cache/floor-rule, unless it
is there) and this round's raw material (under DIR/cache/floor-fourteenth), from bench.tuning.tune.prepare
of the set (the tuning questions only: no held-out question is loaded). Per question and each of its five
best-cosine documents: the question's terms each of the document's passages holds (the passages holding
any), the terms' document frequencies, and the document's rank and score in the whole-document lexical
ranking (bench.tuning.tune.whole_rankings, the lemma leg hybrid fuses by rank).

`--stage score` (the default) keeps today's rule and its line (search._floor: cosine + 0.03 × evidence
− 2.5 × spread ≥ 0.81364) and lowers the score of some inputs by c × a feature, c fitted on all sets but
one as the value answering the fewest off-topic training inputs while every training set keeps `keep`
of its on-topic inputs (or today's keep, when that is lower; ties: the smaller c), then scored on the
held-back set (bench.tuning.tune_thirteenth_floor's fit). Features, each 1 where the evidence is missing:

- **several terms together**: `solo_doc_k` (none of the k best-cosine documents holds two distinct
  content terms of the question), `solo_pass_k` (no passage of them does), `solo_rare_k` (no passage of
  them holds two distinct *informative* terms, held by under 10% of the visible documents);
  `pass_miss_k`: 1 − the largest idf-weighted share of the question's terms one passage of them holds
  (the seventh round's evidence read in one passage rather than the whole document);
- **IDF-weighted coverage by the best document**, document-level idf: `doc_miss_k`: 1 − the largest
  share, over the k best-cosine documents, of the question's terms weighted by log(N / df) + 1 over
  documents (the rule's evidence weighs by passage frequency);
- **the legs' agreement at the document level**: `whole_out_3` (the best-cosine document is not among
  the whole-document lexical leg's first three), `whole_overlap_3` (1 − the share of the dense leg's
  first three documents the lexical leg also ranks first three), `whole_rel` (1 − the best-cosine
  document's whole-document BM25 score over the lexical leg's best score; 1 when it holds no term);
- each also for statements only (`st_` prefix; bench.tuning.tune_eleventh.form), and `line` (1 for
  every input: today's line raised as far as the training sets' keep allows, the baseline to beat).

A few are also fitted *bold* (`BOLD`): ties go to the largest c every training set's keep allows rather
than the smallest, for features whose training sets hold (almost) no off-topic input they could refuse:
only eval-cases-11 has many off-topic statements, so with it held back the ordinary fit has nothing to
gain and keeps c = 0.

Measured (7 December, a fresh data dir at d6a2965; the twelve care sets' tuning halves, demo/eval and
eval-cases ... -11, 461 on-topic and 327 off-topic inputs; Rijksoverheid not dumped in time), at keep 95%:
today's rule answers 81 of 327 (eval-cases-11 20 of 31); the best, `st_solo_doc_1` (c 0.0075 in every
fold), 75, eval-cases-11 15 and -10 10 held back, no on-topic input lost; every other decision 76-81.
Not adopted (two sets of twelve, chosen after seeing the table, nDCG and the product's search unmeasured;
docs/history/searching-rounds.md, "Floor, fourteenth round").
"""
from __future__ import annotations

import math
import pickle
import sys
from pathlib import Path

import numpy as np

from bench.tuning import command, tune_floor_rule, tune_thirteenth_floor, tune_twelfth

Question = tuple[bool, dict]
CACHE = "floor-fourteenth"
TOP = 5
KS = (1, 3)
RARE = 0.10           # an informative term: held by under this share of the visible documents
GRID = (0.002, 0.005, 0.0075, 0.01, 0.015, 0.02, 0.03, 0.04, 0.06, 0.1)


def dump(sets: list[Path], data_dir: Path, out: Path) -> None:
    """Per set: bench.tuning.tune_floor_rule's dump (unless there) and this round's, from one preparation."""
    tune_twelfth.beside_rule(sets, data_dir, out, _dump)


def _dump(directory: Path, data_dir: Path, out: Path) -> None:
    import models
    from bench.evaluate import CachedQueries, load_dataset
    from bench.tuning import tune
    from bench.tuning.tune import DEFAULT, _terms, whole_rankings
    from search._fusion import by_document

    embedder = CachedQueries(models.get_embedder(models.DEFAULT_MODEL, data_dir / "models"))
    out.mkdir(parents=True, exist_ok=True)
    p = tune.prepare(load_dataset(directory), embedder, data_dir / "cache" / "eval")
    _, _, query_terms = _terms(p, DEFAULT)
    passage_terms = {int(pk): set(p.bodies.get(int(pk), "").split()) for pk in p.chunk_pks}
    passages_of: dict[int, list[int]] = {}
    for pk in p.chunk_pks:
        passages_of.setdefault(p.document_of[int(pk)], []).append(int(pk))
    doc_terms = {d: set().union(*(passage_terms[pk] for pk in pks)) for d, pks in passages_of.items()}
    whole = whole_rankings(p)
    rows = []
    for i, query in enumerate(p.queries):
        terms = query_terms[i]
        wanted = set(terms)
        dense_docs = [d.document_pk for d in by_document(p.dense[i], p.document_of)[:TOP]]
        ranked = [(d.document_pk, d.score) for d in whole[i]]
        lex_rank = {pk: r for r, (pk, _) in enumerate(ranked)}
        lex_score = dict(ranked)
        rows.append({
            "off": bool(query.get("offtopic")), "text": query["text"], "terms": terms,
            "documents": len(passages_of),
            "doc_df": {t: sum(1 for held in doc_terms.values() if t in held) for t in terms},
            "dense": dense_docs,
            "passages": [[sorted(passage_terms[pk] & wanted) for pk in passages_of[d] if passage_terms[pk] & wanted]
                         for d in dense_docs],
            "lex_rank": [lex_rank.get(d) for d in dense_docs],
            "lex_score": [lex_score.get(d, 0.0) for d in dense_docs],
            "lex_top": ranked[0][1] if ranked else 0.0,
            "lex_first": [pk for pk, _ in ranked[:TOP]],
        })
    (out / f"{p.name}.pkl").write_bytes(pickle.dumps(rows))
    print("dumped", p.name, len(rows), "questions", flush=True)


def features(row: dict, extra: dict) -> dict:
    """tune_thirteenth_floor's features (today's rule, the form, the evidence) and this round's."""
    f = tune_thirteenth_floor.features(row)
    terms = row["terms"]
    weights = {t: tune_floor_rule.idf(row, t) for t in terms}
    total = sum(weights.values())
    n_docs = extra["documents"]
    doc_weights = {t: math.log(n_docs / max(extra["doc_df"][t], 1)) + 1.0 for t in terms}
    doc_total = sum(doc_weights.values())
    rare = {t for t in terms if extra["doc_df"][t] < RARE * n_docs}
    for k in KS:
        passages = [set(held) for doc in extra["passages"][:k] for held in doc]
        documents = [set().union(*doc) if doc else set() for doc in extra["passages"][:k]]
        f[f"solo_doc_{k}"] = float(not any(len(d) >= 2 for d in documents))
        f[f"solo_pass_{k}"] = float(not any(len(held) >= 2 for held in passages))
        f[f"solo_rare_{k}"] = float(not any(len(held & rare) >= 2 for held in passages))
        f[f"pass_miss_{k}"] = 1.0 - (max((sum(weights[t] for t in held) / total for held in passages), default=0.0)
                                     if total else 0.0)
        f[f"doc_miss_{k}"] = 1.0 - (max((sum(doc_weights[t] for t in d) / doc_total for d in documents), default=0.0)
                                    if doc_total else 0.0)
    rank = extra["lex_rank"][0] if extra["lex_rank"] else None
    f["whole_out_3"] = float(rank is None or rank >= 3)
    f["whole_overlap_3"] = 1.0 - len(set(extra["dense"][:3]) & set(extra["lex_first"][:3])) / 3
    top = extra["lex_top"]
    f["whole_rel"] = 1.0 - (extra["lex_score"][0] / top if top > 0 and extra["lex_score"] else 0.0)
    statement = f["statement"]
    for name in BASE:
        f[f"st_{name}"] = statement * f[name]
    f["line"] = 1.0
    return f


BASE = tuple([f"{kind}_{k}" for kind in ("solo_doc", "solo_pass", "solo_rare", "pass_miss", "doc_miss") for k in KS]
             + ["whole_out_3", "whole_overlap_3", "whole_rel"])
DECISIONS = ("line",) + BASE + tuple(f"st_{name}" for name in BASE)
BOLD = ("solo_doc_3", "st_solo_doc_3", "st_solo_pass_3", "st_pass_miss_3", "st_doc_miss_3", "st_whole_rel")


def load(data_dir: Path, names: list[str]) -> list[list[Question]]:
    out = []
    for name in names:
        rows = tune_twelfth.paired(data_dir, name, CACHE)
        assert all(row["terms"] == extra["terms"] for row, extra in rows), name
        out.append([(row["off"], features(row, extra)) for row, extra in rows])
    return out


def fit(name: str, train: list[list[Question]], keep: float, bold: bool = False) -> float:
    """tune_thirteenth_floor.fit over this round's grid; ties go to the smaller c, or with `bold` to the
    larger (the largest c every training set's keep allows, where no training input tells them apart)."""
    rule = tune_thirteenth_floor.rule
    counts = tune_thirteenth_floor.counts
    floors = [min(counts(q, rule)[0], math.ceil(keep * counts(q, rule)[1])) for q in train]

    def cost(c: float) -> tuple[int, float]:
        rows = [counts(q, tune_thirteenth_floor.penalised(name, c)) for q in train]
        if any(kept < need for (kept, *_), need in zip(rows, floors)):
            return (10 ** 9, abs(c))
        return (sum(r[2] for r in rows), -abs(c) if bold else abs(c))
    return min((0.0,) + GRID, key=cost)


def means(names: list[str], sets: list[list[Question]]) -> None:
    rule, line = tune_thirteenth_floor.rule, tune_thirteenth_floor.LINE
    print("inputs per set (on-topic / off-topic; statements among them) and today's rule (kept, answered):")
    for name, questions in zip(names, sets):
        kept, on, answered, off = tune_thirteenth_floor.counts(questions, rule)
        st_on = sum(1 for o, f in questions if not o and f["statement"])
        st_off = sum(1 for o, f in questions if o and f["statement"])
        st_ans = sum(1 for o, f in questions if o and f["statement"] and rule(f) >= line)
        print(f"  {name:20s} on {on} ({st_on}), off {off} ({st_off}); kept {kept}/{on}, answered {answered}/{off}"
              f" (statements {st_ans}/{st_off})")
    print("feature: mean on-topic (the hardest, rule within 0.015 of the line) / off-topic the rule answers /"
          " other off-topic (pooled)")
    pooled = [(off, f) for q in sets for off, f in q]
    for name in ("cos", "evidence_3") + BASE:
        kept_values = [f[name] for off, f in pooled if not off]
        hard = [f[name] for off, f in pooled if not off and rule(f) < line + 0.015]
        slip = [f[name] for off, f in pooled if off and rule(f) >= line]
        rest = [f[name] for off, f in pooled if off and rule(f) < line]
        print(f"  {name:16s} {np.mean(kept_values):.3f} ({np.mean(hard):.3f}, {len(hard)}) / {np.mean(slip):.3f} ({len(slip)})"
              f" / {np.mean(rest):.3f} ({len(rest)})", flush=True)


def report(names: list[str], sets: list[list[Question]], keep: float, only: tuple[str, ...]) -> None:
    rule = tune_thirteenth_floor.rule
    counts = tune_thirteenth_floor.counts
    print(f"leave-one-set-out at keep {keep} (held-back set: on-topic kept, off-topic answered): " + " | ".join(names))
    base = [counts(q, rule) for q in sets]
    print(f"  {'today (c = 0)':20s} " + "  ".join(f"{k}/{n},{a}/{o}" for k, n, a, o in base)
          + f"  | off-topic {sum(r[2] for r in base)}/{sum(r[3] for r in base)}", flush=True)
    for name, bold in [(n, False) for n in DECISIONS] + [(n, True) for n in BOLD]:
        if only and not any(o in name for o in only):
            continue
        cells, chosen = [], []
        for i, questions in enumerate(sets):
            c = fit(name, sets[:i] + sets[i + 1:], keep, bold)
            chosen.append(c)
            cells.append(counts(questions, tune_thirteenth_floor.penalised(name, c)))
        better = sum(r[2] < b[2] for r, b in zip(cells, base))
        worse = sum(r[2] > b[2] for r, b in zip(cells, base))
        lost = sum(b[0] - r[0] for r, b in zip(cells, base))
        low = min(r[0] / r[1] for r in cells)
        under = sum(r[0] < math.ceil(0.95 * r[1]) for r in cells)
        print(f"  {name + (' (bold)' if bold else ''):20s} " + "  ".join(f"{k}/{n},{a}/{o}" for k, n, a, o in cells)
              + f"  | off-topic {sum(r[2] for r in cells)}/{sum(r[3] for r in cells)}, better on {better}, worse on"
              f" {worse}, on-topic lost {lost}, lowest keep {low:.3f}, sets under 95% {under} | c per fold "
              + ",".join(f"{c:g}" for c in chosen) + f" | all sets c={fit(name, sets, keep, bold):g}", flush=True)


def main(argv: list[str]) -> int:
    def score(args, names: list[str]) -> None:
        sets = load(args.data_dir, names)
        means(names, sets)
        for keep in args.keep:
            report(names, sets, keep, tuple(args.only))

    argv = list(argv)
    if "--keep" not in argv:
        argv += ["--keep", "0.95"]
    return command.floor_round(argv, "dump: tune_floor_rule's dump and this round's; score: the decisions", CACHE,
                               {"dump": dump}, {}, score)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
